"""``e`` with jobs marked: one client-facing status for many jobs at once [R6].

*Visibility for client* (no change / show / hide), a name for client (blank keeps each
job's own), a status (choosing one fills the description with the template's, still
editable) and a description. The form checks every field before it closes; the list
then asks for confirmation and saves it all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, TextArea

from wipboard.store.repository import Snapshot
from wipboard.store.services.client_status import BulkEdit
from wipboard.store.validation_messages import field_errors
from wipboard.store.wording import counted
from wipboard.tui.kit.form_screen import RemembersItsFields
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.form_row import show_errors_under

if TYPE_CHECKING:
    from wipboard.tui.shell.app import WipboardApp

VISIBILITY = [("No change", "unchanged"), ("Show status to the client", "show"), ("Hide status from the client", "hide")]
FIELDS = ("visibility", "name_for_client", "status", "description")


def describe_bulk_edit(snapshot: Snapshot, edit: BulkEdit, count: int) -> str:
    """'Show 'In review' to the clients of 37 jobs?' — what Save will do, in one sentence."""
    jobs = counted(count, "job")
    status = snapshot.statuses.get(edit.status) if isinstance(edit.status, int) else None
    if edit.visibility == "show":
        sentence = f"Show {status.name!r} to the clients of {jobs}" if status else f"Show each job's status to the clients of {jobs}"
    elif edit.visibility == "hide":
        sentence = f"Hide the client status of {jobs}" + (f", keeping {status.name!r} for later" if status else "")
    else:
        sentence = f"Change the client status of {jobs} (visibility unchanged)" + (f" to {status.name!r}" if status else "")
    details: list[str] = []
    if edit.name_for_client:
        details.append(f"name for client {edit.name_for_client!r}")
    if edit.description is not None:
        details.append("the description shown")
    return sentence + (" with " + " and ".join(details) if details else "") + "?"


def ask_bulk_edit(app: WipboardApp, job_ids: list[int], apply: Callable[[BulkEdit], None]) -> None:
    """The form, then a confirmation that says what Save will do; ``apply`` runs only after *yes*."""
    from wipboard.screens.confirm import ConfirmScreen

    def edited(edit: BulkEdit | None) -> None:
        if edit is None:
            return
        question = describe_bulk_edit(app.session.snapshot(), edit, len(job_ids))
        app.push_screen(ConfirmScreen(literal(question), "Save", variant="primary"), lambda yes: apply(edit) if yes else None)

    app.push_screen(BulkEditScreen(job_ids), edited)


class BulkEditScreen(RemembersItsFields, WipboardModal[BulkEdit]):
    """Dismisses with the checked ``BulkEdit``, or None when cancelled."""

    AUTO_FOCUS = "#visibility"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="bulk_cancel"),
        Binding("ctrl+s", "save", "Save", id="bulk_save"),
    ]

    UNSAVED = "the bulk edit you filled in"

    def __init__(self, job_ids: list[int]) -> None:
        super().__init__()
        self.job_ids = job_ids
        self._prefilled = ""  # the description the last chosen status put in, still untouched

    def compose(self) -> ComposeResult:
        snapshot: Snapshot = self.session.snapshot()
        statuses = sorted(snapshot.statuses.values(), key=lambda item: item.position)
        names = [f"#{job_id} {literal(snapshot.jobs[job_id].name)}" for job_id in self.job_ids[:3] if job_id in snapshot.jobs]
        more = f" and {len(self.job_ids) - 3} more" if len(self.job_ids) > 3 else ""
        with VerticalScroll(classes="dialog bulk-edit compact-form"):
            count = len(self.job_ids)
            yield Label(f"Edit the client-facing status of {count} job{'s' if count != 1 else ''}", classes="title")
            yield Label(f"[dim]{', '.join(names)}{more}[/]", classes="jobs")
            with Horizontal(classes="form-row"):
                yield Label("Visibility for client")
                yield Select(VISIBILITY, value="unchanged", allow_blank=False, compact=True, id="visibility")
            yield Label("", id="error-visibility", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Name for client")
                yield Input(placeholder="blank keeps each job's own", compact=True, id="name_for_client")
            yield Label("", id="error-name_for_client", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Status")
                yield Select(
                    [(f"[$status-{status.color}]■[/] {literal(status.name)}", status.id) for status in statuses],
                    prompt="Keep each job's status", compact=True, id="status",
                )
            yield Label("", id="error-status", classes="field-error")
            with Horizontal(classes="form-row description-row"):
                yield Label("Description")
                yield TextArea(id="description", soft_wrap=True, show_line_numbers=False, compact=True)
            yield Label("[dim]Blank keeps each job's own description.[/]", classes="field-hint")
            yield Label("", id="error-description", classes="field-error")
            yield Label("", id="error-", classes="field-error")
            yield Label("", id="will")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", compact=True, id="save")
                yield Button("Cancel (esc)", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.show_what_save_does()

    @on(Select.Changed)
    @on(Input.Changed)
    @on(TextArea.Changed)
    def show_what_save_does(self) -> None:
        """One line that always says what Save will do, as the form changes."""
        try:
            edit = self._edit()
        except ValidationError:
            self.query_one("#will", Label).update("")
            return
        snapshot = self.session.snapshot()
        text = "Nothing to change yet." if edit.is_noop else describe_bulk_edit(snapshot, edit, len(self.job_ids)).rstrip("?")
        self.query_one("#will", Label).update(f"[b]Save:[/] {literal(text)}")

    def _edit(self) -> BulkEdit:
        status = self.query_one("#status", Select).value
        return BulkEdit.model_validate({  # the Selects' values are checked like any other input
            "visibility": self.query_one("#visibility", Select).value,
            "name_for_client": self.query_one("#name_for_client", Input).value.strip() or None,
            "status": None if status is Select.NULL else status,
            "description": self.query_one("#description", TextArea).text.strip() or None,
        })

    @on(Select.Changed, "#status")
    def status_chosen(self, event: Select.Changed) -> None:
        """R3: the template's description fills the field unless the user wrote their own."""
        area = self.query_one("#description", TextArea)
        if event.value is Select.NULL:
            if self._prefilled and area.text.strip() == self._prefilled.strip():
                area.text = ""  # back to each job's own status: and so to each job's own description
            self._prefilled = ""
            return
        status = self.session.snapshot().statuses.get(event.value) if isinstance(event.value, int) else None
        if status is not None and area.text.strip() in ("", self._prefilled.strip()):
            area.text = status.description
            self._prefilled = status.description

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.cancel_asking_first(lambda: self.dismiss(None))

    def action_save(self) -> None:
        self.show_errors({})
        try:
            edit = self._edit()
        except ValidationError as error:
            self.show_errors(field_errors(error))
            return
        if edit.is_noop:
            self.show_errors({"": "Nothing to change: choose a visibility, a status, a name for client or a description."})
            return
        problem = self._status_needed(edit)
        if problem:
            self.show_errors({"status": problem})
            return
        self.dismiss(edit)

    def _status_needed(self, edit: BulkEdit) -> str:
        """Showing needs a status for every job: the chosen one, or the one each job already has."""
        if edit.visibility != "show" or edit.status is not None:
            return ""
        snapshot = self.session.snapshot()
        without = [f"#{job_id}" for job_id in self.job_ids if job_id in snapshot.jobs and snapshot.jobs[job_id].client_status.status_id is None]
        if not without:
            return ""
        return f"choose a status to show: {', '.join(without[:6])}{' …' if len(without) > 6 else ''} have none yet"

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each field's reason on the line under it [R18]; ``{}`` clears them."""
        show_errors_under(self, errors, FIELDS)

