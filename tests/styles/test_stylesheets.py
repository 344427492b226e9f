"""The stylesheets: a screen's rules reach only that screen, and no rule is written twice.

The app loads every sheet at its start (a screen's own ``CSS_PATH`` would make Textual parse
all the CSS again the first time each kind of screen opens), and a sheet applies to the whole
app: an unscoped ``#accounts { height: 2 }`` in the portal's sheet squeezed the person form's
account list, and the board's ``#columns { height: 1fr }`` stretched the sort picker's list.
Each sheet but ``app.tcss`` therefore nests its rules under the type of the screen (or the
widget) they are for.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from textual.css.model import RuleSet, SelectorType
from textual.css.stylesheet import Stylesheet
from textual.theme import BUILTIN_THEMES
from textual.widget import Widget

import wipboard.screens
from wipboard.styles import FOLDER
from wipboard.tui.kit.theme_colors import theme_variables

SHARED = "app.tcss"
SHEETS = sorted(path.name for path in FOLDER.glob("*.tcss"))


def _rules(name: str) -> list[RuleSet]:
    theme = BUILTIN_THEMES["textual-dark"]
    sheet = Stylesheet(variables={**theme.to_color_system().generate(), **theme_variables(theme)})
    sheet.read(FOLDER / name)
    sheet.parse()
    return sheet.rules


def _our_types() -> set[str]:
    return {kind.__name__ for kind in _classes()}


def _classes() -> list[type[Widget]]:
    """Every widget and screen class of wipboard."""
    for module in pkgutil.iter_modules(wipboard.screens.__path__, "wipboard.screens."):
        importlib.import_module(module.name)  # every screen, and the widgets they use
    found: list[type[Widget]] = []
    pending: list[type[Widget]] = [Widget]
    while pending:
        kind = pending.pop()
        pending.extend(kind.__subclasses__())
        if kind.__module__.startswith("wipboard."):
            found.append(kind)
    return found


def _selectors(rule: RuleSet) -> list[str]:
    return [selector_set.css for selector_set in rule.selector_set]


@pytest.mark.parametrize("name", [sheet for sheet in SHEETS if sheet != SHARED])
def test_each_rule_of_a_screen_stylesheet_starts_with_the_type_it_is_for(name: str) -> None:
    allowed = _our_types() | {"ModalScreen"}  # every dialog of ours is a ModalScreen
    loose = [
        css
        for rule in _rules(name)
        for selector_set, css in zip(rule.selector_set, _selectors(rule), strict=True)
        if selector_set.selectors[0].type is not SelectorType.TYPE or selector_set.selectors[0].name not in allowed
    ]
    assert not loose, f"{name}: rules that would reach every screen: {loose}"


def test_no_rule_is_written_in_two_stylesheets() -> None:
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for name in SHEETS:
        for rule in _rules(name):
            if not rule.styles.get_rules():
                continue  # a nesting rule with nothing of its own (``BoardScreen {`` around the rest)
            for css in _selectors(rule):
                if css in seen and seen[css] != name:
                    repeated.append(f"{css} in {seen[css]} and {name}")
                seen.setdefault(css, name)
    assert not repeated, repeated


def test_the_app_loads_every_sheet_by_its_absolute_path_and_no_screen_loads_one_of_its_own() -> None:
    from wipboard.tui.shell.app import WipboardApp

    assert sorted(Path(path).name for path in WipboardApp.CSS_PATH) == SHEETS
    assert all(Path(path).is_absolute() for path in WipboardApp.CSS_PATH), "Textual resolves a relative path elsewhere"
    own = [kind.__name__ for kind in _classes() if kind.__dict__.get("CSS_PATH")]
    assert not own, f"these would parse all the CSS again when first shown: {own}"
