"""``enter``: one job's card — edit its fields and what its client sees [R5], with a live preview
built by the portal's own read model (R8), the prefill rule as you type (R3), and the job's
status history (R14). A save names the version the card started from, so a change made
meanwhile is shown, never overwritten (R16); a refused field is named beside it (R18).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import DOMQuery
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, Switch, TextArea

from wipboard.screens.card_conflict import CardConflictScreen, ConflictChoice, changes_since_opened
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.portal import PortalItemView
from wipboard.screens.status_form import StatusFormScreen
from wipboard.store.errors import Conflict, StoreError
from wipboard.store.fields import PRIORITIES
from wipboard.store.models import Job, StatusTemplate
from wipboard.store.permissions import can_see_job
from wipboard.store.portal import preview_item
from wipboard.store.refusals import describe_refusal
from wipboard.store.repository import Snapshot
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.history import job_audit, status_history
from wipboard.store.services.notifications import notified_lines
from wipboard.store.validation_messages import field_errors
from wipboard.tui.kit.card_form import (
    FORM_ORDER,
    CardForm,
    assignee_choices,
    beside_fields,
    card_edit,
    client_status_on_save,
    description_for_status,
    escape_markup,
    first_error,
    former_user,
    history_text,
    read_only_reason,
    sentence,
    why_client_sees_nothing,
)
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.polling import reports_store_errors
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.field_keys import keys_hint
from wipboard.tui.kit.widgets.form_row import field_cell, form_row, general_error, show_field_errors
from wipboard.tui.kit.widgets.tick_list import TickList

NEW_STATUS = "new"  # the *New status…* entry of the status list
FIELD_NAMES = {
    "name": "the name", "start_date": "the start date", "due_date": "the due date", "notes": "the notes",
    "name_for_client": "the name for client", "description": "the description",
}
POLL_SECONDS = 1.0


class JobCardScreen(WipboardModal[bool]):
    """Dismisses with True when the card was saved."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save & exit", id="card_save"),
        Binding("escape", "close", "Close", id="card_close"),
        Binding("q", "close", "Close", show=False, id="card_quit"),
    ]

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.job: Job | None = None  # the stored job the form started from; a save expects its version
        self.shown_generation = -1
        self.last_status: int | None = None
        self.last_visible = False
        self.previewed: object = None  # the preview on screen: a PortalItem, or the sentence saying why there is none

    # --- Layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        snapshot = session.snapshot()
        self.shown_generation = snapshot.generation
        try:
            history = status_history(session.repo, session.actor, self.job_id)  # refuses jobs the user may not see (R12)
        except StoreError as error:
            with Vertical(id="card", classes="dialog refused"):
                yield Label(f"Job #{self.job_id}", classes="title")
                yield Static(literal(sentence(str(error))), id="card-notice", classes="-shown")
                with Horizontal(classes="buttons"):
                    yield Button("Close (esc)", id="close")
            return
        job = snapshot.jobs[self.job_id]
        self.job = job
        form = CardForm.of(job)
        self.last_status, self.last_visible = form.status_id, form.visible
        with Vertical(id="card", classes="dialog"):
            yield Label(f"#{job.id} {escape_markup(job.name)}", id="card-title", classes="title")
            yield Static("", id="card-notice")
            with Vertical(id="card-body"):
                with Vertical(id="card-form"):
                    yield from self._job_fields(snapshot, job, form)
                    yield from self._client_fields(snapshot, form)
                with Vertical(id="card-side"):
                    yield Label("What the client sees", classes="section")
                    yield Vertical(id="preview")
                    yield Label("Status history", classes="section")
                    with VerticalScroll(id="history"):
                        yield Static(history_text(history, notified_lines(snapshot, self.job_id)), id="history-text")
            yield general_error()
            with Horizontal(classes="buttons"):
                yield Button("Save & exit (ctrl+s)", variant="primary", id="save")
                yield Button("Close (esc)", id="close")
                yield Label("", id="card-keys")

    def _job_fields(self, snapshot: Snapshot, job: Job, form: CardForm) -> ComposeResult:
        pipeline = snapshot.pipelines.get(job.pipeline_id)
        stage = pipeline.stage(job.stage_id) if pipeline else None
        account = snapshot.accounts.get(job.account_id)
        yield form_row("Name", field_cell("name", _field(form.name, id="name")))
        yield form_row("Account", Label(escape_markup(account.name) if account else "—", classes="form-value"))
        yield form_row(
            "Stage",
            Label(f"{escape_markup(pipeline.name) if pipeline else '—'} › {escape_markup(stage.name) if stage else '—'}",
                  classes="form-value"),
        )
        assignees = TickList[str](*assignee_choices(snapshot.users.values(), form.assignees), compact=True,
                                       id="assignees")
        yield form_row("Assignees", field_cell("assignees", assignees))
        yield form_row(
            "Priority",
            field_cell("priority", Select([(level, level) for level in PRIORITIES], value=form.priority,
                                          allow_blank=False, compact=True, id="priority")),
        )
        yield form_row("Start date", field_cell("start_date", _field(form.start_date, placeholder="YYYY-MM-DD (blank: none)",
                                                                     id="start_date")))
        yield form_row("Due date", field_cell("due_date", _field(form.due_date, placeholder="YYYY-MM-DD (blank: none)",
                                                                 id="due_date")))
        yield form_row("Notes", field_cell("notes", TextArea(form.notes, compact=True, soft_wrap=True, id="notes")))

    def _client_fields(self, snapshot: Snapshot, form: CardForm) -> ComposeResult:
        yield Label("Client-facing status", classes="section")
        yield Horizontal(
            Switch(form.visible, id="visible"), Label("Show in client portal", id="visible-label"), classes="switch-row",
        )
        yield form_row("Name for client", field_cell("name_for_client", _field(
            form.name_for_client, placeholder="what the client reads, e.g. Your 2025 tax return", id="name_for_client")))
        status = Select(self._status_options(snapshot), value=form.status_id if form.status_id in snapshot.statuses else Select.NULL,
                        prompt="Choose a status…", compact=True, id="status")
        yield form_row("Status", field_cell("status", status))
        if not self.session.actor.is_manager:
            yield Label("New statuses are made by the owner or an admin.", id="status-hint")
        yield form_row("Description", field_cell("description", TextArea(form.description, compact=True, soft_wrap=True,
                                                                            id="description")))

    def _status_options(self, snapshot: Snapshot) -> list[tuple[str, int | str]]:
        statuses = sorted(snapshot.statuses.values(), key=lambda status: status.position)
        options: list[tuple[str, int | str]] = [(_swatch(status), status.id) for status in statuses]
        if self.session.actor.is_manager:
            options.append(("[b]New status…[/]", NEW_STATUS))
        return options

    def on_mount(self) -> None:
        if self.job is None:
            return
        if self.job.archived or self.job.deleted:
            self._make_read_only(self.job)
        else:
            # The cursor before the name, nothing selected: a first key typed adds to the name, never replaces it.
            name = self.query_one("#name", Input)
            name.focus()
            name.cursor_position = 0
        self.update_preview()
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    @on(events.DescendantFocus)
    def say_where_typing_goes(self, event: events.DescendantFocus) -> None:
        """The card covers the app's footer at 80×24: this line says what the focused field takes."""
        for line in self.query("#card-keys").results(Label):  # a refused card has no fields
            line.update(keys_hint(event.widget, FIELD_NAMES))

    # --- Reading and filling the form -------------------------------------------------

    def read_form(self) -> CardForm:
        status = self.query_one("#status", Select).value
        return CardForm(
            name=self.query_one("#name", Input).value,
            assignees=tuple(sorted(self.query_one("#assignees", SelectionList).selected)),
            priority=str(self.query_one("#priority", Select).value),
            start_date=self.query_one("#start_date", Input).value,
            due_date=self.query_one("#due_date", Input).value,
            notes=self.query_one("#notes", TextArea).text,
            visible=self.query_one("#visible", Switch).value,
            name_for_client=self.query_one("#name_for_client", Input).value,
            status_id=status if isinstance(status, int) else None,
            description=self.query_one("#description", TextArea).text,
        )

    def fill_form(self, form: CardForm) -> None:
        """Put ``form`` in the fields without running the prefill of a user's edit."""
        with self.prevent(Input.Changed, Select.Changed, Switch.Changed, TextArea.Changed, SelectionList.SelectedChanged):
            self.query_one("#name", Input).value = form.name
            assignees = self.query_one("#assignees", SelectionList)
            for login in form.assignees:
                if login not in {assignees.get_option_at_index(index).value for index in range(assignees.option_count)}:
                    assignees.add_option((former_user(login), login))
            assignees.deselect_all()
            for login in form.assignees:
                assignees.select(login)
            self.query_one("#priority", Select).value = form.priority
            self.query_one("#start_date", Input).value = form.start_date
            self.query_one("#due_date", Input).value = form.due_date
            self.query_one("#notes", TextArea).load_text(form.notes)
            self.query_one("#visible", Switch).value = form.visible
            self.query_one("#name_for_client", Input).value = form.name_for_client
            self.query_one("#status", Select).value = form.status_id if form.status_id is not None else Select.NULL
            self.query_one("#description", TextArea).load_text(form.description)
        self.last_status, self.last_visible = form.status_id, form.visible

    @property
    def dirty(self) -> bool:
        return self.job is not None and self.read_form() != CardForm.of(self.job)

    def unsaved_edits(self) -> str | None:
        """For the app's ways out (ctrl+q, 1–4): what closing now would drop."""
        return f"your changes to #{self.job_id}" if self.dirty else None

    # --- As the user edits: prefill (R3) and the live preview (R8) -------------------------

    @on(Switch.Changed, "#visible")
    def visibility_changed(self, event: Switch.Changed) -> None:
        if event.value != self.last_visible:
            self.last_visible = event.value
            name_for_client = self.query_one("#name_for_client", Input)
            if event.value and not name_for_client.value.strip():
                name_for_client.value = self.query_one("#name", Input).value.strip()[:120]
        self.update_preview()

    @on(Select.Changed, "#status")
    def status_changed(self, event: Select.Changed) -> None:
        if event.value == NEW_STATUS:
            with self.prevent(Select.Changed):
                self.query_one("#status", Select).value = self.last_status if self.last_status is not None else Select.NULL
            self.app.push_screen(StatusFormScreen(), self.status_created)
            return
        chosen = event.value if isinstance(event.value, int) else None
        if chosen != self.last_status:
            statuses = self.session.snapshot().statuses
            before, after = statuses.get(self.last_status or 0), statuses.get(chosen or 0)
            description = self.query_one("#description", TextArea)
            brought = description_for_status(description.text, before, after)
            if brought is not None:
                description.load_text(brought)
                description.move_cursor(description.document.end)  # typing adds to it
            self.last_status = chosen
        self.update_preview()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Select.Changed, "#priority")
    def field_changed(self) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        """Show what the client would see if the card were saved now, built by the portal's read model."""
        if self.job is None:
            return
        preview = self.query_one("#preview", Vertical)
        session = self.session
        snapshot = session.snapshot()
        form = self.read_form()
        message = why_client_sees_nothing(self.job, form, snapshot.statuses)
        item = None
        if message is None:
            try:
                client_status = client_status_on_save(self.job, form, snapshot.statuses,
                                                      at=session.now().replace(microsecond=0), by=session.actor.login)
                item = preview_item(snapshot, self.job.model_copy(update={"client_status": client_status}))
            except ValueError as error:  # pydantic: e.g. a name for client past 120 characters
                message = f"The client would see nothing until this is fixed: {first_error(error)}"
        shown = item if item is not None else message
        if shown == self.previewed:
            return  # e.g. typing in the notes: the client sees the same
        self.previewed = shown
        preview.remove_children()
        if item is None:
            preview.mount(Static(message or "Hidden — the client sees nothing.", classes="preview-hidden"))
            return
        view = PortalItemView(item, show_account=True, now=session.now())
        view.can_focus = False
        preview.mount(view)

    # --- New status… (owner and admin) -------------------------------------------------

    def status_created(self, status_id: int | None) -> None:
        """After *New status…*: the new status is chosen, as if picked from the list (so R3's prefill follows)."""
        if status_id is None:
            return
        select = self.query_one("#status", Select)
        with self.prevent(Select.Changed):
            select.set_options(self._status_options(self.session.snapshot()))
            select.value = self.last_status if self.last_status is not None else Select.NULL
        select.value = status_id
        select.focus()

    # --- Saving (R5), conflicts (R16), errors beside the fields (R18) --------------------------

    def action_save(self) -> None:
        if self.job is None:
            return
        if self.job.archived or self.job.deleted:
            self.app.notify(read_only_reason(self.job), severity="warning")
            return
        if not self.dirty:
            self.app.notify(f"No changes to #{self.job_id}")
            self.dismiss(False)
            return
        form = self.read_form()
        edit = card_edit(form, CardForm.of(self.job))
        if isinstance(edit, dict):
            self.show_errors(edit)
            return
        session = self.session
        if can_see_job(session.actor, self.job) and not can_see_job(
            session.actor, self.job.model_copy(update={"assignees": list(form.assignees)})
        ):
            question = (
                f"Save #{self.job_id} without you among its assignees? You only see the jobs you are assigned to: "
                "it will leave your board and job list, and you will not be able to open it again."
            )
            self.app.push_screen(ConfirmScreen(question, "Save"), lambda yes: self.save_edit(edit) if yes else None)
            return
        self.save_edit(edit)

    def save_edit(self, edit: CardEdit) -> None:
        assert self.job is not None
        session = self.session
        try:
            result = save_card(session.repo, session.actor, self.job_id, self.job.version, edit, via="card")
        except Conflict:
            self.show_conflict()
            return
        except (StoreError, ValidationError) as error:
            self.show_errors(beside_fields(field_errors(error)))
            return
        self.app.notify(" · ".join(result.messages))
        self.dismiss(True)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field; the first of those fields takes the focus, so the user lands on it."""
        errors = {("status" if key == "status_id" else key): message for key, message in errors.items()}
        show_field_errors(self, errors)
        first = next((name for name in FORM_ORDER if name in errors), None)
        if first is not None:
            self.query_one(f"#{first}").focus()
        count = len(errors)
        self.app.notify(f"Not saved: {count} field{'s' if count != 1 else ''} to fix", severity="error")

    def show_conflict(self) -> None:
        assert self.job is not None
        session = self.session
        opened = self.job
        snapshot = session.snapshot()
        changes = changes_since_opened(snapshot, opened, job_audit(session.repo, session.actor, self.job_id))

        def chosen(choice: ConflictChoice | None) -> None:
            stored = self.session.snapshot().jobs.get(self.job_id)
            if stored is None:
                return
            mine = self.read_form()
            self.take(stored)
            if choice == "keep":
                self.fill_form(mine.merged(CardForm.of(opened), CardForm.of(stored)))
                self.app.notify(f"Kept your edits on #{self.job_id}; saving now replaces the changes you saw")
            else:
                self.app.notify(f"Reloaded #{self.job_id}: the card shows the stored job; your edits were dropped")
            self.update_preview()

        self.app.push_screen(CardConflictScreen(opened, changes), chosen)

    def take(self, stored: Job) -> None:
        """Make ``stored`` the job the card works on: its fields, its version for the next save, its history."""
        self.job = stored
        self.fill_form(CardForm.of(stored))
        self.query_one("#card-title", Label).update(f"#{stored.id} {escape_markup(stored.name)}")
        self.query_one("#card-notice", Static).update("")
        self.query_one("#card-notice").set_class(False, "-shown")
        show_field_errors(self, {})
        if stored.archived or stored.deleted:
            self._make_read_only(stored)
        else:
            self._make_editable()  # unarchived or restored elsewhere: editable again
        self.refresh_history()

    def refresh_history(self) -> None:
        session = self.session
        try:
            history = status_history(session.repo, session.actor, self.job_id)
            text = history_text(history, notified_lines(session.snapshot(), self.job_id))
        except StoreError as error:
            text = describe_refusal(error)
        self.query_one("#history-text", Static).update(text)

    @reports_store_errors
    def check_for_changes(self) -> None:
        """A change made elsewhere shows within a second: in the fields if the user has not edited them [R16]."""
        session = self.session
        if self.job is None or not session.changed_since(self.shown_generation):
            return
        snapshot = session.snapshot()
        self.shown_generation = snapshot.generation
        stored = snapshot.jobs.get(self.job_id)
        if stored is None or stored.version == self.job.version:
            self.update_preview()  # e.g. a status renamed in the settings
            return
        if self.dirty:
            notice = self.query_one("#card-notice", Static)
            notice.update("Someone else changed this job while you were editing it; saving will show you what changed.")
            notice.set_class(True, "-shown")
            return
        self.take(stored)
        self.update_preview()
        self.app.notify(f"#{self.job_id} was changed elsewhere; the card shows the new version")

    def _form_widgets(self) -> DOMQuery[Widget]:
        return self.query(
            "#card-form Input, #card-form Select, #card-form Switch, #card-form TextArea, #card-form SelectionList, #save"
        )

    def _make_editable(self) -> None:
        for widget in self._form_widgets():
            widget.disabled = False

    def _make_read_only(self, job: Job) -> None:
        for widget in self._form_widgets():
            widget.disabled = True
        notice = self.query_one("#card-notice", Static)
        notice.update(read_only_reason(job))
        notice.set_class(True, "-shown")

    # --- Closing ------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_close()

    def action_close(self) -> None:
        self.close_then(lambda: None)

    def close_then(self, after: Callable[[], object]) -> None:
        """Close the card — asking first if it has unsaved edits — then do ``after``."""
        if not self.dirty:
            self.dismiss(False)
            after()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.notify(f"Discarded your changes to #{self.job_id}")
                self.dismiss(False)
                after()

        self.app.push_screen(ConfirmScreen(f"Discard your changes to #{self.job_id}?", "Discard"), answered)


def _field(value: str, *, id: str, placeholder: str = "") -> Input:  # noqa: A002
    """A one-line field of the card: focusing it (tab, a click) never selects its text to be typed over."""
    return Input(value, placeholder=placeholder, compact=True, select_on_focus=False, id=id)


def _swatch(status: StatusTemplate) -> str:
    return f"[$status-{status.color}]■[/] {escape_markup(status.name)}"
