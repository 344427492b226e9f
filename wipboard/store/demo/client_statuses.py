"""What the automation engine gives a demo job on its way to its stage, worked out once per kind of job."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson

from wipboard.store.demo.history import StepChanges, line_format
from wipboard.store.demo.plan import JobPlan
from wipboard.store.demo.stored import RawDocument, stored_time
from wipboard.store.models import Account, ClientStatus, Job, JobTemplate, Pipeline, StatusTemplate
from wipboard.store.prefill import shown_status
from wipboard.store.rules import RuleContext, automation_actor, run_automations, template_actor
from wipboard.store.tracked_fields import CLIENT_STATUS_FIELDS, TRACKED_FIELDS

_SENTINEL_TIME = datetime(2000, 1, 1, tzinfo=UTC)


class ClientStatuses:
    """The engine's verdict for a stage path, computed once per distinct input and reused.

    The engine's decisions depend on the job's name, its account's condition
    tags, its template and the stages it entered, never on when, so it runs
    with placeholder times (second ``i`` = the ``i``-th stage entered) that are
    then swapped for the job's own. Who acted is named as the services name it:
    ``template: NAME`` for a template's preset, ``automation: STAGE`` for an automation.
    """

    def __init__(self, pipelines: list[Pipeline], statuses: list[StatusTemplate], templates: list[JobTemplate]) -> None:
        self.pipelines = {pipeline.id: pipeline for pipeline in pipelines}
        self.statuses = {status.id: status for status in statuses}
        self.templates = {template.id: template for template in templates}
        self.condition_tags = frozenset(
            tag for pipeline in pipelines for stage in pipeline.stages
            for automation in stage.automations for condition in automation.conditions for tag in condition.tags
        )
        self.cache: dict[tuple[object, ...], tuple[RawDocument, int | None, StepChanges]] = {}

    def final(self, plan: JobPlan, times: list[int]) -> tuple[RawDocument, StepChanges]:
        """The client status of ``plan``'s job, which entered its ``i``-th stage at ``times[i]``, as stored,
        and what the template and the automations changed at each step (0: creation, ``i``: the ``i``-th move)."""
        tags = tuple(sorted(self.condition_tags.intersection(plan.account.tags)))
        key = (plan.pipeline_id, plan.stage_index, tags, plan.template_id, plan.name)
        found = self.cache.get(key)
        if found is None:
            status, step, changes = self._derive(plan, tags)
            found = self.cache[key] = (status.model_dump(mode="json"), step, changes)
        raw, step, changes = found
        if step is None:
            return dict(raw), changes
        return {**raw, "updated_at": stored_time(times[step])}, changes

    def _derive(self, plan: JobPlan, tags: tuple[str, ...]) -> tuple[ClientStatus, int | None, StepChanges]:
        pipeline = self.pipelines[plan.pipeline_id]
        path = pipeline.stages[: plan.stage_index + 1]
        job = Job(id=1, name=plan.name, account_id=1, pipeline_id=pipeline.id, stage_id=path[0].id)
        account = Account(id=1, name="tags only", tags=list(tags))
        template = self.templates[plan.template_id] if plan.template_id else None
        changes: list[list[bytes]] = [[] for _ in path]
        if template is not None and template.client_status.visible:  # R1: the preset, then R2: creation enters
            preset = template.client_status
            assert preset.status_id is not None
            status = shown_status(
                job, job.client_status, status=self.statuses[preset.status_id],
                name_for_client=preset.name_for_client or None, description=preset.description or None,
                at=_SENTINEL_TIME, by=template_actor(template.name), via="template",
            )
            shown = job.model_copy(update={"client_status": status})
            changes[0] += _status_changes(job, shown, template_actor(template.name), "template")
            job = shown
        for step, stage in enumerate(path):
            at = _SENTINEL_TIME + timedelta(seconds=step)
            context = RuleContext(account, self.statuses, automation_actor(stage.name), at)
            outcome = run_automations(job, stage, context)
            assert not outcome.problems, outcome.problems
            moved = job.model_copy(update={"stage_id": stage.id, "client_status": outcome.client_status})
            changes[step] += _status_changes(job, moved, automation_actor(stage.name), "automation")
            job = moved
        status = job.client_status
        steps = tuple((b"".join(step_changes), len(step_changes)) for step_changes in changes)
        if status.updated_at is None:
            return status, None, steps
        return status, int((status.updated_at - _SENTINEL_TIME).total_seconds()), steps


def _status_changes(old: Job, new: Job, actor: str, via: str) -> list[bytes]:
    """The client-status fields that differ between ``old`` and ``new``, in the order the services record them."""
    actor_json = orjson.dumps(actor)
    return [
        line_format(name, TRACKED_FIELDS[name](old), TRACKED_FIELDS[name](new), actor_json, via)
        for name in CLIENT_STATUS_FIELDS
        if TRACKED_FIELDS[name](old) != TRACKED_FIELDS[name](new)
    ]
