"""The open job list as the firm changes elsewhere (R12, R16, R17), and an operation still reported after leaving it."""

from __future__ import annotations

import time

import pytest
from expected_jobs import active, ids_where
from firms import DemoFirm
from list_pilot import SMALL, ListPilot, bulk_form

from wipboard.screens.job_list import JobListScreen
from wipboard.store.demo import DONE, IN_REVIEW
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.jobs import set_flag
from wipboard.tui.kit import operations
from wipboard.tui.kit.view_filter import ViewFilter


class TestManyUsers:
    async def test_r16_a_bulk_edit_of_a_job_changed_elsewhere_is_refused_and_changes_show_within_2_seconds(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()
        jobs = active(snapshot)
        first_three = [job.id for job in jobs[:3]]
        changed = first_three[1]
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space", "space")
            await bulk_form(job_list, visibility="Hide")
            bulk_edit(demo.repo, demo.actor("marcus"), [changed], BulkEdit(description="Statements arrived, thanks."))
            file_before = demo.path.read_bytes()
            await job_list.press("ctrl+s", "y")
            refusal = next((text for text in job_list.notifications() if "someone else changed" in text), None)
            assert refusal is not None, job_list.notifications()
            assert f"#{changed} {snapshot.jobs[changed].name}" in refusal and "by marcus" in refusal
            assert demo.path.read_bytes() == file_before  # nothing written, the other change kept
            assert demo.job(changed).client_status.description == "Statements arrived, thanks."
            assert job_list.marked == set(first_three)  # the marks stay for another try

            # Live: another process archives a job above the cursor and shows "Done" on a marked job.
            cursor_job, gone, shown = jobs[5].id, jobs[4].id, first_three[0]
            await job_list.go_to(cursor_job)
            set_flag(demo.repo, demo.actor("marcus"), [gone], "archive")
            bulk_edit(demo.repo, demo.actor("marcus"), [shown], BulkEdit(visibility="show", status=DONE))
            committed = time.monotonic()
            await job_list.wait_until(
                lambda: "■ Done" in job_list.row_text(shown), "the change never showed", timeout=5
            )
            assert time.monotonic() - committed <= 2.0
            assert gone not in job_list.ids()
            assert job_list.current == cursor_job and job_list.table.cursor == 4  # same job, one line higher
            assert job_list.marked == set(first_three) and job_list.marked_count() == "3 marked"
            assert job_list.row_text(shown).startswith("● ")


class TestStaleAndBrokenFile:
    async def test_r16_a_filter_on_a_status_deleted_elsewhere_is_dropped_not_fatal(self, demo: DemoFirm) -> None:
        from wipboard.store.services.statuses import delete_status

        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            job_list.screen.filter = ViewFilter(status_ids=(IN_REVIEW,))
            job_list.screen.refill()
            delete_status(demo.repo, demo.actor("marcus"), IN_REVIEW, DONE)  # another process
            await job_list.wait_until(
                lambda: any("A filter named something deleted" in text for text in job_list.notifications()),
                "the stale filter was never dropped",
            )
            assert job_list.screen.filter == ViewFilter()
            assert len(job_list.ids()) == len(active(demo.repo.snapshot()))

    async def test_r17_a_file_damaged_elsewhere_is_said_and_the_list_keeps_running(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            shown = job_list.ids()
            data = demo.path.read_bytes()
            generation = demo.repo.snapshot().generation
            damaged = data.replace(b'"generation":%d,' % generation, b'"generation":%d,' % (generation + 1), 1)
            demo.path.write_bytes(damaged[: len(damaged) // 2])  # half of a newer generation, left in place
            await job_list.wait_until(
                lambda: any(str(demo.path) in text for text in job_list.notifications()),
                f"the damage was never said: {job_list.notifications()}",
            )
            assert isinstance(job_list.top, JobListScreen) and job_list.ids() == shown  # still running, as it was

    async def test_r6_leaving_the_list_during_a_long_operation_still_reports_it(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(operations, "PROGRESS_FROM", 1)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            first_two = job_list.ids()[:2]
            await job_list.mark(*first_two)
            await job_list.press("a", "y", "1")  # archive, then straight to the board
            await job_list.wait_until(
                lambda: any(text.startswith("Archived 2 jobs") for text in job_list.notifications()),
                "the archive was never reported",
            )
            assert all(demo.job(job_id).archived for job_id in first_two)


class TestAccessChangedElsewhere:
    async def test_r12_narrowing_an_employees_access_elsewhere_narrows_her_open_list(self, demo: DemoFirm) -> None:
        from wipboard.store.services.people import StaffAccess, set_staff_access

        async with demo.app("priya").run_test(size=SMALL) as pilot:  # an employee who sees all jobs
            job_list = await ListPilot.open(pilot)
            assert len(job_list.ids()) == len(active(demo.repo.snapshot()))
            set_staff_access(demo.repo, demo.actor(), "priya", StaffAccess(role="employee", job_access="assigned"))
            hers = ids_where(demo.repo.snapshot(), lambda job: "priya" in job.assignees)
            await job_list.wait_for_rows(hers, "her list never narrowed to her own jobs")
            assert pilot.app.session.actor.user.job_access == "assigned"  # type: ignore[attr-defined]
