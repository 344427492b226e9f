"""Settings tab: Job templates — placeholder while it is being built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from wipboard.store.repository import Snapshot
from wipboard.tui.settings_pane import SettingsPane


class TemplatesPane(SettingsPane):
    def compose(self) -> ComposeResult:
        yield Static("Job templates: being built.", classes="placeholder")

    def show(self, snapshot: Snapshot) -> None:
        pass
