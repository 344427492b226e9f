"""Child processes for the several-process store tests (R16, R17).

Run as ``python _workers.py COMMAND FIRM_PATH [ARGS...]``. Every worker talks
line by line: it prints ``ready`` (or what it read) once it is set up, waits for
one line on stdin (``go``) so that all workers start together, then works and
prints its result as one JSON line. An exception is printed as
``error <Type> <message>`` and the exit status is 1.
"""

from __future__ import annotations

import json
import sys


def say(*parts: object) -> None:
    print(*parts, flush=True)


def wait_for_go() -> None:
    say("ready")
    line = sys.stdin.readline()
    if line.strip() != "go":
        raise SystemExit(f"expected go, got {line!r}")


def entry(job_id: int, field: str, before: object, after: object):  # type: ignore[no-untyped-def]
    from wipboard.store.audit import AuditEntry
    from wipboard.store.fields import utc_now

    return AuditEntry(
        at=utc_now(), op="op-worker", operation="worker edit", user="ana", actor="ana", via="cli",
        job_id=job_id, field=field, before=before, after=after,
    )


def increment(path: str, count: str, job_id: str = "1") -> None:
    """COUNT read-modify-write transactions, each adding 1 to the integer kept in job JOB_ID's notes."""
    from wipboard.store.repository import Repository

    repo = Repository(path)
    repo.snapshot()
    wait_for_go()
    last = None
    for _ in range(int(count)):
        with repo.transaction() as tx:
            job = tx.jobs[int(job_id)]
            last = int(job.notes) + 1
            tx.jobs.save(job.model_copy(update={"notes": str(last)}), job.version)
            tx.record(entry(job.id, "notes", job.notes, str(last)))
    say(json.dumps({"done": int(count), "last": last}))


def read_then_save(path: str, tag: str, job_id: str = "1") -> None:
    """Read a job, wait, then save it with the version read; on a conflict reload and save again."""
    from wipboard.store.errors import Conflict
    from wipboard.store.repository import Repository

    repo = Repository(path)
    job = repo.snapshot().jobs[int(job_id)]
    say(f"read {job.version}")
    line = sys.stdin.readline()
    assert line.strip() == "go", line
    outcome: dict[str, object] = {}
    try:
        with repo.transaction() as tx:
            tx.jobs.save(job.model_copy(update={"notes": job.notes + tag}), job.version)
        outcome["first_try"] = "saved"
    except Conflict as error:
        outcome["first_try"] = "conflict"
        outcome["message"] = str(error)
        outcome["job_ids"] = list(error.job_ids)
        # What a person does after the conflict message: reopen the card, redo the change.
        with repo.transaction() as tx:
            fresh = tx.jobs[int(job_id)]
            tx.jobs.save(fresh.model_copy(update={"notes": fresh.notes + tag}), fresh.version)
        outcome["retry"] = "saved"
    say(json.dumps(outcome))


def add_jobs(path: str, count: str) -> None:
    """COUNT transactions, each adding one job; prints the ids it got."""
    from wipboard.store.models import Job
    from wipboard.store.repository import Repository

    repo = Repository(path)
    account_id = min(repo.snapshot().accounts)
    wait_for_go()
    ids = []
    for index in range(int(count)):
        with repo.transaction() as tx:
            job = tx.jobs.add(Job(id=1, name=f"job {index}", account_id=account_id, pipeline_id=1, stage_id=1))
        ids.append(job.id)
    say(json.dumps({"ids": ids}))


def remove_job(path: str, job_id: str) -> None:
    from wipboard.store.repository import Repository

    repo = Repository(path)
    with repo.transaction() as tx:
        tx.jobs.remove(int(job_id))
    say(json.dumps({"removed": int(job_id)}))


def hold_lock(path: str) -> None:
    """Take the firm file's lock (an open transaction) until a line arrives on stdin."""
    from wipboard.store.repository import Repository

    repo = Repository(path)
    with repo.transaction():
        say("locked")
        sys.stdin.readline()
    say(json.dumps({"released": True}))


def write_over_fsize_limit(path: str, limit: str) -> None:
    """Under RLIMIT_FSIZE=LIMIT bytes, commit a transaction whose file is larger than that."""
    import resource
    import signal

    from wipboard.store.errors import StoreError
    from wipboard.store.repository import Repository

    repo = Repository(path)
    job = repo.snapshot().jobs[1]
    # Without this the kernel kills us with SIGXFSZ instead of failing the write with EFBIG.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), int(limit)))
    try:
        with repo.transaction() as tx:
            tx.jobs.save(job.model_copy(update={"notes": "x" * 10_000}), job.version)
    except StoreError as error:
        snapshot = repo.snapshot()
        say(json.dumps({"error": type(error).__name__, "message": str(error),
                        "notes_after": snapshot.jobs[1].notes, "generation_after": snapshot.generation}))
        return
    say(json.dumps({"error": None}))


COMMANDS = {
    "increment": increment,
    "read-then-save": read_then_save,
    "add-jobs": add_jobs,
    "remove-job": remove_job,
    "hold-lock": hold_lock,
    "write-over-fsize-limit": write_over_fsize_limit,
}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    try:
        COMMANDS[command](*arguments)
    except Exception as error:  # reported to the test, which fails on it
        say(f"error {type(error).__name__} {error}")
        raise SystemExit(1) from None
