"""A status template's form: name, colour and description (R11), new or edited.

Jobs refer to a status by id, so a new name or colour shows on every job using it
at once; a new description is what jobs get when they choose the status from now
on (R3) — descriptions already on jobs stay. The form says so before saving.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, TextArea

from wipboard.store.errors import StoreError
from wipboard.store.fields import COLORS, Color
from wipboard.store.models import StatusTemplate
from wipboard.store.services.statuses import StatusFields, create_status, edit_status, status_use
from wipboard.store.validation_messages import field_errors
from wipboard.store.wording import counted
from wipboard.tui.kit.form_screen import FormScreen
from wipboard.tui.kit.widgets.form_row import field_cell, form_row, general_error, show_field_errors
from wipboard.tui.kit.widgets.selected import selected
from wipboard.tui.kit.widgets.status_badge import color_swatch
from wipboard.tui.kit.widgets.tick_list import TickBox

DESCRIPTION_LIMIT = 500
ERROR_CELLS = {"color": "colour"}


class StatusFormScreen(FormScreen[int]):
    """Dismisses with the saved status's id, or None when cancelled."""


    def __init__(self, status: StatusTemplate | None = None) -> None:
        super().__init__()
        self.status = status

    def compose(self) -> ComposeResult:
        status = self.status
        snapshot = self.session.snapshot()
        with VerticalScroll(classes="dialog settings-form"):
            yield Label(f"Edit status {status.name!r}" if status else "New status template", classes="title", markup=False)
            yield form_row("Name", field_cell("name", Input(
                status.name if status else "", placeholder="e.g. Waiting on you", id="name", compact=True,
            )))
            yield form_row("Colour", field_cell("colour", Select(
                [(color_swatch(color), color) for color in COLORS],
                value=status.color if status else _unused_color(snapshot.statuses.values()),
                allow_blank=False, id="colour", compact=True,
            )))
            yield form_row("Description", field_cell("description", TextArea(
                status.description if status else "", id="description", compact=True, soft_wrap=True,
            )))
            yield Label("", id="description-count", classes="form-hint")
            yield form_row("E-mail", field_cell("notify", TickBox(
                "E-mail the client when a job shows this status",
                status.notify_clients if status else True, id="notify", compact=True,
            )))
            if status is not None:
                use = status_use(snapshot, status.id)
                yield Label(
                    f"A new name or colour shows on the {counted(use.jobs, 'job')} using it at once; a new description "
                    "is for jobs that choose this status from now on.",
                    classes="form-hint",
                )
            yield general_error()
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        description = self.query_one("#description", TextArea)
        description.move_cursor(description.document.end)  # typing there adds to the text
        self._count_description()
        self.query_one("#name", Input).focus()

    def on_text_area_changed(self) -> None:
        self._count_description()

    def _count_description(self) -> None:
        length = len(self.query_one("#description", TextArea).text)
        counter = self.query_one("#description-count", Label)
        counter.update(f"{length}/{DESCRIPTION_LIMIT} characters")
        counter.set_class(length > DESCRIPTION_LIMIT, "-over")

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value
        description = self.query_one("#description", TextArea).text
        notify = self.query_one("#notify", Checkbox).value
        session = self.session
        try:
            fields = StatusFields.model_validate({  # the colour is checked like any other input
                "name": name, "color": selected(self.query_one("#colour", Select), str),
                "description": description, "notify_clients": notify,
            })
            if self.status is None:
                assert fields.color is not None, "the colour list has no blank choice"
                saved = create_status(
                    session.repo, session.actor, fields.name or "", fields.color, fields.description or "", notify_clients=notify
                )
            else:
                saved = edit_status(session.repo, session.actor, self.status.id, fields, opened=self.status)
        except (StoreError, ValidationError) as error:
            show_field_errors(self, field_errors(error), ERROR_CELLS)
            return
        self.app.notify(self._said(saved))
        self.dismiss(saved.id)

    def _said(self, saved: StatusTemplate) -> str:
        before = self.status
        if before is None:
            return f"Created status {saved.name!r}"
        message = f"Saved status {saved.name!r}"
        if before.name != saved.name:
            message += f" (was {before.name!r})"
        if (before.name, before.color) != (saved.name, saved.color):
            jobs = status_use(self.session.snapshot(), saved.id).jobs
            message += f" · {counted(jobs, 'job')} {'shows' if jobs == 1 else 'show'} it"
        return message


def _unused_color(statuses: Iterable[StatusTemplate]) -> Color:
    """The first colour no status has yet, so a new status stands out; blue when all are taken."""
    taken = {status.color for status in statuses}
    return next((color for color in COLORS if color not in taken), COLORS[0])
