"""One user operation inside one transaction: the jobs it changes and their audit entries.

Every service that changes jobs goes through ``Operation``: it keeps the job as
it was when the operation began, lets several steps change it (the user's edit,
then each automation), records who changed which field at each step, and saves
each job once, with its version checked, when the operation finishes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from wipboard.store.audit import AuditEntry, AuditValue
from wipboard.store.errors import Conflict, InvalidRequest
from wipboard.store.fields import Via, utc_now
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Job
from wipboard.store.outbox import contact_ids_by_account, queue_notifications
from wipboard.store.permissions import visible_jobs
from wipboard.store.repository import Transaction
from wipboard.store.services.change_words import changes_since
from wipboard.store.tracked_fields import STAMP_FIELD, TRACKED_FIELDS, stamp_of


@dataclass(frozen=True)
class Change:
    """One field of one job changed by one step of an operation."""

    job_id: int
    field: str
    before: AuditValue
    after: AuditValue
    actor: str
    via: Via


@dataclass(frozen=True)
class OperationId:
    """What every audit entry of one operation says about it."""

    op: str
    name: str
    user: str
    at: datetime
    undoes: str | None = None


@dataclass(frozen=True)
class JobMove:
    """What a move did to one job (R4): the stage it went to — or was already in, so nothing
    ran — and what that stage's automations changed."""

    job_id: int
    stage: str
    moved: bool
    automations_ran: bool = True
    effects: tuple[str, ...] = ()


@dataclass
class OperationResult:
    """What an operation did, as data (the jobs saved, each field changed, each job moved)
    and in words for the notification and the command line (``messages``)."""

    op: str
    operation: str
    jobs: list[Job] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    moves: list[JobMove] = field(default_factory=list)

    @property
    def job_ids(self) -> list[int]:
        return [job.id for job in self.jobs]

    @property
    def moved(self) -> list[JobMove]:
        """The jobs a move took to another stage."""
        return [move for move in self.moves if move.moved]

    @property
    def unchanged(self) -> list[JobMove]:
        """The jobs a move left where they were: already in that stage."""
        return [move for move in self.moves if not move.moved]


class Operation:
    """Collects the job changes of one operation and writes them with their audit entries."""

    def __init__(
        self, tx: Transaction, actor: Actor, name: str, via: Via, *,
        undoes: str | None = None, op_id: str | None = None, at: datetime | None = None,
    ) -> None:
        self.tx = tx
        self.actor = actor
        self.name = name
        self.via = via
        self.undoes = undoes
        self.op = op_id or new_op_id()
        self.at: datetime = at or utc_now()
        # Audit entries built before the transaction (an undo's plan): finish() records them as they are.
        self.prepared_entries: list[AuditEntry] | None = None
        self.original: dict[int, Job] = {}
        self.created: set[int] = set()
        self.current: dict[int, Job] = {}
        self.changes: list[Change] = []
        self.messages: list[str] = []
        self.moves: list[JobMove] = []
        self.result: OperationResult | None = None

    @property
    def identity(self) -> OperationId:
        return OperationId(self.op, self.name, self.actor.login, self.at, self.undoes)

    def job(self, job_id: int) -> Job:
        """The job as this operation has changed it so far."""
        if job_id in self.current:
            return self.current[job_id]
        job = self.tx.jobs[job_id]
        self.original[job_id] = job
        self.current[job_id] = job
        return job

    def create(self, job: Job) -> Job:
        """Add a new job under a fresh id; it is saved at version 1 when the operation finishes."""
        added = self.tx.jobs.add(job)
        self.created.add(added.id)
        self.original[added.id] = added
        self.current[added.id] = added
        self.changes.append(Change(added.id, "created", None, added.name, self.actor.login, self.via))
        return added

    def jobs_to_change(
        self, job_ids: Iterable[int], action: str, expected_versions: Mapping[int, int] | None = None
    ) -> list[Job]:
        """The jobs this operation acts on, each once. Refused if there are none, if the actor
        may not ``action`` one of them (R12), or if one changed since the user saw it (R16)."""
        ids = list(dict.fromkeys(job_ids))
        if not ids:
            raise InvalidRequest("jobs: select at least one job")
        visible_jobs(self.actor, self.tx.jobs, ids, action)  # no job, or not one they may see: the same refusal
        jobs = [self.job(job_id) for job_id in ids]
        if expected_versions:
            self.expect_versions(expected_versions)
        return jobs

    def expect_versions(self, versions: Mapping[int, int]) -> None:
        """Refuse (R16) if any job changed since the user read it at ``versions``."""
        stale = [job_id for job_id, version in versions.items() if self.job(job_id).version != version]
        if stale:
            raise Conflict(self._describe_conflict(stale, versions), tuple(stale))

    def _describe_conflict(self, stale: list[int], versions: Mapping[int, int]) -> str:
        described = changes_since(self.tx, {job_id: versions[job_id] for job_id in stale})
        lines = [f"#{job_id} {self.current[job_id].name}: " + described[job_id] for job_id in stale]
        return "someone else changed " + ("this job" if len(stale) == 1 else f"{len(stale)} jobs") + " since you opened it — " + "; ".join(lines)

    def update(self, new: Job, *, actor: str | None = None, via: Via | None = None) -> Job:
        """Record ``new`` as the job's next state, attributing changed fields to ``actor``/``via``."""
        old = self.job(new.id)
        self.changes.extend(changes_between(old, new, actor or self.actor.login, via or self.via))
        self.current[new.id] = new
        return new

    def adopt(self, original: Job, new: Job) -> None:
        """Take a job's next state worked out before the transaction began (an undo's plan);
        the caller gives its changes. ``original`` is the job the plan started from: saving
        checks it is still the stored version, so a job changed meanwhile is a conflict."""
        self.original[new.id] = original
        self.current[new.id] = new

    def finish(self) -> OperationResult:
        """Save every changed job once (version checked) and append the audit entries."""
        saved: dict[int, Job] = {}
        changed_ids = {change.job_id for change in self.changes}
        for job_id in self.current:
            if job_id in self.created:
                saved[job_id] = self.tx.jobs.put(self.current[job_id])
            elif job_id in changed_ids:
                saved[job_id] = self.tx.jobs.save(self.current[job_id], expected_version=self.original[job_id].version)
        if self.prepared_entries is not None:
            self.tx.record(*self.prepared_entries)
        else:
            versions = {job_id: job.version for job_id, job in saved.items()}
            self.tx.record(*audit_entries(self.changes, self.identity, versions))
        before = {job_id: None if job_id in self.created else self.original[job_id] for job_id in saved}
        queue_notifications(self.tx, self.op, self.undoes, before, saved, utc_now())  # same transaction (R20)
        self.result = OperationResult(
            self.op, self.name, list(saved.values()), list(self.changes), list(self.messages), list(self.moves)
        )
        return self.result


def prepare_first_write(repo: FirmRepository) -> None:
    """Do at a quiet moment what the first operation would otherwise do on top of its own work:
    the store's (a firm file encoded whole) and the outbox's index of each account's contacts."""
    repo.prepare_writes()
    contact_ids_by_account(repo.snapshot().contacts)


def new_op_id() -> str:
    return secrets.token_hex(6)


def audit_entries(changes: Iterable[Change], op: OperationId, versions: Mapping[int, int]) -> list[AuditEntry]:
    """``changes`` as the audit entries of ``op``, each with its job's version once saved."""
    return [
        AuditEntry.model_construct(  # every value comes from validated models
            at=op.at,
            op=op.op,
            operation=op.name,
            user=op.user,
            actor=change.actor,
            via=change.via,
            job_id=change.job_id,
            field=change.field,
            before=change.before,
            after=change.after,
            version=versions[change.job_id],
            undoes=op.undoes,
        )
        for change in changes
    ]


def changes_between(old: Job, new: Job, actor: str, via: Via, fields: Iterable[str] | None = None) -> list[Change]:
    """The recorded fields that differ between two states of one job, in a fixed order;
    only among ``fields`` (names of ``TRACKED_FIELDS``), if the caller knows which may differ."""
    changes = []
    for name in TRACKED_FIELDS if fields is None else fields:
        read = TRACKED_FIELDS[name]
        before, after = read(old), read(new)
        if before != after:
            changes.append(Change(new.id, name, before, after, actor, via))
    if old.client_status is not new.client_status:
        before_stamp, after_stamp = stamp_of(old), stamp_of(new)
        if before_stamp != after_stamp:
            changes.append(Change(new.id, STAMP_FIELD, before_stamp, after_stamp, actor, via))
    return changes


@contextmanager
def operation(repo: FirmRepository, actor: Actor, name: str, via: Via, *, undoes: str | None = None) -> Iterator[Operation]:
    """``with operation(repo, actor, "move", "cli") as op:`` — one transaction, one audit op id."""
    with repo.transaction() as tx:
        op = Operation(tx, actor, name, via, undoes=undoes)
        yield op
        op.finish()
