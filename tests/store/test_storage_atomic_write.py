"""R17 details of the atomic write: file modes, leftovers, rotating hard-link backups, the lock's timeout."""

from __future__ import annotations

import os
import stat
import time

import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import StoreLocked
from wipboard.store.fields import utc_now
from wipboard.store.firm_file import create_firm
from wipboard.store.models import Account
from wipboard.store.repository import Repository
from wipboard.store.storage import BACKUPS


def set_notes(repo: Repository, notes: str) -> None:
    with repo.transaction() as tx:
        job = tx.jobs[1]
        tx.jobs.save(job.model_copy(update={"notes": notes}), job.version)


@pytest.fixture
def strict_umask():
    previous = os.umask(0o077)
    yield
    os.umask(previous)


def test_r17_files_are_shared_with_the_group_even_under_umask_077(tmp_path, strict_umask):
    path = tmp_path / "firm.json"
    repo = create_firm(path, owner_login="ana")
    assert stat.S_IMODE(path.stat().st_mode) == 0o660, "a new firm file"
    with repo.transaction() as tx:
        account = tx.accounts.put(Account(id=tx.accounts.new_id(), name="Acme"))
    with repo.transaction() as tx:
        tx.accounts.put(account.model_copy(update={"name": "Acme Ltd"}))
        tx.record(AuditEntry(at=utc_now(), op="op-1", operation="rename", user="ana", actor="ana", via="cli",
                             job_id=1, field="name", before="Acme", after="Acme Ltd"))

    modes = {
        "firm file after a write": path,
        "lock file": path.with_name("firm.json.lock"),
        "audit log": repo.audit_log.path,
        "backup": repo.storage.backups()[0],
    }
    for what, file in modes.items():
        assert stat.S_IMODE(file.stat().st_mode) == 0o660, what


def test_r17_temporary_files_of_a_killed_writer_are_swept_by_the_next_write(firm):
    firm.with_job()
    folder = firm.path.parent
    leftovers = [folder / ".firm.json.4242.deadbeef.tmp", folder / ".firm.json.777.restore.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b'{"_meta":{"1":{"generation":99')
    others = [folder / ".other.json.4242.deadbeef.tmp", folder / "firm.json.tmp", folder / "notes.tmp"]
    for other in others:
        other.write_bytes(b"not ours")

    # Reading does not sweep (readers take no lock); a write does.
    firm.reopen().snapshot()
    assert all(leftover.exists() for leftover in leftovers)
    set_notes(firm.repo, "after the crash")
    assert firm.stray_files() == []
    assert all(other.read_bytes() == b"not ours" for other in others), "only this firm file's leftovers go"
    assert firm.reopen().snapshot().jobs[1].notes == "after the crash"


def test_r17_after_8_writes_exactly_5_backups_are_kept_as_hard_links_that_parse(firm):
    job = firm.with_job(notes="0")
    # Remember what each generation looked like and which inode held it.
    seen = {}
    for n in range(1, 9):
        generation = firm.repo.snapshot().generation
        seen[generation] = (firm.path.stat().st_ino, firm.repo.snapshot().jobs[job.id].notes)
        set_notes(firm.repo, str(n))

    backups = firm.repo.storage.backups()  # pruned inside each commit, under the lock
    assert BACKUPS == 5
    assert len(backups) == BACKUPS
    current = firm.repo.snapshot().generation
    assert [b.name for b in backups] == [f"firm.json.bak-{g}" for g in range(current - 1, current - 6, -1)]
    for backup in backups:
        generation = int(backup.name.rsplit("-", 1)[1])
        inode, notes = seen[generation]
        # A hard link to the file that was the firm file at that generation: no copy was made.
        assert backup.stat().st_ino == inode
        assert backup.stat().st_ino != firm.path.stat().st_ino
        snapshot = Repository(backup).snapshot()
        assert snapshot.generation == generation
        assert snapshot.jobs[job.id].notes == notes
    assert sorted(p.name for p in firm.path.parent.iterdir() if ".bak-" in p.name) == sorted(b.name for b in backups)


def test_r17_a_transaction_that_changes_nothing_writes_nothing(firm):
    firm.with_job()
    before = firm.bytes()
    inode = firm.path.stat().st_ino
    backups = firm.repo.storage.backups()
    generation = firm.repo.snapshot().generation
    with firm.repo.transaction() as tx:
        tx.jobs[1]
    assert firm.bytes() == before and firm.path.stat().st_ino == inode
    assert firm.repo.storage.backups() == backups
    assert not firm.repo.changed_since(generation)


def test_r17_waiting_longer_than_the_lock_timeout_is_a_clear_error_naming_the_file(firm, workers):
    firm.with_job(notes="before")
    holder = workers("hold-lock", firm.path)
    holder.expect("locked")
    before = firm.bytes()
    impatient = Repository(firm.path, lock_timeout=0.5)

    started = time.monotonic()
    with pytest.raises(StoreLocked) as error:
        set_notes(impatient, "never written")
    waited = time.monotonic() - started
    assert 0.5 <= waited < 3
    assert str(firm.path) in str(error.value) and "0.5 s" in str(error.value)
    assert firm.bytes() == before
    # Reading never waits for the lock: screens stay responsive while someone writes.
    started = time.monotonic()
    assert impatient.snapshot().jobs[1].notes == "before"
    assert time.monotonic() - started < 0.5

    holder.send("release")
    assert holder.result() == {"released": True}
    set_notes(impatient, "written once the lock is free")
    assert firm.reopen().snapshot().jobs[1].notes == "written once the lock is free"
