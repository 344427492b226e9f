"""``?`` lists wipboard's keys for the screen, grouped, searchable by the words of what they do,
and nothing of Textual's internals (issue 17)."""

from __future__ import annotations

from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.widgets import OptionList

from wipboard.screens.help import HelpScreen

TEXTUAL_INTERNALS = ["Copy selected text", "super+c", "Focus Previous", "Focus Next", "palette"]


class HelpPilot(BoardPilot):
    async def open_help(self) -> HelpScreen:
        await self.press("question_mark")
        await self.wait_until(lambda: isinstance(self.app.screen, HelpScreen), "? opened no help")
        assert isinstance(self.app.screen, HelpScreen)
        return self.app.screen

    def shown(self) -> list[str]:
        keys = self.app.screen.query_one("#keys", OptionList)
        return [str(keys.get_option_at_index(index).prompt) for index in range(keys.option_count)]

    async def search(self, words: str) -> list[str]:
        self.app.screen.query_one("#search").focus()
        await self.type(words)
        await self.pilot.pause()
        return self.shown()


async def test_help_lists_the_boards_keys_grouped_and_none_of_textuals(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = HelpPilot(pilot)
        await ui.ready()
        help_screen = await ui.open_help()
        lines = ui.shown()
        assert "── Board ──" in lines and "── Everywhere ──" in lines
        assert lines.index("── Board ──") < lines.index("── Everywhere ──"), "the screen's keys come first"
        text = "\n".join(lines)
        assert not [internal for internal in TEXTUAL_INTERNALS if internal in text], text
        assert any(line.startswith("L ") and "Move ▶" in line for line in lines)
        assert any(line.startswith("^p ") and line.split(None, 1)[1].startswith("Commands") for line in lines)
        assert any(line.split(None, 1) == ["esc", "Clear the marks, then the filters"] for line in lines), "esc says what it clears"
        # One way of writing keys, one way of writing what they do: a capital first.
        for row in help_screen.rows:
            assert not row.description[:1].islower(), row
            assert "ctrl+" not in row.keys and "question_mark" not in row.keys, row


async def test_help_search_finds_keys_by_the_words_of_what_they_do(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = HelpPilot(pilot)
        await ui.ready()
        await ui.open_help()
        found = await ui.search("client")
        assert any(line.split() == ["e", "Edit"] for line in found), found
        ui.app.screen.query_one("#keys", OptionList).highlighted = next(
            index for index, line in enumerate(found) if line.split() == ["e", "Edit"])
        await ui.pilot.pause()
        assert "client status" in str(ui.app.screen.query_one("#key-details").render())
        assert not any("Undo" in line for line in found)
        await ui.press(*["backspace"] * len("client"))
        found = await ui.search("enter")
        assert any("Open" in line for line in found), found


async def test_help_on_the_card_lists_the_cards_keys_not_the_boards(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = HelpPilot(pilot)
        await ui.ready()
        await ui.press("enter")
        await ui.wait_until(lambda: type(ui.app.screen).__name__ == "JobCardScreen", "no card")
        ui.app.screen.query_one("#priority").focus()  # out of the text fields: ? reaches the help
        await ui.pilot.pause()
        await ui.open_help()
        lines = ui.shown()
        assert "── Job card ──" in lines and any("Save & exit" in line for line in lines), lines
        assert not any("Move ▶" in line for line in lines), "the board's keys do not work on the card"
