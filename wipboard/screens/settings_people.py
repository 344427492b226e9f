"""Settings tab: Staff, accounts and contacts — placeholder while it is being built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from wipboard.store.repository import Snapshot
from wipboard.tui.settings_pane import SettingsPane


class PeoplePane(SettingsPane):
    def compose(self) -> ComposeResult:
        yield Static("Staff, accounts and contacts: being built.", classes="placeholder")

    def show(self, snapshot: Snapshot) -> None:
        pass
