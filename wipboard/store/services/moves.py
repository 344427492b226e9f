"""Entering a stage (R2, R4): moving jobs, and the preview of what a move would do."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from wipboard.store.errors import StoreError
from wipboard.store.fields import Via, utc_now
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Job, Pipeline, Stage
from wipboard.store.permissions import require_staff, visible_jobs
from wipboard.store.repository import Snapshot, Transaction
from wipboard.store.rules import (
    Outcome,
    Problem,
    RuleContext,
    automation_actor,
    run_automations,
)
from wipboard.store.services.lookup import find
from wipboard.store.services.operation import JobMove, Operation, OperationResult, operation


class AutomationProblem(StoreError):
    """A stage's automation cannot run (R4): the move is refused and the reason named."""

    def __init__(self, job: Job, stage: Stage, problems: Iterable[Problem]) -> None:
        reasons = "; ".join(str(problem) for problem in problems)
        super().__init__(
            f"cannot move #{job.id} {job.name} to {stage.name}: {reasons}. "
            "Fix the automation, or move without automations"
        )


@dataclass(frozen=True)
class MovePreview:
    """What moving one job to a stage would change, before anyone confirms it."""

    job: Job
    stage: Stage
    outcome: Outcome | None  # None: the job is already in that stage, so nothing runs

    @property
    def summaries(self) -> list[str]:
        if self.outcome is None:
            return []
        return [*_once(effect.summary for effect in self.outcome.effects), *(f"⚠ {problem}" for problem in self.outcome.problems)]


def stage_of(pipeline: Pipeline, ref: str | int) -> Stage:
    return find(pipeline.stages, ref, "stage", f" in pipeline {pipeline.name!r}")


def rule_context(tables: Snapshot | Transaction, job: Job, actor: str, at: datetime) -> RuleContext:
    """What the automations of a stage may see: the job's account and the statuses as they are now."""
    if isinstance(tables, Transaction):
        statuses = {status.id: status for status in tables.statuses.values()}
    else:
        statuses = dict(tables.statuses)
    return RuleContext(account=tables.accounts.get(job.account_id), statuses=statuses, actor=actor, at=at)


def enter_stage(op: Operation, job: Job, stage: Stage) -> Job:
    """Run ``stage``'s automations on ``job`` (already placed in it) and record what they changed,
    in the operation's words too (a new job's report)."""
    entered, effects = _run_entry_automations(op, job, stage)
    op.messages.extend(effects)
    return entered


def _run_entry_automations(op: Operation, job: Job, stage: Stage) -> tuple[Job, tuple[str, ...]]:
    """``job`` after ``stage``'s automations, and what they changed; refused if one cannot run."""
    actor = automation_actor(stage.name)
    outcome = run_automations(job, stage, rule_context(op.tx, job, actor, op.at))
    if outcome.problems:
        raise AutomationProblem(job, stage, outcome.problems)
    if outcome.client_status == job.client_status:
        return job, ()
    entered = op.update(job.model_copy(update={"client_status": outcome.client_status}), actor=actor, via="automation")
    return entered, _once(effect.summary for effect in outcome.effects)


def _once(summaries: Iterable[str]) -> tuple[str, ...]:
    """Each summary once: two automations that both show *Waiting on you* (the second with
    another description) read "client status → Waiting on you", not that twice."""
    return tuple(dict.fromkeys(summaries))


def describe_move(move: JobMove) -> str:
    """One job's move in words, the same on every screen and on the command line."""
    if not move.moved:
        return f"#{move.job_id} is already in {move.stage}; nothing to do"
    skipped = "" if move.automations_ran else " · automations skipped"
    return " · ".join([f"Moved #{move.job_id} to {move.stage}", *move.effects]) + skipped


def move_jobs(
    repo: FirmRepository,
    actor: Actor,
    job_ids: Iterable[int],
    stage_ref: str | int,
    *,
    run_automations_on_entry: bool = True,
    via: Via = "cli",
    expected_versions: Mapping[int, int] | None = None,
) -> OperationResult:
    """Move jobs to the stage named ``stage_ref`` in each job's pipeline, running its automations (R4).

    A job already in that stage is left alone: moving to the same stage runs nothing.
    """
    require_staff(actor, "move jobs")
    with operation(repo, actor, "move", via) as op:
        jobs = op.jobs_to_change(job_ids, "move", expected_versions)
        for job in jobs:
            pipeline = op.tx.pipelines[job.pipeline_id]
            stage = stage_of(pipeline, stage_ref)
            if stage.id == job.stage_id:
                op.moves.append(JobMove(job.id, stage.name, moved=False, automations_ran=False))
                continue
            moved = op.update(job.model_copy(update={"stage_id": stage.id}))
            effects: tuple[str, ...] = ()
            if run_automations_on_entry:
                _, effects = _run_entry_automations(op, moved, stage)
            op.moves.append(JobMove(job.id, stage.name, moved=True, automations_ran=run_automations_on_entry, effects=effects))
        op.messages.extend(describe_move(move) for move in op.moves)
    assert op.result is not None
    return op.result


def preview_move(repo: FirmRepository, actor: Actor, job_id: int, stage_ref: str | int) -> MovePreview:
    """What moving ``job_id`` to ``stage_ref`` would do, without changing anything."""
    return preview_moves(repo, actor, [job_id], stage_ref)[0]


def preview_moves(repo: FirmRepository, actor: Actor, job_ids: Iterable[int], stage_ref: str | int) -> list[MovePreview]:
    """What moving each of ``job_ids`` to ``stage_ref`` would do, read from one snapshot, changing nothing."""
    snapshot = repo.snapshot()
    jobs = visible_jobs(actor, snapshot.jobs, job_ids, "move jobs")
    at = utc_now()
    previews = []
    for job in jobs:
        stage = stage_of(snapshot.pipelines[job.pipeline_id], stage_ref)
        if stage.id == job.stage_id:
            previews.append(MovePreview(job, stage, None))
            continue
        moved = job.model_copy(update={"stage_id": stage.id})
        outcome = run_automations(moved, stage, rule_context(snapshot, moved, automation_actor(stage.name), at))
        previews.append(MovePreview(job, stage, outcome))
    return previews
