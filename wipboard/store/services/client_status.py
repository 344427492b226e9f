"""Editing client-facing statuses: one job's card (R5) and many jobs at once (R6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import (
    Id,
    JobName,
    Login,
    NameForClient,
    Notes,
    Priority,
    StatusDescription,
    Via,
)
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import ClientStatus, Job, StatusTemplate
from wipboard.store.permissions import require_staff
from wipboard.store.prefill import hidden_status, shown_status
from wipboard.store.services.lookup import find
from wipboard.store.services.operation import Operation, OperationResult, operation


class CardEdit(BaseModel):
    """Everything the job card saves at once (R5). ``None`` leaves an internal field as it is."""

    model_config = ConfigDict(extra="forbid")

    name: JobName | None = None
    assignees: list[Login] | None = None
    priority: Priority | None = None
    start_date: date | None = None
    due_date: date | None = None
    notes: Notes | None = None
    visible: bool
    name_for_client: NameForClient = ""
    status_id: Id | None = None
    description: StatusDescription = ""


class BulkEdit(BaseModel):
    """The bulk edit form (R6): visibility, and optional name for client, status and description."""

    model_config = ConfigDict(extra="forbid")

    visibility: Literal["show", "hide", "unchanged"] = "unchanged"
    name_for_client: NameForClient | None = None  # blank keeps each job's own
    status: str | int | None = None
    description: StatusDescription | None = None

    @property
    def is_noop(self) -> bool:
        return self.visibility == "unchanged" and not self.name_for_client and self.status is None and self.description is None


def save_card(
    repo: FirmRepository, actor: Actor, job_id: int, expected_version: int, edit: CardEdit, *, via: Via = "card"
) -> OperationResult:
    """Save a job card: internal fields and client status together, refused if the job changed since (R16)."""
    require_staff(actor, "edit jobs")
    with operation(repo, actor, "card save", via) as op:
        job = op.jobs_to_change([job_id], "edit", {job_id: expected_version})[0]
        internal = {
            name: value
            for name, value in edit.model_dump(include={"name", "assignees", "priority", "start_date", "due_date", "notes"}).items()
            if value is not None
        }
        if "start_date" in edit.model_fields_set:
            internal["start_date"] = edit.start_date
        if "due_date" in edit.model_fields_set:
            internal["due_date"] = edit.due_date
        job = Job.model_validate({**job.model_dump(), **internal})
        status = _status(op, edit.status_id) if edit.status_id is not None else None
        if edit.visible:
            if status is None:
                raise InvalidRequest("status: choose a status to show to the client")
            client_status = shown_status(
                job,
                job.client_status,
                status=status,
                name_for_client=edit.name_for_client or None,
                description=edit.description,
                at=op.at,
                by=actor.login,
                via=via,
            )
        else:
            client_status = _edited_hidden(job.client_status, edit.name_for_client, edit.status_id, edit.description, op, via)
        op.update(job.model_copy(update={"client_status": client_status}))
        op.messages.append(f"Saved #{job.id} {job.name}" + _client_summary(client_status, status))
    assert op.result is not None
    return op.result


def bulk_edit(
    repo: FirmRepository,
    actor: Actor,
    job_ids: Iterable[int],
    edit: BulkEdit,
    *,
    via: Via = "bulk",
    expected_versions: Mapping[int, int] | None = None,
) -> OperationResult:
    """Apply ``edit`` to every job in one transaction: all of them or, on any refusal, none (R6)."""
    require_staff(actor, "edit jobs")
    with operation(repo, actor, "bulk edit", via) as op:
        jobs = op.jobs_to_change(job_ids, "edit", expected_versions)
        status = find(op.tx.statuses.values(), edit.status, "status") if edit.status is not None else None
        if edit.visibility == "show" and status is None:
            without = [f"#{job.id}" for job in jobs if job.client_status.status_id is None]
            if without:
                raise InvalidRequest(f"status: choose a status to show — {', '.join(without[:10])} have none yet")
        for job in jobs:
            new_status = _bulk_status(op, job, edit, status, via)
            if new_status != job.client_status:
                op.update(job.model_copy(update={"client_status": new_status}))
        changed = len({change.job_id for change in op.changes})
        op.messages.append(_bulk_summary(edit, status, len(jobs), changed))
    assert op.result is not None
    return op.result


def _bulk_status(op: Operation, job: Job, edit: BulkEdit, status: StatusTemplate | None, via: Via) -> ClientStatus:
    current = job.client_status
    visible = {"show": True, "hide": False, "unchanged": current.visible}[edit.visibility]
    if visible:
        chosen = status or _status(op, current.status_id)
        return shown_status(
            job, current, status=chosen, name_for_client=edit.name_for_client or None,
            description=edit.description, at=op.at, by=op.actor.login, via=via,
        )
    status_id = status.id if status else current.status_id
    description = edit.description if edit.description is not None else (status.description if status else current.description)
    return _edited_hidden(current, edit.name_for_client or current.name_for_client, status_id, description, op, via)


def _edited_hidden(
    current: ClientStatus, name_for_client: str, status_id: int | None, description: str, op: Operation, via: Via
) -> ClientStatus:
    """``current`` hidden, with its fields edited and kept for when it is shown again."""
    hidden = hidden_status(current, at=op.at, by=op.actor.login, via=via)
    edited = hidden.model_copy(update={"name_for_client": name_for_client, "status_id": status_id, "description": description})
    if edited == hidden:
        return hidden
    return edited.model_copy(update={"updated_at": op.at, "updated_by": op.actor.login, "via": via})


def _status(op: Operation, status_id: int | None) -> StatusTemplate:
    status = op.tx.statuses.get(status_id) if status_id is not None else None
    if status is None:
        raise InvalidRequest(f"status: #{status_id} does not exist (was it deleted?); choose another")
    return status


def _client_summary(client_status: ClientStatus, status: StatusTemplate | None) -> str:
    if client_status.visible and status is not None:
        return f" · client sees {status.name}"
    return " · hidden from the client"


def _bulk_summary(edit: BulkEdit, status: StatusTemplate | None, selected: int, changed: int) -> str:
    jobs = "job" if selected == 1 else "jobs"
    if edit.visibility == "show":
        what = f"Showed {status.name!r}" if status else "Showed the status"
        return f"{what} to the clients of {selected} {jobs} ({changed} changed)"
    if edit.visibility == "hide":
        return f"Hid the client status of {selected} {jobs} ({changed} changed)"
    return f"Updated the client status of {selected} {jobs} ({changed} changed)"
