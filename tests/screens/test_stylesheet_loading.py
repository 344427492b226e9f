"""Opening a place or a dialog for the first time parses no CSS again: every sheet is loaded with
the app, and a new place starts level with the app's stylesheet, so the first card, help, job
list or settings opens as fast as the next ones. A change of theme still restyles them all
(``test_styles_every_theme.py``)."""

from __future__ import annotations

import pytest
from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.css.stylesheet import Stylesheet

from wipboard.screens.filter_panel import FilterPanel
from wipboard.screens.help import HelpScreen
from wipboard.screens.job_card import JobCardScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.settings import SettingsScreen


async def test_first_opening_of_each_place_and_dialog_parses_no_css_again(
    demo: DemoFirm, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with demo.app().run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        reparsed: list[str] = []
        reparse = Stylesheet.reparse

        def counted(sheet: Stylesheet) -> None:
            reparsed.append(type(pilot.app.screen).__name__)
            reparse(sheet)

        monkeypatch.setattr(Stylesheet, "reparse", counted)
        for keys, shows in ((["enter"], JobCardScreen), (["escape", "question_mark"], HelpScreen),
                            (["escape", "f"], FilterPanel), (["escape", "2"], JobListScreen), (["4"], SettingsScreen)):
            await board.press(*keys)
            await board.wait_until(lambda shows=shows: isinstance(pilot.app.screen, shows), f"{shows.__name__} never opened")
        assert reparsed == [], f"the CSS was parsed again on opening {reparsed}"
