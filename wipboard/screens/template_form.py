"""A job template's form: where its jobs start, their default name, assignees and priority, and
the client-status preset they start with (R1) — new or edited.

The entry stage follows the chosen pipeline; choosing a status fills an empty description
with the status's own, as a job's card does (R3). ``save_template`` checks the rest; its
refusals show beside the field they are about (R18).
"""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Switch
from textual.widgets.selection_list import Selection

from wipboard.store.errors import StoreError
from wipboard.store.fields import PRIORITIES
from wipboard.store.models import JobTemplate, Pipeline
from wipboard.store.repository import Snapshot
from wipboard.store.services.templates import TemplateFields, save_template
from wipboard.store.validation_messages import field_errors
from wipboard.tui.kit.form_screen import FormScreen
from wipboard.tui.kit.widgets.form_row import field_cell, form_row, general_error, show_field_errors
from wipboard.tui.kit.widgets.selected import selected
from wipboard.tui.kit.widgets.status_badge import status_option
from wipboard.tui.kit.widgets.tick_list import TickList

PRESET_FIELDS = ("#status", "#name_for_client", "#description")


class TemplateFormScreen(FormScreen[int]):
    """Dismisses with the saved template's id, or None when cancelled."""


    def __init__(self, template: JobTemplate | None = None) -> None:
        super().__init__()
        self.template = template
        # The status chosen so far: tells a choice from the Changed a Select posts on mount.
        self._status_id: object = template.client_status.status_id if template else None

    def compose(self) -> ComposeResult:
        snapshot: Snapshot = self.session.snapshot()
        template = self.template
        pipelines = sorted(snapshot.pipelines.values(), key=lambda item: (item.position, item.id))
        pipeline = snapshot.pipelines.get(template.pipeline_id) if template else None
        pipeline = pipeline or (pipelines[0] if pipelines else None)
        preset = template.client_status if template else None
        statuses = sorted(snapshot.statuses.values(), key=lambda item: (item.position, item.id))
        with VerticalScroll(classes="dialog settings-form template-form"):
            yield Label(f"Edit job template {template.name!r}" if template else "New job template", classes="title",
                        markup=False)
            yield form_row("Name", field_cell("name", Input(
                template.name if template else "", placeholder="e.g. 1040 return", id="name", compact=True,
            )))
            yield form_row("Pipeline", field_cell("pipeline", Select(
                [(item.name, item.id) for item in pipelines], value=pipeline.id if pipeline else Select.NULL,
                allow_blank=pipeline is None, id="pipeline", compact=True,
            )))
            yield form_row("Entry stage", field_cell("stage", Select(
                _stage_options(pipeline), value=_stage_value(pipeline, template), allow_blank=pipeline is None,
                id="stage", compact=True,
            )))
            yield form_row("Job name", field_cell("job_name", Input(
                template.job_name if template else "", placeholder="the name each new job gets", id="job_name",
                compact=True,
            )))
            yield form_row("Priority", field_cell("priority", Select(
                [(priority, priority) for priority in PRIORITIES], value=template.priority if template else "medium",
                allow_blank=False, id="priority", compact=True,
            )))
            yield form_row("Assignees", field_cell("assignees", TickList[str](
                *_assignee_options(snapshot, template), id="assignees", compact=True,
            )))
            yield Label("Client-facing status of its new jobs", classes="section")
            yield form_row(
                "Show to client",
                field_cell("visible", Switch(preset.visible if preset else False, id="visible")),
                Label("Status", classes="form-label-inline"),
                field_cell("status", Select(
                    [(status_option(item), item.id) for item in statuses],
                    value=preset.status_id if preset and preset.status_id in snapshot.statuses else Select.NULL,
                    prompt="No status", id="status", compact=True,
                )),
            )
            yield form_row("Name for client", field_cell("name_for_client", Input(
                preset.name_for_client if preset else "", placeholder="blank: the job's name", id="name_for_client",
                compact=True,
            )))
            yield form_row("Description", field_cell("description", Input(
                preset.description if preset else "", placeholder="blank: the status's description",
                id="description", compact=True,
            )))
            yield general_error()
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self._enable_preset(self.query_one("#visible", Switch).value)
        self.query_one("#name", Input).focus()

    # --- Fields that follow each other ---------------------------------------------------

    @on(Select.Changed, "#pipeline")
    def pipeline_chosen(self, event: Select.Changed) -> None:
        snapshot: Snapshot = self.session.snapshot()
        pipeline = snapshot.pipelines.get(event.value) if isinstance(event.value, int) else None
        stage = self.query_one("#stage", Select)
        if pipeline is None or (isinstance(stage.value, int) and pipeline.stage(stage.value)):
            return
        stage.set_options(_stage_options(pipeline))
        stage.value = pipeline.stages[0].id

    @on(Select.Changed, "#status")
    def status_chosen(self, event: Select.Changed) -> None:
        """R3: choosing a status fills an empty description with the status's own (and replaces
        the one the previous choice filled in, if nobody edited it)."""
        before, self._status_id = self._status_id, event.value
        if event.value == before or not isinstance(event.value, int):
            return  # also the Changed every Select posts when it mounts
        statuses = self.session.snapshot().statuses
        description = self.query_one("#description", Input)
        previous = statuses.get(before) if isinstance(before, int) else None
        if description.value.strip() and (previous is None or description.value != previous.description):
            return
        status = statuses.get(event.value)
        if status is not None:
            description.value = status.description

    @on(Switch.Changed, "#visible")
    def visibility_switched(self, event: Switch.Changed) -> None:
        self._enable_preset(event.value)

    def _enable_preset(self, visible: bool) -> None:
        """A hidden preset's status, name and description are not used [R1]: greyed out, kept."""
        for selector in PRESET_FIELDS:
            self.query_one(selector).disabled = not visible

    # --- Saving -----------------------------------------------------------------------

    def action_save(self) -> None:
        pipeline = selected(self.query_one("#pipeline", Select), int)
        session = self.session
        try:
            if pipeline is None:
                raise _Missing("pipeline: choose the pipeline its jobs go to")
            fields = TemplateFields.model_validate({  # the Selects' values are checked like any other input
                "name": self.query_one("#name", Input).value,
                "pipeline": pipeline,
                "stage": selected(self.query_one("#stage", Select), int),
                "job_name": self.query_one("#job_name", Input).value,
                "assignees": list(self.query_one("#assignees", SelectionList).selected),
                "priority": selected(self.query_one("#priority", Select), str),
                "visible": self.query_one("#visible", Switch).value,
                "status": selected(self.query_one("#status", Select), int),
                "name_for_client": self.query_one("#name_for_client", Input).value,
                "description": self.query_one("#description", Input).value,
            })
            saved = save_template(
                session.repo, session.actor, fields, self.template.id if self.template else None, opened=self.template
            )
        except (StoreError, ValidationError) as error:
            show_field_errors(self, field_errors(error))
            return
        verb = "Saved" if self.template else "Created"
        self.app.notify(f"{verb} job template {saved.name!r}")
        self.dismiss(saved.id)


class _Missing(StoreError):
    """A choice the form needs before the service can be asked."""


def _stage_options(pipeline: Pipeline | None) -> list[tuple[str, int]]:
    return [(stage.name, stage.id) for stage in pipeline.stages] if pipeline else []


def _stage_value(pipeline: Pipeline | None, template: JobTemplate | None) -> int | object:
    if pipeline is None:
        return Select.NULL
    if template is not None and pipeline.stage(template.stage_id) is not None:
        return template.stage_id
    return pipeline.stages[0].id


def _assignee_options(snapshot: Snapshot, template: JobTemplate | None) -> list[Selection[str]]:
    """Every staff login, ticked when the template assigns it; a login the template names that
    is no longer a user stays listed (and ticked) so saving does not drop it unseen."""
    chosen = set(template.assignees) if template else set()
    users = sorted(snapshot.users.values(), key=lambda user: user.name.casefold())
    options = [Selection(f"{user.name} ({user.login})", user.login, user.login in chosen) for user in users]
    known = {user.login for user in users}
    options += [Selection(f"{login} (not a user)", login, True) for login in sorted(chosen - known)]
    return options
