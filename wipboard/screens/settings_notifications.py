"""The *E-mails* settings tab: whether the firm e-mails its clients, and the outbox —
what is pending, retrying, sent or failed, to whom and when (R20). Read-only here:
the mail server is set with ``wipboard notify setup`` (its password never enters the firm file)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label

from wipboard.store.repository import Snapshot
from wipboard.store.services.notifications import outbox_lines_of
from wipboard.tui.kit.settings_pane import SettingsPane
from wipboard.tui.kit.widgets.lists import Table

STATES = {"pending": "waiting", "retrying": "retrying", "sent": "sent", "failed": "failed"}


class NotificationsPane(SettingsPane):
    def __init__(self) -> None:
        super().__init__(id="notifications-pane")

    def compose(self) -> ComposeResult:
        yield Label("", id="notifications-hint", classes="pane-hint", markup=False)
        table: DataTable[Text] = Table(id="notifications-table", cursor_type="row", zebra_stripes=True)
        table.add_column("State", key="state")
        table.add_column("Contact", key="contact")
        table.add_column("Items", key="items")
        table.add_column("Time (UTC)", key="time")
        table.add_column("Problem", key="problem")
        yield table

    def show(self, snapshot: Snapshot) -> None:
        settings = snapshot.firm.notifications
        if settings.enabled and (not settings.smtp_host or settings.from_address is None):
            hint = ("E-mails to clients are on, but no mail server is set up yet: nothing is sent until "
                    "`wipboard notify setup` names one.")
        elif settings.enabled:
            quiet = settings.quiet_seconds / 60
            hint = (f"E-mails to clients are on, from {settings.from_address} through {settings.smtp_host}; "
                    f"each client's changes wait {quiet:g} minute{'' if quiet == 1 else 's'} to go out together.")
        else:
            hint = "E-mails to clients are off. Set the mail server and switch them on with `wipboard notify setup`."
        self.query_one("#notifications-hint", Label).update(hint)
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear()
        for line in outbox_lines_of(snapshot)[:500]:
            table.add_row(
                Text(STATES.get(line.state, line.state)), Text(line.contact), Text(str(line.items), justify="right"),
                Text(f"{line.at:%Y-%m-%d %H:%M}"), Text(line.error, no_wrap=True),
            )
