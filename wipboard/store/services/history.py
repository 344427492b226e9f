"""A job's status history (R14), what changed since a version (R16), and undo (R15).

An undo is planned before the store's lock is taken: the store's ``AuditHistory``
finds the user's last operation (on the file, reading the log backwards from its
end; on PostgreSQL, by index) and the later entries of its jobs, grouped by job. Inside the lock the plan is only checked —
nothing of the user's and none of the planned jobs changed since it was made — and
written, so the lock is held about as long as the operation's own write.
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
from wipboard.store.gc_pause import gc_paused
from wipboard.store.identity import Actor
from wipboard.store.interface import AuditHistory, FirmRepository
from wipboard.store.models import Job
from wipboard.store.permissions import can_see_job, require_jobs, require_staff, visible_job
from wipboard.store.repository import Snapshot, Transaction
from wipboard.store.services.operation import (
    CLIENT_STATUS_FIELDS,
    STAMP_FIELD,
    TRACKED_FIELDS,
    Change,
    Operation,
    OperationId,
    OperationResult,
    audit_entries,
    changes_between,
    new_op_id,
    stamp_fields,
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
    STAMP_FIELD: "client status last changed",
}
_PLANS_OUTSIDE_THE_LOCK = 3  # then plan inside it: under a storm of writes the undo still happens


@dataclass(frozen=True)
class HistoryItem:
    """One change of a job's client status, in words (R14).

    ``undone``: a later undo took this change back. ``undid``: this change is an
    undo, and this says of what ("bulk edit of 2026-03-02 14:05").
    """

    at: datetime
    user: str
    actor: str
    via: str
    field: str
    before: str
    after: str
    undone: bool = False
    undid: str | None = None


def describe_value(snapshot: Snapshot, field: str, value: AuditValue, job: Job | None = None) -> str:
    """A stored value as a person reads it: names for ids, yes/no for flags."""
    if value is None or value == "":
        return "—"
    if field == "client_status.status_id":
        status = snapshot.statuses.get(int(value))  # type: ignore[arg-type]
        if status is not None:
            return status.name
        deleted = snapshot.firm.deleted_status(int(value))  # type: ignore[arg-type]
        return f"{deleted.name} (deleted)" if deleted else f"#{value} (deleted status)"
    if field == "stage_id":
        pipeline = snapshot.pipelines.get(job.pipeline_id) if job else None
        stage = pipeline.stage(int(value)) if pipeline else None  # type: ignore[arg-type]
        return stage.name if stage else f"stage #{value}"
    if field == "account_id":
        account = snapshot.accounts.get(int(value))  # type: ignore[arg-type]
        return account.name if account else f"account #{value}"
    if field == STAMP_FIELD and isinstance(value, list):
        return " · ".join(part for part in value if part) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)


def field_label(field: str) -> str:
    return _LABELS.get(field, field.replace("_", " "))


def job_audit(repo: FirmRepository, actor: Actor, job_id: int) -> list[AuditEntry]:
    """Every recorded change of ``job_id``, oldest first, for someone who may see the job (R12, R14)."""
    visible_job(actor, repo.snapshot().jobs, job_id, "see jobs")
    return [entry for entry in repo.audit_entries({job_id}) if entry.field != STAMP_FIELD]


def status_history(repo: FirmRepository, actor: Actor, job_id: int) -> list[HistoryItem]:
    """Every change of ``job_id``'s client status, oldest first; undone changes and undos say so."""
    snapshot = repo.snapshot()
    job = visible_job(actor, snapshot.jobs, job_id, "see jobs")
    entries = repo.audit_entries({job_id})
    undone = {entry.undoes for entry in entries if entry.undoes}
    operations = {entry.op: entry for entry in entries}  # an op's last entry: its name and time
    return [
        HistoryItem(
            at=entry.at,
            user=entry.user,
            actor=entry.actor,
            via=entry.via,
            field=entry.field,
            before=describe_value(snapshot, entry.field, entry.before, job),
            after=describe_value(snapshot, entry.field, entry.after, job),
            undone=entry.op in undone,
            undid=_what(operations.get(entry.undoes)) if entry.undoes else None,
        )
        for entry in entries
        if (entry.field in CLIENT_STATUS_FIELDS or entry.field in ("created", "stage_id"))
    ]


def _what(entry: AuditEntry | None) -> str:
    return f"{entry.operation} of {entry.at:%Y-%m-%d %H:%M}" if entry else "an earlier change"


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
            f"{describe_value(tx.snapshot, entry.field, entry.after, job)} (by {entry.actor})"
            for entry in entries[-6:]
        ) or "it was changed"
    return described


# --- Undo -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """An undo worked out against one generation of the firm file and its log."""

    generation: int
    audit_size: int
    undo: OperationId  # the undo's own op id and time, chosen as it was planned
    operation: str  # what it undoes: "bulk edit"
    jobs: list[tuple[Job, Job]]  # (the job now, the job undone)
    changes: list[Change]
    entries: list[AuditEntry]  # the undo's audit entries, each with the version its job will be saved at


def undo_last(repo: FirmRepository, actor: Actor) -> OperationResult:
    """Undo ``actor``'s last operation as one step, if none of its jobs changed since (R15).

    The undone jobs get back exactly what they had, their client status's time, author
    and channel included, so the client cannot tell the change ever happened.
    """
    require_staff(actor, "undo")
    # The plan makes a few objects per change and holds no cycles: collecting them over and
    # over while it grows would cost as much as the plan itself.
    with gc_paused():
        for _ in range(_PLANS_OUTSIDE_THE_LOCK):
            snapshot = repo.snapshot()
            plan = _plan(snapshot, snapshot.audit_size, repo.history, actor)
            with repo.transaction() as tx:
                if _still_holds(tx, plan, repo.history, actor.login):
                    return _write(tx, plan, actor)
        with repo.transaction() as tx:
            return _write(tx, _plan(tx.snapshot, tx.meta["audit_size"], repo.history, actor), actor)


def _write(tx: Transaction, plan: _Plan, actor: Actor) -> OperationResult:
    op = Operation(tx, actor, "undo", "undo", undoes=plan.undo.undoes, op_id=plan.undo.op, at=plan.undo.at)
    for original, undone in plan.jobs:
        op.adopt(original, undone)
    op.changes.extend(plan.changes)
    op.prepared_entries = plan.entries
    op.messages.append(f"Undid your {plan.operation} of {_jobs(len(plan.jobs))}")
    return op.finish()


def _still_holds(tx: Transaction, plan: _Plan, log: AuditHistory, login: str) -> bool:
    """Whether ``plan`` is still right now that we hold the lock: cheap checks, no re-planning.

    Right if nothing was committed since it was made; or if what was committed touched
    none of its jobs (their versions are unchanged) and none of it is the user's own
    (who may have done something newer in another window).
    """
    if tx.snapshot.generation == plan.generation:
        return True
    if any(tx.jobs.get(job.id) is None or tx.jobs[job.id].version != job.version for job, _ in plan.jobs):
        return False
    return not log.user_wrote_between(login, plan.audit_size, tx.meta["audit_size"])


def _plan(snapshot: Snapshot, audit_size: int, log: AuditHistory, actor: Actor) -> _Plan:
    """The undo of ``actor``'s last operation as of ``snapshot``, or the reason it is refused."""
    target = log.last_operation(audit_size, actor.login)
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
    # Saving a job adds one to the version it was planned from (and refuses any other).
    entries = audit_entries(changes, undo, {job.id: job.version + 1 for job, _ in jobs})
    return _Plan(snapshot.generation, audit_size, undo, name, jobs, changes, entries)


def _require_undo_access(actor: Actor, jobs: list[tuple[Job, Job]]) -> None:
    """A user may undo her own operation on a job she may see now or as the undo leaves it:
    an employee who took herself off a job she saw only as its assignee can take that back (R12)."""
    refused = [job for job, undone in jobs if not (can_see_job(actor, job) or can_see_job(actor, undone))]
    if refused:
        require_jobs(actor, refused, "undo changes to")


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


def _jobs(count: int) -> str:
    return "1 job" if count == 1 else f"{count} jobs"
