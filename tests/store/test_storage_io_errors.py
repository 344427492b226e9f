"""R17: a disk that is full or failing makes a write fail cleanly.

WriteFailed is raised (a StoreError the screens and the command line show),
the firm file keeps its old bytes, the audit log keeps no entry of the failed
write, and the in-memory copy is dropped so that nothing of the failed change
leaks into the next read or the next write.
"""

from __future__ import annotations

import errno
import os

import orjson
import pytest

from wipboard.store.errors import WriteFailed
from wipboard.store.models import Account

FAULTS = {"write": errno.ENOSPC, "fsync": errno.EIO, "replace": errno.EIO, "link": errno.EIO}


def patch_calls(monkeypatch: pytest.MonkeyPatch, name: str, *, fail_at: int | None) -> list[int]:
    """Replace ``os.NAME``: count its calls, fail the ``fail_at``-th one; ``os.write`` also writes short."""
    real = getattr(os, name)
    calls = [0]

    def patched(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == fail_at:
            raise OSError(FAULTS[name], os.strerror(FAULTS[name]))
        if name == "write":
            descriptor, data = args
            return real(descriptor, bytes(data[:512]))  # a disk filling up writes in short pieces
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, patched)
    return calls


def change_notes(firm, notes: str) -> None:
    with firm.repo.transaction() as tx:
        job = tx.jobs[1]
        tx.jobs.save(job.model_copy(update={"notes": notes}), job.version)
        tx.record(firm.entry(job.id, "notes", job.notes, notes))


def raw_notes(storage) -> str:  # type: ignore[no-untyped-def]
    return storage.read()["jobs"]["1"]["notes"]


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_r17_a_failing_system_call_at_any_point_raises_write_failed_and_keeps_the_file(firm, monkeypatch, name):
    job = firm.with_job(notes="start")
    assert job.id == 1
    # How many calls a successful write makes (short writes included): each of them will fail once.
    calls = patch_calls(monkeypatch, name, fail_at=None)
    change_notes(firm, "committed")
    monkeypatch.undo()
    total = calls[0]
    assert total >= {"write": 4, "fsync": 3, "replace": 1, "link": 1}[name]

    committed_entries = firm.reopen().audit_entries()
    for fail_at in range(1, total + 1):
        before = firm.bytes()
        generation = firm.repo.snapshot().generation
        patch_calls(monkeypatch, name, fail_at=fail_at)
        with pytest.raises(WriteFailed) as failure:
            change_notes(firm, f"failed at {name} #{fail_at}")
        monkeypatch.undo()

        where = f"{name} #{fail_at}/{total}"
        assert str(firm.path) in str(failure.value), where
        assert firm.bytes() == before, where
        assert firm.stray_files() == [], where
        # The cache is dropped: this process reads the disk again, not its failed change.
        assert raw_notes(firm.repo.storage) == "committed", where
        assert firm.repo.snapshot().generation == generation, where
        assert firm.repo.snapshot().jobs[1].notes == "committed", where
        # ... and its next write does not carry the failed change along.
        with firm.repo.transaction() as tx:
            tx.accounts.put(Account(id=tx.accounts.new_id(), name=f"after {name} {fail_at}"))
        fresh = firm.reopen()
        assert fresh.snapshot().jobs[1].notes == "committed", where
        assert fresh.audit_entries() == committed_entries, where

    # With the disk healthy again, writing works.
    change_notes(firm, "healthy")
    assert firm.reopen().snapshot().jobs[1].notes == "healthy"
    assert [entry.after for entry in firm.reopen().audit_entries()][-2:] == ["committed", "healthy"]


def test_r17_a_failed_fsync_of_the_folder_without_hard_links_keeps_a_readable_file(firm, monkeypatch):
    """On a file system without hard links there is no backup to put back; the firm file must survive anyway."""
    firm.with_job(notes="start")
    real_fsync, real_link = os.fsync, os.link

    def no_links(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    def fsync(descriptor: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{descriptor}"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(WriteFailed):
        change_notes(firm, "uncertain")
    monkeypatch.setattr(os, "fsync", real_fsync)

    assert firm.path.exists(), "the firm file was deleted"
    assert firm.reopen().snapshot().jobs[1].notes in ("start", "uncertain")
    change_notes(firm, "later")
    monkeypatch.setattr(os, "link", real_link)
    assert firm.reopen().snapshot().jobs[1].notes == "later"


def test_r17_a_write_over_the_file_size_limit_fails_and_keeps_the_old_file(firm, workers):
    firm.with_job(notes="small")
    before = firm.bytes()
    # Room for the audit log line and the old file, not for a file with 10 000 more characters.
    limit = len(before) + 2_000
    result = workers("write-over-fsize-limit", firm.path, limit).result()

    assert result["error"] == "WriteFailed"
    assert str(firm.path) in result["message"] and "File too large" in result["message"]
    assert result["notes_after"] == "small"
    assert firm.bytes() == before
    assert firm.stray_files() == []
    assert orjson.loads(firm.bytes())["jobs"]["1"]["notes"] == "small"
    # Without the limit the same write succeeds.
    with firm.repo.transaction() as tx:
        job = tx.jobs[1]
        tx.jobs.save(job.model_copy(update={"notes": "x" * 10_000}), job.version)
    assert firm.reopen().snapshot().jobs[1].notes == "x" * 10_000
