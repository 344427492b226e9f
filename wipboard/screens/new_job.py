"""``n``: a new job, blank or from a job template (R1, R2: a visible preset shows it at once)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from wipboard.store.errors import StoreError
from wipboard.store.services.jobs import NewJob, create_job
from wipboard.store.validation_messages import describe_validation_error
from wipboard.tui.form_screen import RemembersItsFields
from wipboard.tui.markup import literal


class NewJobScreen(RemembersItsFields, ModalScreen[int]):
    """Dismisses with the new job's id."""

    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="new_job_cancel")]
    UNSAVED = "the new job you started"

    def __init__(self, pipeline_id: int, stage_id: int | None) -> None:
        super().__init__()
        self.pipeline_id = pipeline_id
        self.stage_id = stage_id

    def compose(self) -> ComposeResult:
        snapshot = self.app.session.snapshot()  # type: ignore[attr-defined]
        accounts = sorted(snapshot.accounts.values(), key=lambda item: item.name.casefold())
        templates = [item for item in snapshot.job_templates.values() if item.pipeline_id == self.pipeline_id]
        with Vertical(classes="dialog"):
            yield Label("New job", classes="title")
            yield Label("Account")
            yield Select([(literal(account.name), account.id) for account in accounts], prompt="Choose the client…", id="account")
            yield Label("Job template (optional)")
            yield Select([(literal(template.name), template.id) for template in templates], prompt="Blank job", id="template")
            yield Label("Job name (blank: the template's)")
            yield Input(placeholder="2025 Form 1040", id="name")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
            return
        self.create()

    def action_cancel(self) -> None:
        self.cancel_asking_first(lambda: self.dismiss(None))

    def on_input_submitted(self) -> None:
        self.create()

    def create(self) -> None:
        account = self.query_one("#account", Select).value
        template = self.query_one("#template", Select).value
        name = self.query_one("#name", Input).value.strip()
        error = self.query_one("#error", Label)
        if account is Select.NULL:
            error.update("account: choose the client this job is for")
            return
        session = self.app.session  # type: ignore[attr-defined]
        try:
            request = NewJob(
                account=int(account),  # type: ignore[arg-type]
                pipeline=self.pipeline_id,
                stage=self.stage_id if template is Select.NULL else None,
                template=None if template is Select.NULL else int(template),  # type: ignore[arg-type]
                name=name or None,
            )
            result = create_job(session.repo, session.actor, request, via="card")
        except StoreError as problem:
            error.update(str(problem))
            return
        except ValueError as problem:  # pydantic's ValidationError
            error.update(describe_validation_error(problem) if hasattr(problem, "errors") else str(problem))
            return
        self.app.notify(" · ".join(result.messages))
        self.dismiss(result.jobs[0].id)
