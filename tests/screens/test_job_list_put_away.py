"""The job list's Archived and Trash views say what the client sees of a job there (nothing), and
an employee who sees only her own jobs reads that in every count (issue 17)."""

from __future__ import annotations

import pytest
from board_pilot import LARGE, SMALL, BoardPilot
from firms import DemoFirm
from list_pilot import ListPilot
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from wipboard.store.demo import DEMO_ASSIGNED_EMPLOYEE
from wipboard.store.permissions import can_see_job
from wipboard.store.services.jobs import set_flag


def archive_a_shown_job(demo: DemoFirm) -> int:
    snapshot = demo.repo.snapshot()
    job = next(
        job for job in sorted(snapshot.jobs.values(), key=lambda item: item.id)
        if job.client_status.visible and job.client_status.status_id and not job.archived and not job.deleted
    )
    set_flag(demo.repo, demo.actor(), [job.id], "archive")
    return job.id


class TestArchived:
    async def test_r7_r9_an_archived_job_the_client_would_see_says_it_is_not_shown_while_archived(self, demo: DemoFirm) -> None:
        job_id = archive_a_shown_job(demo)
        status = demo.status_name(demo.job(job_id))
        async with demo.app().run_test(size=(300, 40)) as pilot:  # wide: the status column has room for the sentence
            job_list = await ListPilot.open(pilot)
            await job_list.press("right_square_bracket")
            await job_list.wait_until(lambda: job_list.screen.view == "archived" and job_id in job_list.ids(), "no archived view")
            row = job_list.row_text(job_id)
            assert "not shown while archived" in row
            assert f"■ {status}" not in row

    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_r7_at_80_and_160_columns_it_still_says_not_shown(self, demo: DemoFirm, size: tuple[int, int]) -> None:
        job_id = archive_a_shown_job(demo)
        async with demo.app().run_test(size=size) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("right_square_bracket")
            await job_list.wait_until(lambda: job_list.screen.view == "archived" and job_id in job_list.ids(), "no archived view")
            assert "not shown" in job_list.row_text(job_id)
            assert "■" not in job_list.row_text(job_id)


def plain(widget: Static) -> str:
    content = widget.content
    if isinstance(content, Text):
        return content.plain
    return Content.from_markup(str(content)).plain if isinstance(content, str) else str(content)


class TestAssignedOnly:
    async def test_r12_an_employee_with_assigned_only_access_reads_that_the_counts_are_of_her_jobs(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        actor = demo.actor(DEMO_ASSIGNED_EMPLOYEE)
        on_board = sum(
            1 for job in snapshot.jobs.values()
            if job.pipeline_id == 1 and not job.archived and not job.deleted and can_see_job(actor, job)
        )
        async with demo.app(DEMO_ASSIGNED_EMPLOYEE).run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            bar = plain(board.screen.query_one("#filter-summary", Static))
            assert bar.startswith(f"{on_board} job{'s' if on_board != 1 else ''} assigned to you"), bar
            job_list = await ListPilot.open(pilot)
            assert " assigned to you" in job_list.summary()

    async def test_r12_the_owner_reads_no_such_words(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            assert "assigned to you" not in plain(board.screen.query_one("#filter-summary", Static))
