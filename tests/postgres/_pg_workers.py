"""Real processes for the PostgreSQL store's tests (run as ``python _pg_workers.py COMMAND DB ...``).

- ``increment DB JOB_ID N``: N transactions, each adding one to the job's notes (a number).
- ``bulk DB ROUNDS``: ROUNDS bulk edits, each setting every job's notes to ``round K``;
  prints ``started`` once the first has begun, so a test can kill it in the middle.
- ``move DB JOB_ID STAGE``: one move through the services, as the firm's owner.
"""

from __future__ import annotations

import sys

from wipboard.store.identity import actor_for
from wipboard.store.open_store import open_repository


def increment(db: str, job_id: int, count: int) -> None:
    repo = open_repository(db)
    for _ in range(count):
        with repo.transaction() as tx:
            job = tx.jobs[job_id]
            tx.jobs.save(job.model_copy(update={"notes": str(int(job.notes or "0") + 1)}), job.version)


def bulk(db: str, rounds: int) -> None:
    repo = open_repository(db)
    print("started", flush=True)
    for round_number in range(1, rounds + 1):
        with repo.transaction() as tx:
            for job in list(tx.jobs.values()):
                tx.jobs.save(job.model_copy(update={"notes": f"round {round_number}"}), job.version)


def move(db: str, job_id: int, stage: str) -> None:
    from wipboard.store.services.moves import move_jobs

    repo = open_repository(db)
    actor = actor_for(repo.snapshot(), "olivia")
    assert actor is not None
    move_jobs(repo, actor, [job_id], stage)


if __name__ == "__main__":
    command, db, *rest = sys.argv[1:]
    if command == "increment":
        increment(db, int(rest[0]), int(rest[1]))
    elif command == "bulk":
        bulk(db, int(rest[0]))
    elif command == "move":
        move(db, int(rest[0]), rest[1])
    else:
        raise SystemExit(f"unknown command {command}")
