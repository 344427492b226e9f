"""The job list's archive, trash and restore (R7), and marked jobs moved after a preview, then assigned (R4)."""

from __future__ import annotations

from expected_jobs import account_of, active, portal_names
from firms import DemoFirm
from list_pilot import SMALL, ListPilot
from textual.widgets import OptionList, SelectionList

from wipboard.screens.assign_picker import AssignPicker
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.move_preview import MovePreviewScreen
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.demo import IN_REVIEW, PAYROLL
from wipboard.store.models import Job

PREPARATION, REVIEW = 3, 4


class TestArchiveAndTrash:
    async def test_r7_archive_unarchive_delete_and_restore_through_the_views(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        jobs = active(snapshot)
        first, second = jobs[0], jobs[1]
        assert first.client_status.visible
        rivera = account_of(snapshot, first)
        portal_item = first.client_status.name_for_client
        assert portal_item in portal_names(demo, rivera)
        archived_before = sorted(job.id for job in snapshot.jobs.values() if job.archived and not job.deleted)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.press("space", "space", "a")
            assert isinstance(job_list.top, ConfirmScreen)
            assert "Archive the 2 marked jobs? They leave the client portal at once." in job_list.dialog_text()
            await job_list.press("y")
            assert demo.job(first.id).archived and demo.job(second.id).archived
            assert first.id not in job_list.ids() and second.id not in job_list.ids()
            assert portal_item not in portal_names(demo, rivera)  # R7: gone from the portal at once
            assert "Archived 2 jobs · u undoes it" in job_list.notifications()

            await job_list.press("right_square_bracket")
            assert job_list.screen.view == "archived"
            archived = sorted([*archived_before, first.id, second.id])
            assert job_list.ids() == archived
            assert job_list.summary().startswith(f"{len(archived)} of {len(archived)} jobs")
            await job_list.go_to(first.id)
            await job_list.press("a", "y")  # in the Archived view, a unarchives
            assert not demo.job(first.id).archived
            assert portal_item in portal_names(demo, rivera)  # R7: its client status shows again
            assert first.id not in job_list.ids()

            await job_list.press("left_square_bracket")
            assert job_list.screen.view == "active" and job_list.ids()[0] == first.id
            await job_list.go_to(first.id)
            await job_list.press("d")
            assert "They go to the trash and leave the client portal at once." in job_list.dialog_text()
            await job_list.press("y")
            assert demo.job(first.id).deleted and first.id not in job_list.ids()
            assert portal_item not in portal_names(demo, rivera)

            await job_list.press("left_square_bracket")  # Active → Trash (the views wrap round)
            assert job_list.screen.view == "trash"
            trash = sorted(job.id for job in demo.repo.snapshot().jobs.values() if job.deleted)
            assert first.id in trash and job_list.ids() == trash
            await job_list.go_to(first.id)
            await job_list.press("r", "y")  # the owner restores
            assert not demo.job(first.id).deleted
            assert first.id not in job_list.ids()
            assert portal_item in portal_names(demo, rivera)


class TestMoveAndAssign:
    async def test_r4_marked_jobs_move_together_after_a_counted_preview_then_A_assigns_them(
        self, demo: DemoFirm
    ) -> None:
        snapshot = demo.repo.snapshot()

        def preparation(individual: bool) -> list[Job]:
            return [
                job
                for job in active(snapshot)
                if job.stage_id == PREPARATION
                and ("individual" in snapshot.accounts[job.account_id].tags) == individual
            ]

        individual = preparation(True)[:2]
        business = preparation(False)[0]
        moving = [*individual, business]
        payroll = next(job for job in active(snapshot) if job.pipeline_id == PAYROLL)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            job_list = await ListPilot.open(pilot)
            await job_list.mark(*(job.id for job in moving), payroll.id)
            await job_list.press("m")  # two pipelines: refused with the way out
            assert isinstance(job_list.top, JobListScreen)
            assert any("marked jobs are in 2 pipelines" in text for text in job_list.notifications())
            await job_list.mark(payroll.id)  # unmark it
            await job_list.press("m")
            picker = job_list.top
            assert isinstance(picker, StagePicker)
            options = picker.query_one(OptionList)
            review = next(
                index
                for index in range(options.option_count)
                if str(options.get_option_at_index(index).prompt).startswith("Review")
            )
            await job_list.press(*["down"] * (review - (options.highlighted or 0)), "enter")

            preview = job_list.top
            assert isinstance(preview, MovePreviewScreen)
            text = job_list.dialog_text()
            assert "Moving 3 jobs to Review will:" in text
            assert "client status → In review (2 jobs)" in text
            assert "change nothing else for 1 job" in text
            assert dict(demo.repo.snapshot().jobs) == dict(snapshot.jobs)  # nothing moved yet
            await job_list.press("a")

            stored = demo.repo.snapshot().jobs
            assert all(stored[job.id].stage_id == REVIEW for job in moving)
            for job in individual:
                assert (stored[job.id].client_status.visible, stored[job.id].client_status.status_id) == (
                    True,
                    IN_REVIEW,
                )
            assert stored[business.id].client_status == business.client_status  # the automation wants "individual"
            note = job_list.notifications()[-1]
            assert f"Moved #{individual[0].id} to Review · client status → In review" in note
            assert note.endswith("u undoes it") and f"Moved #{business.id} to Review" in note
            assert job_list.marked == set()
            assert all("Review" in job_list.row_text(job.id) for job in moving)

            # A: add and remove assignees on the marked jobs, in one operation.
            first_two = [demo.job(job_id) for job_id in job_list.ids()[:2]]
            await job_list.press("g", "space", "space", "A")
            picker = job_list.top
            assert isinstance(picker, AssignPicker) and "Assign 2 jobs" in job_list.dialog_text()
            await job_list.tick(picker.query_one("#add", SelectionList), "Priya")
            await job_list.tick(picker.query_one("#remove", SelectionList), "Dana", "Marcus")
            await job_list.press("ctrl+s")
            assert isinstance(job_list.top, JobListScreen)
            stored = demo.repo.snapshot().jobs
            for job in first_two:
                expected = [login for login in job.assignees if login not in ("dana", "marcus")] + ["priya"]
                assert stored[job.id].assignees == expected
            assert "Assigned Priya Shah to 2 jobs; took Dana Kim and Marcus Webb off them · u undoes it" in job_list.notifications()
