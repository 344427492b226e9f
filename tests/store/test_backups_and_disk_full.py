"""R17: backups stay bounded whoever writes, and a full disk leaves the old state and recovers (issue 11).

Backups used to be pruned on a daemon thread after the lock was released, which
dies with a short command-line process: 48 command-line writes left 54 backups.
They are now pruned inside the commit, under the lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import WriteFailed
from wipboard.store.fields import utc_now
from wipboard.store.firm_file import create_firm
from wipboard.store.models import Account, Job
from wipboard.store.repository import Repository
from wipboard.store.storage import BACKUPS


def firm_of(path: Path, jobs: int, notes_size: int = 0) -> Repository:
    repo = create_firm(path, owner_login="root")
    with repo.transaction() as tx:
        tx.accounts.put(Account(id=1, name="Rivera Family"))
        tx.jobs.add(Job(id=1, name="counter", account_id=1, pipeline_id=1, stage_id=1, notes="0"))
        for index in range(jobs - 1):
            tx.jobs.add(Job(id=1, name=f"job {index}", account_id=1, pipeline_id=1, stage_id=1, notes="n" * notes_size))
    return repo


def audit_entry(job_id: int, field: str, before: str, after: str) -> AuditEntry:
    return AuditEntry(at=utc_now(), op="op-test", operation="test edit", user="root", actor="root", via="cli",
                      job_id=job_id, field=field, before=before, after=after)


def increment(repo: Repository) -> int:
    with repo.transaction() as tx:
        job = tx.jobs[1]
        saved = tx.jobs.save(job.model_copy(update={"notes": str(int(job.notes) + 1)}), job.version)
    return int(saved.notes)


def wipboard(*arguments: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("wipboard")
    environment = {key: value for key, value in os.environ.items() if key != "WIPBOARD_DB"}
    environment["USER"] = "root"
    return subprocess.run([str(script), *arguments], capture_output=True, text=True, env=environment, timeout=60)


def test_r17_backups_are_pruned_inside_the_commit_not_by_a_thread_left_behind(tmp_path: Path):
    repo = firm_of(tmp_path / "firm.json", jobs=3)
    for _ in range(BACKUPS + 4):
        increment(repo)
        # At once, with no waiting: the commit itself pruned them.
        assert len(repo.storage.backups()) <= BACKUPS
        assert not [thread for thread in threading.enumerate() if "prune" in thread.name]
    assert len(repo.storage.backups()) == BACKUPS


def test_r17_command_line_runs_that_write_and_exit_leave_at_most_5_backups(tmp_path: Path):
    repo = firm_of(tmp_path / "firm.json", jobs=400, notes_size=2_000)  # ~1 MB: unlinking one takes a moment
    for run in range(12):
        done = wipboard("jobs", "archive" if run % 2 == 0 else "unarchive", "2", "--db", str(repo.path))
        assert done.returncode == 0, done.stderr
        backups = sorted(path.name for path in tmp_path.iterdir() if ".bak-" in path.name)
        assert len(backups) <= BACKUPS, f"after run {run + 1}: {backups}"
    for backup in repo.storage.backups():
        Repository(backup).snapshot()  # each kept generation is a whole firm file that loads


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1 MB tmpfs of our own (needs root); a full disk is then a real ENOSPC."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) to mount a small tmpfs")
    folder = Path(tempfile.mkdtemp(prefix="wipboard-small-disk-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def fill(disk: Path) -> Path:
    """Take every free byte of ``disk`` (the filler file grows until the system says ENOSPC)."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(descriptor)
    return filler


def grow(repo: Repository, notes: str) -> None:
    with repo.transaction() as tx:
        job = tx.jobs[2]
        tx.jobs.save(job.model_copy(update={"notes": notes}), job.version)
        tx.record(audit_entry(2, "notes", job.notes, "grown"))


def test_r17_a_full_disk_leaves_the_old_state_and_a_later_write_succeeds_once_space_is_freed(small_disk: Path):
    repo = firm_of(small_disk / "firm.json", jobs=60, notes_size=1_000)  # ~80 KB: 5 backups, file and temp fit
    for _ in range(3 * BACKUPS):  # many writes on a small disk: bounded backups keep it from filling
        increment(repo)
    assert len(repo.storage.backups()) == BACKUPS

    filler = fill(small_disk)
    before = repo.path.read_bytes()
    committed_log = repo.snapshot().audit_size
    big = "b" * 9_000  # a file 9 KB bigger needs more room than the oldest backup frees
    with pytest.raises(WriteFailed) as failure:
        grow(repo, big)
    assert str(repo.path) in str(failure.value) and "No space left on device" in str(failure.value)
    assert repo.path.read_bytes() == before, "a failed write changed the firm file"
    assert not list(small_disk.glob(".firm.json.*.tmp")), "a temporary file was left on the full disk"
    fresh = Repository(repo.path)
    assert fresh.snapshot().audit_size == committed_log and fresh.snapshot().jobs[2].notes == "n" * 1_000
    assert len(fresh.storage.backups()) >= BACKUPS - 1

    filler.unlink()
    grow(repo, big)
    fresh = Repository(repo.path)
    assert fresh.snapshot().jobs[2].notes == big
    assert [entry.after for entry in fresh.audit_entries()] == ["grown"], "the failed write's entry was kept"
    assert increment(fresh) == 3 * BACKUPS + 1
