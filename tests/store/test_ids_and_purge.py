"""R16/R17: a damaged id counter never lets a new document replace an old one; R14: a purge is recorded (issue 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from wipboard.store.firm_file import create_firm
from wipboard.store.models import Account, Job
from wipboard.store.repository import Repository


def firm_with_jobs(path: Path, count: int) -> Repository:
    repo = create_firm(path, owner_login="root")
    with repo.transaction() as tx:
        tx.accounts.put(Account(id=1, name="Rivera Family"))
        for index in range(count):
            tx.jobs.add(Job(id=1, name=f"job {index + 1}", account_id=1, pipeline_id=1, stage_id=1))
    return repo


def edit_meta(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = orjson.loads(path.read_bytes())
    change(data["_meta"]["1"]["next_ids"])
    path.write_bytes(orjson.dumps(data))


def wipboard(*arguments: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("wipboard")
    environment = {key: value for key, value in os.environ.items() if key != "WIPBOARD_DB"}
    environment["USER"] = "root"
    return subprocess.run([str(script), *arguments], capture_output=True, text=True, env=environment, timeout=60)


COUNTERS = {
    "missing": lambda ids: ids.pop("jobs"),
    "set to 1": lambda ids: ids.update(jobs=1),
    "set below the highest id": lambda ids: ids.update(jobs=2),
}


@pytest.mark.parametrize("case", sorted(COUNTERS))
def test_r16_a_lagging_id_counter_never_lets_jobs_add_replace_a_job(tmp_path: Path, case: str):
    repo = firm_with_jobs(tmp_path / "firm.json", 3)
    edit_meta(repo.path, COUNTERS[case])
    before = {job_id: job.name for job_id, job in Repository(repo.path).snapshot().jobs.items()}

    done = wipboard("jobs", "add", "--account", "Rivera Family", "--pipeline", "1", "--name", "New job",
                    "--db", str(repo.path), "--json")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == 4
    after = Repository(repo.path).snapshot().jobs
    assert {job_id: after[job_id].name for job_id in before} == before, "an existing job was replaced"
    assert after[4].name == "New job"


def test_r16_a_lagging_counter_of_any_table_skips_the_ids_in_use(tmp_path: Path):
    repo = firm_with_jobs(tmp_path / "firm.json", 1)
    edit_meta(repo.path, lambda ids: ids.update(accounts=1, statuses=1))
    fresh = Repository(repo.path)
    with fresh.transaction() as tx:
        first = tx.accounts.put(Account(id=tx.accounts.new_id(), name="Second client"))
        second = tx.accounts.put(Account(id=tx.accounts.new_id(), name="Third client"))
    assert (first.id, second.id) == (2, 3)
    assert Repository(repo.path).snapshot().accounts[1].name == "Rivera Family"


def test_r18_a_string_as_the_id_counter_is_a_sentence_not_a_traceback(tmp_path: Path):
    repo = firm_with_jobs(tmp_path / "firm.json", 1)
    edit_meta(repo.path, lambda ids: ids.update(jobs="seven"))
    before = repo.path.read_bytes()
    done = wipboard("jobs", "add", "--account", "Rivera Family", "--pipeline", "1", "--name", "New job",
                    "--db", str(repo.path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert str(repo.path) in done.stderr and "_meta.next_ids.jobs" in done.stderr, done.stderr
    assert repo.path.read_bytes() == before


def test_r14_jobs_purge_is_recorded_in_the_audit_log_by_the_purger(tmp_path: Path):
    repo = firm_with_jobs(tmp_path / "firm.json", 2)
    assert wipboard("jobs", "delete", "2", "--db", str(repo.path)).returncode == 0

    done = wipboard("jobs", "purge", "2", "--yes", "--db", str(repo.path))

    assert done.returncode == 0, done.stderr
    fresh = Repository(repo.path)
    assert 2 not in fresh.snapshot().jobs
    purged = [entry for entry in fresh.audit_entries({2}) if entry.field == "purged"]
    assert len(purged) == 1
    assert (purged[0].user, purged[0].via, purged[0].operation, purged[0].after) == ("root", "cli", "purge", True)


@pytest.mark.parametrize("counter", ["stages", "automations"])
def test_r16_a_lagging_stage_or_automation_counter_never_gives_out_an_id_in_use(tmp_path: Path, counter: str):
    from wipboard.store.identity import resolve_actor
    from wipboard.store.services.pipelines import AutomationFields, add_automation, add_stage

    repo = firm_with_jobs(tmp_path / "firm.json", 1)
    owner = resolve_actor(repo.snapshot(), "root", None, firm_path=str(repo.path))
    add_automation(repo, owner, 1, 1, AutomationFields(visible=True, status="Planned"))
    edit_meta(repo.path, lambda ids: ids.update({counter: 1}))
    repo = Repository(repo.path)

    if counter == "stages":
        add_stage(repo, owner, 1, "Filed")
    else:
        add_automation(repo, owner, 1, 2, AutomationFields(visible=True, status="Done"))

    stages = repo.snapshot().pipelines[1].stages
    ids = [stage.id for stage in stages] if counter == "stages" else [a.id for s in stages for a in s.automations]
    assert len(ids) == len(set(ids)), f"a new {counter[:-1]} took an id in use: {ids}"
