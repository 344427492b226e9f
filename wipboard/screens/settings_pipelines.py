"""Settings tab: Pipelines, stages and automations — placeholder while it is being built."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from wipboard.store.repository import Snapshot
from wipboard.tui.settings_pane import SettingsPane


class PipelinesPane(SettingsPane):
    def compose(self) -> ComposeResult:
        yield Static("Pipelines, stages and automations: being built.", classes="placeholder")

    def show(self, snapshot: Snapshot) -> None:
        pass
