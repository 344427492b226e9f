"""Creating jobs (R1, R2), and archiving, deleting, restoring and purging them (R7)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import InvalidRequest, PermissionDenied
from wipboard.store.fields import JobName, Login, Notes, Priority, Via, utc_now
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Account, ClientStatus, Job, JobTemplate, Pipeline, Stage, StatusTemplate
from wipboard.store.permissions import (
    JobLookup,
    can_see_job,
    require_manager,
    require_staff,
    visible_jobs,
)
from wipboard.store.prefill import shown_status
from wipboard.store.repository import Snapshot, TableChanges, Transaction
from wipboard.store.rules import automation_actor, run_automations, template_actor
from wipboard.store.services.lookup import find
from wipboard.store.services.moves import enter_stage, rule_context, stage_of
from wipboard.store.services.operation import Operation, OperationResult, new_op_id, operation
from wipboard.store.wording import jobs_named, listed


class NewJob(BaseModel):
    """A request to add a job; names or ids for the references, as a person types them."""

    model_config = ConfigDict(extra="forbid")

    account: str | int
    pipeline: str | int | None = None
    stage: str | int | None = None
    name: JobName | None = None
    template: str | int | None = None
    assignees: list[Login] | None = None
    priority: Priority | None = None
    start_date: date | None = None
    due_date: date | None = None
    notes: Notes = ""


@dataclass(frozen=True)
class NewJobPreview:
    """What a new job's client will see once it is created (R1, R2): its client status after the
    template's preset and the entry stage's automations, and the automations that cannot run."""

    stage: Stage
    client_status: ClientStatus
    status_name: str | None  # the shown status's name, when shown
    under_job_name: bool  # the client reads the job's own (internal) name
    problems: tuple[str, ...] = ()


def _placement(tables: Snapshot | Transaction, request: NewJob) -> tuple[Account, JobTemplate | None, Pipeline, Stage]:
    """The account, template, pipeline and entry stage ``request`` names."""
    account = find(tables.accounts.values(), request.account, "account")
    template = find(tables.job_templates.values(), request.template, "job template") if request.template is not None else None
    if request.pipeline is not None:
        pipeline = find(tables.pipelines.values(), request.pipeline, "pipeline")
    elif template is not None:
        pipeline = tables.pipelines[template.pipeline_id]
    else:
        raise InvalidRequest("pipeline: say which pipeline the job goes into (or give a job template)")
    if template is not None and template.pipeline_id != pipeline.id:
        raise InvalidRequest(f"template: {template.name!r} is for another pipeline than {pipeline.name!r}")
    if request.stage is not None:
        stage = stage_of(pipeline, request.stage)
    elif template is not None:
        stage = stage_of(pipeline, template.stage_id)
    else:
        stage = pipeline.stages[0]
    return account, template, pipeline, stage


def _preset(
    job: Job, template: JobTemplate | None, statuses: Mapping[int, StatusTemplate] | TableChanges[StatusTemplate], at: datetime,
) -> ClientStatus | None:
    """The client status a template's visible preset gives a new job (R1), or None."""
    preset = template.client_status if template else None
    if template is None or preset is None or not preset.visible:
        return None
    assert preset.status_id is not None
    status = statuses.get(preset.status_id)
    if status is None:
        raise InvalidRequest(f"template {template.name!r} shows status #{preset.status_id}, which no longer exists")
    return shown_status(
        job, job.client_status, status=status, name_for_client=preset.name_for_client or None,
        description=preset.description or None, at=at, by=template_actor(template.name), via="template",
    )


def create_job(repo: FirmRepository, actor: Actor, request: NewJob, *, via: Via = "cli") -> OperationResult:
    """Add a job: hidden from the client unless its template's preset is visible (R1), then
    the entry stage's automations run as if it had moved there (R2)."""
    require_staff(actor, "add jobs")
    with operation(repo, actor, "create", via) as op:
        tx = op.tx
        account, template, pipeline, stage = _placement(tx, request)
        name = request.name or (template.job_name if template else None)
        if not name:
            raise InvalidRequest("name: a job needs a name (or a job template that gives one)")
        assignees = request.assignees if request.assignees is not None else (list(template.assignees) if template else [])
        if actor.user and actor.user.role == "employee" and actor.user.job_access == "assigned" and actor.login not in assignees:
            assignees = [*assignees, actor.login]  # they could not see the job otherwise
        job = Job(
            id=1,
            name=name,
            account_id=account.id,
            pipeline_id=pipeline.id,
            stage_id=stage.id,
            assignees=assignees,
            priority=request.priority or (template.priority if template else "medium"),
            start_date=request.start_date,
            due_date=request.due_date,
            notes=request.notes,
            template_id=template.id if template else None,
            created_at=op.at,
            updated_at=op.at,
        )
        if not can_see_job(actor, job):
            raise PermissionDenied(f"you are {actor.describe()}, so you may not add a job you would not see")
        job = op.create(job)
        shown = _preset(job, template, tx.statuses, op.at)
        if shown is not None:
            assert template is not None
            job = op.update(job.model_copy(update={"client_status": shown}), actor=template_actor(template.name), via="template")
            status = tx.statuses.get(shown.status_id or 0)
            op.messages.append(f"client status → {status.name if status else '?'} (from template {template.name})")
        enter_stage(op, job, stage)
        op.messages.insert(0, f"Added #{job.id} {job.name} to {pipeline.name} · {stage.name}")
    assert op.result is not None
    return op.result


def preview_new_job(repo: FirmRepository, actor: Actor, request: NewJob) -> NewJobPreview:
    """What creating ``request`` would show its client, computed as ``create_job`` does but
    without writing anything: the form says it before the job exists."""
    require_staff(actor, "add jobs")
    snapshot = repo.snapshot()
    account, template, pipeline, stage = _placement(snapshot, request)
    now = utc_now()
    name = request.name or (template.job_name if template else None) or "New job"
    job = Job(id=1, name=name, account_id=account.id, pipeline_id=pipeline.id, stage_id=stage.id, created_at=now, updated_at=now)
    preset = _preset(job, template, snapshot.statuses, now)
    if preset is not None:
        job = job.model_copy(update={"client_status": preset})
    outcome = run_automations(job, stage, rule_context(snapshot, job, automation_actor(stage.name), now))
    shown = outcome.client_status
    status = snapshot.statuses.get(shown.status_id) if shown.visible and shown.status_id else None
    return NewJobPreview(
        stage, shown, status.name if status else None, shown.visible and shown.name_for_client == name,
        tuple(str(problem) for problem in outcome.problems),
    )


FlagAction = Literal["archive", "unarchive", "delete", "restore"]
_FLAGS: dict[FlagAction, tuple[str, bool, str]] = {
    "archive": ("archived", True, "Archived {jobs}"),
    "unarchive": ("archived", False, "Unarchived {jobs}"),
    "delete": ("deleted", True, "Moved {jobs} to the trash"),
    "restore": ("deleted", False, "Restored {jobs}"),
}


def set_flag(
    repo: FirmRepository, actor: Actor, job_ids: Iterable[int], action: FlagAction, *, via: Via = "cli",
    expected_versions: Mapping[int, int] | None = None,
) -> OperationResult:
    """Archive, unarchive, delete (to trash) or restore jobs (R7).

    The client status itself is left as it is: an archived or deleted job simply
    leaves the portal, and unarchiving brings back the status it had.
    """
    require_staff(actor, f"{action} jobs")
    if action == "restore":
        require_manager(actor, "restore jobs from the trash")
    field, value, verb = _FLAGS[action]
    with operation(repo, actor, action, via) as op:
        jobs = op.jobs_to_change(job_ids, action, expected_versions)
        for job in jobs:
            if getattr(job, field) == value:
                continue
            op.update(job.model_copy(update={field: value}))
        changed = _named(op, {change.job_id for change in op.changes})
        op.messages.append(verb.format(jobs=jobs_named(changed)) if changed else f"nothing to {action}: already done")
    assert op.result is not None
    return op.result


def assign_jobs(
    repo: FirmRepository,
    actor: Actor,
    job_ids: Iterable[int],
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    via: Via = "bulk",
    expected_versions: Mapping[int, int] | None = None,
) -> OperationResult:
    """Add and remove assignees on many jobs in one operation: all of them or none."""
    require_staff(actor, "assign jobs")
    adding, removing = list(dict.fromkeys(add)), set(remove)
    if not adding and not removing:
        raise InvalidRequest("assignees: choose someone to add or remove")
    with operation(repo, actor, "assign", via) as op:
        jobs = op.jobs_to_change(job_ids, "assign", expected_versions)
        staff = {user.login for user in op.tx.users.values()}
        unknown = [login for login in adding if login not in staff]
        if unknown:
            raise InvalidRequest(f"assignees: {', '.join(unknown)} is not a staff login of this firm")
        for job in jobs:
            assignees = [login for login in job.assignees if login not in removing]
            assignees += [login for login in adding if login not in assignees]
            if assignees != job.assignees:
                op.update(job.model_copy(update={"assignees": assignees}))
        changed = _named(op, {change.job_id for change in op.changes})
        op.messages.append(_assigned(op, adding, removing, changed) if changed else "nothing to change: already assigned so")
    assert op.result is not None
    return op.result


def purge_jobs(repo: FirmRepository, actor: Actor, job_ids: Iterable[int], *, via: Via = "cli") -> list[int]:
    """Remove deleted jobs for good (owner and admin). Their ids are never given out again.

    The audit log keeps who purged each job and when (field ``purged``): the job is gone,
    its history and that last line stay.
    """
    with repo.transaction() as tx:
        jobs = jobs_to_purge(actor, tx.jobs, job_ids)
        op, at = new_op_id(), utc_now()
        for job in jobs:
            tx.jobs.remove(job.id)
            tx.record(
                AuditEntry(
                    at=at, op=op, operation="purge", user=actor.login, actor=actor.login, via=via,
                    job_id=job.id, field="purged", before=False, after=True, version=job.version,
                )
            )
    return [job.id for job in jobs]


def jobs_to_purge(actor: Actor, jobs: JobLookup, job_ids: Iterable[int]) -> list[Job]:
    """The jobs ``job_ids`` name, if ``actor`` may purge every one of them; else the refusal,
    which a command gives before it asks "for good?" (and the purge itself again, under the lock)."""
    require_manager(actor, "purge jobs from the trash")
    found = visible_jobs(actor, jobs, job_ids, "purge jobs")
    not_deleted = [f"#{job.id}" for job in found if not job.deleted]
    if not_deleted:
        raise InvalidRequest(f"only jobs in the trash can be purged; delete {', '.join(not_deleted)} first")
    return found


def _named(op: Operation, job_ids: set[int]) -> list[tuple[int, str]]:
    """The changed jobs by number and name, for the sentence that reports them."""
    return [(job_id, op.tx.jobs[job_id].name) for job_id in sorted(job_ids)]


def _assigned(op: Operation, adding: list[str], removing: set[str], changed: list[tuple[int, str]]) -> str:
    """Who was put on or taken off which jobs: "Assigned Dana Lee to 2 jobs"."""
    names = {user.login: user.name for user in op.tx.users.values()}
    jobs = jobs_named(changed)
    parts = []
    if adding:
        parts.append(f"Assigned {listed([names.get(login, login) for login in adding])} to {jobs}")
    if removing:
        taken = listed([names.get(login, login) for login in sorted(removing)])
        parts.append(f"took {taken} off {'them' if len(changed) > 1 else 'it'}" if adding else f"Took {taken} off {jobs}")
    return "; ".join(parts)
