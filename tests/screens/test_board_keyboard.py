"""The board a keyboard user never fights (issue 17): the cursor is on a card whenever there is
one, keys on an empty column say why nothing happened, search finds job numbers, the counts say
"17 of 60", a column indicator shows when not all columns fit, card lines end in an ellipsis when
cut, and the columns paint at their final width from the first frame."""

from __future__ import annotations

import pytest
from board_pilot import LARGE, SMALL, BoardPilot
from demo_firm import DemoFirm

from wipboard.store.demo import DONE
from wipboard.store.services.moves import move_jobs
from wipboard.tui.kit.view_filter import ViewFilter
from wipboard.tui.kit.widgets.filter_bar import FilterBar

INTAKE, WAITING, PREPARATION, REVIEW, SIGNATURE, FILED = 1, 2, 3, 4, 5, 6


def bar_text(board: BoardPilot) -> str:
    return str(board.screen.query_one(FilterBar).text)


def empty_intake(demo: DemoFirm) -> None:
    jobs = [job.id for job in demo.repo.snapshot().jobs.values() if job.stage_id == INTAKE and not job.archived and not job.deleted]
    move_jobs(demo.repo, demo.actor(), jobs, WAITING, run_automations_on_entry=False)


class TestTheCursorIsOnACard:
    async def test_the_board_never_starts_in_an_empty_column(self, demo: DemoFirm) -> None:
        empty_intake(demo)
        async with demo.app().run_test(size=SMALL) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await pilot.pause()
            assert board.focused_stage == WAITING
            assert board.current_job == board.job_ids(WAITING)[0]
            assert f"#{board.current_job} · " in board.cursor_card_text()

    @pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
    async def test_a_filter_that_empties_the_visible_columns_scrolls_to_the_first_card(
        self, demo: DemoFirm, size: tuple[int, int]
    ) -> None:
        async with demo.app().run_test(size=size) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            board.screen.apply_filter(ViewFilter(status_ids=(DONE,)))  # what the palette's "Filter by status: Done" does
            await pilot.pause()
            await pilot.pause()
            column = board.screen.focused_column()
            assert column is not None and column.cards, "the cursor is in a column without cards"
            assert board.job_ids(INTAKE) == []
            columns = board.screen.query_one("#columns")
            assert columns.region.contains_region(column.parent.region), "the first card is off screen"
            assert f"#{board.current_job} · " in board.cursor_card_text()

    @pytest.mark.parametrize(("key", "verb"), [("enter", "open"), ("L", "move"), ("m", "move")])
    async def test_keys_on_an_empty_column_say_why_nothing_happened(self, demo: DemoFirm, key: str, verb: str) -> None:
        empty_intake(demo)
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.press("h")
            assert board.focused_stage == INTAKE and board.current_job is None
            await board.press(key)
            assert board.top is board.screen, "a dialog opened for no job"
            assert f"Nothing to {verb}: this column has no jobs. h and l go to another column." in board.notifications()
