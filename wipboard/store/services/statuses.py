"""Status templates (R11): create, edit, reorder, delete — with a replacement when in use."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import Color, StatusDescription, StatusName
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import DeletedStatus, StatusTemplate
from wipboard.store.permissions import require_manager
from wipboard.store.repository import Snapshot, Transaction
from wipboard.store.services.concurrency import refuse_if_changed
from wipboard.store.services.lookup import find
from wipboard.store.services.operation import Operation, operation
from wipboard.store.wording import counted, listed


class StatusFields(BaseModel):
    """The editable fields of a status template; ``None`` keeps the current value."""

    model_config = ConfigDict(extra="forbid")

    name: StatusName | None = None
    color: Color | None = None
    description: StatusDescription | None = None
    notify_clients: bool | None = None  # e-mail a job's client when it changes to or within this status (R20)


@dataclass(frozen=True)
class StatusUse:
    """How many jobs, automations and job templates use a status."""

    jobs: int
    automations: int
    templates: int

    def __str__(self) -> str:
        """What uses it, leaving out what does not: "3 jobs and 2 automations"."""
        counts = [(self.jobs, "job"), (self.automations, "automation"), (self.templates, "job template")]
        return listed([counted(count, noun) for count, noun in counts if count]) or "nothing"

    @property
    def total(self) -> int:
        return self.jobs + self.automations + self.templates


def status_use(tables: Snapshot | Transaction, status_id: int) -> StatusUse:
    jobs = sum(1 for job in tables.jobs.values() if job.client_status.status_id == status_id)
    automations = sum(
        1
        for pipeline in tables.pipelines.values()
        for stage in pipeline.stages
        for automation in stage.automations
        if automation.status_id == status_id
    )
    templates = sum(1 for template in tables.job_templates.values() if template.client_status.status_id == status_id)
    return StatusUse(jobs, automations, templates)


def create_status(
    repo: FirmRepository, actor: Actor, name: str, color: Color, description: str = "", *, notify_clients: bool = True
) -> StatusTemplate:
    require_manager(actor, "create statuses")
    with repo.transaction() as tx:
        _refuse_duplicate_name(tx, name)
        existing = tx.statuses.values()
        status = StatusTemplate(
            id=tx.statuses.new_id(), name=name, color=color, description=description, notify_clients=notify_clients,
            position=max((item.position for item in existing), default=-1) + 1,
        )
        return tx.statuses.put(status)


def edit_status(
    repo: FirmRepository, actor: Actor, ref: str | int, fields: StatusFields, *, opened: StatusTemplate | None = None
) -> StatusTemplate:
    """Rename, recolour or re-describe a status. Jobs refer to it by id, so a new name or colour
    shows on every job at once; a new description applies to jobs that choose it from now on.
    ``opened``: the status as the form showed it — changed since (its place aside), nothing is saved (R16)."""
    require_manager(actor, "edit statuses")
    with repo.transaction() as tx:
        status = find(tx.statuses.values(), ref, "status")
        refuse_if_changed(status, opened, f"status {(opened or status).name!r}", ignore=["position"])
        if fields.name is not None and fields.name.casefold() != status.name.casefold():
            _refuse_duplicate_name(tx, fields.name)
        changes = fields.model_dump(exclude_none=True)
        return tx.statuses.put(status.model_copy(update=changes))


def move_status(repo: FirmRepository, actor: Actor, ref: str | int, offset: int) -> list[StatusTemplate]:
    """Move a status up (negative) or down (positive) in the order; returns the new order."""
    require_manager(actor, "reorder statuses")
    with repo.transaction() as tx:
        ordered = sorted(tx.statuses.values(), key=lambda item: item.position)
        status = find(ordered, ref, "status")
        index = ordered.index(status)
        target = max(0, min(len(ordered) - 1, index + offset))
        ordered.insert(target, ordered.pop(index))
        return [tx.statuses.put(item.model_copy(update={"position": position})) for position, item in enumerate(ordered)]


def delete_status(repo: FirmRepository, actor: Actor, ref: str | int, replacement: str | int | None = None) -> StatusUse:
    """Delete a status. If jobs, automations or templates use it, ``replacement`` must name the
    status they move to, in this same call; otherwise nothing changes and the use is counted.

    The jobs' history records the replacement as a settings change by ``actor``, and the
    firm keeps the deleted status's name and colour, so history still names it (R14)."""
    require_manager(actor, "delete statuses")
    with operation(repo, actor, "replace status", "settings") as op:
        tx = op.tx
        status = find(tx.statuses.values(), ref, "status")
        use = status_use(tx, status.id)
        if use.total and replacement is None:
            raise InvalidRequest(
                f"status {status.name!r} is used by {use}; name a replacement status to move them to"
            )
        if replacement is not None:
            new = find(tx.statuses.values(), replacement, "replacement status")
            if new.id == status.id:
                raise InvalidRequest("replacement: choose a different status than the one being deleted")
            _replace_everywhere(op, tx, status.id, new.id)
        tx.statuses.remove(status.id)
        deleted = DeletedStatus(id=status.id, name=status.name, color=status.color)
        tx.set_firm(tx.firm.model_copy(update={"deleted_statuses": [*tx.firm.deleted_statuses, deleted]}))
        remaining = sorted(tx.statuses.values(), key=lambda item: item.position)
        for position, item in enumerate(remaining):
            if item.position != position:
                tx.statuses.put(item.model_copy(update={"position": position}))
    return use


def _replace_everywhere(op: Operation, tx: Transaction, old: int, new: int) -> None:
    for job in tx.jobs.values():
        if job.client_status.status_id == old:
            op.update(job.model_copy(update={"client_status": job.client_status.model_copy(update={"status_id": new})}))
    for pipeline in tx.pipelines.values():
        if any(automation.status_id == old for stage in pipeline.stages for automation in stage.automations):
            stages = [
                stage.model_copy(update={"automations": [
                    automation.model_copy(update={"status_id": new}) if automation.status_id == old else automation
                    for automation in stage.automations
                ]})
                for stage in pipeline.stages
            ]
            tx.pipelines.put(pipeline.model_copy(update={"stages": stages}))
    for template in tx.job_templates.values():
        if template.client_status.status_id == old:
            preset = template.client_status.model_copy(update={"status_id": new})
            tx.job_templates.put(template.model_copy(update={"client_status": preset}))


def _refuse_duplicate_name(tx: Transaction, name: str) -> None:
    if any(item.name.casefold() == name.strip().casefold() for item in tx.statuses.values()):
        raise InvalidRequest(f"name: a status called {name.strip()!r} already exists")
