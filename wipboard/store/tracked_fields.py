"""The job fields an operation records in the audit log, and the client status's stamp.

Below both the operation (which records them) and the history (which reads them
back in words): neither needs the other to know what a recorded field is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from wipboard.store.audit import AuditValue
from wipboard.store.models import Job

# The job fields whose changes are recorded, as audit field names → how to read them.
TRACKED_FIELDS: dict[str, Callable[[Job], AuditValue]] = {
    "name": lambda job: job.name,
    "account_id": lambda job: job.account_id,
    "pipeline_id": lambda job: job.pipeline_id,
    "stage_id": lambda job: job.stage_id,
    "assignees": lambda job: list(job.assignees),
    "priority": lambda job: job.priority,
    "start_date": lambda job: job.start_date.isoformat() if job.start_date else None,
    "due_date": lambda job: job.due_date.isoformat() if job.due_date else None,
    "notes": lambda job: job.notes,
    "archived": lambda job: job.archived,
    "deleted": lambda job: job.deleted,
    "client_status.visible": lambda job: job.client_status.visible,
    "client_status.name_for_client": lambda job: job.client_status.name_for_client,
    "client_status.status_id": lambda job: job.client_status.status_id,
    "client_status.description": lambda job: job.client_status.description,
}
CLIENT_STATUS_FIELDS = (
    "client_status.visible",
    "client_status.name_for_client",
    "client_status.status_id",
    "client_status.description",
)
# When and by whom (and through what) the client status was last changed, as [time, by, via]:
# recorded so that an undo gives the client back exactly what they saw, its time included (R15).
# Bookkeeping, not a change a person made: staff history and conflict messages leave it out.
STAMP_FIELD = "client_status.updated"


def stamp_of(job: Job) -> list[str] | None:
    status = job.client_status
    if status.updated_at is None and status.updated_by is None and status.via is None:
        return None
    return [status.updated_at.isoformat() if status.updated_at else "", status.updated_by or "", status.via or ""]


def stamp_fields(value: AuditValue) -> dict[str, datetime | str | None]:
    """The client status's ``updated_at``, ``updated_by`` and ``via`` that ``stamp_of`` recorded as ``value``."""
    at, by, via = value if isinstance(value, list) and len(value) == 3 else ("", "", "")
    return {"updated_at": datetime.fromisoformat(at) if at else None, "updated_by": by or None, "via": via or None}
