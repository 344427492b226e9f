"""A job's status history (R14), what changed since a version (R16), and undo (R15).

An undo is planned before the store's lock is taken (``undo_plan``, through the store's
``AuditHistory``: on the file, the log read backwards from its end; on PostgreSQL, an
index). Inside the lock the plan is only checked — nothing of the user's and none of the planned jobs
changed since it was made — and written, so the lock is held about as long as the
operation's own write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wipboard.store.audit import AuditEntry
from wipboard.store.gc_pause import gc_paused
from wipboard.store.identity import Actor
from wipboard.store.interface import AuditHistory, FirmRepository
from wipboard.store.permissions import require_staff, visible_job
from wipboard.store.repository import Transaction
from wipboard.store.services.change_words import describe_value
from wipboard.store.services.operation import Operation, OperationResult
from wipboard.store.services.undo_plan import UndoPlan, plan_undo
from wipboard.store.tracked_fields import CLIENT_STATUS_FIELDS, STAMP_FIELD
from wipboard.store.wording import jobs_named

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


# --- Undo -------------------------------------------------------------------------------


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
            plan = plan_undo(snapshot, snapshot.audit_size, repo.history, actor)
            with repo.transaction() as tx:
                if _still_holds(tx, plan, repo.history, actor.login):
                    return _write(tx, plan, actor)
        with repo.transaction() as tx:
            return _write(tx, plan_undo(tx.snapshot, tx.meta["audit_size"], repo.history, actor), actor)


def _write(tx: Transaction, plan: UndoPlan, actor: Actor) -> OperationResult:
    op = Operation(tx, actor, "undo", "undo", undoes=plan.undo.undoes, op_id=plan.undo.op, at=plan.undo.at)
    for original, undone in plan.jobs:
        op.adopt(original, undone)
    op.changes.extend(plan.changes)
    op.prepared_entries = plan.entries
    op.messages.append(f"Undid your {plan.operation} of {jobs_named([(job.id, job.name) for job, _ in plan.jobs])}")
    return op.finish()


def _still_holds(tx: Transaction, plan: UndoPlan, log: AuditHistory, login: str) -> bool:
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

