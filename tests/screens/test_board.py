"""The kanban board (issue 4), driven with keys through Textual's Pilot on the 200-job demo firm.

Each test arranges the demo, presses the keys a user would, and checks what the
user would see (columns, the cursor, notifications, the screen's text) and what
is stored in the firm file (read back as another process would).
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from board_pilot import LARGE, SMALL, BoardPilot, screen_text
from demo_firm import TODAY, DemoFirm
from list_pilot import ListPilot
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Switch

from wipboard.screens import board as board_module
from wipboard.screens import move_preview as move_preview_module
from wipboard.screens.board import BoardScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.filter_panel import FilterPanel
from wipboard.screens.help import HelpScreen
from wipboard.screens.move_preview import MovePreviewScreen
from wipboard.screens.new_job import NewJobScreen
from wipboard.screens.portal import PortalScreen
from wipboard.screens.stage_picker import StagePicker
from wipboard.store.demo import DONE, IN_PROGRESS, IN_REVIEW, PAYROLL, TAX_RETURN
from wipboard.store.services.client_status import BulkEdit, CardEdit, bulk_edit, save_card
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.pipelines import PipelineSettings, update_pipeline
from wipboard.tui.kit import operations
from wipboard.tui.shell.app import WipboardApp

INTAKE, WAITING, PREPARATION, REVIEW, SIGNATURE, FILED = 1, 2, 3, 4, 5, 6
UPCOMING, PROCESSING, APPROVAL, PAID = 12, 13, 14, 15
STATUS_NAMES = ("Planned", "On hold", "In progress", "In review", "Done", "Waiting on you")


async def open_board(pilot: Pilot[None]) -> BoardPilot:
    board = BoardPilot(pilot)
    await board.ready()
    return board


async def switch_pipeline(board: BoardPilot, name: str) -> None:
    """``p``, then the pipeline's line in the picker with the arrow keys and enter."""
    await board.press("p")
    await choose(board, board.top.query_one(OptionList), name)
    await board.wait_until(lambda: board.screen.pipeline is not None and board.screen.pipeline.name == name, f"{name} never showed")
    await board.ready()


async def choose(board: BoardPilot, options: OptionList, label: str) -> None:
    """Highlight the option whose text starts with ``label`` with up/down, then press enter."""
    prompts = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
    target = next(index for index, prompt in enumerate(prompts) if prompt.startswith(label))
    here = options.highlighted or 0
    await board.press(*(["down"] * (target - here) if target > here else ["up"] * (here - target)), "enter")


class TestStart:
    async def test_the_start_runs_without_the_cycle_collector_which_runs_again_once_the_cards_are_drawn(
        self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        collector_on_at_fills: list[bool] = []
        fill = BoardScreen.refill

        def recorded(screen: BoardScreen, *args: Any, **kwargs: Any) -> None:
            collector_on_at_fills.append(gc.isenabled())
            fill(screen, *args, **kwargs)

        monkeypatch.setattr(BoardScreen, "refill", recorded)
        assert gc.isenabled()
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            assert collector_on_at_fills[0] is False  # the first fill, inside the start: paused
            await board.wait_until(gc.isenabled, "the collector never ran again after the first frame")
        assert gc.isenabled()


class TestNavigation:
    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_hjkl_g_G_move_the_cursor_through_cards_and_columns(self, demo: DemoFirm, size: tuple[int, int]) -> None:
        async with demo.app().run_test(size=size) as pilot:
            board = await open_board(pilot)
            intake, waiting = board.job_ids(INTAKE), board.job_ids(WAITING)
            assert (board.focused_stage, board.current_job) == (INTAKE, intake[0])
            await board.press("j", "j")
            assert board.current_job == intake[2]
            await board.press("k")
            assert board.current_job == intake[1]
            await board.press("G")
            assert board.current_job == intake[-1]
            await board.press("g")
            assert board.current_job == intake[0]
            await board.press("down", "l")
            assert (board.focused_stage, board.current_job) == (WAITING, waiting[1])
            await board.press("h")
            assert (board.focused_stage, board.current_job) == (INTAKE, intake[1])
            await board.press("right", "right", "right", "right", "right", "right", "l")  # past the last column: stays
            assert board.focused_stage == FILED
            await board.press("left")
            assert board.focused_stage == SIGNATURE

    async def test_the_active_column_scrolls_into_view_at_80x24(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            columns = board.screen.query_one("#columns")
            for stage in [WAITING, PREPARATION, REVIEW, SIGNATURE, FILED]:
                await board.press("l")
                assert board.focused_stage == stage
                assert columns.region.contains_region(board.column(stage).parent.region), f"{stage} is out of view"
            assert columns.scroll_x > 0
            await board.press("h", "h", "h", "h", "h")
            assert board.focused_stage == INTAKE
            assert columns.region.contains_region(board.column(INTAKE).parent.region)
            assert board.cursor_card_text().splitlines()[1].startswith(f" #{board.current_job} · ")

    async def test_a_long_column_scrolls_to_keep_the_cursor_card_on_screen(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("l", "l", "G")  # Preparation: 13 cards, far more than 19 rows show
            column = board.column(PREPARATION)
            assert column.scroll_offset.y > 0
            assert f"#{board.job_ids(PREPARATION)[-1]} · " in board.cursor_card_text()

    async def test_enter_opens_the_card_of_the_job_under_the_cursor(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("l", "j")
            job_id = board.current_job
            await board.press("enter")
            assert type(board.top).__name__ == "JobCardScreen"
            assert board.top.job_id == job_id  # type: ignore[attr-defined]
            assert f"#{job_id}" in board.text()


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


class TestFilters:
    async def test_r10_slash_and_typing_narrows_the_cards_and_esc_clears(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            everything = board.all_job_ids()
            await board.press("slash")
            box = board.screen.query_one("#text-filter", Input)
            assert box.display and box.has_focus
            await board.type("rivera")
            shown = board.all_job_ids()
            snapshot = demo.repo.snapshot()
            assert shown and shown < everything
            for job_id in shown:
                job = snapshot.jobs[job_id]
                searched = f"{job.name} {snapshot.accounts[job.account_id].name} {job.client_status.name_for_client}"
                assert "rivera" in searched.casefold()
            assert all("Rivera" not in snapshot.accounts[snapshot.jobs[job_id].account_id].name for job_id in everything - shown)
            assert f'{len(shown)} of {len(everything)} jobs · text "rivera"' in board.text()  # issue 17: 'N of M'
            await board.press("escape")
            assert board.all_job_ids() == everything
            assert not box.display and not box.has_focus
            assert "Filters cleared" in board.notifications()
            await board.press("j")  # the keys drive the board again, not the search box
            assert box.value == "" and board.current_job == board.job_ids(INTAKE)[1]

    async def test_r10_enter_keeps_the_text_filter_and_esc_clears_the_marks_first_then_the_filters(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            everything = board.all_job_ids()
            await board.press("slash")
            await board.type("rivera")
            shown = board.all_job_ids()
            await board.press("enter", "space")  # back to the cards; mark the one under the cursor
            assert board.all_job_ids() == shown and board.screen.filter.text == "rivera"
            assert len(board.screen.marked) == 1
            assert board.column(INTAKE).cards[0].marked and "● " in board.text()
            await board.press("escape")
            assert not board.screen.marked and board.screen.filter.text == "rivera"
            assert "● " not in board.text()
            await board.press("escape")
            assert board.all_job_ids() == everything and not board.screen.filter.active

    async def test_r10_the_filter_panel_keeps_jobs_with_the_ticked_statuses(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()

        def showing(*status_ids: int) -> set[int]:
            return {
                job.id for job in snapshot.jobs.values()
                if job.pipeline_id == TAX_RETURN and not job.archived and not job.deleted
                and job.client_status.visible and job.client_status.status_id in status_ids
            }

        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            everything = board.all_job_ids()
            await board.press("f", "escape")  # a look, no change
            assert isinstance(board.top, BoardScreen)
            assert board.all_job_ids() == everything and not board.screen.filter.active
            await self.tick(board, "In review")
            assert board.all_job_ids() == showing(IN_REVIEW)
            assert "status In review" in board.text()
            await self.tick(board, "Done")  # a second status: either one
            assert board.all_job_ids() == showing(IN_REVIEW, DONE)
            assert "status In review, Done" in board.text()
            await board.press("escape")
            assert board.all_job_ids() == everything
            assert "esc clears" not in board.text()

    @staticmethod
    async def tick(board: BoardPilot, name: str) -> None:
        """f, tab to the status list, space on ``name``, ctrl+s."""
        await board.press("f")
        panel = board.top
        assert isinstance(panel, FilterPanel)
        statuses = panel.query_one("#statuses", SelectionList)
        for _ in range(5):
            if statuses.has_focus:
                break
            await board.press("tab")
        index = next(i for i in range(statuses.option_count) if name in str(statuses.get_option_at_index(i).prompt))
        here = statuses.highlighted or 0
        await board.press(*["down"] * (index - here), "space", "ctrl+s")
        assert isinstance(board.top, BoardScreen)

    async def test_r10_the_filter_panel_filters_by_visibility(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("f")
            visible = board.top.query_one("#visible", Select)
            assert visible.value is Select.NULL  # no visibility chosen yet
            visible.focus()
            await board.press("enter")  # open the list
            await board.press("down", "down", "enter")  # past the prompt and "Shown…" to "Hidden from the client"
            assert visible.value is False
            await board.press("ctrl+s")
            snapshot = demo.repo.snapshot()
            shown = board.all_job_ids()
            assert shown and all(not snapshot.jobs[job_id].client_status.visible for job_id in shown)
            assert "hidden from client" in board.text()


class TestArchiveAndDelete:
    async def test_r7_confirmed_archive_or_delete_takes_the_card_off_the_board(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("l")
            for key, field, verb in [("a", "archived", "Archive"), ("d", "deleted", "Delete")]:
                job_id = board.current_job
                assert job_id is not None
                await board.press(key)
                assert isinstance(board.top, ConfirmScreen)
                assert f"{verb} #{job_id} {demo.job(job_id).name}?" in board.text()
                await board.press("y")
                assert getattr(demo.job(job_id), field) is True
                assert job_id not in board.all_job_ids()
            assert sum("u undoes it" in text for text in board.notifications()) == 2

    async def test_r7_a_declined_confirmation_changes_nothing(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job_id = board.current_job
            assert job_id is not None
            before = demo.job(job_id)
            for keys in [("d", "n"), ("a", "escape")]:
                await board.press(*keys)
                assert isinstance(board.top, BoardScreen)
                assert demo.job(job_id) == before
                assert job_id in board.all_job_ids()


class TestNewJob:
    async def test_r2_n_creates_a_job_in_the_column_and_runs_its_automation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            before = board.all_job_ids()
            await board.press("n")
            dialog = board.top
            assert isinstance(dialog, NewJobScreen)
            dialog.query_one("#name", Input).focus()
            await board.type("2025 gift tax return")
            await board.press("enter")  # no account yet: refused, with the field named
            assert board.top is dialog and "account: choose the client" in board.text()
            assert len(demo.repo.snapshot().jobs) == 200
            dialog.query_one("#account", Select).focus()
            await board.press("enter", "down", "enter")  # open the account list, the first account
            assert dialog.query_one("#account", Select).value is not Select.NULL
            dialog.query_one("#name", Input).focus()
            await board.press("enter")
            assert isinstance(board.top, BoardScreen)
            (new_id,) = board.all_job_ids() - before
            stored = demo.job(new_id)
            assert (stored.name, stored.stage_id) == ("2025 gift tax return", INTAKE)
            assert demo.status_name(stored) == "Planned"  # Intake's automation ran on creation (R2, R4)
            assert (board.focused_stage, board.current_job) == (INTAKE, new_id)


    async def test_r2_r4_the_new_job_form_says_what_the_client_will_see_before_the_job_exists(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("n")  # in Upcoming: no automation, the job stays hidden
            dialog = board.top
            assert isinstance(dialog, NewJobScreen)
            line = dialog.query_one("#client-will-see", Label)
            assert "Choose the client" in str(line.content)
            dialog.query_one("#account", Select).value = next(iter(demo.repo.snapshot().accounts))
            await pilot.pause()
            assert "Will be hidden from the client" in str(line.content)
            dialog.query_one("#stage", Select).value = PROCESSING  # its automation shows In progress
            await pilot.pause()
            assert "Will be shown to the client at once as In progress, under the job's own name." in str(line.content)
            assert len(demo.repo.snapshot().jobs) == 200, "nothing is created to say it"
            dialog.query_one("#name", Input).focus()
            await board.type("April payroll")
            await board.press("enter")
            (new_id,) = [job_id for job_id in demo.repo.snapshot().jobs if job_id > 200]
            stored = demo.job(new_id)
            assert (stored.stage_id, stored.client_status.visible, stored.client_status.status_id) == (PROCESSING, True, IN_PROGRESS)
            assert stored.client_status.name_for_client == "April payroll"


class TestOverdue:
    async def test_r9_a_job_due_before_today_is_overdue_until_it_reaches_the_last_stage(self, demo: DemoFirm) -> None:
        late_date = TODAY - timedelta(days=20)
        for stage in (REVIEW, FILED):
            job = demo.pick(stage=stage)
            client = job.client_status
            save_card(demo.repo, demo.actor(), job.id, job.version, CardEdit(
                due_date=late_date, visible=client.visible, name_for_client=client.name_for_client,
                status_id=client.status_id, description=client.description,
            ))
        in_review, filed = demo.pick(stage=REVIEW), demo.pick(stage=FILED)
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            await board.go_to(in_review.id)
            assert f"overdue {late_date:%b %d}" in board.cursor_card_text()
            await board.go_to(filed.id)
            card = board.cursor_card_text()
            assert f"due {late_date:%b %d}" in card and "overdue" not in card  # filed: done, not late


class TestClientStatusBadge:
    async def test_r9_cards_show_the_status_badge_when_the_pipeline_says_so(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            assert all(column.show_status for column in board.columns())
            first = demo.job(board.current_job)  # type: ignore[arg-type]
            assert demo.status_name(first) == "Planned"
            assert board.cursor_card_text().splitlines()[2].rstrip().endswith("Planned")
            assert "Planned" in board.text() and "In review" in board.text()

    async def test_r9_no_badge_on_a_pipeline_without_the_setting(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            await switch_pipeline(board, "Monthly bookkeeping")
            assert [column.stage_id for column in board.columns()] == [7, 8, 9, 10, 11]
            assert not any(column.show_status for column in board.columns())
            await board.go_to(board.job_ids(11)[0])  # Closed: its jobs show "Done" to their clients
            assert demo.job(board.current_job).client_status.visible  # type: ignore[arg-type]
            text = board.text()
            assert not any(name in text for name in STATUS_NAMES)
            assert "hidden" not in text

    async def test_r9_a_job_hidden_from_the_client_shows_a_hidden_mark(self, demo: DemoFirm) -> None:
        async with demo.app(pipeline=PAYROLL).run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=APPROVAL, order=board.job_ids(APPROVAL))
            await board.go_to(job.id)
            assert board.cursor_card_text().splitlines()[2].rstrip().endswith("hidden")

    async def test_r9_r16_turning_the_setting_off_elsewhere_takes_the_badges_off(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            update_pipeline(demo.repo, demo.actor(), TAX_RETURN, PipelineSettings(show_client_status_on_cards=False))
            await board.wait_until(lambda: not any(column.show_status for column in board.columns()), "badges stayed")
            await board.wait_until(lambda: not any(name in board.text() for name in STATUS_NAMES), "badges still drawn")
            update_pipeline(demo.repo, demo.actor(), TAX_RETURN, PipelineSettings(show_client_status_on_cards=True))
            await board.wait_until(lambda: "Planned" in board.text(), "badges never came back")


class TestManyUsers:
    async def test_r16_a_move_of_a_job_changed_elsewhere_is_refused(self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(board_module, "POLL_SECONDS", 3600.0)  # the board must not catch up on its own first
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, tags={"individual"}, order=board.job_ids(PREPARATION))
            await board.go_to(job.id)
            bulk_edit(demo.repo, demo.actor("marcus"), [job.id], BulkEdit(description="Almost there."))
            changed = demo.job(job.id)
            await board.press("L")
            refusal = next((text for text in board.notifications() if "someone else changed" in text), None)
            assert refusal is not None, board.notifications()
            assert f"#{job.id}" in refusal
            assert demo.job(job.id) == changed  # not moved, and the other change kept
            assert board.stage_of(job.id) == PREPARATION
            await board.press("L")  # now the board shows the current version: the move goes through
            assert demo.job(job.id).stage_id == REVIEW

    async def test_r16_a_change_by_another_process_shows_within_2_seconds(self, demo: DemoFirm) -> None:
        """A real second OS process moves a job through the command line; the open board follows."""
        wipboard = Path(sys.executable).with_name("wipboard")
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            moved, kept = board.job_ids(INTAKE)[0], board.job_ids(INTAKE)[2]
            await board.go_to(kept)
            env = {**os.environ, "WIPBOARD_DB": str(demo.path)}
            process = await asyncio.create_subprocess_exec(
                str(wipboard), "--as", "olivia", "jobs", "move", str(moved), "--stage", "Review",
                env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            _, err = await process.communicate()
            assert process.returncode == 0, err.decode()
            committed = time.monotonic()
            await board.wait_until(lambda: moved in board.job_ids(REVIEW), "the board never showed the move", timeout=10)
            assert time.monotonic() - committed <= 2.0
            assert moved not in board.job_ids(INTAKE)
            assert (board.focused_stage, board.current_job) == (INTAKE, kept)  # the cursor stayed on its job


    async def test_r16_another_processs_move_of_the_job_under_the_cursor_leaves_the_cursor_in_its_place(
        self, demo: DemoFirm
    ) -> None:
        """The job under the cursor moves to Filed in a real second process: the board does not scroll there;
        the cursor stays in Intake, on the card now in the same place."""
        wipboard = Path(sys.executable).with_name("wipboard")
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            intake = board.job_ids(INTAKE)
            moved, next_one = intake[1], intake[2]
            await board.go_to(moved)
            columns = board.screen.query_one("#columns")
            scrolled = columns.scroll_offset.x
            process = await asyncio.create_subprocess_exec(
                str(wipboard), "jobs", "move", str(moved), "--stage", "Filed", "--as", "olivia",
                env={**os.environ, "WIPBOARD_DB": str(demo.path)}, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            _, err = await process.communicate()
            assert process.returncode == 0, err.decode()
            await board.wait_until(lambda: moved in board.job_ids(FILED), "the board never showed the move", timeout=10)
            await pilot.pause(0.2)
            assert (board.focused_stage, board.current_job) == (INTAKE, next_one)
            assert board.screen.query_one(f"#stage-{INTAKE}").cursor == 1  # the same place
            assert columns.scroll_offset.x == scrolled, "the board scrolled after another person's move"
            await board.press("j")  # and the keys go on from there
            assert board.current_job == intake[3]


class TestResize:
    UP = ((40, 12), (80, 24), (160, 48), (300, 100))
    DOWN = ((120, 40), (60, 16), (40, 12))

    async def test_every_size_from_40x12_to_300x100_and_back_draws_and_keeps_the_cursor_in_view(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=self.UP[0]) as pilot:
            board = await open_board(pilot)
            for index, (width, height) in enumerate([*self.UP, *self.DOWN]):
                await pilot.resize_terminal(width, height)
                growing = index < len(self.UP)
                await board.press(*(["l", "l"] if growing else ["j"]))  # to the last column on the way up, then down its cards
                await board.wait_until(lambda: self.cursor_in_view(board), f"the cursor is out of view at {width}x{height}")
                assert (board.app.size.width, board.app.size.height) == (width, height)
                assert isinstance(board.top, BoardScreen)
                assert len(board.text().splitlines()) == height
            assert board.focused_stage == FILED
            await board.press("m", "escape", "L")  # a modal and a move at 40x12
            assert isinstance(board.top, BoardScreen)
            assert "No stage further that way." in board.notifications()

    @staticmethod
    def cursor_in_view(board: BoardPilot) -> bool:
        column = board.screen.focused_column()
        assert column is not None
        box = column.parent.region  # type: ignore[union-attr]
        top = column.cursor * 4 - column.scroll_offset.y
        return board.screen.query_one("#columns").region.contains_region(box) and 0 <= top < column.size.height

    async def test_the_board_opens_at_300x100(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=(300, 100)) as pilot:
            board = await open_board(pilot)
            await board.press("l", "j")
            assert board.focused_stage == WAITING
            assert self.cursor_in_view(board)


class TestHelpAndPalette:
    async def test_question_mark_lists_the_keys_of_the_board_and_searches_them(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=LARGE) as pilot:
            board = await open_board(pilot)
            await board.press("question_mark")
            assert isinstance(board.top, HelpScreen)
            rows = [str(option.prompt) for option in board.top.query_one("#keys", OptionList).options]
            for key, description in [("L", "Move ▶"), ("H", "◀ Move"), ("m", "Move to…"), ("u", "Undo"), ("f", "Filter"),
                                     ("q", "Quit"), (">", "Move ▶, no automations"), ("1", "Board"), ("j", "Down")]:
                assert any(row.split(maxsplit=1) == [key, description] for row in rows), f"{key} {description} not in {rows}"
            await board.type("undo")
            keys = board.top.query_one("#keys", OptionList)
            assert keys.option_count >= 1
            assert all("undo" in str(option.prompt).casefold() for option in keys.options)
            await board.press("escape")
            assert isinstance(board.top, BoardScreen)

    async def test_ctrl_p_offers_pipeline_payroll_and_switches_to_it(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("ctrl+p")
            assert isinstance(board.top, CommandPalette)
            await board.type("Pipeline: Payroll")
            commands = board.top.query_one(CommandList)
            await board.wait_until(lambda: commands.option_count > 0, "the palette found nothing")
            assert "Pipeline: Payroll" in str(commands.get_option_at_index(0).prompt)
            await board.press("down", "enter")
            await board.wait_until(lambda: isinstance(board.top, BoardScreen) and board.screen.pipeline.id == PAYROLL, "no Payroll")
            await board.ready()
            assert [column.stage_id for column in board.columns()] == [UPCOMING, PROCESSING, APPROVAL, PAID]
            assert "Payroll · olivia" in board.text()

    async def test_number_keys_switch_between_board_list_and_portal(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("2")
            assert type(board.top).__name__ in ("JobListPlaceholder", "JobListScreen")
            await board.press("3")
            assert isinstance(board.top, PortalScreen)
            await board.press("1")
            assert board.top is board.screen
            assert sum(isinstance(screen, BoardScreen) for screen in board.app.screen_stack) == 1


class TestContact:
    async def test_r12_a_contact_gets_the_portal_and_no_key_reaches_staff_data(self, demo: DemoFirm) -> None:
        snapshot = demo.repo.snapshot()
        contact = next(item for item in snapshot.contacts.values() if item.login == "mrivera")
        staff_data = (
            [user.name for user in snapshot.users.values()]
            + [account.name for account in snapshot.accounts.values() if account.id not in contact.account_ids]
            + ["Individual tax return", "Monthly bookkeeping", "Waiting for documents", "Preparation",
               "Client signature", "Collecting statements", "Reconciling", "Approval", "Upcoming"]
            + [job.notes for job in snapshot.jobs.values() if job.notes]
        )
        app_keys = {key for binding in [*WipboardApp.BINDINGS, *PortalScreen.BINDINGS] for key in binding.key.split(",")}
        board_keys = ["L", "m", "n", "e", "f", "slash", "u", "p"]  # meaningless on the portal: they must stay so
        keys = [*sorted(app_keys - {"q"}), "ctrl+p", "tab", "enter", *board_keys]
        app = demo.app("mrivera")
        async with app.run_test(size=LARGE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PortalScreen)
            assert "Work in progress — " in screen_text(app)
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                stack = app.screen_stack
                assert any(isinstance(screen, PortalScreen) for screen in stack)
                # Only the portal and its help: no board, job list, palette or other staff screen.
                assert all(type(screen) is Screen or isinstance(screen, (PortalScreen, HelpScreen)) for screen in stack), (key, stack)
                text = screen_text(app)
                leaked = [item for item in staff_data if item in text]
                assert not leaked, f"{key} showed {leaked}"
                while not isinstance(app.screen, PortalScreen):
                    await pilot.press("escape")
                    await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            assert app.return_code == 0 and not app.is_running


class TestMarks:
    async def test_r4_marked_jobs_move_together_with_m_and_one_undo_brings_them_back(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            first, second = board.job_ids(INTAKE)[:2]
            await board.go_to(first)
            await board.press("space")  # marks and steps to the next card
            assert board.current_job == second
            await board.press("space")
            assert board.screen.marked == {first, second}
            await board.press("m")
            await choose(board, board.top.query_one(OptionList), "Filed")
            assert isinstance(board.top, MovePreviewScreen)  # more than one job: always the counted preview
            assert "Moving 2 jobs to Filed will:" in board.text() and "client status → Done (2 jobs)" in board.text()
            await board.press("a")
            assert {demo.job(first).stage_id, demo.job(second).stage_id} == {FILED}
            assert {demo.job(first).client_status.status_id, demo.job(second).client_status.status_id} == {DONE}
            assert board.screen.marked == set()
            await board.press("u")
            await board.wait_until(lambda: {demo.job(first).stage_id, demo.job(second).stage_id} == {INTAKE}, "not undone")

    async def test_r7_V_marks_every_job_shown_and_a_archives_them_after_one_confirmation(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            await board.press("slash")
            await board.type("rivera")
            await board.press("enter")
            shown = board.all_job_ids()
            assert shown and all("Rivera" in demo.repo.snapshot().accounts[demo.job(i).account_id].name for i in shown)
            archived_before = sum(1 for job in demo.repo.snapshot().jobs.values() if job.archived)
            await board.press("V", "a")
            assert "marked jobs" in board.text()
            await board.press("y")
            assert all(demo.job(job_id).archived for job_id in shown)
            archived_after = sum(1 for job in demo.repo.snapshot().jobs.values() if job.archived)
            assert archived_after == archived_before + len(shown)  # the marked ones, and no others
            assert board.all_job_ids().isdisjoint(shown)
