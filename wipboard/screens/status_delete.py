"""Deleting a status that jobs, automations or job templates use (R11): the counts, and the
replacement status they all move to, chosen in the same action."""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select

from wipboard.store.errors import StoreError
from wipboard.store.models import StatusTemplate
from wipboard.store.services.statuses import StatusUse, delete_status, status_use
from wipboard.store.validation_messages import field_errors
from wipboard.store.wording import counted
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.form_row import field_cell, form_row, general_error, show_field_errors
from wipboard.tui.kit.widgets.selected import selected
from wipboard.tui.kit.widgets.status_badge import status_name, status_option


class StatusDeleteScreen(WipboardModal[int]):
    """Deletes the status, moving its users to the chosen replacement; dismisses with the
    replacement's id, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="status_delete_cancel"),
        Binding("ctrl+s", "delete", "Delete and replace", id="status_delete_confirm"),
    ]

    def __init__(self, status: StatusTemplate) -> None:
        super().__init__()
        self.status = status

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        use = status_use(snapshot, self.status.id)
        others = sorted(
            (item for item in snapshot.statuses.values() if item.id != self.status.id), key=lambda item: item.position
        )
        with Vertical(classes="dialog settings-form"):
            title = Text.assemble("Delete status ", status_name(self.status), "?", style="bold", end="")
            yield Label(title, classes="title")
            yield Label(f"It is in use: {use}. Choose the status they show instead; "
                        "it replaces this one everywhere in the same step.", classes="form-note", markup=False)
            yield form_row("Replace with", field_cell("replacement", Select(
                [(status_option(item), item.id) for item in others], prompt="Choose a status…", id="replacement",
                compact=True,
            )))
            yield general_error()
            with Horizontal(classes="buttons"):
                yield Button("Delete and replace (ctrl+s)", variant="error", id="delete", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#replacement", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.action_delete()

    def action_delete(self) -> None:
        chosen = selected(self.query_one("#replacement", Select), int)
        if chosen is None:
            show_field_errors(self, {"replacement": "choose the status that replaces this one"})
            return
        session = self.session
        try:
            use = delete_status(session.repo, session.actor, self.status.id, chosen)
        except (StoreError, ValidationError) as error:
            show_field_errors(self, field_errors(error))
            return
        replacement = session.snapshot().statuses[chosen]
        self.app.notify(deleted_message(self.status, use, replacement))
        self.dismiss(replacement.id)


def deleted_message(status: StatusTemplate, use: StatusUse, replacement: StatusTemplate | None) -> str:
    """"Deleted 'On hold' · 12 jobs now show 'Planned'" — what the deletion did."""
    message = f"Deleted status {status.name!r}"
    if replacement is None or not use.total:
        return message
    if use.jobs:
        message += f" · {counted(use.jobs, 'job')} now {'shows' if use.jobs == 1 else 'show'} {replacement.name!r}"
    rest = StatusUse(0, use.automations, use.templates)
    if use.automations or use.templates:
        message += f" · {rest} now use {replacement.name!r}"
    return message
