"""R17 on hostile ground: the firm file in a folder a careless or hostile colleague can write (issue 11).

Every name beside the firm file (the file itself, its temporary file, lock,
audit log and backups) may be replaced by a symbolic link, a FIFO, a folder or a
device. The store never follows such a name and never waits on it: it refuses,
in a sentence naming the file, and writes nothing. The colleague is a real
second OS user in a real forked process; the owner is the test process.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import FirmFileError, LockUnavailable, StoreError, UnsafeFile
from wipboard.store.fields import utc_now
from wipboard.store.firm_file import create_firm
from wipboard.store.models import Account, Job
from wipboard.store.repository import Repository
from wipboard.tui.commands.main import main as cli_main

OsUser = Any  # the ``colleague`` fixture of tests/store/conftest.py

SECRET = "owner's private notes: the safe code is 1234\n"


def shared_firm(folder: Path, owner: str = "root") -> Repository:
    repo = create_firm(folder / "firm.json", owner_login=owner)
    with repo.transaction() as tx:
        tx.accounts.put(Account(id=1, name="Rivera Family"))
        tx.jobs.add(Job(id=1, name="2025 Form 1040", account_id=1, pipeline_id=1, stage_id=1, notes="start"))
    return repo


def change_notes(repo: Repository, notes: str) -> None:
    with repo.transaction() as tx:
        job = tx.jobs[1]
        tx.jobs.save(job.model_copy(update={"notes": notes}), job.version)
        tx.record(audit(job.id, job.notes, notes))


def audit(job_id: int, before: str, after: str) -> AuditEntry:
    return AuditEntry(at=utc_now(), op="op-test", operation="test edit", user="root", actor="root", via="cli",
                      job_id=job_id, field="notes", before=before, after=after)


def plant_link(link: Path, target: Path) -> dict[str, str]:
    """What the colleague does: replace ``link`` (atomically) by a symbolic link to ``target``."""
    staging = link.with_name(f".{link.name}.planted")
    os.symlink(target, staging)
    os.replace(staging, link)
    return {"planted": str(link)}


def private_notes(tmp_path: Path) -> Path:
    """A file only the owner may write, as ``~owner/notes.txt`` would be."""
    notes = tmp_path / "notes.txt"
    notes.write_text(SECRET)
    return notes


def everything_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if stat.S_ISREG(path.lstat().st_mode)}


# --- Links planted beside the firm file ------------------------------------------------


@pytest.mark.parametrize("name", ["firm.json.audit.jsonl", "firm.json.lock"])
def test_r17_a_log_or_lock_replaced_by_a_link_is_refused_and_its_target_is_left_alone(
    shared_folder: Path, colleague: OsUser, tmp_path: Path, name: str
):
    repo = shared_firm(shared_folder)
    notes = private_notes(tmp_path)
    firm_before = repo.path.read_bytes()

    assert colleague.run(plant_link, shared_folder / name, notes) == {"planted": str(shared_folder / name)}
    with pytest.raises(StoreError) as refused:
        change_notes(repo, "through the link")

    message = str(refused.value)
    assert str(shared_folder / name) in message and "symbolic link" in message, message
    assert notes.read_text() == SECRET, "the link's target was truncated or written to"
    assert repo.path.read_bytes() == firm_before
    assert os.path.islink(shared_folder / name), "the link is reported, not replaced"


def test_r17_a_link_planted_where_the_next_backup_goes_is_reported_not_skipped(
    shared_folder: Path, colleague: OsUser, tmp_path: Path
):
    repo = shared_firm(shared_folder)
    notes = private_notes(tmp_path)
    next_backup = shared_folder / f"firm.json.bak-{repo.snapshot().generation}"
    firm_before = repo.path.read_bytes()

    colleague.run(plant_link, next_backup, notes)
    with pytest.raises(UnsafeFile) as refused:
        change_notes(repo, "over the planted backup")

    assert str(next_backup) in str(refused.value) and "symbolic link" in str(refused.value)
    assert repo.path.read_bytes() == firm_before
    assert notes.read_text() == SECRET
    assert next_backup not in repo.storage.backups(), "a link is never offered as a backup to restore"


def test_r17_backups_the_colleague_turned_into_links_are_pruned_as_names_never_through_them(
    shared_folder: Path, colleague: OsUser, tmp_path: Path
):
    repo = shared_firm(shared_folder)
    notes = private_notes(tmp_path)
    old = shared_folder / "firm.json.bak-0"  # the oldest backup: the next writes prune it
    colleague.run(plant_link, old, notes)
    for n in range(8):
        change_notes(repo, f"write {n}")
    assert not os.path.lexists(old)
    assert notes.read_text() == SECRET


# --- The firm file itself swapped or given through a link -----------------------------


def test_r17_db_through_a_link_works_on_the_real_file_with_its_lock_log_and_backups(shared_folder: Path, tmp_path: Path):
    repo = shared_firm(shared_folder)
    mine = tmp_path / "firm.json"  # ~/firm.json, a link to the shared file
    mine.symlink_to(repo.path)

    through_link = Repository(mine)
    change_notes(through_link, "written through my link")
    change_notes(through_link, "and again")

    assert mine.is_symlink() and mine.resolve() == repo.path, "the link was replaced by a private copy"
    assert Repository(repo.path).snapshot().jobs[1].notes == "and again", "the shared file did not get the change"
    assert through_link.path == repo.path and through_link.storage.lock_path == shared_folder / "firm.json.lock"
    assert [entry.after for entry in Repository(repo.path).audit_entries()][-2:] == ["written through my link", "and again"]
    assert all(backup.parent == shared_folder for backup in through_link.storage.backups())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["firm.json"], "lock, log or backups beside the link"


def test_r17_a_shared_file_swapped_for_a_link_to_a_private_firm_never_publishes_it(
    shared_folder: Path, colleague: OsUser, tmp_path: Path
):
    repo = shared_firm(shared_folder)
    repo.snapshot()  # the owner's screen is open on the shared file
    private_folder = tmp_path / "private"
    private_folder.mkdir(mode=0o700)
    private = create_firm(private_folder / "firm.json", owner_login="root", firm_name="Owner's side business")
    private_bytes = private.path.read_bytes()

    colleague.run(plant_link, repo.path, private.path)
    with pytest.raises(UnsafeFile) as refused:
        change_notes(repo, "the owner's next save")
    assert str(repo.path) in str(refused.value) and "symbolic link" in str(refused.value)
    assert os.path.islink(repo.path)
    assert private.path.read_bytes() == private_bytes

    # A process started later on the shared path follows the link once, like any --db link:
    # it works on the private file, beside it, and still publishes nothing.
    later = Repository(repo.path)
    assert later.path == private.path
    with later.transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="Written where the link leads"))
    assert os.path.islink(repo.path)
    published = [name for name, content in everything_in(shared_folder).items() if b"side business" in content]
    assert published == [], f"the private firm's content was written into the shared folder: {published}"


def test_r17_a_firm_file_that_is_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path):
    fifo = tmp_path / "firm.json"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom wipboard.store.repository import Repository\nfrom wipboard.store.errors import StoreError\n"
        "try:\n    Repository(sys.argv[1]).snapshot()\nexcept StoreError as error:\n    print(error)\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("opening a FIFO as the firm file hung")
    assert done.returncode == 0, done.stderr
    assert str(fifo) in done.stdout and "named pipe (FIFO)" in done.stdout


def test_r17_a_link_to_dev_zero_is_refused_not_read_until_memory_runs_out(tmp_path: Path):
    link = tmp_path / "firm.json"
    link.symlink_to("/dev/zero")
    code = (
        "import resource, sys\nresource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from wipboard.store.repository import Repository\nfrom wipboard.store.errors import StoreError\n"
        "try:\n    Repository(sys.argv[1]).snapshot()\nexcept StoreError as error:\n    print(error)\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code, str(link)], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("reading /dev/zero as the firm file did not stop")
    assert done.returncode == 0, done.stderr[-500:]
    assert "/dev/zero" in done.stdout and "character device" in done.stdout, done.stdout


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_r17_an_audit_log_that_is_not_a_regular_file_is_a_sentence_not_a_hang(firm, kind: str):
    firm.with_job(notes="start")
    log = firm.audit_path
    log.unlink(missing_ok=True)
    {"folder": lambda: log.mkdir(), "fifo": lambda: os.mkfifo(log), "device": lambda: log.symlink_to("/dev/zero")}[kind]()
    before = firm.bytes()
    with pytest.raises(FirmFileError) as refused:
        with firm.repo.transaction() as tx:
            job = tx.jobs[1]
            tx.jobs.save(job.model_copy(update={"notes": "x"}), job.version)
            tx.record(firm.entry(1, "notes", "start", "x"))
    assert str(log) in str(refused.value)
    assert firm.bytes() == before


# --- The lock file -----------------------------------------------------------------------


def wipboard(*arguments: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("wipboard")
    environment = {key: value for key, value in os.environ.items() if key != "WIPBOARD_DB"}
    environment["USER"] = "root"
    return subprocess.run([str(script), *arguments], capture_output=True, text=True, env=environment, timeout=60)


@pytest.mark.parametrize("kind", ["folder", "fifo", "link to a missing file"])
def test_r17_a_lock_file_that_cannot_be_used_is_a_sentence_and_exit_1(tmp_path: Path, kind: str):
    repo = shared_firm(tmp_path)
    lock = repo.storage.lock_path
    lock.unlink()
    {"folder": lambda: lock.mkdir(), "fifo": lambda: os.mkfifo(lock), "link to a missing file": lambda: lock.symlink_to(tmp_path / "gone")}[kind]()
    before = repo.path.read_bytes()

    done = wipboard("jobs", "archive", "1", "--db", str(repo.path))

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert str(lock) in done.stderr and "cannot take the firm file's lock" in done.stderr, done.stderr
    assert repo.path.read_bytes() == before
    assert not (tmp_path / "gone").exists(), "the lock was created through the link"


def try_to_write(path: str) -> dict[str, str]:
    change_notes(Repository(path), "the colleague's change")
    return {"written": "yes"}


def test_r17_a_lock_file_owned_by_root_is_a_sentence_naming_it(shared_folder: Path, colleague: OsUser):
    repo = shared_firm(shared_folder)
    os.chmod(repo.storage.lock_path, 0o644)  # root's, and not writable by the group
    result = colleague.run(try_to_write, str(repo.path))
    assert result["raised"] == "LockUnavailable", result
    assert str(repo.storage.lock_path) in result["message"] and "permission denied" in result["message"]


def test_r17_a_folder_where_the_lock_cannot_be_created_is_a_sentence_naming_it(shared_folder: Path, colleague: OsUser):
    repo = shared_firm(shared_folder)
    repo.storage.lock_path.unlink()
    os.chmod(shared_folder, 0o750)  # the group may read the folder, not create files in it
    result = colleague.run(try_to_write, str(repo.path))
    assert result["raised"] == "LockUnavailable", result
    assert str(repo.storage.lock_path) in result["message"]
    assert orjson.loads(repo.path.read_bytes())["jobs"]["1"]["notes"] == "start"


def test_r16_the_lock_still_keeps_two_processes_apart(firm, workers):
    firm.with_job()
    holder = workers("hold-lock", firm.path)
    holder.expect("locked")
    with pytest.raises(StoreError, match="held the lock"):
        with firm.reopen(lock_timeout=0.3).transaction() as tx:
            tx.accounts.put(Account(id=tx.accounts.new_id(), name="Must wait"))
    holder.send("release")
    assert holder.result() == {"released": True}
    with firm.reopen(lock_timeout=5).transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="After the release"))


def test_r17_the_lock_refusal_is_a_store_error_the_edges_catch():
    assert issubclass(LockUnavailable, StoreError) and issubclass(UnsafeFile, FirmFileError)


# --- The file's group ------------------------------------------------------------------------


def test_r17_a_colleague_s_write_keeps_the_file_s_group_in_a_folder_without_setgid(shared_folder: Path, colleague: OsUser):
    repo = shared_firm(shared_folder)
    for path in (repo.path, repo.storage.lock_path, repo.audit_log.path):
        if path.exists():
            os.chown(path, 0, colleague.staff_gid)
    repo.audit_log.path.unlink(missing_ok=True)  # the colleague's write creates the log: it too gets the group

    assert colleague.run(try_to_write, str(repo.path)) == {"written": "yes"}

    assert repo.path.stat().st_uid == colleague.uid, "the colleague's write did replace the file"
    assert repo.path.stat().st_gid == colleague.staff_gid, "the file took the colleague's own group"
    assert repo.audit_log.path.stat().st_gid == colleague.staff_gid
    assert Repository(repo.path).snapshot().jobs[1].notes == "the colleague's change"


# --- The command line: --db that is a folder or that the user may not read ----------------


def cli_exit(arguments: list[str]) -> dict[str, object]:
    import contextlib
    import io

    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        try:
            cli_main(arguments, standalone_mode=True)
            code: object = 0
        except SystemExit as exit_:
            code = exit_.code
    return {"code": code, "stderr": errors.getvalue()}


def test_r17_a_folder_given_as_db_exits_1_with_a_sentence(tmp_path: Path):
    done = wipboard("jobs", "list", "--db", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert str(tmp_path) in done.stderr and "is a folder" in done.stderr and "Traceback" not in done.stderr


def test_r17_an_unreadable_firm_file_given_as_db_exits_1_with_a_sentence(shared_folder: Path, colleague: OsUser):
    repo = shared_firm(shared_folder)
    os.chmod(repo.path, 0o600)
    result = colleague.run(cli_exit, ["jobs", "list", "--db", str(repo.path)])
    assert result["code"] == 1, result
    assert str(repo.path) in result["stderr"] and "Permission denied" in result["stderr"], result


def test_r17_init_where_no_folder_can_be_made_is_a_sentence(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder would go")
    done = wipboard("init", "--db", str(blocker / "firm.json"), "--owner", "root")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(blocker / "firm.json") in done.stderr and "cannot create its folder" in done.stderr
