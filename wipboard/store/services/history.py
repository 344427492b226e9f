"""A job's status history (R14), what changed since a version (R16), and undo (R15)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from wipboard.store.audit import AuditEntry, AuditValue
from wipboard.store.errors import Conflict, InvalidRequest
from wipboard.store.identity import Actor
from wipboard.store.models import Job
from wipboard.store.permissions import require_jobs, require_staff, visible_job
from wipboard.store.repository import Repository, Snapshot, Transaction
from wipboard.store.services.operation import (
    CLIENT_STATUS_FIELDS,
    OperationResult,
    operation,
)

UNDOABLE = ("card save", "move", "bulk edit", "assign", "create", "archive", "unarchive", "delete", "restore")
_LABELS = {
    "created": "job",
    "stage_id": "stage",
    "account_id": "account",
    "pipeline_id": "pipeline",
    "client_status.visible": "shown to client",
    "client_status.name_for_client": "name for client",
    "client_status.status_id": "status",
    "client_status.description": "description",
}


@dataclass(frozen=True)
class HistoryItem:
    """One change of a job's client status, in words (R14)."""

    at: datetime
    user: str
    actor: str
    via: str
    field: str
    before: str
    after: str


def describe_value(snapshot: Snapshot, field: str, value: AuditValue, job: Job | None = None) -> str:
    """A stored value as a person reads it: names for ids, yes/no for flags."""
    if value is None or value == "":
        return "—"
    if field == "client_status.status_id":
        status = snapshot.statuses.get(int(value))  # type: ignore[arg-type]
        return status.name if status else f"#{value} (deleted status)"
    if field == "stage_id":
        pipeline = snapshot.pipelines.get(job.pipeline_id) if job else None
        stage = pipeline.stage(int(value)) if pipeline else None  # type: ignore[arg-type]
        return stage.name if stage else f"stage #{value}"
    if field == "account_id":
        account = snapshot.accounts.get(int(value))  # type: ignore[arg-type]
        return account.name if account else f"account #{value}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)


def field_label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " "))


def job_audit(repo: Repository, actor: Actor, job_id: int) -> list[AuditEntry]:
    """Every recorded change of ``job_id``, oldest first, for someone who may see the job (R12, R14)."""
    visible_job(actor, repo.snapshot().jobs, job_id, "see jobs")
    return repo.audit_entries({job_id})


def status_history(repo: Repository, actor: Actor, job_id: int) -> list[HistoryItem]:
    """Every change of ``job_id``'s client status, oldest first."""
    snapshot = repo.snapshot()
    job = visible_job(actor, snapshot.jobs, job_id, "see jobs")
    return [
        HistoryItem(
            at=entry.at,
            user=entry.user,
            actor=entry.actor,
            via=entry.via,
            field=entry.field,
            before=describe_value(snapshot, entry.field, entry.before, job),
            after=describe_value(snapshot, entry.field, entry.after, job),
        )
        for entry in repo.audit_entries({job_id})
        if (entry.field in CLIENT_STATUS_FIELDS or entry.field in ("created", "stage_id"))
    ]


def changes_since(tx: Transaction, job_id: int, version: int) -> str:
    """What happened to a job after ``version``, e.g. 'stage Review → Filed (by dana)'."""
    job = tx.jobs.get(job_id)
    entries = [entry for entry in tx.committed_audit({job_id}) if (entry.version or 0) > version]
    if not entries:
        return "it was changed"
    parts = [
        f"{field_label(entry.field)} {describe_value(tx.snapshot, entry.field, entry.before, job)} → "
        f"{describe_value(tx.snapshot, entry.field, entry.after, job)} (by {entry.actor})"
        for entry in entries[-6:]
    ]
    return ", ".join(parts)


def undo_last(repo: Repository, actor: Actor) -> OperationResult:
    """Undo ``actor``'s last operation as one step, if none of its jobs changed since (R15)."""
    require_staff(actor, "undo")
    with operation(repo, actor, "undo", "undo") as op:
        target, touched = _last_undoable(op.tx.latest_audit_of(actor.login))
        if target is None:
            raise InvalidRequest("there is nothing of yours to undo")
        entries = op.tx.committed_audit(job_ids=touched)  # everyone's changes to those jobs, since and before
        mine = [entry for entry in entries if entry.op == target]
        if mine[0].operation not in UNDOABLE:
            raise InvalidRequest(f"your last operation ({mine[0].operation}) cannot be undone")
        op.undoes = target
        changed = _changed_since(op.tx, entries, target)
        if changed:
            raise Conflict(
                f"cannot undo your {mine[0].operation}: {', '.join(changed)} changed since; nothing was undone",
            )
        final_versions = {entry.job_id: entry.version for entry in mine}
        jobs = [op.job(job_id) for job_id in final_versions]
        require_jobs(actor, jobs, "undo changes to")
        for job in jobs:
            op.update(_reverted(job, [entry for entry in mine if entry.job_id == job.id], op.at, actor.login))
        op.messages.append(f"Undid your {mine[0].operation} of {_jobs(len(jobs))}")
    assert op.result is not None
    return op.result


def _last_undoable(newest_first: Iterator[AuditEntry]) -> tuple[str | None, set[int]]:
    """The op id of the user's last operation not yet undone, and the jobs it touched.

    Reads the user's entries from the newest back, and stops as soon as it has
    passed that operation (its entries were appended together, so they are adjacent).
    """
    undone: set[str] = set()
    target: str | None = None
    touched: set[int] = set()
    for entry in newest_first:
        if target is not None:
            if entry.op != target:
                break
            touched.add(entry.job_id)
        elif entry.undoes is not None:
            undone.add(entry.undoes)
        elif entry.op not in undone:
            target = entry.op
            touched.add(entry.job_id)
    return target, touched


def _changed_since(tx: Transaction, entries: list[AuditEntry], target: str) -> list[str]:
    """The jobs of operation ``target`` that changed since, as '#12 Form 1040'.

    Later operations that were themselves undone (and their undos) do not count,
    so a user can undo several steps back in a row.
    """
    position = max(index for index, entry in enumerate(entries) if entry.op == target)
    touched = {entry.job_id for entry in entries if entry.op == target}
    undone = {entry.undoes for entry in entries if entry.undoes}
    changed = []
    for job_id in sorted(touched):
        later = [entry for entry in entries[position + 1 :] if entry.job_id == job_id]
        cancelled = all(entry.op in undone or entry.undoes in undone for entry in later)
        expected = max((entry.version or 0 for entry in later), default=0) or max(
            entry.version or 0 for entry in entries if entry.op == target and entry.job_id == job_id
        )
        job = tx.jobs.get(job_id)
        if job is None or not cancelled or job.version != expected:
            changed.append(f"#{job_id} {job.name if job else '(purged)'}")
    return changed


def _reverted(job: Job, entries: list[AuditEntry], at: datetime, login: str) -> Job:
    raw: dict[str, Any] = job.model_dump()
    for entry in reversed(entries):
        if entry.field == "created":
            raw["deleted"] = True  # undoing an addition sends the job to the trash
            continue
        _set_path(raw, entry.field, _stored(entry.field, entry.before))
    if any(entry.field in CLIENT_STATUS_FIELDS for entry in entries):
        raw["client_status"].update(updated_at=at, updated_by=login, via="undo")
    return Job.model_validate(raw)


def _stored(field: str, value: AuditValue) -> Any:
    if field in ("start_date", "due_date") and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _set_path(raw: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        raw = raw[part]
    raw[last] = value


def _jobs(count: int) -> str:
    return "1 job" if count == 1 else f"{count} jobs"
