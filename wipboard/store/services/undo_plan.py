"""What an undo would do (R15), worked out before the firm file's lock is taken.

The user's last operation not yet undone is found by the store's ``AuditHistory``
(on the firm file, by reading the audit log backwards from its end: an operation's
entries are appended together, so finding it costs what was written since; on
PostgreSQL, through an index). The entries written after
it are then read in one pass and grouped by job, to see whether any of its jobs
changed since; and each job is worked out as the undo leaves it, with the audit
entries the undo will write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from wipboard.store.audit import AuditEntry, AuditValue
from wipboard.store.errors import Conflict, InvalidRequest
from wipboard.store.fields import utc_now
from wipboard.store.identity import Actor
from wipboard.store.interface import AuditHistory
from wipboard.store.models import Job
from wipboard.store.permissions import can_see_job, require_jobs
from wipboard.store.repository import Snapshot
from wipboard.store.services.operation import Change, OperationId, audit_entries, changes_between, new_op_id
from wipboard.store.tracked_fields import CLIENT_STATUS_FIELDS, STAMP_FIELD, TRACKED_FIELDS, stamp_fields

UNDOABLE = ("card save", "move", "bulk edit", "assign", "create", "archive", "unarchive", "delete", "restore")


@dataclass(frozen=True)
class UndoPlan:
    """An undo worked out against one generation of the firm file and its log."""

    generation: int
    audit_size: int
    undo: OperationId  # the undo's own op id and time, chosen as it was planned
    operation: str  # what it undoes: "bulk edit"
    jobs: list[tuple[Job, Job]]  # (the job now, the job undone)
    changes: list[Change]
    entries: list[AuditEntry]  # the undo's audit entries, each with the version its job will be saved at


def plan_undo(snapshot: Snapshot, audit_size: int, log: AuditHistory, actor: Actor) -> UndoPlan:
    """The undo of ``actor``'s last operation as of ``snapshot``, or the reason it is refused."""
    target = log.last_operation(audit_size, actor.login)  # refuses an operation whose record cannot be read whole
    if target is None:
        raise InvalidRequest("there is nothing of yours to undo")
    mine: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in target.entries:
        mine[entry.job_id].append(entry)
    if not mine:
        raise InvalidRequest("there is nothing of yours to undo")
    name = next(iter(mine.values()))[0].operation
    if name not in UNDOABLE:
        raise InvalidRequest(f"your last operation ({name}) cannot be undone")
    later: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in log.entries_between(target.end, audit_size, set(mine)):
        later[entry.job_id].append(entry)
    changed = _changed_since(snapshot, mine, later)
    # A changed job she may no longer see is refused as one that does not exist: never by its name (R12).
    require_jobs(actor, [snapshot.jobs[job_id] for job_id in changed if job_id in snapshot.jobs], "undo changes to")
    if changed:
        names = ", ".join(f"#{job_id} {_name(snapshot, job_id)}" for job_id in changed[:10])
        more = f" and {len(changed) - 10} more" if len(changed) > 10 else ""
        raise Conflict(f"cannot undo your {name}: {names}{more} changed since; nothing was undone", tuple(changed))
    undo = OperationId(new_op_id(), "undo", actor.login, utc_now(), undoes=target.op)
    jobs, changes = [], []
    for job_id, entries in mine.items():
        job = snapshot.jobs[job_id]
        undone = _reverted(job, entries, undo.at, actor.login)
        # Only the fields the operation changed can differ (an undone addition: its trash flag).
        named = dict.fromkeys("deleted" if entry.field == "created" else entry.field for entry in entries)
        fields = [field for field in named if field in TRACKED_FIELDS]
        changes += changes_between(job, undone, actor.login, "undo", fields)
        jobs.append((job, undone))
    _require_undo_access(actor, jobs)
    _refuse_deleted_statuses(snapshot, name, jobs)
    # Saving a job adds one to the version it was planned from (and refuses any other).
    entries = audit_entries(changes, undo, {job.id: job.version + 1 for job, _ in jobs})
    return UndoPlan(snapshot.generation, audit_size, undo, name, jobs, changes, entries)


def _require_undo_access(actor: Actor, jobs: list[tuple[Job, Job]]) -> None:
    """A user may undo her own operation on a job she may see now or as the undo leaves it:
    an employee who took herself off a job she saw only as its assignee can take that back (R12)."""
    refused = [job for job, undone in jobs if not (can_see_job(actor, job) or can_see_job(actor, undone))]
    if refused:
        require_jobs(actor, refused, "undo changes to")


def _refuse_deleted_statuses(snapshot: Snapshot, name: str, jobs: list[tuple[Job, Job]]) -> None:
    """A status deleted since the operation (no job used it any more) cannot be given back."""
    gone = [
        (job, undone.client_status.status_id)
        for job, undone in jobs
        if undone.client_status.status_id is not None and undone.client_status.status_id not in snapshot.statuses
    ]
    if not gone:
        return
    deleted = snapshot.firm.deleted_status(gone[0][1])
    status = f"status {deleted.name!r}" if deleted else "a status it would give back"
    names = ", ".join(f"#{job.id} {job.name}" for job, _ in gone[:10])
    more = f" and {len(gone) - 10} more" if len(gone) > 10 else ""
    raise Conflict(
        f"cannot undo your {name}: {status} was deleted since, and {names}{more} would go back to it; "
        "nothing was undone",
        tuple(job.id for job, _ in gone),
    )


def _name(snapshot: Snapshot, job_id: int) -> str:
    job = snapshot.jobs.get(job_id)
    return job.name if job else "(purged)"


def _changed_since(
    snapshot: Snapshot, mine: Mapping[int, list[AuditEntry]], later: Mapping[int, list[AuditEntry]]
) -> list[int]:
    """The jobs of the operation that changed since it, in id order.

    Later operations that were themselves undone (and their undos) do not count,
    so a user can undo several steps back in a row.
    """
    undone = {entry.undoes for entries in later.values() for entry in entries if entry.undoes}
    changed = []
    for job_id in sorted(mine):
        after = later.get(job_id, [])
        cancelled = all(entry.op in undone or entry.undoes in undone for entry in after)
        expected = max((entry.version or 0 for entry in after), default=0) or max(
            entry.version or 0 for entry in mine[job_id]
        )
        job = snapshot.jobs.get(job_id)
        if job is None or not cancelled or job.version != expected:
            changed.append(job_id)
    return changed


def _reverted(job: Job, entries: list[AuditEntry], at: datetime, login: str) -> Job:
    """``job`` with the changes of ``entries`` taken back, the client status's stamp included.

    An operation recorded before stamps were (no stamp entry) leaves the undo's own stamp.
    Not validated here: the transaction validates every job it saves.
    """
    fields: dict[str, Any] = {}
    status: dict[str, Any] = {}
    named = {entry.field for entry in entries}
    if STAMP_FIELD not in named and not named.isdisjoint(CLIENT_STATUS_FIELDS):
        status.update(updated_at=at, updated_by=login, via="undo")
    for entry in reversed(entries):
        if entry.field == "created":
            fields["deleted"] = True  # undoing an addition sends the job to the trash
        elif entry.field == STAMP_FIELD:
            status.update(stamp_fields(entry.before))
        elif entry.field.startswith("client_status."):
            status[entry.field.removeprefix("client_status.")] = entry.before
        else:
            fields[entry.field] = _stored(entry.field, entry.before)
    if status:
        fields["client_status"] = job.client_status.model_copy(update=status)
    return job.model_copy(update=fields)


def _stored(field: str, value: AuditValue) -> Any:
    if field in ("start_date", "due_date") and isinstance(value, str):
        return date.fromisoformat(value)
    if field == "assignees" and isinstance(value, list):
        return list(value)
    return value
