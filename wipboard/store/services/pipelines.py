"""Pipelines, their stages and each stage's automations (owner and admin only, R12)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import PipelineName, StageName, StatusDescription, Tag
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import (
    AccountHasTags,
    Automation,
    Pipeline,
    Stage,
    TagMatch,
    UpdateClientStatus,
)
from wipboard.store.permissions import require_manager
from wipboard.store.repository import Transaction
from wipboard.store.services.concurrency import refuse_if_changed
from wipboard.store.services.lookup import find
from wipboard.store.services.operation import operation
from wipboard.store.wording import automation_named, counted


class AutomationFields(BaseModel):
    """An *update client-facing status* automation as a form gives it."""

    model_config = ConfigDict(extra="forbid")

    visible: bool
    status: str | int | None = None
    description: StatusDescription | None = None
    if_account_tags: list[Tag] = []
    tag_match: TagMatch = "all"  # the account has all, any or none of ``if_account_tags``


class PipelineSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PipelineName | None = None
    show_client_status_on_cards: bool | None = None
    confirm_automations_on_move: bool | None = None


def create_pipeline(repo: FirmRepository, actor: Actor, name: str, stage_names: list[str]) -> Pipeline:
    require_manager(actor, "create pipelines")
    if not stage_names:
        raise InvalidRequest("stages: a pipeline needs at least one stage")
    with repo.transaction() as tx:
        if any(item.name.casefold() == name.strip().casefold() for item in tx.pipelines.values()):
            raise InvalidRequest(f"name: a pipeline called {name.strip()!r} already exists")
        stages = [Stage(id=_next(tx, "stages"), name=stage_name) for stage_name in stage_names]
        position = max((item.position for item in tx.pipelines.values()), default=-1) + 1
        return tx.pipelines.put(Pipeline(id=tx.pipelines.new_id(), name=name, position=position, stages=stages))


def update_pipeline(repo: FirmRepository, actor: Actor, ref: str | int, settings: PipelineSettings) -> Pipeline:
    require_manager(actor, "change pipeline settings")
    with repo.transaction() as tx:
        pipeline = find(tx.pipelines.values(), ref, "pipeline")
        if settings.name is not None and any(
            item.id != pipeline.id and item.name.casefold() == settings.name.strip().casefold() for item in tx.pipelines.values()
        ):
            raise InvalidRequest(f"name: a pipeline called {settings.name.strip()!r} already exists")
        return tx.pipelines.put(pipeline.model_copy(update=settings.model_dump(exclude_none=True)))


def add_stage(repo: FirmRepository, actor: Actor, pipeline_ref: str | int, name: StageName, position: int | None = None) -> Pipeline:
    require_manager(actor, "add stages")
    with repo.transaction() as tx:
        pipeline = find(tx.pipelines.values(), pipeline_ref, "pipeline")
        stages = list(pipeline.stages)
        stages.insert(len(stages) if position is None else position, Stage(id=_next(tx, "stages"), name=name))
        return tx.pipelines.put(pipeline.model_copy(update={"stages": stages}))


def rename_stage(repo: FirmRepository, actor: Actor, pipeline_ref: str | int, stage_ref: str | int, name: StageName) -> Pipeline:
    require_manager(actor, "rename stages")
    return _edit_stage(repo, pipeline_ref, stage_ref, lambda stage: stage.model_copy(update={"name": name}))


def move_stage(repo: FirmRepository, actor: Actor, pipeline_ref: str | int, stage_ref: str | int, offset: int) -> Pipeline:
    require_manager(actor, "reorder stages")
    with repo.transaction() as tx:
        pipeline = find(tx.pipelines.values(), pipeline_ref, "pipeline")
        stages = list(pipeline.stages)
        stage = find(stages, stage_ref, "stage")
        index = stages.index(stage)
        stages.insert(max(0, min(len(stages) - 1, index + offset)), stages.pop(index))
        return tx.pipelines.put(pipeline.model_copy(update={"stages": stages}))


def delete_stage(
    repo: FirmRepository, actor: Actor, pipeline_ref: str | int, stage_ref: str | int, move_jobs_to: str | int | None = None
) -> Pipeline:
    """Delete a stage; its jobs must go to another stage of the pipeline, named in the same call.
    They are placed there without running automations: nobody moved them on purpose."""
    require_manager(actor, "delete stages")
    with operation(repo, actor, "delete stage", "cli") as op:
        tx = op.tx
        pipeline = find(tx.pipelines.values(), pipeline_ref, "pipeline")
        stage = find(pipeline.stages, stage_ref, "stage")
        if len(pipeline.stages) == 1:
            raise InvalidRequest("stage: a pipeline keeps at least one stage")
        jobs = [job for job in tx.jobs.values() if job.stage_id == stage.id]
        if jobs and move_jobs_to is None:
            raise InvalidRequest(f"stage {stage.name!r} holds {counted(len(jobs), 'job')}; name the stage to move them to")
        if jobs and move_jobs_to is not None:  # refused above without one
            target = find([item for item in pipeline.stages if item.id != stage.id], move_jobs_to, "target stage")
            for job in jobs:
                op.update(op.job(job.id).model_copy(update={"stage_id": target.id}))
        stages = [item for item in pipeline.stages if item.id != stage.id]
        saved = tx.pipelines.put(pipeline.model_copy(update={"stages": stages}))
        for template in tx.job_templates.values():
            if template.stage_id == stage.id:
                tx.job_templates.put(template.model_copy(update={"stage_id": stages[0].id}))
    return saved


def add_automation(
    repo: FirmRepository, actor: Actor, pipeline_ref: str | int, stage_ref: str | int, fields: AutomationFields
) -> Automation:
    """Append an *update client-facing status* automation to a stage (runs after the existing ones)."""
    require_manager(actor, "change automations")
    with repo.transaction() as tx:
        automation = _automation(tx, _next(tx, "automations"), fields)
        _put_stage(tx, pipeline_ref, stage_ref, lambda stage: stage.model_copy(update={"automations": [*stage.automations, automation]}))
        return automation


def edit_automation(
    repo: FirmRepository, actor: Actor, automation_id: int, fields: AutomationFields, *, opened: Automation | None = None
) -> Automation:
    """Replace an automation; ``opened`` is it as the form showed it — changed since, nothing is saved (R16)."""
    require_manager(actor, "change automations")
    with repo.transaction() as tx:
        found = next(
            ((item, position, stage) for pipeline in tx.pipelines.values() for stage in pipeline.stages
             for position, item in enumerate(stage.automations, start=1) if item.id == automation_id),
            None,
        )
        if found is not None:
            stored, position, stage = found
            refuse_if_changed(stored, opened, automation_named(position, stage.name))
        automation = _automation(tx, automation_id, fields)
        _replace_automations(tx, automation_id, lambda items, index: items.__setitem__(index, automation))
        return automation


def move_automation(repo: FirmRepository, actor: Actor, automation_id: int, offset: int) -> None:
    require_manager(actor, "reorder automations")

    def shift(items: list[Automation], index: int) -> None:
        items.insert(max(0, min(len(items) - 1, index + offset)), items.pop(index))

    with repo.transaction() as tx:
        _replace_automations(tx, automation_id, shift)


def delete_automation(repo: FirmRepository, actor: Actor, automation_id: int) -> None:
    require_manager(actor, "delete automations")
    with repo.transaction() as tx:
        _replace_automations(tx, automation_id, lambda items, index: items.pop(index))


def _automation(tx: Transaction, automation_id: int, fields: AutomationFields) -> Automation:
    status_id = find(tx.statuses.values(), fields.status, "status").id if fields.status is not None else None
    if fields.visible and status_id is None:
        raise InvalidRequest("status: an automation that shows the client status must name a status")
    tags = list(dict.fromkeys(fields.if_account_tags))
    conditions = [AccountHasTags(match=fields.tag_match, tags=tags)] if tags else []
    return UpdateClientStatus(
        id=automation_id, visible=fields.visible, status_id=status_id if fields.visible else None,
        description=fields.description if fields.visible else None, conditions=conditions,
    )


def _replace_automations(tx: Transaction, automation_id: int, change: Callable[[list[Automation], int], object]) -> None:
    for pipeline in tx.pipelines.values():
        for stage in pipeline.stages:
            for index, automation in enumerate(stage.automations):
                if automation.id == automation_id:
                    items = list(stage.automations)
                    change(items, index)
                    _put_stage(tx, pipeline.id, stage.id, lambda found: found.model_copy(update={"automations": items}))
                    return
    raise InvalidRequest("that automation no longer exists: someone else deleted it")


def _edit_stage(repo: FirmRepository, pipeline_ref: str | int, stage_ref: str | int, change: Callable[[Stage], Stage]) -> Pipeline:
    with repo.transaction() as tx:
        return _put_stage(tx, pipeline_ref, stage_ref, change)


def _put_stage(tx: Transaction, pipeline_ref: str | int, stage_ref: str | int, change: Callable[[Stage], Stage]) -> Pipeline:
    pipeline = find(tx.pipelines.values(), pipeline_ref, "pipeline")
    stage = find(pipeline.stages, stage_ref, "stage")
    stages = [change(item) if item.id == stage.id else item for item in pipeline.stages]
    return tx.pipelines.put(pipeline.model_copy(update={"stages": stages}))


def _next(tx: Transaction, counter: Literal["stages", "automations"]) -> int:
    """Stage and automation ids are unique across the firm, counted in the file's _meta.

    Past the counter and past every id in use: a counter edited by hand may lag behind,
    and a new stage or automation must never take the id of an existing one.
    """
    stages = [stage for pipeline in tx.pipelines.values() for stage in pipeline.stages]
    in_use = (
        [stage.id for stage in stages]
        if counter == "stages"
        else [automation.id for stage in stages for automation in stage.automations]
    )
    next_ids = tx.meta["next_ids"]
    value = max(next_ids.get(counter, 1), max(in_use, default=0) + 1)
    next_ids[counter] = value + 1
    tx.meta_changed = True
    return value
