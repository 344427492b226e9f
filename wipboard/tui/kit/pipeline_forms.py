"""The small forms that create and rename pipelines and stages [R9], for the pipelines pane.

Each is a ``NameForm`` whose save reads the typed names, calls the service and says what
it did. Stage names are checked here, before the service, so that a bad name is named
beside its field (R18); a form that adds something reports the new id, so the pane can
put its cursor there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import TypeAdapter, ValidationError

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import StageName
from wipboard.store.models import Pipeline, Stage
from wipboard.store.services.pipelines import (
    PipelineSettings,
    add_stage,
    create_pipeline,
    rename_stage,
    update_pipeline,
)
from wipboard.store.validation_messages import describe_validation_error
from wipboard.tui.kit.name_form import NameForm, TextField
from wipboard.tui.kit.session import Session

_STAGE_NAME = TypeAdapter(StageName)
_STAGE_NAMES = TypeAdapter(list[StageName])


def new_pipeline_form(session: Session, created: Callable[[int], object]) -> NameForm:
    def save(values: Mapping[str, str]) -> str:
        pipeline = create_pipeline(session.repo, session.actor, values["name"], stage_names(values["stages"]))
        created(pipeline.id)
        return f"Created pipeline {pipeline.name} with stages {', '.join(stage.name for stage in pipeline.stages)}"

    return NameForm("New pipeline", [
        TextField("name", "Name", placeholder="Quarterly estimates"),
        TextField("stages", "Stages, in order (separated by commas)", "To do, In progress, Done"),
    ], save, verb="Create")


def rename_pipeline_form(session: Session, pipeline: Pipeline) -> NameForm:
    def save(values: Mapping[str, str]) -> str:
        saved = update_pipeline(session.repo, session.actor, pipeline.id, PipelineSettings(name=values["name"]))
        return f"Renamed pipeline {pipeline.name} to {saved.name}"

    return NameForm(f"Rename pipeline {pipeline.name}", [TextField("name", "Name", pipeline.name)], save, verb="Rename")


def new_stage_form(
    session: Session, pipeline: Pipeline, after: Stage | None, added: Callable[[int], object],
) -> NameForm:
    """Adds a stage right after ``after`` (at the end when None)."""
    position = [item.id for item in pipeline.stages].index(after.id) + 1 if after else None

    def save(values: Mapping[str, str]) -> str:
        saved = add_stage(session.repo, session.actor, pipeline.id, stage_name(values["name"]), position)
        new = next(item for item in saved.stages if pipeline.stage(item.id) is None)
        added(new.id)
        return f"Added stage {new.name} to {pipeline.name}" + (f" after {after.name}" if after else "")

    where = f" (after {after.name})" if after else ""
    return NameForm(f"New stage in {pipeline.name}{where}", [TextField("name", "Name", placeholder="Review")], save,
                    verb="Add")


def rename_stage_form(session: Session, pipeline: Pipeline, stage: Stage) -> NameForm:
    def save(values: Mapping[str, str]) -> str:
        saved = rename_stage(session.repo, session.actor, pipeline.id, stage.id, stage_name(values["name"]))
        renamed = saved.stage(stage.id)
        return f"Renamed stage {stage.name} of {pipeline.name} to {renamed.name if renamed else values['name']}"

    return NameForm(f"Rename stage {stage.name} of {pipeline.name}", [TextField("name", "Name", stage.name)], save,
                    verb="Rename")


def stage_name(text: str) -> str:
    """The name checked here, so that its problem shows beside the name field [R18]."""
    try:
        return _STAGE_NAME.validate_python(text)
    except ValidationError as error:
        raise InvalidRequest(f"name: {describe_validation_error(error)}") from None


def stage_names(text: str) -> list[str]:
    """'To do, In progress, Done' → the stage names in order, blanks dropped; a bad one is named beside the field."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    try:
        return _STAGE_NAMES.validate_python(names)
    except ValidationError as error:
        raise InvalidRequest(f"stages: {describe_validation_error(error)}") from None
