"""``n``: a new job, blank or from a job template (R1, R2: a visible preset shows it at once).

Creating a job is entering its stage (R2): the form says, before *Create*, what the
template's preset and the stage's automations will show its client, as the account,
template, stage and name change.
"""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from wipboard.store.errors import StoreError
from wipboard.store.refusals import describe_refusal
from wipboard.store.services.jobs import NewJob, NewJobPreview, create_job, preview_new_job
from wipboard.tui.kit.form_screen import RemembersItsFields
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal


def what_the_client_will_see(preview: NewJobPreview) -> str:
    """'Will be shown to the client as Planned, named …' — or hidden — in one sentence."""
    if preview.problems:
        return f"Cannot be created as it stands: {'; '.join(preview.problems)}."
    client = preview.client_status
    if not (client.visible and preview.status_name):
        return "Will be hidden from the client (until a stage's automation or someone shows it)."
    if preview.under_job_name:
        return f"Will be shown to the client at once as {preview.status_name}, under the job's own name."
    return f"Will be shown to the client at once as {preview.status_name}, named “{client.name_for_client}”."


class NewJobScreen(RemembersItsFields, WipboardModal[int]):
    """Dismisses with the new job's id."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new_job_cancel"),
        Binding("ctrl+s", "create", "Create", id="new_job_create"),
    ]
    UNSAVED = "the new job you started"

    def __init__(self, pipeline_id: int, stage_id: int | None) -> None:
        super().__init__()
        self.pipeline_id = pipeline_id
        self.stage_id = stage_id

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        accounts = sorted(snapshot.accounts.values(), key=lambda item: item.name.casefold())
        templates = [item for item in snapshot.job_templates.values() if item.pipeline_id == self.pipeline_id]
        stages = snapshot.pipelines[self.pipeline_id].stages
        stage_id = self.stage_id if any(stage.id == self.stage_id for stage in stages) else stages[0].id if stages else None
        with Vertical(classes="dialog new-job compact-form"):
            yield Label(f"New job in {literal(snapshot.pipelines[self.pipeline_id].name)}", classes="title")
            with Horizontal(classes="form-row"):
                yield Label("Account")
                yield Select([(literal(account.name), account.id) for account in accounts], prompt="Choose the client…",
                             value=accounts[0].id if len(accounts) == 1 else Select.NULL,  # a new firm's only client
                             compact=True, id="account")
            with Horizontal(classes="form-row"):
                yield Label("Job template")
                yield Select([(literal(template.name), template.id) for template in templates], prompt="Blank job",
                             compact=True, id="template")
            with Horizontal(classes="form-row"):
                yield Label("Stage")
                yield Select([(literal(stage.name), stage.id) for stage in stages],
                             value=stage_id if stage_id else Select.NULL, allow_blank=False, compact=True, id="stage")
            with Horizontal(classes="form-row"):
                yield Label("Job name")
                yield Input(placeholder="blank: the template's, e.g. 2025 Form 1040", compact=True, id="name")
            yield Label("", id="client-will-see")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Create (ctrl+s)", variant="primary", compact=True, id="create")
                yield Button("Cancel (esc)", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.show_what_the_client_will_see()

    @on(Select.Changed, "#template")
    def template_chosen(self, event: Select.Changed) -> None:
        """A template brings its own entry stage; the stage can still be changed after."""
        template = self.session.snapshot().job_templates.get(event.value) if isinstance(event.value, int) else None
        if template is not None:
            self.query_one("#stage", Select).value = template.stage_id

    @on(Select.Changed)
    @on(Input.Changed)
    def show_what_the_client_will_see(self) -> None:
        line = self.query_one("#client-will-see", Label)
        request = self.request()
        if request is None:
            line.update("[dim]Choose the client to see what they will be shown.[/]")
            return
        session = self.session
        try:
            preview = preview_new_job(session.repo, session.actor, request)
        except (StoreError, ValueError):
            line.update("")  # Create names the problem
            return
        line.update(f"[b]Client:[/] {literal(what_the_client_will_see(preview))}")

    def request(self) -> NewJob | None:
        """The job the form describes now, or None until an account is chosen and the name is fine."""
        try:
            return self._request()
        except ValueError:
            return None

    def _request(self) -> NewJob | None:
        """As ``request``, raising pydantic's ValidationError for a bad field."""
        account = self.query_one("#account", Select).value
        if account is Select.NULL:
            return None
        template = self.query_one("#template", Select).value
        stage = self.query_one("#stage", Select).value
        return NewJob.model_validate({  # the Selects' values are checked like any other input
            "account": account,
            "pipeline": self.pipeline_id,
            "stage": None if stage is Select.NULL else stage,
            "template": None if template is Select.NULL else template,
            "name": self.query_one("#name", Input).value.strip() or None,
        })

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
            return
        self.create()

    def action_cancel(self) -> None:
        self.cancel_asking_first(lambda: self.dismiss(None))

    def on_input_submitted(self) -> None:
        self.create()

    def action_create(self) -> None:
        self.create()

    def create(self) -> None:
        error = self.query_one("#error", Label)
        session = self.session
        try:
            request = self._request()
            if request is None:
                error.update("account: choose the client this job is for")
                return
            result = create_job(session.repo, session.actor, request, via="card")
        except (StoreError, ValidationError) as problem:
            error.update(literal(describe_refusal(problem)))
            return
        except ValueError as problem:
            error.update(literal(str(problem)))
            return
        self.app.notify(" · ".join(result.messages))
        self.dismiss(result.jobs[0].id)
