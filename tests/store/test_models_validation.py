"""R18: every value goes through the pydantic models — too long, empty, control characters, unknown
values are refused with a ValidationError that names the field, and a refused save writes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wipboard.store.errors import InvalidRequest
from wipboard.store.firm_file import create_firm
from wipboard.store.models import (
    Account,
    ClientStatus,
    ClientStatusPreset,
    Contact,
    Firm,
    Job,
    JobTemplate,
    Model,
    Pipeline,
    Stage,
    StatusTemplate,
    UpdateClientStatus,
    User,
)
from wipboard.store.repository import Repository
from wipboard.store.validation_messages import describe_validation_error
from wipboard.store.wording import number

VALID: dict[type[Model], dict[str, Any]] = {
    Firm: {"name": "Rivera & Co"},
    User: {"id": 1, "login": "dana", "name": "Dana Kim", "role": "employee", "job_access": "assigned"},
    Contact: {"id": 1, "login": "mrivera", "name": "Maria Rivera", "account_ids": [1]},
    Account: {"id": 1, "name": "Rivera Family", "tags": ["individual"]},
    StatusTemplate: {"id": 1, "name": "In review", "description": "Being checked.", "color": "orange", "position": 0},
    UpdateClientStatus: {"id": 1, "visible": True, "status_id": 4, "conditions": [{"tags": ["individual"]}]},
    Stage: {"id": 1, "name": "Review", "automations": []},
    Pipeline: {"id": 1, "name": "Individual tax return", "stages": [{"id": 1, "name": "Intake"}]},
    ClientStatusPreset: {"visible": True, "status_id": 1, "name_for_client": "Your tax return"},
    JobTemplate: {"id": 1, "name": "1040 return", "pipeline_id": 1, "stage_id": 1, "job_name": "Form 1040"},
    ClientStatus: {"visible": True, "name_for_client": "Your 2025 tax return", "status_id": 4},
    Job: {"id": 1, "name": "2025 Form 1040", "account_id": 1, "pipeline_id": 1, "stage_id": 1, "notes": "a\nb"},
}

# (model, field, longest accepted) — the limits of SPEC §1.
LIMITS = [
    (Job, "name", 200),
    (Account, "name", 200),
    (Firm, "name", 200),
    (ClientStatus, "name_for_client", 120),
    (ClientStatusPreset, "name_for_client", 120),
    (StatusTemplate, "description", 500),
    (ClientStatus, "description", 500),
    (UpdateClientStatus, "description", 500),
    (StatusTemplate, "name", 40),
    (Stage, "name", 60),
    (Pipeline, "name", 80),
    (JobTemplate, "name", 80),
    (User, "name", 120),
    (Contact, "name", 120),
    (Job, "notes", 10_000),
]

SINGLE_LINE_NAMES = [
    (Job, "name"), (Account, "name"), (Firm, "name"), (StatusTemplate, "name"), (Stage, "name"),
    (Pipeline, "name"), (JobTemplate, "name"), (JobTemplate, "job_name"), (User, "name"), (Contact, "name"),
    (ClientStatus, "name_for_client"), (ClientStatusPreset, "name_for_client"),
]
CONTROL_CHARACTERS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x9b", "\n", "\r", "\t", "\u2028", "\u2029"]
MULTI_LINE_TEXT = [(Job, "notes"), (StatusTemplate, "description"), (ClientStatus, "description")]


def with_value(model: type[Model], field: str, value: object) -> dict[str, Any]:
    return {**VALID[model], field: value}


def error_fields(error: ValidationError) -> set[str]:
    return {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}


def test_r18_the_valid_examples_are_valid():
    for model, document in VALID.items():
        model.model_validate(document)


@pytest.mark.parametrize(("model", "field", "longest"), LIMITS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_text_longer_than_its_limit_is_refused_naming_the_field(model, field, longest):
    assert getattr(model.model_validate(with_value(model, field, "x" * longest)), field) == "x" * longest
    with pytest.raises(ValidationError) as error:
        model.model_validate(with_value(model, field, "x" * (longest + 1)))
    assert error_fields(error.value) == {field}
    assert describe_validation_error(error.value).startswith(f"{field}: must have at most {number(longest)} characters")


@pytest.mark.parametrize(("model", "field"), SINGLE_LINE_NAMES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_names_refuse_control_characters_and_line_breaks(model, field):
    for control in CONTROL_CHARACTERS:
        with pytest.raises(ValidationError) as error:
            model.model_validate(with_value(model, field, f"Tax{control}return"))
        assert error_fields(error.value) == {field}, repr(control)
        assert "control characters" in describe_validation_error(error.value)


@pytest.mark.parametrize(("model", "field"), SINGLE_LINE_NAMES[:10], ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_names_must_not_be_empty_or_blank(model, field):
    for blank in ("", "   ", "\u3000"):
        with pytest.raises(ValidationError) as error:
            model.model_validate(with_value(model, field, blank))
        assert error_fields(error.value) == {field}
    # Surrounding spaces are trimmed, not refused.
    assert getattr(model.model_validate(with_value(model, field, "  Tax return  ")), field) == "Tax return"


@pytest.mark.parametrize(("model", "field"), MULTI_LINE_TEXT, ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_multi_line_text_keeps_line_breaks_and_refuses_other_control_characters(model, field):
    text = "Line one\n\tLine two\r\nLine three"
    assert getattr(model.model_validate(with_value(model, field, text)), field) == text
    for control in ("\x00", "\x1b[2J", "\x7f", "\x85", "\x0c"):
        with pytest.raises(ValidationError) as error:
            model.model_validate(with_value(model, field, f"a{control}b"))
        assert error_fields(error.value) == {field}


def test_r18_a_visible_client_status_needs_a_name_for_the_client_and_a_status():
    ClientStatus(visible=False)
    ClientStatus(visible=True, name_for_client="Your tax return", status_id=1)
    for missing in ({"name_for_client": ""}, {"name_for_client": "   "}, {"status_id": None}):
        with pytest.raises(ValidationError):
            ClientStatus.model_validate({"visible": True, "name_for_client": "Your tax return", "status_id": 1, **missing})
    with pytest.raises(ValidationError) as error:
        Job.model_validate(with_value(Job, "client_status", {"visible": True, "status_id": 1}))
    assert "name_for_client" in describe_validation_error(error.value)
    with pytest.raises(ValidationError):
        ClientStatusPreset(visible=True)
    with pytest.raises(ValidationError):
        UpdateClientStatus(id=1, visible=True)
    with pytest.raises(ValidationError):
        UpdateClientStatus(id=1, visible=False, status_id=2)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (StatusTemplate, "color", "pink"),
        (Job, "priority", "critical"),
        (User, "role", "contact"),
        (User, "job_access", "some"),
        (User, "login", "dana kim"),
        (Account, "tags", ["two words"]),
        (Account, "tags", ["a", "A"]),
        (Job, "account_id", 0),
        (Job, "stage_id", -1),
        (Job, "version", 0),
        (Job, "due_date", "2026-02-30"),
        (Job, "assignees", ["not a login"]),
        (Contact, "account_ids", []),
        (Pipeline, "stages", []),
        (Pipeline, "stages", [{"id": 1, "name": "Intake"}, {"id": 2, "name": "intake"}]),
        (Job, "colour", "red"),
    ],
)
def test_r18_unknown_or_impossible_values_are_refused(model, field, value):
    with pytest.raises(ValidationError):
        model.model_validate(with_value(model, field, value))


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_r18_a_number_too_big_for_the_file_is_refused_not_accepted_and_then_unsavable(model):
    """Every integer field: a value the file cannot hold exactly is a ValidationError, never a crash on save."""
    for field in model.model_fields:
        for huge in (2**53, 2**64, 10**30):
            for value in (huge, [huge]):
                try:
                    item = model.model_validate(with_value(model, field, value))
                except ValidationError:
                    continue
                round_trips_through_the_file(item)


def test_r18_due_date_before_start_date_is_refused():
    with pytest.raises(ValidationError, match="due_date must not be before start_date"):
        Job.model_validate({**VALID[Job], "start_date": "2026-03-02", "due_date": "2026-03-01"})


def test_r18_an_employee_only_may_have_limited_job_access():
    with pytest.raises(ValidationError, match="job_access applies to employees only"):
        User.model_validate(with_value(User, "role", "admin"))


# --- Hypothesis: anything in, a model or a ValidationError out --------------------------

CONTROL_AND_SEPARATORS = st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Zs"))
# Lone surrogates: what Python makes of a command-line argument that is not valid UTF-8.
SURROGATES = st.characters(categories=("Cs",))
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(st.characters(), CONTROL_AND_SEPARATORS, SURROGATES), max_size=30),
    st.builds(lambda n, tail: "x" * n + tail, st.integers(0, 520), st.text(CONTROL_AND_SEPARATORS, max_size=2)),
    st.sampled_from(["blue", "pink", "medium", "employee", "owner", "2026-04-15", "2026-04-15T10:00:00Z", "1", ""]),
)
# What a form, the command line or the firm file can hand over: JSON values and strings.
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**53 - 1, 2**53, 2**63, 2**64, 2**100, -(2**63) - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=8,
)
# What Python code may hand to a model as well (pydantic's lax mode converts some of these).
VALUES = st.recursive(
    st.one_of(
        JSON_SCALARS,
        st.decimals(allow_nan=True),
        st.binary(max_size=20),
        st.dates(),
        st.datetimes(timezones=st.just(dt.timezone.utc)),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children),
        st.frozensets(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=8,
)


def fuzzed(model: type[Model]) -> st.SearchStrategy[dict[str, Any]]:
    fields = sorted(model.model_fields) + ["unknown_field"]
    changes = st.dictionaries(st.sampled_from(fields), VALUES, min_size=1, max_size=3)
    return changes.map(lambda change: {**VALID[model], **change})


def round_trips_through_the_file(item: Model) -> None:
    """What the store writes must read back as the same model (orjson, as FirmStorage serializes)."""
    stored = orjson.loads(orjson.dumps(item.model_dump(mode="json")))
    assert type(item).model_validate(stored) == item


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_r18_any_value_into_a_model_gives_a_valid_model_or_a_validation_error(model, data):
    document = data.draw(fuzzed(model))
    try:
        item = model.model_validate(document)
    except ValidationError as error:
        assert error.errors(), "a ValidationError must say which field and why"
        assert describe_validation_error(error)
        return
    round_trips_through_the_file(item)


# Fields of a job a person edits (id, version and timestamps are set by the store).
EDITABLE_JOB_FIELDS = [
    "name", "account_id", "pipeline_id", "stage_id", "assignees", "priority", "start_date", "due_date",
    "notes", "archived", "deleted", "template_id", "client_status",
]


@pytest.fixture(scope="module")
def shared_firm():
    """One firm for all hypothesis examples: each example leaves it unchanged or validly changed."""
    with tempfile.TemporaryDirectory(prefix="wipboard-r18-") as folder:
        path = Path(folder) / "firm.json"
        repo = create_firm(path, owner_login="ana")
        with repo.transaction() as tx:
            tx.accounts.put(Account(id=1, name="Rivera Family"))
            tx.jobs.add(Job(id=1, name="2025 Form 1040", account_id=1, pipeline_id=1, stage_id=1))
        yield path, repo


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(st.sampled_from(EDITABLE_JOB_FIELDS), JSON_VALUES, min_size=1, max_size=2))
def test_r18_saving_any_value_is_a_validation_error_that_writes_nothing_or_a_clean_write(shared_firm, changes):
    path, repo = shared_firm
    before = path.read_bytes()
    try:
        with repo.transaction() as tx:
            job = tx.jobs[1]
            saved = tx.jobs.save(job.model_copy(update=changes), job.version)
    except (ValidationError, InvalidRequest):  # a bad value, or an id that names nothing
        assert path.read_bytes() == before
        return
    # Accepted: the file holds it and every process can read the file back.
    assert Repository(path).snapshot().jobs[1] == saved


@settings(max_examples=80, deadline=None)
@given(
    status_changes=st.dictionaries(st.sampled_from(["name", "description", "color", "position"]), JSON_VALUES, max_size=2),
    account_changes=st.dictionaries(st.sampled_from(["name", "tags"]), JSON_VALUES, max_size=2),
)
def test_r18_a_bulk_save_with_one_bad_value_writes_nothing_at_all(shared_firm, status_changes, account_changes):
    path, repo = shared_firm
    before = path.read_bytes()
    try:
        with repo.transaction() as tx:
            tx.statuses.put(tx.statuses[1].model_copy(update=status_changes))
            tx.accounts.put(tx.accounts[1].model_copy(update=account_changes))
    except ValidationError:
        assert path.read_bytes() == before
        return
    fresh = Repository(path).snapshot()
    assert fresh.statuses[1] == repo.snapshot().statuses[1]
    assert fresh.accounts[1] == repo.snapshot().accounts[1]


def test_r18_a_refused_save_writes_nothing(firm):
    job = firm.with_job()
    before = firm.bytes()
    for bad in ({"name": "n" * 201}, {"name": "bad\x1bname"}, {"priority": "asap"}, {"stage_id": 0}):
        with pytest.raises(ValidationError):
            with firm.repo.transaction() as tx:
                tx.accounts.put(Account(id=tx.accounts.new_id(), name="Written in the same transaction"))
                tx.jobs.save(job.model_copy(update=bad), job.version)
        assert firm.bytes() == before
    assert list(firm.reopen().snapshot().accounts) == [1]
    # And the next good save is not disturbed by the refused ones (nor given their ids).
    with firm.repo.transaction() as tx:
        account = tx.accounts.put(Account(id=tx.accounts.new_id(), name="Good"))
    assert account.id == 2
