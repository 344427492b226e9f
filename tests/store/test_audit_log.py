"""The audit log beside the firm file: committed entries readable, uncommitted bytes cut, torn lines skipped."""

from __future__ import annotations

import errno
import os

import orjson
import pytest

from wipboard.store.audit import AuditLog
from wipboard.store.errors import WriteFailed
from wipboard.store.models import Account


def edit_notes(firm, notes: str) -> None:  # type: ignore[no-untyped-def]
    with firm.repo.transaction() as tx:
        job = tx.jobs[1]
        tx.jobs.save(job.model_copy(update={"notes": notes}), job.version)
        tx.record(firm.entry(job.id, "notes", job.notes, notes))


def test_store_a_committed_transaction_s_entries_are_readable_in_order(firm):
    job = firm.with_job(notes="a")
    entries = [firm.entry(job.id, "notes", "a", "b"), firm.entry(job.id, "priority", "medium", "high"),
               firm.entry(job.id, "assignees", [], ["dana", "ana"])]
    with firm.repo.transaction() as tx:
        tx.jobs.save(job.model_copy(update={"notes": "b", "priority": "high", "assignees": ["dana", "ana"]}),
                     job.version)
        tx.record(*entries)
    edit_notes(firm, "c")

    for reader in (firm.repo, firm.reopen()):
        read = reader.audit_entries()
        assert read[:3] == entries
        assert [(e.field, e.before, e.after) for e in read[3:]] == [("notes", "b", "c")]
    assert firm.reopen().snapshot().audit_size == firm.audit_path.stat().st_size
    lines = firm.audit_path.read_bytes().splitlines()
    assert len(lines) == 4 and all(orjson.loads(line)["job_id"] == job.id for line in lines)


def test_store_a_transaction_without_entries_leaves_the_log_alone(firm):
    firm.with_job(notes="a")
    edit_notes(firm, "b")
    size = firm.audit_path.stat().st_size
    with firm.repo.transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="No audit for accounts"))
    assert firm.audit_path.stat().st_size == size == firm.reopen().snapshot().audit_size


def test_store_orphan_lines_of_a_write_that_never_committed_are_ignored_then_cut(firm, monkeypatch):
    firm.with_job(notes="a")
    edit_notes(firm, "b")
    committed = firm.audit_path.read_bytes()

    # The entries are appended, then the firm file cannot be replaced: a crash at that point looks the same.
    def no_rename(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(WriteFailed):
        edit_notes(firm, "never committed")
    monkeypatch.undo()
    assert firm.audit_path.read_bytes().startswith(committed)
    assert len(firm.audit_path.read_bytes()) > len(committed), "the orphan lines are there"

    for reader in (firm.repo, firm.reopen()):
        assert [e.after for e in reader.audit_entries()] == ["b"]

    # The next transaction, by any process, cuts them off before appending its own.
    edit_notes(firm, "c")
    assert [e.after for e in firm.reopen().audit_entries()] == ["b", "c"]
    lines = firm.audit_path.read_bytes().splitlines()
    assert [orjson.loads(line)["after"] for line in lines] == ["b", "c"]


def test_store_orphan_bytes_are_cut_even_by_a_transaction_that_records_nothing(firm):
    firm.with_job(notes="a")
    edit_notes(firm, "b")
    committed = firm.audit_path.read_bytes()
    with open(firm.audit_path, "ab") as log:
        log.write(b'{"at":"2026-01-01T00:00:00Z","op":"x","oper')  # a crash in the middle of an append
    with firm.reopen().transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="Unaudited"))
    assert firm.audit_path.read_bytes() == committed


def test_store_a_torn_or_damaged_line_is_skipped_on_read(firm):
    firm.with_job(notes="a")
    for notes in ("b", "c", "d"):
        edit_notes(firm, notes)
    lines = firm.audit_path.read_bytes().splitlines(keepends=True)
    damaged = lines[0] + b'{"not": "an audit entry"}\n' + lines[1] + b"\x00garbage\n" + lines[2][:-20]
    firm.audit_path.write_bytes(damaged)

    read = AuditLog(firm.path).read(len(damaged))
    assert [e.after for e in read] == ["b", "c"]
    # Reading stops at the committed size: a torn last line past it is never even looked at.
    assert [e.after for e in AuditLog(firm.path).read(len(lines[0]))] == ["b"]


def test_store_a_missing_log_reads_as_empty(firm):
    assert firm.repo.audit_entries() == []
    assert list(AuditLog(firm.path).read(1000)) == []
