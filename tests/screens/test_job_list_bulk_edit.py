"""The job list's bulk edit of marked jobs (R6): its form, refusals, prefill and undo, and a long edit's progress."""

from __future__ import annotations

import threading

import pytest
from expected_jobs import account_of, active, ids_where, portal_names
from firms import DemoFirm
from list_pilot import SMALL, ListPilot, bulk_form
from textual.widgets import Input, Label, Select, TextArea

from wipboard.screens import job_list_actions
from wipboard.screens.bulk_edit import BulkEditScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.store.demo import IN_REVIEW
from wipboard.store.models import ClientStatus
from wipboard.store.services.jobs import assign_jobs
from wipboard.tui.kit import operations


def client_fields(status: ClientStatus) -> tuple[bool, str, int | None, str]:
    """What the client sees of a job's client status (the times aside)."""
    return status.visible, status.name_for_client, status.status_id, status.description


def field_error(form: BulkEditScreen, field: str) -> str:
    label = form.query_one(f"#error-{field}", Label)
    return str(label.content) if label.display else ""


class TestBulkEdit:
    async def test_r6_a_filled_in_bulk_edit_asks_before_the_palettes_board_ctrl_q_or_esc_drops_it(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space")
            form = await bulk_form(job_list, visibility="Hide")
            await job_list.press("ctrl+q")
            assert isinstance(job_list.top, ConfirmScreen) and pilot.app.is_running
            assert "the bulk edit you filled in will be lost" in job_list.top.question.lower()  # type: ignore[attr-defined]
            await job_list.press("escape")
            assert job_list.top is form
            await job_list.press("ctrl+p")
            await job_list.type("Job list")
            await pilot.pause(0.5)
            await job_list.press("enter")  # the palette's way to another screen asks as well
            assert isinstance(job_list.top, ConfirmScreen), job_list.top
            await job_list.press("escape")
            assert job_list.top is form
            await job_list.press("escape")
            assert isinstance(job_list.top, ConfirmScreen) and "Discard" in job_list.dialog_text()
            await job_list.press("y")
            assert isinstance(job_list.top, JobListScreen)

    async def test_r6_bulk_show_with_a_status_then_one_u_undoes_the_whole_edit(self, demo: DemoFirm) -> None:
        """R6 with R3 (prefill), R8 (the portal shows them) and R15 (one undo step)."""
        before = demo.repo.snapshot()
        jobs = active(before)
        with_name = next(
            job for job in jobs if job.client_status.visible and job.client_status.name_for_client != job.name
        )
        nameless = next(
            job for job in jobs if not job.client_status.name_for_client and job.client_status.status_id is None
        )
        hidden = next(job for job in jobs if not job.client_status.visible and job.client_status.name_for_client)
        chosen = [with_name, nameless, hidden]
        in_review = before.statuses[IN_REVIEW]
        accounts = sorted({account_of(before, job) for job in chosen})
        portals_before = {account: sorted(portal_names(demo, account)) for account in accounts}
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.mark(*(job.id for job in chosen))
            form = await bulk_form(job_list, visibility="Show")
            description = form.query_one("#description", TextArea)
            assert description.text == ""
            await job_list.choose(form.query_one("#status", Select), "In review")
            assert description.text == in_review.description  # R3: the status's description, still editable
            assert "Save: Show 'In review' to the clients of 3 jobs" in job_list.dialog_text()
            await job_list.press("ctrl+s")
            assert isinstance(job_list.top, ConfirmScreen)
            assert "Show 'In review' to the clients of 3 jobs with the description shown?" in job_list.dialog_text()
            assert dict(demo.repo.snapshot().jobs) == dict(before.jobs)  # nothing written before the confirmation
            await job_list.press("y")

            stored = demo.repo.snapshot().jobs
            for job in chosen:
                client = stored[job.id].client_status
                assert (client.visible, client.status_id, client.description) == (
                    True,
                    IN_REVIEW,
                    in_review.description,
                )
                assert (client.updated_by, client.via) == ("olivia", "bulk")
            kept = with_name.client_status.name_for_client, hidden.client_status.name_for_client  # blank keeps them
            assert (
                stored[with_name.id].client_status.name_for_client,
                stored[hidden.id].client_status.name_for_client,
            ) == kept
            assert stored[nameless.id].client_status.name_for_client == nameless.name  # R3: the job's name
            for job in chosen:
                assert stored[job.id].client_status.name_for_client in portal_names(demo, account_of(before, job))
            assert "Showed 'In review' to the clients of 3 jobs (3 changed) · u undoes it" in job_list.notifications()
            assert job_list.marked == set()
            for job in chosen:
                assert "■ In review" in job_list.row_text(job.id)
            assert all(stored[job.id] == job for job in jobs if job not in chosen)

            await job_list.press("u")  # in the background, like every undo
            await job_list.wait_until(lambda: "Undid your bulk edit of 3 jobs" in job_list.notifications(), "never undone")
            restored = demo.repo.snapshot().jobs
            for job in chosen:
                assert client_fields(restored[job.id].client_status) == client_fields(job.client_status), job.id
            assert "Undid your bulk edit of 3 jobs" in job_list.notifications()
            assert "hidden" in job_list.row_text(nameless.id)
            assert {account: sorted(portal_names(demo, account)) for account in accounts} == portals_before

    async def test_r6_bulk_hide_after_errors_beside_the_fields_that_write_nothing(self, demo: DemoFirm) -> None:
        """R6 with R18: a name for client of 121 characters, or 'show' for a job without a status,
        is refused beside its field and nothing is written; hide then goes through."""
        before = demo.repo.snapshot()
        first_three = [job.id for job in active(before)[:3]]
        assert [before.jobs[job_id].client_status.visible for job_id in first_three] == [True, True, False]
        nameless = first_three[2]
        assert before.jobs[nameless].client_status.status_id is None
        rivera = account_of(before, before.jobs[first_three[0]])
        shown_to_rivera = portal_names(demo, rivera)
        file_before = demo.path.read_bytes()
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space", "space")
            assert job_list.marked == set(first_three)
            form = await bulk_form(job_list)
            name_box = form.query_one("#name_for_client", Input)
            name_box.value = "x" * 120  # as if pasted (120 key presses would cost seconds) …
            name_box.focus()
            await job_list.press("end", "y")  # … and one more typed: 121 characters
            await job_list.press("ctrl+s")
            assert job_list.top is form
            assert "120" in field_error(form, "name_for_client")
            assert field_error(form, "status") == field_error(form, "") == ""
            assert "120 characters" in job_list.text()

            name_box.value = ""
            await job_list.choose(form.query_one("#visibility", Select), "Show")
            await job_list.press("ctrl+s")
            assert job_list.top is form
            assert field_error(form, "name_for_client") == ""
            assert f"#{nameless}" in field_error(form, "status") and "choose a status" in field_error(form, "status")
            assert demo.path.read_bytes() == file_before

            await job_list.choose(form.query_one("#visibility", Select), "Hide")
            await job_list.press("ctrl+s")
            assert (
                isinstance(job_list.top, ConfirmScreen)
                and "Hide the client status of 3 jobs?" in job_list.dialog_text()
            )
            await job_list.press("y")
            stored = demo.repo.snapshot().jobs
            for job_id in first_three:
                assert stored[job_id].client_status.visible is False
                kept_for_later = before.jobs[job_id].client_status.status_id
                assert stored[job_id].client_status.status_id == kept_for_later
                assert "hidden" in job_list.row_text(job_id)
            assert "Hid the client status of 3 jobs (2 changed) · u undoes it" in job_list.notifications()
            assert len(portal_names(demo, rivera)) == len(shown_to_rivera) - 1  # R8: hidden from the client at once

    async def test_r12_a_bulk_edit_including_a_job_no_longer_hers_is_refused_and_writes_nothing(
        self, demo: DemoFirm
    ) -> None:
        """dana (employee, assigned jobs only) marks two of her jobs; while she fills the form the
        owner, in another process, unassigns her from one; saving is refused by the service."""
        snapshot = demo.repo.snapshot()
        hers = ids_where(snapshot, lambda job: "dana" in job.assignees)
        async with demo.app("dana").run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            assert job_list.ids() == hers  # she sees only her jobs
            await job_list.press("space", "space")
            first, taken = hers[0], hers[1]
            assert job_list.marked == {first, taken}
            await bulk_form(job_list, visibility="Hide")
            assign_jobs(demo.repo, demo.actor(), [taken], remove=["dana"])  # the owner, elsewhere
            file_before = demo.path.read_bytes()
            await job_list.press("ctrl+s", "y")
            refusal = next((text for text in job_list.notifications() if text.startswith("Nothing was changed")), None)
            assert refusal is not None, job_list.notifications()
            assert f"there is no job #{taken} among the jobs you may see" in refusal  # R13: as if it did not exist
            assert f"#{first} " not in refusal
            assert demo.path.read_bytes() == file_before
            assert taken not in job_list.ids() and first in job_list.ids()  # the list shows what she may see now


class TestProgress:
    async def test_r6_a_bulk_edit_over_many_jobs_runs_in_the_background_and_lands_whole(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Over ``PROGRESS_FROM`` jobs the service runs in a thread: a spinner shows, the list
        still answers, another operation waits its turn, and the edit lands all at once."""
        started, release = threading.Event(), threading.Event()
        real_bulk_edit = job_list_actions.bulk_edit

        def slow_bulk_edit(*args: object, **kwargs: object) -> object:
            started.set()
            assert release.wait(10), "never released"
            return real_bulk_edit(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(operations, "PROGRESS_FROM", 1)
        monkeypatch.setattr(job_list_actions, "bulk_edit", slow_bulk_edit)
        first_three = [job.id for job in active(demo.repo.snapshot())[:3]]
        file_before = demo.path.read_bytes()
        try:
            async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
                job_list = await ListPilot.open(pilot)
                await job_list.press("space", "space", "space")
                await bulk_form(job_list, visibility="Hide")
                await job_list.press("ctrl+s", "y")
                await job_list.wait_until(started.is_set, "the save never started")
                progress = job_list.screen.query_one("#progress")
                assert isinstance(job_list.top, JobListScreen) and progress.display
                assert "Saving the client status — 3 jobs…" in job_list.text()
                await job_list.press("g", "j", "j")  # the list still answers while the service works
                assert job_list.table.cursor == 2
                await job_list.press("a", "y")  # another operation waits its turn: nothing archived
                assert any(text.startswith("Still busy: Saving the client status") for text in job_list.notifications())
                assert isinstance(job_list.top, JobListScreen)
                assert demo.path.read_bytes() == file_before  # nothing written yet, not even the archive
                release.set()
                await job_list.wait_until(
                    lambda: any(
                        text.startswith("Hid the client status of 3 jobs") for text in job_list.notifications()
                    ),
                    "the edit never reported",
                )
                assert not progress.display
                stored = demo.repo.snapshot().jobs
                assert all(not stored[job_id].client_status.visible for job_id in first_three)
                assert all("hidden" in job_list.row_text(job_id) for job_id in first_three)
                assert not job_list.screen.query_one("#progress-label").display
                assert not demo.job(first_three[2]).archived
        finally:
            release.set()


class TestBulkFormPrefill:
    async def test_r3_a_description_filled_by_a_status_goes_when_the_status_does(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "e")
            form = job_list.top
            assert isinstance(form, BulkEditScreen)
            status, area = form.query_one("#status", Select), form.query_one("#description", TextArea)
            status.value = IN_REVIEW
            await pilot.pause()
            assert area.text == demo.repo.snapshot().statuses[IN_REVIEW].description
            status.clear()  # back to "Keep each job's status"
            await pilot.pause()
            assert area.text == "", "the template's text must not overwrite every job's own description"
            status.value = IN_REVIEW
            await pilot.pause()
            area.text = "Our own words."
            status.clear()
            await pilot.pause()
            assert area.text == "Our own words.", "what the user wrote stays"
