"""The repository: typed snapshots cached per generation, transactions that write once, id allocation."""

from __future__ import annotations

import os

import pytest
from tinydb import TinyDB

from wipboard.store.errors import NotFound, OutsideTransaction
from wipboard.store.models import Account, Firm, Job, StatusTemplate
from wipboard.store.repository import Repository
from wipboard.store.storage import FirmStorage


def assert_same_as_on_disk(repo: Repository) -> None:
    """The snapshot a process builds after its own commit equals the one any process reads from disk."""
    mine, disk = repo.snapshot(), Repository(repo.path).snapshot()
    assert (mine.generation, mine.audit_size, mine.firm) == (disk.generation, disk.audit_size, disk.firm)
    assert {name: dict(table) for name, table in mine.tables.items()} == {
        name: dict(table) for name, table in disk.tables.items()
    }


def test_store_a_snapshot_is_reused_until_another_generation_appears(firm):
    first = firm.repo.snapshot()
    assert firm.repo.snapshot() is first
    other = firm.reopen()
    with other.transaction() as tx:
        tx.accounts.put(Account(id=tx.accounts.new_id(), name="Acme"))
    assert firm.repo.changed_since(first.generation)
    second = firm.repo.snapshot()
    assert second is not first and second.generation == first.generation + 1
    assert [a.name for a in second.accounts.values()] == ["Acme"]
    assert firm.repo.snapshot() is second


def test_store_the_snapshot_after_a_commit_equals_the_file_read_again(firm):
    jobs = [firm.with_job(name=f"job {n}", stage_id=1 + n % 4) for n in range(5)]
    assert_same_as_on_disk(firm.repo)
    with firm.repo.transaction() as tx:
        tx.jobs.save(jobs[0].model_copy(update={"stage_id": 4, "notes": "moved"}), jobs[0].version)
        tx.jobs.remove(jobs[1].id)
        tx.jobs.add(Job(id=1, name="new", account_id=firm.account_id(), pipeline_id=1, stage_id=2))
        tx.statuses.put(StatusTemplate(id=tx.statuses.new_id(), name="Waiting on you", color="red", position=5))
        tx.set_firm(Firm(name="Rivera & Co"))
        tx.record(firm.entry(jobs[0].id, "stage_id", 1, 4))
    assert_same_as_on_disk(firm.repo)
    snapshot = firm.repo.snapshot()
    assert snapshot.firm.name == "Rivera & Co"
    assert jobs[1].id not in snapshot.jobs and snapshot.jobs[jobs[0].id].notes == "moved"


def test_store_reads_inside_a_transaction_see_its_own_writes(firm):
    job = firm.with_job(notes="old")
    with firm.repo.transaction() as tx:
        saved = tx.jobs.save(job.model_copy(update={"notes": "new"}), job.version)
        assert saved.version == job.version + 1
        assert tx.jobs[job.id].notes == "new" and tx.jobs.get(job.id) == saved
        added = tx.jobs.add(Job(id=1, name="added", account_id=firm.account_id(), pipeline_id=1, stage_id=1))
        assert added.id in tx.jobs and added.version == 1
        assert {j.id for j in tx.jobs.values()} == {job.id, added.id}
        tx.jobs.remove(added.id)
        assert added.id not in tx.jobs and tx.jobs.get(added.id) is None
        assert {j.id for j in tx.jobs.values()} == {job.id}
        # The snapshot others read is untouched until the commit.
        assert firm.repo.snapshot().jobs[job.id].notes == "old"
    assert firm.reopen().snapshot().jobs[job.id].notes == "new"


def test_store_an_unknown_id_is_not_found(firm):
    with pytest.raises(NotFound, match="there is no job with id 999"):
        with firm.repo.transaction() as tx:
            tx.jobs[999]
    with pytest.raises(NotFound, match="there is no job template with id 7"):
        with firm.repo.transaction() as tx:
            tx.job_templates.remove(7)


def test_r16_a_bulk_change_of_200_jobs_is_one_write(firm, monkeypatch):
    account = firm.account_id()
    with firm.repo.transaction() as tx:
        jobs = [tx.jobs.add(Job(id=1, name=f"job {n}", account_id=account, pipeline_id=1, stage_id=1)) for n in range(200)]
    generation = firm.repo.snapshot().generation
    replaced = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda *a, **k: (replaced.append(a), real_replace(*a, **k)))

    with firm.repo.transaction() as tx:
        for job in jobs:
            tx.jobs.save(job.model_copy(update={"stage_id": 2}), job.version)
        tx.record(*(firm.entry(job.id, "stage_id", 1, 2) for job in jobs))

    assert len(replaced) == 1
    fresh = firm.reopen()
    assert fresh.snapshot().generation == generation + 1
    assert {job.stage_id for job in fresh.snapshot().jobs.values()} == {2}
    assert len(fresh.audit_entries()) == 200


def test_store_an_error_inside_a_transaction_writes_nothing_and_forgets_the_change(firm):
    job = firm.with_job(notes="kept")
    before = firm.bytes()
    with pytest.raises(RuntimeError):
        with firm.repo.transaction() as tx:
            tx.jobs.save(job.model_copy(update={"notes": "lost"}), job.version)
            tx.accounts.put(Account(id=tx.accounts.new_id(), name="lost"))
            tx.record(firm.entry(job.id, "notes", "kept", "lost"))
            raise RuntimeError("the person pressed escape")
    assert firm.bytes() == before
    assert firm.repo.audit_entries() == []
    with firm.repo.transaction() as tx:
        assert tx.jobs[job.id].notes == "kept"
        # The id handed out in the failed transaction is free again: nothing was written with it.
        assert tx.accounts.new_id() == 2
        tx.accounts.put(Account(id=2, name="Second"))
    assert sorted(firm.reopen().snapshot().accounts) == [1, 2]
    assert firm.reopen().snapshot().jobs[job.id].notes == "kept"


def test_r16_writing_without_the_lock_is_refused(firm):
    database = TinyDB(firm.path, storage=FirmStorage)
    before = firm.bytes()
    with pytest.raises(OutsideTransaction):
        database.table("accounts").insert({"id": 5, "name": "Sneaky"})
    assert firm.bytes() == before


def test_r16_ids_are_allocated_per_table_and_survive_reopening(firm):
    with firm.repo.transaction() as tx:
        first, second = tx.accounts.new_id(), tx.accounts.new_id()
        tx.accounts.put(Account(id=first, name="One"))
        tx.accounts.put(Account(id=second, name="Two"))
        status_id = tx.statuses.new_id()
        tx.statuses.put(StatusTemplate(id=status_id, name="Extra", color="gray", position=5))
    assert (first, second, status_id) == (1, 2, 6)  # five default statuses exist
    with firm.reopen().transaction() as tx:
        tx.accounts.remove(second)
    with firm.repo.transaction() as tx:
        assert tx.accounts.new_id() == 3


def test_store_a_reload_keeps_the_models_of_unchanged_jobs_and_validates_the_changed_one(firm):
    first = firm.with_job(notes="one")
    second = firm.with_job(notes="two")
    reader = Repository(firm.path)
    before = reader.snapshot()
    with firm.repo.transaction() as tx:  # another process changes one job
        job = tx.jobs[second.id]
        tx.jobs.save(job.model_copy(update={"notes": "changed elsewhere"}), expected_version=job.version)
    after = reader.snapshot()
    assert after.generation == before.generation + 1
    assert after.jobs[first.id] is before.jobs[first.id]
    assert after.jobs[second.id].notes == "changed elsewhere"


def test_store_a_document_edited_in_place_through_tinydb_is_validated_again(firm):
    job = firm.with_job(notes="before")
    firm.repo.snapshot()
    with firm.repo.storage.transaction():
        firm.repo._db.table("jobs", cache_size=0).update({"notes": "edited through TinyDB"}, doc_ids=[job.id])
    assert Repository(firm.path).snapshot().jobs[job.id].notes == "edited through TinyDB"
    assert firm.repo.snapshot().jobs[job.id].notes == "edited through TinyDB"
