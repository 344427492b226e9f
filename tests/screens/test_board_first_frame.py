"""The board's first frame is its settled one (issue 17): the frame that first shows the cards
already has the footer's keys and the column indicator, and nothing is built again after it."""

from __future__ import annotations

from typing import Any

import pytest
from board_pilot import LARGE, SMALL, open_board
from firms import DemoFirm
from textual.widgets._footer import FooterKey

from wipboard.screens.board import BoardScreen
from wipboard.tui.kit.widgets.keys_footer import KeysFooter


@pytest.mark.parametrize(("size", "indicator"), [(SMALL, "columns 1–2 of 6 ›"), (LARGE, "columns 1–5 of 6 ›")], ids=["80x24", "160x48"])
async def test_the_frame_that_first_shows_the_cards_has_the_footer_keys_and_the_column_indicator(
    demo: DemoFirm, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], indicator: str
) -> None:
    at_first_frame: list[tuple[str, list[str]]] = []
    build_columns = BoardScreen._build_columns

    async def recorded(screen: BoardScreen, *args: Any) -> None:
        await build_columns(screen, *args)
        # What the next frame, the first with the cards, will show: set now, in the same layout.
        footer = screen.query_one(KeysFooter)
        keys = [key.description for key in footer.query(FooterKey)]
        at_first_frame.append((str(screen.query_one("#column-indicator").render()), keys))

    monkeypatch.setattr(BoardScreen, "_build_columns", recorded)
    async with demo.app().run_test(size=size) as pilot:
        board = await open_board(pilot)
        await board.wait_until(lambda: bool(at_first_frame), "the board never built its columns")
        assert len(at_first_frame) == 1
        shown, keys = at_first_frame[0]
        assert shown == indicator
        assert "Quit" in keys and "Help" in keys, keys


async def test_the_footer_is_built_once_at_start_and_a_resize_only_fits_the_same_keys_again(
    demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[int] = []
    compose = KeysFooter.compose

    def counted(footer: KeysFooter) -> Any:
        builds.append(id(footer))
        return compose(footer)

    monkeypatch.setattr(KeysFooter, "compose", counted)
    async with demo.app().run_test(size=LARGE) as pilot:
        board = await open_board(pilot)
        footer = board.screen.query_one(KeysFooter)
        await board.wait_until(lambda: any(key.display for key in footer.query(FooterKey)), "the footer showed no key")
        assert builds.count(id(footer)) == 1, "the board's footer was built again after the start"
        entries = [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")]
        shown_wide = [key.description for key in entries if key.display]

        await pilot.resize_terminal(*SMALL)
        await board.wait_until(
            lambda: [key.description for key in entries if key.display] != shown_wide,
            "the footer kept its wide entries at 80 columns",
        )
        assert builds.count(id(footer)) == 1, "a resize built the footer's keys again"
        assert [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")] == entries  # the same, fitted again
        narrow = [key.description for key in entries if key.display]
        assert narrow == shown_wide[: len(narrow)], "the entries kept are not the first ones"
        right = footer.region.right
        assert all(key.region.right <= right for key in entries if key.display)

        await pilot.resize_terminal(*LARGE)
        await board.wait_until(
            lambda: [key.description for key in entries if key.display] == shown_wide,
            "widening the terminal did not bring the entries back",
        )
        assert builds.count(id(footer)) == 1
