"""Job templates and their client-status preset (R1), for owner and admin."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import (
    JobName,
    Login,
    NameForClient,
    Priority,
    StatusDescription,
    TemplateName,
)
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import ClientStatusPreset, JobTemplate
from wipboard.store.permissions import require_manager
from wipboard.store.repository import Transaction
from wipboard.store.services.concurrency import refuse_if_changed
from wipboard.store.services.lookup import find


class TemplateFields(BaseModel):
    """A job template as a form or the command line gives it: names or ids for references."""

    model_config = ConfigDict(extra="forbid")

    name: TemplateName
    pipeline: str | int
    stage: str | int | None = None
    job_name: JobName
    assignees: list[Login] = []
    priority: Priority = "medium"
    visible: bool = False
    status: str | int | None = None
    name_for_client: NameForClient = ""
    description: StatusDescription = ""


def save_template(
    repo: FirmRepository, actor: Actor, fields: TemplateFields, template_ref: str | int | None = None,
    *, opened: JobTemplate | None = None,
) -> JobTemplate:
    """Create a job template, or replace the one named ``template_ref``; ``opened`` is that one as the
    form showed it — changed since, nothing is saved (R16)."""
    require_manager(actor, "change job templates")
    with repo.transaction() as tx:
        existing = find(tx.job_templates.values(), template_ref, "job template") if template_ref is not None else None
        if existing is not None:
            refuse_if_changed(existing, opened, f"job template {(opened or existing).name!r}")
        if any(
            item.name.casefold() == fields.name.casefold() and (existing is None or item.id != existing.id)
            for item in tx.job_templates.values()
        ):
            raise InvalidRequest(f"name: a job template called {fields.name!r} already exists")
        return tx.job_templates.put(_template(tx, existing.id if existing else tx.job_templates.new_id(), fields))


def delete_template(repo: FirmRepository, actor: Actor, template_ref: str | int) -> None:
    require_manager(actor, "delete job templates")
    with repo.transaction() as tx:
        tx.job_templates.remove(find(tx.job_templates.values(), template_ref, "job template").id)


def _template(tx: Transaction, template_id: int, fields: TemplateFields) -> JobTemplate:
    pipeline = find(tx.pipelines.values(), fields.pipeline, "pipeline")
    stage = find(pipeline.stages, fields.stage, "stage") if fields.stage is not None else pipeline.stages[0]
    status_id = find(tx.statuses.values(), fields.status, "status").id if fields.status is not None else None
    if fields.visible and status_id is None:
        raise InvalidRequest("status: a template that shows the client status must name a status")
    preset = ClientStatusPreset(
        visible=fields.visible, status_id=status_id, name_for_client=fields.name_for_client, description=fields.description
    )
    return JobTemplate(
        id=template_id, name=fields.name, pipeline_id=pipeline.id, stage_id=stage.id, job_name=fields.job_name,
        assignees=fields.assignees, priority=fields.priority, client_status=preset,
    )
