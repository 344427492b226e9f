"""R18 Bad input: refused by the models (or the services) naming the field and why; nothing is written."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from wipboard.store.errors import FirmFileError, InvalidRequest, NotFound
from wipboard.store.services.client_status import BulkEdit, CardEdit, bulk_edit, save_card
from wipboard.store.services.jobs import NewJob, create_job
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.people import NewPerson, add_account, add_person
from wipboard.store.services.pipelines import AutomationFields, add_automation, add_stage, create_pipeline
from wipboard.store.services.statuses import StatusFields, create_status, edit_status
from wipboard.store.services.templates import TemplateFields, save_template
from wipboard.store.validation_messages import describe_validation_error


def _card(firm, job, **fields: Any) -> object:
    values = {"visible": True, "status_id": firm.status("Planned").id, **fields}
    return save_card(firm.repo, firm.owner, job.id, job.version, CardEdit(**values))


def _bulk(firm, job, **fields: Any) -> object:
    return bulk_edit(firm.repo, firm.owner, [job.id], BulkEdit(**{"visibility": "show", "status": "Planned", **fields}))


def _new_job(firm, job, **fields: Any) -> object:
    return create_job(firm.repo, firm.owner, NewJob(**{"account": "Rivera Family", "pipeline": "Client work", "name": "Job", **fields}))


# Each case: the call, the error it must raise, and what the message must say.
CASES = [
    pytest.param(
        lambda f, j: _card(f, j, name_for_client="x" * 121),
        ValidationError, "name_for_client: must have at most 120 characters",
        id="name for client too long",
    ),
    pytest.param(
        lambda f, j: _card(f, j, name_for_client="Your\x07return"),
        ValidationError, "name_for_client: must not contain control characters",
        id="name for client with a control character",
    ),
    pytest.param(
        lambda f, j: _card(f, j, name_for_client="Your\nreturn"),
        ValidationError, "name_for_client: must not contain control characters or line breaks",
        id="name for client with a line break",
    ),
    pytest.param(
        lambda f, j: _card(f, j, description="x" * 501),
        ValidationError, "description: must have at most 500 characters",
        id="description too long",
    ),
    pytest.param(
        lambda f, j: _card(f, j, description="\x1b[31mred"),
        ValidationError, "description: must not contain control characters",
        id="description with a terminal escape",
    ),
    pytest.param(
        lambda f, j: _card(f, j, status_id=99),
        InvalidRequest, "status: #99 does not exist",
        id="unknown status on the card",
    ),
    pytest.param(
        lambda f, j: _card(f, j, name="   "),
        ValidationError, "name: must have at least 1 character",
        id="job name empty on the card",
    ),
    pytest.param(
        lambda f, j: _card(f, j, name="x" * 201),
        ValidationError, "name: must have at most 200 characters",
        id="job name too long on the card",
    ),
    pytest.param(
        lambda f, j: _card(f, j, priority="asap"),
        ValidationError, "priority: must be one of",
        id="bad priority",
    ),
    pytest.param(
        lambda f, j: _bulk(f, j, description="x" * 501),
        ValidationError, "description: must have at most 500 characters",
        id="bulk description too long",
    ),
    pytest.param(
        lambda f, j: _bulk(f, j, name_for_client="a\x00b"),
        ValidationError, "name_for_client: must not contain control characters",
        id="bulk name for client with a control character",
    ),
    pytest.param(
        lambda f, j: _bulk(f, j, visibility="maybe"),
        ValidationError, "visibility: must be one of",
        id="bulk unknown visibility",
    ),
    pytest.param(
        lambda f, j: _bulk(f, j, status="Filed"),
        NotFound, "unknown status 'Filed'",
        id="bulk unknown status",
    ),
    pytest.param(
        lambda f, j: move_jobs(f.repo, f.owner, [j.id], "Filed"),
        NotFound, "unknown stage 'Filed' in pipeline 'Client work'",
        id="move to an unknown stage",
    ),
    pytest.param(
        lambda f, j: move_jobs(f.repo, f.owner, [999], "Review"),
        NotFound, "there is no job #999",
        id="move an unknown job",
    ),
    pytest.param(
        lambda f, j: _new_job(f, j, name=""),
        ValidationError, "name: must have at least 1 character",
        id="new job with an empty name",
    ),
    pytest.param(
        lambda f, j: _new_job(f, j, stage="Filed"),
        NotFound, "unknown stage 'Filed' in pipeline 'Client work'",
        id="new job in an unknown stage",
    ),
    pytest.param(
        lambda f, j: _new_job(f, j, account="Nobody Inc"),
        NotFound, "unknown account 'Nobody Inc'",
        id="new job for an unknown account",
    ),
    pytest.param(
        lambda f, j: _new_job(f, j, pipeline="Payroll"),
        NotFound, "unknown pipeline 'Payroll'",
        id="new job in an unknown pipeline",
    ),
    pytest.param(
        lambda f, j: _new_job(f, j, assignees=["dana kim"]),
        ValidationError, "assignees: each assignee must be a login name",
        id="new job with a bad assignee login",
    ),
    pytest.param(
        lambda f, j: _new_job(f, j, start_date="2026-03-01", due_date="2026-02-01"),
        ValidationError, "due_date must not be before start_date",
        id="new job due before it starts",
    ),
    pytest.param(
        lambda f, j: create_status(f.repo, f.owner, "x" * 41, "red"),
        ValidationError, "name: must have at most 40 characters",
        id="status name too long",
    ),
    pytest.param(
        lambda f, j: edit_status(f.repo, f.owner, "Planned", StatusFields(name="")),
        ValidationError, "name: must have at least 1 character",
        id="status name empty",
    ),
    pytest.param(
        lambda f, j: create_status(f.repo, f.owner, "Pink", "pink"),
        ValidationError, "color: must be one of",
        id="status colour outside the palette",
    ),
    pytest.param(
        lambda f, j: edit_status(f.repo, f.owner, "Planned", StatusFields(description="x" * 501)),
        ValidationError, "description: must have at most 500 characters",
        id="status description too long",
    ),
    pytest.param(
        lambda f, j: add_account(f.repo, f.owner, "Acme\x1b Corp"),
        ValidationError, "name: must not contain control characters",
        id="account name with a control character",
    ),
    pytest.param(
        lambda f, j: add_account(f.repo, f.owner, "Acme Corp", ["small business"]),
        ValidationError, "tags: each tag must be one word",
        id="account tag with a space",
    ),
    pytest.param(
        lambda f, j: add_person(f.repo, f.owner, NewPerson(login="dana kim", name="Dana")),
        ValidationError, "login: must be a login name",
        id="login with a space",
    ),
    pytest.param(
        lambda f, j: add_person(f.repo, f.owner, NewPerson(login="dana", name="x" * 121)),
        ValidationError, "name: must have at most 120 characters",
        id="person name too long",
    ),
    pytest.param(
        lambda f, j: add_stage(f.repo, f.owner, "Client work", "x" * 61),
        ValidationError, "name: must have at most 60 characters",
        id="stage name too long",
    ),
    pytest.param(
        lambda f, j: create_pipeline(f.repo, f.owner, "", ["Collect"]),
        ValidationError, "name: must have at least 1 character",
        id="pipeline name empty",
    ),
    pytest.param(
        lambda f, j: add_automation(f.repo, f.owner, "Client work", "Review", AutomationFields(visible=True, status="Filed")),
        NotFound, "unknown status 'Filed'",
        id="automation naming an unknown status",
    ),
    pytest.param(
        lambda f, j: add_automation(f.repo, f.owner, "Client work", "Filed", AutomationFields(visible=False)),
        NotFound, "unknown stage 'Filed'",
        id="automation on an unknown stage",
    ),
    pytest.param(
        lambda f, j: add_automation(f.repo, f.owner, "Client work", "Review", AutomationFields(visible=True)),
        InvalidRequest, "status: an automation that shows",
        id="automation showing without a status",
    ),
    pytest.param(
        lambda f, j: save_template(f.repo, f.owner, TemplateFields(name="T", pipeline="Client work", stage="Filed", job_name="J")),
        NotFound, "unknown stage 'Filed'",
        id="template in an unknown stage",
    ),
    pytest.param(
        lambda f, j: save_template(f.repo, f.owner, TemplateFields(name="T", pipeline="Client work", job_name="J", visible=True, status="Filed")),
        NotFound, "unknown status 'Filed'",
        id="template showing an unknown status",
    ),
]


def _message(error: Exception) -> str:
    return describe_validation_error(error) if isinstance(error, ValidationError) else str(error)


@pytest.mark.parametrize(("call", "error_type", "says"), CASES)
def test_r18_bad_input_is_refused_naming_the_field_and_nothing_is_written(firm, call, error_type, says):
    firm.account("Rivera Family")
    job = firm.job()

    with firm.unchanged(), pytest.raises(error_type) as refused:
        call(firm, job)

    assert says in _message(refused.value)


def test_r18_a_line_break_is_fine_in_a_description(firm):
    job = firm.job()

    _card(firm, job, description="Line one.\nLine two.\tTabbed.")

    assert firm.get(job.id).client_status.description == "Line one.\nLine two.\tTabbed."


def test_r18_names_are_trimmed_before_they_are_measured(firm):
    job = firm.job()

    _card(firm, job, name_for_client="  Your tax return  ")

    assert firm.get(job.id).client_status.name_for_client == "Your tax return"


def test_r18_the_longest_allowed_values_are_accepted(firm):
    job = firm.job("x" * 200)

    _card(firm, job, name_for_client="y" * 120, description="z" * 500)

    status = firm.get(job.id).client_status
    assert (len(status.name_for_client), len(status.description)) == (120, 500)


def test_r18_bad_data_found_in_the_file_is_named_and_never_written_over(firm):
    job = firm.job()
    raw = orjson.loads(firm.file_bytes())
    raw["jobs"][str(job.id)]["client_status"]["name_for_client"] = "x" * 121
    raw["_meta"]["1"]["generation"] += 1
    firm.path.write_bytes(orjson.dumps(raw))

    with firm.unchanged(), pytest.raises(FirmFileError) as refused:
        move_jobs(firm.repo, firm.owner, [job.id], "Review")

    message = str(refused.value)
    assert str(firm.path) in message and f"jobs document {job.id}" in message and "name_for_client" in message


def test_r18_renaming_a_pipeline_to_another_pipelines_name_is_refused(firm):
    from wipboard.store.services.pipelines import PipelineSettings, create_pipeline, update_pipeline

    create_pipeline(firm.repo, firm.owner, "Payroll", ["Upcoming"])
    with firm.unchanged(), pytest.raises(InvalidRequest, match="name: a pipeline called 'payroll' already exists"):
        update_pipeline(firm.repo, firm.owner, "Client work", PipelineSettings(name="payroll"))
    update_pipeline(firm.repo, firm.owner, "Client work", PipelineSettings(name="Client Work"))  # its own name, other case
