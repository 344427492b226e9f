"""Moving cards from the board (R4): H/L, > and <, m, marked jobs, one preview for every way, and u undoing it."""

from __future__ import annotations

import threading

import pytest
from board_pilot import SMALL, choose, open_board
from firms import DemoFirm
from list_pilot import ListPilot
from textual.screen import Screen
from textual.widgets import Label, OptionList, Switch

from wipboard.screens import move_preview as move_preview_module
from wipboard.screens.board import BoardScreen
from wipboard.screens.move_preview import MovePreviewScreen
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.demo import DONE, IN_PROGRESS, IN_REVIEW, PAYROLL
from wipboard.store.services.moves import move_jobs
from wipboard.tui.kit import operations

INTAKE, WAITING, PREPARATION, REVIEW, SIGNATURE, FILED = 1, 2, 3, 4, 5, 6
UPCOMING, PROCESSING = 12, 13


class TestMoving:
    async def test_r4_L_moves_the_card_to_the_next_stage_and_runs_its_automation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, tags={"individual"}, order=board.job_ids(PREPARATION))
            assert demo.status_name(job) == "In progress"
            await board.go_to(job.id)
            await board.press("L")
            stored = demo.job(job.id)
            assert stored.stage_id == REVIEW
            assert stored.client_status.visible and stored.client_status.status_id == IN_REVIEW
            assert f"Moved #{job.id} to Review · client status → In review · u undoes it" in board.notifications()
            await board.wait_until(lambda: f"Moved #{job.id} to Review" in board.text(), "no toast on screen")
            assert (board.focused_stage, board.current_job) == (REVIEW, job.id)  # the cursor went with it
            assert job.id not in board.job_ids(PREPARATION)

    async def test_r4_an_automation_whose_tags_the_account_lacks_does_nothing(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, without={"individual"}, order=board.job_ids(PREPARATION))
            status_before = job.client_status.status_id
            await board.go_to(job.id)
            await board.press("L")
            stored = demo.job(job.id)
            assert stored.stage_id == REVIEW
            assert stored.client_status.status_id == status_before == IN_PROGRESS
            assert f"Moved #{job.id} to Review · u undoes it" in board.notifications()

    async def test_r4_H_moves_to_the_previous_stage_and_runs_its_automation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=REVIEW, tags={"individual"}, order=board.job_ids(REVIEW))
            await board.go_to(job.id)
            await board.press("H")
            stored = demo.job(job.id)
            assert (stored.stage_id, stored.client_status.status_id) == (PREPARATION, IN_PROGRESS)
            assert f"Moved #{job.id} to Preparation · client status → In progress · u undoes it" in board.notifications()

    async def test_r4_greater_and_less_than_move_without_automations(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, tags={"individual"}, order=board.job_ids(PREPARATION))
            await board.go_to(job.id)
            for key, stage in [("greater_than_sign", REVIEW), ("less_than_sign", PREPARATION), ("less_than_sign", WAITING)]:
                await board.press(key)
                stored = demo.job(job.id)
                assert stored.stage_id == stage
                assert stored.client_status == job.client_status  # still "In progress", untouched
                assert board.stage_of(job.id) == stage
            skipped = [text for text in board.notifications() if f"Moved #{job.id}" in text and "automations skipped" in text]
            assert len(skipped) == 3

    async def test_L_in_the_last_stage_says_so_and_changes_nothing(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=FILED, order=board.job_ids(FILED))
            await board.go_to(job.id)
            await board.press("L")
            assert "No stage further that way." in board.notifications()
            assert demo.job(job.id) == job

    async def test_r4_m_moves_to_the_stage_picked_from_the_list(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=INTAKE, tags={"individual"}, order=board.job_ids(INTAKE))
            await board.go_to(job.id)
            await board.press("m", "escape")  # changed my mind: nothing moves
            assert isinstance(board.top, BoardScreen) and demo.job(job.id) == job
            await board.press("m")
            picker = board.top
            assert isinstance(picker, StagePicker)
            assert "Intake (here now)" in board.text()
            await choose(board, picker.query_one(OptionList), "Filed")
            stored = demo.job(job.id)
            assert (stored.stage_id, stored.client_status.status_id) == (FILED, DONE)
            assert stored.client_status.description.startswith("Your return has been filed.")
            assert f"Moved #{job.id} to Filed · client status → Done · u undoes it" in board.notifications()
            assert (board.focused_stage, board.current_job) == (FILED, job.id)

    async def test_r4_m_with_the_automations_switch_off_moves_without_them(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=INTAKE, tags={"individual"}, order=board.job_ids(INTAKE))
            await board.go_to(job.id)
            await board.press("m")
            picker = board.top
            switch = picker.query_one("#automations", Switch)
            await board.press("tab", "space", "shift+tab")  # to the switch, off, back to the stages
            assert switch.value is False
            await choose(board, picker.query_one(OptionList), "Filed")
            stored = demo.job(job.id)
            assert stored.stage_id == FILED
            assert stored.client_status == job.client_status  # still "Planned"


class TestMovePreview:
    """Payroll asks before its automations run (confirm_automations_on_move)."""

    async def test_r4_preview_shows_what_the_automation_will_do_then_a_applies_s_skips_esc_cancels(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            for key, stage, status in [("a", PROCESSING, IN_PROGRESS), ("s", PROCESSING, None), ("escape", UPCOMING, None)]:
                job = demo.pick(stage=UPCOMING, order=board.job_ids(UPCOMING))  # the earlier rounds' jobs have left
                assert not job.client_status.visible
                await board.go_to(job.id)
                await board.press("L")
                assert isinstance(board.top, MovePreviewScreen)
                preview = board.text()
                assert f"Moving #{job.id}" in preview and "to Processing will:" in preview
                assert "client status → In progress" in preview
                assert demo.job(job.id) == job  # nothing moves before the choice
                await board.press(key)
                assert isinstance(board.top, BoardScreen)
                stored = demo.job(job.id)
                assert (stored.stage_id, stored.client_status.status_id) == (stage, status), key
                assert stored.client_status.visible is (status is not None)
                assert board.stage_of(job.id) == stage
                if key == "escape":
                    assert stored == job

    async def test_r4_a_move_without_automations_does_not_ask(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=UPCOMING, order=board.job_ids(UPCOMING))
            await board.go_to(job.id)
            await board.press("greater_than_sign")
            assert isinstance(board.top, BoardScreen)
            assert demo.job(job.id).stage_id == PROCESSING


def preview_lines(screen: Screen[object]) -> list[str]:
    assert isinstance(screen, MovePreviewScreen), screen
    return [str(label.content) for label in screen.query(Label)]


class TestOneWayToMove:
    """H/L, m, one job or the marked ones, board or list: the same preview, on the same condition."""

    async def test_r4_the_four_ways_to_move_show_the_same_preview(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:  # Payroll asks before its automations
            board = await open_board(pilot)
            one, two = board.job_ids(UPCOMING)[:2]
            before = demo.repo.snapshot().jobs

            await board.go_to(one)
            await board.press("L")
            by_key = preview_lines(board.top)
            await board.press("escape")
            await board.press("m")
            await choose(board, board.top.query_one(OptionList), "Processing")
            by_picker = preview_lines(board.top)
            await board.press("escape")
            assert by_key == by_picker
            assert by_key[1:2] == ["  • client status → In progress"]

            await board.go_to(one)
            await board.press("space", "space")  # one and the card after it
            assert board.screen.marked == {one, two}
            await board.press("L")  # H/L move the marked jobs, as m does
            marked_by_key = preview_lines(board.top)
            await board.press("escape")
            await board.press("m")
            await choose(board, board.top.query_one(OptionList), "Processing")
            marked_by_picker = preview_lines(board.top)
            await board.press("escape")
            assert marked_by_key == marked_by_picker
            assert marked_by_key[:2] == ["Moving 2 jobs to Processing will:", "  • client status → In progress (2 jobs)"]

            await board.press("2")  # the job list: the same two marked, m, the same stage
            job_list = ListPilot(pilot)
            await job_list.wait_until(lambda: bool(job_list.ids()), "the list never filled")
            await job_list.mark(one, two)
            await job_list.press("m")
            await choose(board, job_list.top.query_one(OptionList), "Processing")
            assert preview_lines(job_list.top) == marked_by_key
            await job_list.press("a")
            assert {demo.job(one).stage_id, demo.job(two).stage_id} == {PROCESSING}
            assert any(f"Moved #{one} to Processing · client status → In progress" in text and text.endswith("u undoes it")
                       for text in job_list.notifications())
            assert all(demo.repo.snapshot().jobs[job_id] == job for job_id, job in before.items() if job_id not in (one, two))

    async def test_r4_several_jobs_are_always_previewed_one_only_when_the_pipeline_asks(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:  # Individual tax return: no confirmation asked
            board = await open_board(pilot)
            one, two = board.job_ids(INTAKE)[:2]
            await board.go_to(one)
            await board.press("space", "space", "L")
            assert preview_lines(board.top)[:2] == ["Moving 2 jobs to Waiting for documents will:",
                                                    "  • client status → Waiting on you (2 jobs)"]
            await board.press("a")
            assert {demo.job(one).stage_id, demo.job(two).stage_id} == {WAITING}
            assert board.screen.marked == set()
            await board.go_to(one)
            await board.press("L")  # one job: moved at once
            assert isinstance(board.top, BoardScreen) and demo.job(one).stage_id == PREPARATION
            assert board.current_job == one and board.focused_stage == PREPARATION  # the cursor went with it

    async def test_r4_marks_in_several_stages_are_not_moved_by_H_or_L(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.go_to(board.job_ids(INTAKE)[0])
            await board.press("space", "l", "space", "L")
            assert isinstance(board.top, BoardScreen)
            assert any("in 2 stages: m moves them all to one stage" in text for text in board.notifications())

    async def test_r4_a_move_of_many_marked_jobs_runs_in_the_background_with_progress(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        started, release = threading.Event(), threading.Event()
        real_move = move_preview_module.move_jobs

        def slow_move(*args: object, **kwargs: object) -> object:
            started.set()
            assert release.wait(10), "never released"
            return real_move(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(operations, "PROGRESS_FROM", 1)
        monkeypatch.setattr(move_preview_module, "move_jobs", slow_move)
        try:
            async with demo.app().run_test(size=SMALL) as pilot:
                board = await open_board(pilot)
                one, two = board.job_ids(INTAKE)[:2]
                await board.go_to(one)
                await board.press("space", "space", "L", "a")
                await board.wait_until(started.is_set, "the move never started")
                assert "Moving — 2 jobs…" in board.text()
                await board.press("j")  # the board still answers
                await board.press("u")  # and refuses another operation meanwhile, rather than queueing it
                assert any(text.startswith("Still busy: Moving — 2 jobs") for text in board.notifications())
                release.set()
                await board.wait_until(lambda: any(text.startswith(f"Moved #{one}") for text in board.notifications()), "no report")
                assert {demo.job(one).stage_id, demo.job(two).stage_id} == {WAITING}
                assert "Moving — 2 jobs" not in board.text()
        finally:
            release.set()


class TestUndo:
    async def test_r15_u_undoes_the_move_and_what_its_automation_did(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, tags={"individual"}, order=board.job_ids(PREPARATION))
            await board.go_to(job.id)
            await board.press("L")
            assert demo.job(job.id).stage_id == REVIEW
            await board.press("u")  # in the background, like every undo
            undid = f"Undid your move of job #{job.id} {job.name}"
            await board.wait_until(lambda: undid in board.notifications(), "the undo never reported")
            stored = demo.job(job.id)
            assert stored.stage_id == PREPARATION
            assert stored.client_status.status_id == IN_PROGRESS
            assert undid in board.notifications()
            assert board.stage_of(job.id) == PREPARATION

    async def test_r15_undo_is_refused_when_someone_changed_the_job_since(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, tags={"individual"}, order=board.job_ids(PREPARATION))
            await board.go_to(job.id)
            await board.press("L")
            move_jobs(demo.repo, demo.actor("marcus"), [job.id], "Client signature")
            await board.press("u")
            await board.wait_until(
                lambda: any("cannot undo your move" in text and f"#{job.id}" in text for text in board.notifications()),
                "the refusal never showed",
            )
            assert demo.job(job.id).stage_id == SIGNATURE
