"""A recorded change in words: field labels, stored values as names, what changed since a version.

Below both the operation (whose conflict refusal says what someone else changed)
and the history (which shows a job's changes): the words are read from the
snapshot only, never from either of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from wipboard.store.audit import AuditValue
from wipboard.store.models import Job
from wipboard.store.repository import Snapshot, Transaction
from wipboard.store.tracked_fields import STAMP_FIELD
from wipboard.store.wording import by_whom

_LABELS = {
    "created": "job",
    "stage_id": "stage",
    "account_id": "account",
    "pipeline_id": "pipeline",
    "client_status.visible": "shown to client",
    "client_status.name_for_client": "name for client",
    "client_status.status_id": "status",
    "client_status.description": "description",
    STAMP_FIELD: "client status last changed",
}
_ID_FIELDS = ("client_status.status_id", "stage_id", "account_id")


def describe_value(snapshot: Snapshot, field: str, value: AuditValue, job: Job | None = None) -> str:
    """A stored value as a person reads it: names for ids, yes/no for flags."""
    if value is None or value == "":
        return "—"
    if field in _ID_FIELDS and isinstance(value, (int, str)) and not isinstance(value, bool):
        return _describe_id(snapshot, field, int(value), job)
    if field == STAMP_FIELD and isinstance(value, list):
        return " · ".join(part for part in value if part) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)


def _describe_id(snapshot: Snapshot, field: str, value: int, job: Job | None) -> str:
    if field == "client_status.status_id":
        status = snapshot.statuses.get(value)
        if status is not None:
            return status.name
        deleted = snapshot.firm.deleted_status(value)
        return f"{deleted.name} (deleted)" if deleted else f"#{value} (deleted status)"
    if field == "stage_id":
        pipeline = snapshot.pipelines.get(job.pipeline_id) if job else None
        stage = pipeline.stage(value) if pipeline else None
        return stage.name if stage else f"stage #{value}"
    account = snapshot.accounts.get(value)
    return account.name if account else f"account #{value}"


def field_label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " "))


def changes_since(tx: Transaction, versions: Mapping[int, int]) -> dict[int, str]:
    """What happened to each job after the version given for it, e.g. 'stage Review → Filed (by dana)'.

    Only the entries since each job's given version are read: a conflict on a card
    opened a minute ago reads a minute of the log.
    """
    later = tx.history.entries_after_versions(tx.meta["audit_size"], versions) if tx.history else {}
    described = {}
    for job_id in versions:
        job = tx.jobs.get(job_id)
        entries = [entry for entry in later.get(job_id, []) if entry.field != STAMP_FIELD]
        described[job_id] = ", ".join(
            f"{field_label(entry.field)} {describe_value(tx.snapshot, entry.field, entry.before, job)} → "
            f"{describe_value(tx.snapshot, entry.field, entry.after, job)} (by {by_whom(entry.actor, None)})"
            for entry in entries[-6:]
        ) or "it was changed"
    return described
