"""R17: a firm file that cannot be read gives a clear error naming it and the problem, and is never written over.

Also: the schema version and its migrations, and ``wipboard init`` refusing an existing file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from wipboard.store import schema
from wipboard.store.errors import FirmFileError, FirmFileMissing
from wipboard.store.models import Account
from wipboard.store.repository import Repository


def good_data(firm) -> dict:  # type: ignore[no-untyped-def]
    firm.with_job(notes="kept")
    return orjson.loads(firm.bytes())


def damaged(mutate):  # type: ignore[no-untyped-def]
    def make(data: dict, raw: bytes, *, compact: bool = False) -> bytes:
        mutate(data)
        # Compact, as wipboard writes it, the first read validates the file whole (store/whole_file.py)
        # and the usual read is its fallback; with spaces, as a person may write it, only the usual read runs.
        return json.dumps(data, separators=(",", ":") if compact else None).encode()

    make.reencodes = True  # type: ignore[attr-defined]
    return make


def set_in(path: tuple, value: object):  # type: ignore[no-untyped-def]
    def mutate(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return damaged(mutate)


def drop(*path: str):  # type: ignore[no-untyped-def]
    def mutate(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return damaged(mutate)


BAD_FILES = {
    "truncated": (lambda data, raw: raw[: len(raw) // 2], "is not valid JSON"),
    "truncated to its head": (lambda data, raw: raw[:80], "is not valid JSON"),
    "garbage": (lambda data, raw: b"\x00\xff\xfe garbage, not JSON at all", "is not valid JSON"),
    "empty": (lambda data, raw: b"", "the file is empty"),
    "only whitespace": (lambda data, raw: b" \n\n", "the file is empty"),
    "a JSON array": (lambda data, raw: b"[1, 2, 3]", "expected a JSON object of tables, found list"),
    "a JSON string": (lambda data, raw: b'"firm"', "expected a JSON object of tables, found str"),
    "no _meta table": (drop("_meta"), "it has no _meta table"),
    "a generation that is not a number": (
        set_in(("_meta", "1", "generation"), "7"), "_meta.generation: input should be a valid integer"
    ),
    "a negative audit size": (set_in(("_meta", "1", "audit_size"), -1), "_meta.audit_size: input should be greater"),
    "no next_ids": (drop("_meta", "1", "next_ids"), "_meta.next_ids: field required"),
    # Issue 11: each of these was a traceback.
    "schema version 0": (set_in(("_meta", "1", "schema_version"), 0), "_meta.schema_version: input should be greater"),
    "a generation of 2**64 - 1": (set_in(("_meta", "1", "generation"), 2**64 - 1), "_meta.generation: input should be less"),
    "a generation past 64 bits": (set_in(("_meta", "1", "generation"), 2**70), "_meta.generation: input should be"),
    "a generation of 5000 digits": (
        lambda data, raw: raw.replace(b'"generation":', b'"generation":' + b"9" * 5000, 1), "is not valid JSON (number is infinity"
    ),
    "a next id that is a string": (set_in(("_meta", "1", "next_ids", "jobs"), "7"), "_meta.next_ids.jobs: input should be"),
    "a next id of 0": (set_in(("_meta", "1", "next_ids", "jobs"), 0), "_meta.next_ids.jobs: input should be greater"),
    "an unknown key in _meta": (set_in(("_meta", "1", "owner"), "mallory"), "_meta.owner: extra inputs are not permitted"),
    "a document id in superscript digits": (
        damaged(lambda data: data["jobs"].update({"²": data["jobs"]["1"]})),
        "table 'jobs' has a document id '²'",
    ),
    "a document id in Arabic-Indic digits": (
        damaged(lambda data: data["jobs"].update({"١": data["jobs"]["1"]})),
        "table 'jobs' has a document id '١'",
    ),
    "a document id with a leading zero": (
        damaged(lambda data: data["jobs"].update({"01": data["jobs"]["1"]})),
        "table 'jobs' has a document id '01'",
    ),
    "no users table": (drop("users"), "it has no 'users' table"),
    "no firm settings": (drop("firm", "1"), "the firm table has no settings document"),
    "demo as the string yes": (set_in(("firm", "1", "demo"), "yes"), "firm settings: demo: Input should be a valid boolean"),
    "a job in a missing pipeline": (
        set_in(("jobs", "1", "pipeline_id"), 9999), "jobs document 1, field pipeline_id: there is no pipeline with id 9999"
    ),
    "a job in a missing stage": (
        set_in(("jobs", "1", "stage_id"), 77), "jobs document 1, field stage_id: pipeline 1 has no stage with id 77"
    ),
    "a job of a missing account": (
        set_in(("jobs", "1", "account_id"), 42), "jobs document 1, field account_id: there is no account with id 42"
    ),
    "a job showing a missing status": (
        set_in(("jobs", "1", "client_status", "status_id"), 99),
        "jobs document 1, field client_status.status_id: there is no status with id 99",
    ),
    "a table that is a list": (set_in(("jobs",), []), "table 'jobs' must be an object of documents"),
    "a document id that is not a number": (
        damaged(lambda data: data["jobs"].update({"x1": data["jobs"]["1"]})),
        "table 'jobs' has a document id 'x1'",
    ),
    "a document that is not an object": (set_in(("jobs", "1"), "job"), "table 'jobs', document 1: expected an object"),
    "a newer schema version": (
        set_in(("_meta", "1", "schema_version"), schema.SCHEMA_VERSION + 1),
        f"schema version {schema.SCHEMA_VERSION + 1}; this program knows up to {schema.SCHEMA_VERSION}",
    ),
    "a job name of 300 characters": (set_in(("jobs", "1", "name"), "n" * 300), "jobs document 1, field name"),
    "a job with an unknown field": (set_in(("jobs", "1", "colour"), "red"), "jobs document 1, field colour"),
    "a job with a control character in its name": (
        set_in(("jobs", "1", "name"), "bad\x1bname"),
        "jobs document 1, field name: must not contain control characters or line breaks",
    ),
    "a job with a text-direction override in its name": (
        set_in(("jobs", "1", "name"), "invoice\u202efdp.exe"),
        "jobs document 1, field name: contains an invisible or text-direction character (U+202E)",
    ),
    "a job stored under another id": (set_in(("jobs", "1", "id"), 9), "jobs document 1 carries id 9"),
    "a status of an unknown colour": (set_in(("statuses", "1", "color"), "pink"), "statuses document 1, field color"),
    "bad firm settings": (set_in(("firm", "1", "name"), ""), "firm settings: name"),
}


WRITTEN = [(case, "as found") for case in sorted(BAD_FILES)] + [
    (case, "compact") for case in sorted(BAD_FILES) if getattr(BAD_FILES[case][0], "reencodes", False)
]


@pytest.mark.parametrize("case, written", WRITTEN)
def test_r17_an_unreadable_firm_file_is_a_clear_error_and_is_never_written_over(firm, case, written):
    make, problem = BAD_FILES[case]
    raw = make(good_data(firm), firm.bytes(), compact=True) if written == "compact" else make(good_data(firm), firm.bytes())
    if written == "compact" and not case.startswith(("no _meta", "a JSON")):
        assert raw.startswith(b'{"_meta":{"1":{"generation":'), "compact, the first read validates it whole"
    firm.path.write_bytes(raw)
    files_before = sorted(os.listdir(firm.path.parent))
    audit_before = firm.audit_path.read_bytes() if firm.audit_path.exists() else None

    repo = Repository(firm.path)
    with pytest.raises(FirmFileError) as error:
        repo.snapshot()
    message = str(error.value)
    assert str(firm.path) in message and problem in message, message
    assert error.value.path == firm.path

    with pytest.raises(FirmFileError) as error:
        with repo.transaction() as tx:
            tx.accounts.put(Account(id=tx.accounts.new_id(), name="Must not be written"))
    assert str(firm.path) in str(error.value) and problem in str(error.value)

    assert firm.path.read_bytes() == raw
    assert sorted(os.listdir(firm.path.parent)) == files_before  # no backup, no temporary file, no new log
    assert (firm.audit_path.read_bytes() if firm.audit_path.exists() else None) == audit_before


def test_r17_a_running_process_does_not_write_over_a_file_damaged_in_place(firm):
    firm.with_job(notes="kept")
    firm.repo.snapshot()  # this process has the file in memory
    raw = firm.bytes()
    damaged = raw[: len(raw) // 2]  # truncated in place: the generation at the head is still there
    firm.path.write_bytes(damaged)
    with pytest.raises(FirmFileError):
        with firm.repo.transaction() as tx:
            tx.accounts.put(Account(id=tx.accounts.new_id(), name="Must not be written"))
    assert firm.bytes() == damaged


def test_r17_a_bad_file_can_be_restored_from_a_backup_beside_it(firm):
    firm.with_job(notes="good")
    firm.with_job(notes="also good")
    (newest, *_) = firm.repo.storage.backups()
    firm.path.write_bytes(b'{"_meta": {"1": {"genera')
    with pytest.raises(FirmFileError, match="restore a backup beside it"):
        Repository(firm.path).snapshot()

    os.replace(newest, firm.path)
    assert Repository(firm.path).snapshot().jobs[1].notes == "good"


def test_r17_a_missing_firm_file_says_how_to_create_one(tmp_path):
    path = tmp_path / "nowhere.json"
    with pytest.raises(FirmFileMissing) as error:
        Repository(path).snapshot()
    assert str(path) in str(error.value) and "wipboard init" in str(error.value)
    with pytest.raises(FirmFileMissing):
        with Repository(path).transaction():
            pass
    assert not path.exists()


def test_r17_changed_since_on_a_bad_file_is_an_error_not_a_guess(firm):
    generation = firm.repo.snapshot().generation
    firm.path.write_bytes(b"not json")
    with pytest.raises(FirmFileError, match="is not valid JSON"):
        firm.repo.changed_since(generation)


# --- Schema versions and migrations ------------------------------------------------------


def test_r17_an_older_file_is_migrated_in_memory_and_written_at_the_new_version_on_the_next_commit(
    firm, monkeypatch
):
    firm.with_job(notes="old")
    old_bytes = firm.bytes()
    applied: list[int] = []

    def one_to_two(data: schema.RawData) -> schema.RawData:
        applied.append(1)
        data["firm"]["1"]["name"] = data["firm"]["1"]["name"] + " (v2)"
        return data

    def two_to_three(data: schema.RawData) -> schema.RawData:
        applied.append(2)
        assert data["firm"]["1"]["name"].endswith("(v2)"), "migrations ran out of order"
        for job in data["jobs"].values():
            job["notes"] = job["notes"].upper()
        return data

    current = schema.SCHEMA_VERSION  # the file is written at today's version; two made-up ones follow
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {current: one_to_two, current + 1: two_to_three})

    repo = Repository(firm.path)
    snapshot = repo.snapshot()
    assert applied == [1, 2]
    assert snapshot.firm.name == "Our firm (v2)" and snapshot.jobs[1].notes == "OLD"
    assert firm.bytes() == old_bytes, "reading must not write"

    with repo.transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="Written at version 3"))
    meta = orjson.loads(firm.bytes())["_meta"]["1"]
    assert meta["schema_version"] == current + 2
    assert orjson.loads(firm.bytes())["jobs"]["1"]["notes"] == "OLD"
    assert Repository(firm.path).snapshot().firm.name == "Our firm (v2)"
    assert applied == [1, 2], "a file already at the current version is not migrated again"

    # The program that knows only version 1 now refuses the file, and leaves it alone.
    monkeypatch.undo()
    migrated = firm.bytes()
    with pytest.raises(FirmFileError, match="newer wipboard"):
        with Repository(firm.path).transaction() as tx:
            tx.accounts.put(Account(id=tx.accounts.new_id(), name="Must not be written"))
    assert firm.bytes() == migrated


def test_store_the_generation_is_at_the_head_of_the_file_and_a_hand_written_file_still_works(firm):
    firm.with_job()
    raw = firm.bytes()
    generation = firm.repo.snapshot().generation
    assert raw.startswith(b'{"_meta":{"1":{"generation":%d,' % generation)

    # Someone rewrote the file by hand with other key order and spacing.
    data = orjson.loads(raw)
    firm.path.write_text(json.dumps(data, indent=2, sort_keys=True))
    reader = Repository(firm.path)
    assert not reader.changed_since(generation)
    assert reader.snapshot().generation == generation
    with reader.transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="After the hand edit"))
    assert reader.changed_since(generation) and not reader.changed_since(generation + 1)
    assert firm.repo.changed_since(generation)
    assert firm.bytes().startswith(b'{"_meta":{"1":{"generation":%d,' % (generation + 1))


# --- wipboard init -------------------------------------------------------------------


def wipboard(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("wipboard")
    environment = dict(os.environ) if env is None else env
    environment.pop("WIPBOARD_DB", None)
    return subprocess.run([str(script), *arguments], capture_output=True, text=True, env=environment, timeout=60)


def test_r17_wipboard_init_creates_a_firm_and_refuses_to_replace_an_existing_file(tmp_path):
    path = tmp_path / "firm.json"
    created = wipboard("init", "--db", str(path), "--owner", "ana")
    assert created.returncode == 0, created.stderr
    assert str(path) in created.stdout
    snapshot = Repository(path).snapshot()
    assert [status.name for status in sorted(snapshot.statuses.values(), key=lambda s: s.position)] == [
        "Planned", "On hold", "In progress", "In review", "Done",
    ]
    assert [stage.id for stage in snapshot.pipelines[1].stages] == [1, 2, 3, 4]
    assert [user.login for user in snapshot.users.values()] == ["ana"]
    assert snapshot.users[1].role == "owner"
    assert path.stat().st_mode & 0o777 == 0o660

    for content in (path.read_bytes(), b"garbage that someone cares about"):
        path.write_bytes(content)
        refused = wipboard("init", "--db", str(path), "--owner", "bob")
        assert refused.returncode == 1
        assert str(path) in refused.stderr and "already exists" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert path.read_bytes() == content



@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda data: data["jobs"]["2"].update(stage_id=77), "jobs document 2, field stage_id"),
        (lambda data: data["accounts"].pop("1"), "field account_id: there is no account with id 1"),
        (lambda data: data["statuses"].pop("2"), "field client_status.status_id: there is no status with id 2"),
    ],
)
def test_r17_a_reload_after_a_hand_edit_checks_the_references_it_could_have_broken(firm, edit, problem):
    firm.with_job()
    firm.with_job(client_status={"visible": True, "name_for_client": "Your return", "status_id": 2})
    reader = firm.reopen()
    reader.snapshot()  # a screen holds this generation; the next reload validates only what changed
    data = orjson.loads(firm.bytes())
    edit(data)
    data["_meta"]["1"]["generation"] += 1
    firm.path.write_bytes(orjson.dumps(data))
    with pytest.raises(FirmFileError, match=problem):
        reader.snapshot()
