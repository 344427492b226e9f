"""The repository contract, on the firm file and on PostgreSQL alike (R14, R15, R16, R17)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import Conflict
from wipboard.store.fields import utc_now
from wipboard.store.interface import AuditHistory, FirmRepository
from wipboard.store.models import Account, Job
from wipboard.store.open_store import create_firm_at, open_repository


@pytest.fixture
def repo(any_db: str) -> Iterator[FirmRepository]:
    made = create_firm_at(any_db, owner_login="olivia")
    yield made
    made.close()


def _entry(job_id: int, op: str, user: str = "olivia", version: int = 2, undoes: str | None = None) -> AuditEntry:
    return AuditEntry(at=utc_now(), op=op, operation="card save", user=user, actor=user, via="cli", job_id=job_id,
                      field="notes", before="", after=op, version=version, undoes=undoes)


def _job(repo: FirmRepository, name: str = "Job") -> Job:
    with repo.transaction() as tx:
        account = next(iter(tx.accounts.values()), None) or tx.accounts.put(Account(id=tx.accounts.new_id(), name="Rivera"))
        return tx.jobs.add(Job(id=1, name=name, account_id=account.id, pipeline_id=1, stage_id=1))


def test_contract_both_stores_implement_the_interface(repo: FirmRepository) -> None:
    assert isinstance(repo, FirmRepository) and isinstance(repo.history, AuditHistory)


def test_r16_contract_a_snapshot_is_reused_until_another_process_commits(any_db: str, repo: FirmRepository) -> None:
    first = repo.snapshot()
    assert repo.snapshot() is first and not repo.changed_since(first.generation)
    other = open_repository(any_db)
    _job(other)
    deadline = time.monotonic() + 2
    while not repo.changed_since(first.generation):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = repo.snapshot()
    assert second.generation == first.generation + 1 and len(second.jobs) == 1
    other.close()


def test_r16_contract_a_save_from_a_stale_version_is_a_conflict_and_writes_nothing(repo: FirmRepository) -> None:
    job = _job(repo)
    with repo.transaction() as tx:
        tx.jobs.save(job.model_copy(update={"notes": "first"}), job.version)
    generation = repo.snapshot().generation
    with pytest.raises(Conflict):
        with repo.transaction() as tx:
            tx.jobs.save(job.model_copy(update={"notes": "stale"}), job.version)
    assert repo.snapshot().generation == generation and repo.snapshot().jobs[job.id].notes == "first"


def test_r16_contract_ids_are_never_reused(repo: FirmRepository) -> None:
    first, second = _job(repo), _job(repo)
    with repo.transaction() as tx:
        tx.jobs.remove(second.id)
    assert _job(repo).id == second.id + 1 and first.id < second.id


def test_r15_contract_the_audit_history_answers_the_same_on_both_stores(repo: FirmRepository) -> None:
    job, other = _job(repo), _job(repo, "Other")
    for entries in ([_entry(job.id, "a1", version=2)], [_entry(job.id, "b1", "dana", version=3)],
                    [_entry(job.id, "a2", version=4), _entry(other.id, "a2", version=2)],
                    [_entry(job.id, "u1", version=5, undoes="a2")]):
        with repo.transaction() as tx:
            tx.set_firm(tx.firm.model_copy(update={"name": f"after {entries[0].op}"}))
            tx.record(*entries)
    history, end = repo.history, repo.snapshot().audit_size
    assert [entry.op for entry in history.entries(end)] == ["a1", "b1", "a2", "a2", "u1"]
    assert [entry.op for entry in history.entries(end, user="dana")] == ["b1"]
    assert [entry.op for entry in history.latest_of(end, "olivia")] == ["u1", "a2", "a2", "a1"]
    last = history.last_operation(end, "olivia")  # a2 was undone: the one before it
    assert last is not None and last.op == "a1" and [entry.job_id for entry in last.entries] == [job.id]
    assert [entry.op for entry in history.entries_between(last.end, end, {job.id})] == ["b1", "a2", "u1"]
    assert history.user_wrote_between("dana", last.end, end) and not history.user_wrote_between("nobody", 0, end)
    later = history.entries_after_versions(end, {job.id: 3, other.id: 1})
    assert {job_id: [entry.op for entry in entries] for job_id, entries in later.items()} == {job.id: ["a2", "u1"], other.id: ["a2"]}
    assert [entry.op for entry in repo.audit_entries({other.id})] == ["a2"]


def test_r10_contract_a_fresh_reader_sees_the_jobs_by_id_whatever_was_updated_since(any_db: str, repo: FirmRepository) -> None:
    jobs = [_job(repo, f"Job {n}") for n in range(5)]
    for job in reversed(jobs[:3]):  # updated rows move within the table on PostgreSQL
        with repo.transaction() as tx:
            tx.jobs.save(tx.jobs[job.id].model_copy(update={"notes": "later"}), tx.jobs[job.id].version)
    fresh = open_repository(any_db)
    assert list(fresh.snapshot().jobs) == [job.id for job in jobs] == list(repo.snapshot().jobs)
    fresh.close()
