"""``4``: the firm's settings — status templates, job templates, pipelines with their
automations, people, and the e-mails to clients — one tab each.

Owner and admin change them; an employee sees them read-only, each tab saying
why (R12). Every tab follows the file: another process's change shows within
2 seconds (R16).
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, TabbedContent, TabPane

from wipboard.screens.settings_notifications import NotificationsPane
from wipboard.screens.settings_people import PeoplePane
from wipboard.screens.settings_pipelines import PipelinesPane
from wipboard.screens.settings_statuses import StatusesPane
from wipboard.screens.settings_templates import TemplatesPane
from wipboard.tui.kit.polling import reports_store_errors
from wipboard.tui.kit.screen import WipboardScreen
from wipboard.tui.kit.settings_pane import SettingsPane
from wipboard.tui.kit.widgets.keys_footer import KeysFooter

POLL_SECONDS = 1.0
SettingsTab = Literal["statuses", "templates", "pipelines", "people", "notifications"]


class SettingsScreen(WipboardScreen[None]):
    BINDINGS = [
        Binding("left_square_bracket", "tab(-1)", "◀ Tab", id="settings_previous_tab"),
        Binding("right_square_bracket", "tab(1)", "Tab ▶", id="settings_next_tab"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_generation = -1

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="settings-tabs"):
            with TabPane("Statuses", id="tab-statuses"):
                yield StatusesPane()
            with TabPane("Job templates", id="tab-templates"):
                yield TemplatesPane()
            with TabPane("Pipelines", id="tab-pipelines"):
                yield PipelinesPane()
            with TabPane("People", id="tab-people"):
                yield PeoplePane()
            with TabPane("E-mails", id="tab-notifications"):
                yield NotificationsPane()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(POLL_SECONDS, self._poll)

    @reports_store_errors
    def _poll(self) -> None:
        if self.session.changed_since(self.shown_generation):
            self.reload()

    def reload(self) -> None:
        """Show the file as it is now on every tab."""
        snapshot = self.session.snapshot()
        self.shown_generation = snapshot.generation
        for pane in self.query(SettingsPane):
            pane.show(snapshot)

    def action_tab(self, offset: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [pane.id for pane in tabs.query(TabPane) if pane.id is not None]
        current = ids.index(tabs.active) if tabs.active in ids else 0
        self._activate(ids[(current + offset) % len(ids)])

    def show_tab(self, tab: SettingsTab) -> None:
        """One tab by name (the palette's *Settings: People* …)."""
        self._activate(f"tab-{tab}")

    def _activate(self, pane_id: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = pane_id
        # The focus moves with the tab at once: a key typed right after `]` belongs to the new tab.
        target = next((widget for widget in tabs.get_pane(pane_id).query("*") if widget.focusable), None)
        if target is not None:
            self.set_focus(target)
