"""The board's first frame is its settled one (issue 17): the frame that first shows the cards
already has the footer's keys and the column indicator, and the footer is one widget that only
repaints when its keys change."""

from __future__ import annotations

from typing import Any

import pytest
from board_pilot import LARGE, SMALL, open_board
from firms import DemoFirm
from screen_reading import screen_text

from wipboard.screens.board import BoardScreen
from wipboard.tui.kit.widgets.keys_footer import FooterEntry, KeysFooter


def footer_row(app: Any) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize(("size", "indicator"), [(SMALL, "columns 1–2 of 6 ›"), (LARGE, "columns 1–5 of 6 ›")], ids=["80x24", "160x48"])
async def test_the_frame_that_first_shows_the_cards_has_the_footer_keys_and_the_column_indicator(
    demo: DemoFirm, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], indicator: str
) -> None:
    at_first_frame: list[tuple[str, list[str]]] = []
    build_columns = BoardScreen._build_columns

    async def recorded(screen: BoardScreen, *args: Any) -> None:
        await build_columns(screen, *args)
        # What the next frame, the first with the cards, will show: set now, in the same layout.
        keys = [entry.description for entry in screen.query_one(KeysFooter).entries]
        at_first_frame.append((str(screen.query_one("#column-indicator").render()), keys))

    monkeypatch.setattr(BoardScreen, "_build_columns", recorded)
    async with demo.app().run_test(size=size) as pilot:
        board = await open_board(pilot)
        await board.wait_until(lambda: bool(at_first_frame), "the board never built its columns")
        assert len(at_first_frame) == 1
        shown, keys = at_first_frame[0]
        assert shown == indicator
        assert "Quit" in keys and "Help" in keys, keys


def entry_text(entry: FooterEntry) -> str:
    return f" {entry.key_display} {entry.description} "


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
async def test_the_footer_shows_whole_entries_in_order_and_the_palette_key_on_the_right(
    demo: DemoFirm, size: tuple[int, int]
) -> None:
    async with demo.app().run_test(size=size) as pilot:
        board = await open_board(pilot)
        footer = board.screen.query_one(KeysFooter)
        await board.wait_until(lambda: "palette" in footer_row(pilot.app), "the footer never showed")
        row = footer_row(pilot.app)
        assert row.rstrip().endswith("▏^p palette")
        shown = footer.shown[:-1]
        assert shown == list(footer.entries[: len(shown)]), "the entries shown are not the first ones"
        assert row.startswith("".join(entry_text(entry) for entry in shown))
        if len(shown) < len(footer.entries):
            assert footer.entries[len(shown)].description not in row  # the next one is not shown cut
        else:
            assert size == LARGE


async def test_the_footer_follows_a_resize_and_the_keys_of_a_dialog(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=LARGE) as pilot:
        board = await open_board(pilot)
        footer = board.screen.query_one(KeysFooter)
        await board.wait_until(lambda: "Quit" in footer_row(pilot.app), "the footer never showed its last key")
        wide = footer.shown
        await pilot.resize_terminal(*SMALL)
        await board.wait_until(lambda: "Quit" not in footer_row(pilot.app), "the footer kept its wide entries at 80 columns")
        assert footer.shown[:-1] == wide[: len(footer.shown) - 1]
        await pilot.resize_terminal(*LARGE)
        await board.wait_until(lambda: footer.shown == wide, "widening the terminal did not bring the entries back")
        await board.press("enter")  # the card: its own keys, not the board's
        await board.wait_until(lambda: "esc" in footer_row(pilot.app), "the card's footer never showed its keys")
        assert "Move ▶" not in footer_row(pilot.app)


async def test_clicking_a_key_in_the_footer_presses_it(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=LARGE) as pilot:
        board = await open_board(pilot)
        await board.wait_until(lambda: "Help" in footer_row(pilot.app), "the footer never showed Help")
        x = footer_row(pilot.app).index(" ? Help") + 2
        await pilot.click(KeysFooter, offset=(x, 0))
        await board.wait_until(lambda: type(pilot.app.screen).__name__ == "HelpScreen", "clicking ? Help opened no help")
