"""R17/R18 as properties: whatever the ``_meta`` document or the audit log holds, the store refuses
it with a sentence naming the file or reads it correctly — never a traceback, never a write (issue 11).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wipboard.store import schema
from wipboard.store.audit import AuditEntry
from wipboard.store.errors import StoreError
from wipboard.store.firm_file import create_firm
from wipboard.store.models import Account, Job
from wipboard.store.repository import Repository

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, 1, 2, 2**53 - 1, 2**53, 2**63 - 1, 2**64 - 1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["7", "²", "١", "\x1b]52;c;aGk=\x07", "\u202efdp.exe", ""])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)
META_KEYS = st.sampled_from(["generation", "schema_version", "audit_size", "next_ids", "owner", ""])
NEXT_ID_KEYS = st.sampled_from([*schema.TABLES, "stages", "automations", "²", ""])


@pytest.fixture(scope="module")
def folder() -> Iterator[tuple[Path, bytes]]:
    """A firm file with a job and its audit log; each example starts again from its good bytes."""
    with tempfile.TemporaryDirectory(prefix="wipboard-properties-") as name:
        path = Path(name) / "firm.json"
        repo = create_firm(path, owner_login="ana")
        with repo.transaction() as tx:
            tx.accounts.put(Account(id=1, name="Rivera Family"))
            tx.jobs.add(Job(id=1, name="2025 Form 1040", account_id=1, pipeline_id=1, stage_id=1))
        yield path, path.read_bytes()


def files_of(path: Path) -> dict[str, bytes]:
    return {entry.name: entry.read_bytes() for entry in path.parent.iterdir() if entry.is_file()}


def refused_or_read(path: Path) -> Repository | None:
    """Load the file as a new process would: a ``StoreError`` naming the file, or a snapshot."""
    repo = Repository(path)
    try:
        repo.snapshot()
    except StoreError as error:
        assert str(path) in str(error), str(error)
        return None
    return repo


def try_to_write(repo: Repository) -> None:
    with repo.transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="Written by the property test"))


# --- The meta document -------------------------------------------------------------------


meta_changes = st.dictionaries(META_KEYS, JSON_VALUES, max_size=3)
next_id_changes = st.dictionaries(NEXT_ID_KEYS, JSON_VALUES, max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=meta_changes, counters=next_id_changes, drops=st.sets(META_KEYS, max_size=2))
def test_r18_any_meta_document_is_refused_with_a_sentence_or_read_and_never_written(folder, changes, counters, drops):
    path, good = folder
    data = orjson.loads(good)
    meta = data["_meta"]["1"]
    for key in drops:
        meta.pop(key, None)
    meta.update(changes)
    if isinstance(meta.get("next_ids"), dict):
        meta["next_ids"].update(counters)
    try:
        raw = orjson.dumps(data)
    except TypeError:  # an integer orjson cannot write: write it as JSON text
        raw = repr(data).encode()  # not JSON: must then be refused as such
    path.write_bytes(raw)
    before = files_of(path)

    repo = refused_or_read(path)
    if repo is None:
        with pytest.raises(StoreError):
            try_to_write(Repository(path))
        assert files_of(path) == before, "a refused file was written over"
        return
    # Read: a write on it works (a new id past every id in use) and gives a file that reads again.
    try_to_write(repo)
    reread = refused_or_read(path)
    assert reread is not None
    assert all(isinstance(value, int) and value >= 1 for value in reread.storage.meta["next_ids"].values())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(head=st.binary(max_size=80))
def test_r17_random_bytes_in_place_of_the_meta_document_are_refused_and_never_written(folder, head):
    path, good = folder
    start = good.index(b'{"generation"')
    end = good.index(b"}", start) + 1
    path.write_bytes(good[:start] + head + good[end:])
    before = files_of(path)
    if refused_or_read(path) is None:
        with pytest.raises(StoreError):
            try_to_write(Repository(path))
        assert files_of(path) == before


# --- The audit log -------------------------------------------------------------------------


GOOD_ENTRY: dict[str, Any] = {
    "at": "2026-03-02T14:05:11Z", "op": "op-1", "operation": "card save", "user": "ana", "actor": "ana",
    "via": "card", "job_id": 1, "field": "notes", "before": "a", "after": "b", "version": 2, "undoes": None,
}


@st.composite
def audit_lines(draw: st.DrawFn) -> bytes:
    """A line that looks like an audit entry: a good one, one with a field changed or dropped, or torn."""
    entry = dict(GOOD_ENTRY)
    for key in draw(st.sets(st.sampled_from(sorted(GOOD_ENTRY)), max_size=2)):
        if draw(st.booleans()):
            entry[key] = draw(JSON_VALUES)
        else:
            entry.pop(key)
    if draw(st.booleans()):
        entry[draw(st.text(max_size=5))] = draw(JSON_VALUES)
    try:
        line = orjson.dumps(entry)
    except TypeError:
        line = b"{" + repr(entry).encode() + b"}"
    cut = draw(st.none() | st.integers(min_value=0, max_value=len(line)))
    return line if cut is None else line[:cut]


logs = st.lists(audit_lines() | st.binary(max_size=40), max_size=6).map(lambda lines: b"\n".join(lines) + b"\n") | st.binary(
    max_size=300
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(log=logs)
def test_r18_any_audit_log_is_refused_with_a_sentence_or_read_as_valid_entries_and_never_written(folder, log):
    path, good = folder
    data = orjson.loads(good)
    data["_meta"]["1"]["audit_size"] = len(log)  # every byte of it counts as committed
    path.write_bytes(orjson.dumps(data))
    audit_path = path.with_name(path.name + ".audit.jsonl")
    audit_path.write_bytes(log)
    before = files_of(path)

    repo = Repository(path)
    for read in (
        lambda: repo.audit_entries(),
        lambda: repo.audit_entries({1}),
        lambda: list(repo.audit_log.read_backwards(len(log), "ana")),
    ):
        try:
            entries = read()
        except StoreError as error:
            assert str(audit_path) in str(error) or str(path) in str(error), str(error)
            continue
        for entry in entries:
            assert isinstance(entry, AuditEntry)
            AuditEntry.model_validate(entry.model_dump())  # what was read is a valid entry
    assert files_of(path) == before, "reading the log wrote something"


def test_r17_the_property_tests_start_from_a_good_firm(folder):
    path, good = folder
    path.write_bytes(good)
    assert refused_or_read(path) is not None
    assert os.path.exists(path)
