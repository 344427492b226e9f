"""``?``: every key of the screen below, searchable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from wipboard.styles import stylesheet


class HelpScreen(ModalScreen[None]):
    CSS_PATH = stylesheet("modals.tcss")
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="help_close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.rows = _key_rows(screen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys — type to search, esc to close", classes="title")
            yield Input(placeholder="search keys…", id="search")
            yield OptionList(*(Option(row) for row in self.rows), id="keys")

    def on_input_changed(self, event: Input.Changed) -> None:
        needle = event.value.casefold()
        keys = self.query_one("#keys", OptionList)
        keys.clear_options()
        keys.add_options(Option(row) for row in self.rows if needle in row.casefold())


def _key_rows(screen: Screen[object]) -> list[str]:
    """'L           Move ▶' for every binding active on ``screen`` (its own and the app's)."""
    rows = []
    for active in screen.active_bindings.values():
        if not active.enabled:
            continue  # e.g. the staff screens' keys, for a client contact
        binding = active.binding
        description = binding.description or binding.action
        rows.append(f"{active.binding.key_display or screen.app.get_key_display(binding):<12} {description}")
    return sorted(set(rows), key=str.casefold)
