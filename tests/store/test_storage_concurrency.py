"""R16: several processes on one firm file — no lost update, conflicts refused, changes seen, ids unique.

Every test here starts real OS processes (``_workers.py``) on the same file.
"""

from __future__ import annotations

import pytest

from wipboard.store.errors import Conflict
from wipboard.store.models import Job
from wipboard.store.repository import Repository

PROCESSES = 8
TRANSACTIONS_EACH = 300


def start_together(workers: list) -> None:
    for worker in workers:
        worker.expect("ready")
    for worker in workers:
        worker.send("go")


def test_r16_no_update_is_lost_by_8_processes_x_300_read_modify_writes(firm_in_memory, workers):
    firm = firm_in_memory
    job = firm.with_job(notes="0")
    started = [workers("increment", firm.path, TRANSACTIONS_EACH, job.id) for _ in range(PROCESSES)]

    start_together(started)
    results = [worker.result() for worker in started]

    assert all(result["done"] == TRANSACTIONS_EACH for result in results)
    total = PROCESSES * TRANSACTIONS_EACH
    snapshot = firm.reopen().snapshot()
    assert snapshot.jobs[job.id].notes == str(total)
    assert snapshot.jobs[job.id].version == job.version + total
    # Someone saw every intermediate value: the values the workers ended on are distinct.
    assert len({result["last"] for result in results}) == PROCESSES
    assert max(result["last"] for result in results) == total
    # The audit log holds exactly one entry per committed transaction, in commit order.
    entries = [e for e in firm.reopen().audit_entries() if e.op == "op-worker"]
    assert [e.after for e in entries] == [str(n) for n in range(1, total + 1)]


def test_r16_two_processes_saving_the_same_job_one_wins_the_other_gets_a_conflict(firm, workers):
    job = firm.with_job(notes="")
    first, second = workers("read-then-save", firm.path, "A", job.id), workers("read-then-save", firm.path, "B", job.id)
    # Both have read the job at the same version before either saves.
    assert first.expect("read ") == second.expect("read ") == f"read {job.version}"
    first.send("go")
    second.send("go")
    outcomes = [first.result(), second.result()]

    first_tries = sorted(outcome["first_try"] for outcome in outcomes)
    assert first_tries == ["conflict", "saved"]
    loser = next(outcome for outcome in outcomes if outcome["first_try"] == "conflict")
    assert loser["job_ids"] == [job.id]
    assert f"job {job.id}" in loser["message"] and "changed by someone else" in loser["message"]
    assert loser["retry"] == "saved"
    # Nothing lost: the winner's change is kept and the loser's redone change sits on top of it.
    saved = firm.reopen().snapshot().jobs[job.id]
    assert sorted(saved.notes) == ["A", "B"]
    assert saved.version == job.version + 2


def test_r16_a_stale_save_is_refused_not_written_over(firm):
    """The same rule within one process: a save naming an old version is a Conflict and writes nothing."""
    job = firm.with_job(notes="mine")
    other = firm.reopen()
    with other.transaction() as tx:
        tx.jobs.save(tx.jobs[job.id].model_copy(update={"notes": "theirs"}), job.version)
    before = firm.bytes()

    with pytest.raises(Conflict) as error:
        with firm.repo.transaction() as tx:
            tx.jobs.save(job.model_copy(update={"notes": "stale"}), job.version)
    assert error.value.job_ids == (job.id,)
    assert f"version {job.version} → {job.version + 1}" in str(error.value)
    assert firm.bytes() == before
    assert firm.repo.snapshot().jobs[job.id].notes == "theirs"


def test_r16_another_process_insert_is_seen_after_the_next_changed_since_check(firm, workers):
    firm.account_id()
    reader = firm.reopen()
    seen = reader.snapshot()
    assert not reader.changed_since(seen.generation)

    writer = workers("add-jobs", firm.path, 1)
    writer.expect("ready")
    assert not reader.changed_since(seen.generation)
    writer.send("go")
    (new_id,) = writer.result()["ids"]

    assert reader.changed_since(seen.generation)
    fresh = reader.snapshot()
    assert fresh.generation > seen.generation
    assert new_id not in seen.jobs and fresh.jobs[new_id].name == "job 0"
    assert not reader.changed_since(fresh.generation)


def test_r16_concurrent_inserts_from_several_processes_get_distinct_ids(firm, workers):
    firm.with_job()  # job 1
    # This process has written jobs before: a stale id counter here must not collide later.
    local = firm.repo
    count, processes = 40, 4
    started = [workers("add-jobs", firm.path, count) for _ in range(processes)]
    start_together(started)
    ids = [job_id for worker in started for job_id in worker.result()["ids"]]

    assert len(ids) == len(set(ids)) == count * processes
    assert set(ids) == set(range(2, 2 + count * processes))
    with local.transaction() as tx:
        mine = tx.jobs.add(Job(id=1, name="after the others", account_id=firm.account_id(), pipeline_id=1, stage_id=1))
    assert mine.id == 2 + count * processes
    stored = Repository(firm.path).snapshot().jobs
    assert sorted(stored) == [1, *sorted(ids), mine.id]


def test_r16_ids_are_never_reused_after_a_job_is_removed(firm, workers):
    jobs = [firm.with_job(name=f"job {n}") for n in range(3)]
    highest = max(job.id for job in jobs)

    # Removed here, added in another process: the removed id is not handed out again.
    with firm.repo.transaction() as tx:
        tx.jobs.remove(highest)
    adder = workers("add-jobs", firm.path, 1)
    adder.expect("ready")
    adder.send("go")
    (other_id,) = adder.result()["ids"]
    assert other_id == highest + 1

    # Removed in another process, added here.
    workers("remove-job", firm.path, other_id).result()
    with firm.repo.transaction() as tx:
        again = tx.jobs.add(Job(id=other_id, name="again", account_id=firm.account_id(), pipeline_id=1, stage_id=1))
    assert again.id == other_id + 1
    assert sorted(firm.reopen().snapshot().jobs) == sorted([job.id for job in jobs if job.id != highest] + [again.id])
