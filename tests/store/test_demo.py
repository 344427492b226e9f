"""The demo firm (issue 3, item 8): deterministic, complete, loadable, and true to the rules.

Every job's client status must be one the engine could have produced: the
status a job gets when it is created in its pipeline's first stage (R1, R2)
and moved stage by stage to where it is, each stage's automations running in
order (R4).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest

from wipboard.store import schema
from wipboard.store.audit import AuditEntry, AuditLog
from wipboard.store.demo import (
    DEMO_ASSIGNED_EMPLOYEE,
    DEMO_OWNER,
    RIVERA_FAMILY,
    RIVERA_LANDSCAPING,
    build_demo,
    build_demo_files,
    write_demo,
)
from wipboard.store.errors import AuditLogExists, FirmFileExists, StoreError, WriteFailed
from wipboard.store.firm_file import default_statuses
from wipboard.store.identity import Actor, resolve_actor
from wipboard.store.models import ClientStatus, Job
from wipboard.store.portal import portal_for
from wipboard.store.prefill import shown_status
from wipboard.store.repository import Repository, Snapshot
from wipboard.store.rules import RuleContext, run_automations
from wipboard.store.services.change_words import describe_value
from wipboard.store.services.history import status_history, undo_last
from wipboard.store.storage import FirmStorage
from wipboard.store.tracked_fields import CLIENT_STATUS_FIELDS, TRACKED_FIELDS

NOW = datetime(2026, 3, 10, tzinfo=timezone.utc)
JOBS = 400


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "firm.json"
    write_demo(path, jobs=JOBS, seed=7, now=NOW)
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Snapshot:
    return Repository(demo_path).snapshot()


def expected_client_status(snapshot: Snapshot, job: Job) -> ClientStatus:
    """What the rules give ``job``: created in its pipeline's first stage, then moved stage by stage to its own."""
    pipeline = snapshot.pipelines[job.pipeline_id]
    stage_ids = [stage.id for stage in pipeline.stages]
    path = pipeline.stages[: stage_ids.index(job.stage_id) + 1]
    account = snapshot.accounts[job.account_id]
    at = job.created_at
    fresh = job.model_copy(update={"client_status": ClientStatus()})
    template = snapshot.job_templates[job.template_id] if job.template_id else None
    if template is not None and template.client_status.visible:
        preset = template.client_status
        assert preset.status_id is not None
        shown = shown_status(
            fresh, fresh.client_status, status=snapshot.statuses[preset.status_id],
            name_for_client=preset.name_for_client or None, description=preset.description or None,
            at=at, by=f"template: {template.name}", via="template",
        )
        fresh = fresh.model_copy(update={"client_status": shown})
    for stage in path:
        outcome = run_automations(fresh, stage, RuleContext(account, snapshot.statuses, f"automation: {stage.name}", at))
        assert outcome.problems == ()
        fresh = fresh.model_copy(update={"stage_id": stage.id, "client_status": outcome.client_status})
    return fresh.client_status


def log_path(firm_path: Path) -> Path:
    return AuditLog(firm_path).path


def test_demo_same_seed_and_now_give_the_same_bytes(tmp_path: Path) -> None:
    write_demo(tmp_path / "a.json", jobs=300, seed=11, now=NOW)
    write_demo(tmp_path / "b.json", jobs=300, seed=11, now=NOW)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert log_path(tmp_path / "a.json").read_bytes() == log_path(tmp_path / "b.json").read_bytes()


def test_demo_another_seed_gives_another_firm() -> None:
    assert build_demo(300, seed=1, now=NOW) != build_demo(300, seed=2, now=NOW)


def test_demo_is_the_same_in_another_process_with_another_hash_seed(tmp_path: Path) -> None:
    """Nothing may depend on set order (string hashes change from one process to the next)."""
    script = (
        "import sys, hashlib\n"
        "from datetime import datetime, timezone\n"
        "from wipboard.store.demo import write_demo\n"
        "write_demo(sys.argv[1], jobs=300, seed=5, now=datetime(2026, 3, 10, tzinfo=timezone.utc))\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        path = tmp_path / f"firm-{hash_seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", script, str(path)], env=env, check=True, timeout=60)
        digests.add(hashlib.sha256(path.read_bytes() + log_path(path).read_bytes()).hexdigest())
    assert len(digests) == 1


def test_demo_loads_with_the_repository_as_a_demo_firm(demo: Snapshot, demo_path: Path) -> None:
    assert demo.firm.demo is True
    assert len(demo.jobs) == JOBS
    assert sorted(demo.jobs) == list(range(1, JOBS + 1))
    # The counters let the app add a job, stage or automation without reusing an id.
    with Repository(demo_path).transaction() as tx:
        assert tx.jobs.new_id() == JOBS + 1
        stage_ids = [stage.id for pipeline in demo.pipelines.values() for stage in pipeline.stages]
        assert tx.meta["next_ids"]["stages"] == max(stage_ids) + 1


def test_demo_jobs_are_stored_exactly_as_the_models_store_them(demo_path: Path) -> None:
    """The generator writes jobs without models (for speed): each must dump back to the very same fields."""
    stored = orjson.loads(demo_path.read_bytes())["jobs"]
    for doc_id, raw in stored.items():
        assert Job.model_validate(raw).model_dump(mode="json") == raw, doc_id


def test_demo_has_the_four_staff_roles_and_its_owner_is_demo_owner(demo: Snapshot) -> None:
    kinds = sorted((user.role, user.job_access) for user in demo.users.values())
    assert kinds == [("admin", "all"), ("employee", "all"), ("employee", "assigned"), ("owner", "all")]
    owner = next(user for user in demo.users.values() if user.role == "owner")
    assert owner.login == DEMO_OWNER
    assigned = next(user for user in demo.users.values() if user.job_access == "assigned")
    assert assigned.login == DEMO_ASSIGNED_EMPLOYEE
    assert any(DEMO_ASSIGNED_EMPLOYEE in job.assignees for job in demo.jobs.values())
    common_os_logins = {"root", "admin", "user", "ubuntu", "debian", "pi", "guest", "test", "demo", "nobody"}
    assert not common_os_logins & {user.login for user in demo.users.values()}


def test_demo_statuses_start_with_the_five_defaults(demo: Snapshot) -> None:
    defaults = default_statuses()
    assert [demo.statuses[status.id] for status in defaults] == defaults
    extra = [status for status in demo.statuses.values() if status.id > len(defaults)]
    assert [status.name for status in extra] == ["Waiting on you"]


def test_demo_has_three_tax_firm_pipelines_with_automations(demo: Snapshot) -> None:
    stages = {pipeline.name: [stage.name for stage in pipeline.stages] for pipeline in demo.pipelines.values()}
    assert stages["Individual tax return"] == [
        "Intake", "Waiting for documents", "Preparation", "Review", "Client signature", "Filed",
    ]
    assert set(stages) == {"Individual tax return", "Monthly bookkeeping", "Payroll"}
    all_stages = [stage for pipeline in demo.pipelines.values() for stage in pipeline.stages]
    automations = [automation for stage in all_stages for automation in stage.automations]
    assert len({stage.id for stage in all_stages}) == len(all_stages)
    assert len({automation.id for automation in automations}) == len(automations)
    assert any(pipeline.show_client_status_on_cards for pipeline in demo.pipelines.values())
    assert any(len(stage.automations) > 1 for stage in all_stages)
    assert any(not automation.visible for automation in automations)
    assert any(automation.conditions for automation in automations)
    assert all(automation.status_id in demo.statuses for automation in automations if automation.visible)


def test_demo_job_templates_with_and_without_a_visible_preset(demo: Snapshot) -> None:
    templates = list(demo.job_templates.values())
    assert len(templates) >= 3
    assert {template.client_status.visible for template in templates} == {True, False}
    for template in templates:
        pipeline = demo.pipelines[template.pipeline_id]
        assert pipeline.stage(template.stage_id) is not None
    return_template = next(template for template in templates if template.name == "1040 return")
    assert return_template.client_status.name_for_client == "Your 2025 tax return"


def test_demo_accounts_have_contacts_and_some_contacts_have_several_accounts(demo: Snapshot) -> None:
    names = [account.name for account in demo.accounts.values()]
    assert len(set(names)) == len(names)
    assert {"Müller GmbH", "Nguyễn Family"} <= set(names)
    contacts_of = {account_id: 0 for account_id in demo.accounts}
    for contact in demo.contacts.values():
        for account_id in contact.account_ids:
            contacts_of[account_id] += 1
    assert set(contacts_of.values()) == {1, 2}
    by_login = {contact.login: contact for contact in demo.contacts.values()}
    rivera = [demo.accounts[account_id].name for account_id in by_login["mrivera"].account_ids]
    assert rivera == [RIVERA_FAMILY, RIVERA_LANDSCAPING]
    assert demo.accounts[by_login["mrivera"].account_ids[0]].tags == ["individual"]
    logins = [user.login for user in demo.users.values()] + list(by_login)
    assert len(set(logins)) == len(logins)


def test_demo_jobs_refer_to_what_exists_and_their_dates_make_sense(demo: Snapshot) -> None:
    staff = {user.login for user in demo.users.values()}
    for job in demo.jobs.values():
        assert job.account_id in demo.accounts
        assert demo.pipelines[job.pipeline_id].stage(job.stage_id) is not None
        assert set(job.assignees) <= staff
        if job.template_id is not None:
            assert demo.job_templates[job.template_id].pipeline_id == job.pipeline_id
        assert job.created_at <= job.updated_at < NOW
        assert job.start_date is not None and job.due_date is not None and job.start_date <= job.due_date
        status = job.client_status
        if status.updated_at is not None:
            assert job.created_at <= status.updated_at <= job.updated_at
    jobs = list(demo.jobs.values())
    finished = {pipeline.stages[-1].id for pipeline in demo.pipelines.values()}
    assert any(job.due_date < NOW.date() for job in jobs if job.stage_id not in finished)  # some are overdue
    assert 0 < sum(job.archived for job in jobs) < len(jobs) * 0.1
    assert 0 < sum(job.deleted for job in jobs) < len(jobs) * 0.05
    assert 0 < sum(not job.client_status.visible for job in jobs) < len(jobs) / 2


def test_demo_client_status_is_what_the_engine_gives_for_the_stage_path(demo: Snapshot) -> None:
    for job in demo.jobs.values():
        expected = expected_client_status(demo, job)
        timeless = {"updated_at": None}
        assert job.client_status.model_copy(update=timeless) == expected.model_copy(update=timeless), job.id
        assert (job.client_status.updated_at is None) == (expected.updated_at is None), job.id


def test_demo_first_job_is_the_readme_example(demo: Snapshot) -> None:
    job = demo.jobs[1]
    assert demo.accounts[job.account_id].name == RIVERA_FAMILY
    assert job.name == "2025 Form 1040" and job.assignees == [DEMO_ASSIGNED_EMPLOYEE]
    assert demo.pipelines[job.pipeline_id].stage(job.stage_id).name == "Preparation"  # type: ignore[union-attr]
    assert job.client_status.visible and job.client_status.name_for_client == "Your 2025 tax return"
    assert demo.statuses[job.client_status.status_id].name == "In progress"  # type: ignore[index]


def test_demo_refuses_to_replace_an_existing_file(demo_path: Path, tmp_path: Path) -> None:
    before, log_before = demo_path.read_bytes(), log_path(demo_path).read_bytes()
    with pytest.raises(FirmFileExists):
        write_demo(demo_path, jobs=10, seed=1)
    assert demo_path.read_bytes() == before
    assert log_path(demo_path).read_bytes() == log_before
    other = tmp_path / "notes.json"
    other.write_text("not a firm file")
    with pytest.raises(FirmFileExists):
        write_demo(other)
    assert other.read_text() == "not a firm file"
    assert not log_path(other).exists()  # a refusal leaves no log behind


def test_demo_refuses_a_path_whose_audit_log_outlived_its_firm_file(tmp_path: Path) -> None:
    """The log of a firm file that was removed or renamed is kept: a backup of that firm may need it."""
    path = tmp_path / "firm.json"
    log_path(path).write_bytes(b"earlier history\n")
    with pytest.raises(AuditLogExists, match="audit log"):
        write_demo(path, jobs=10, now=NOW)
    assert log_path(path).read_bytes() == b"earlier history\n"
    assert not path.exists()


def test_demo_a_failed_write_of_the_firm_file_leaves_no_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: FirmStorage, *args: object, **kwargs: object) -> None:
        raise WriteFailed(self.path, OSError(28, "No space left on device"))

    monkeypatch.setattr(FirmStorage, "_write_file", fail)
    path = tmp_path / "firm.json"
    with pytest.raises(WriteFailed):
        write_demo(path, jobs=10, now=NOW)
    assert sorted(file.name for file in tmp_path.iterdir() if not file.name.endswith(".lock")) == []


def test_demo_dates_follow_today_by_default() -> None:
    data = build_demo(200)
    due_dates = sorted(datetime.fromisoformat(job["due_date"]).date() for job in data["jobs"].values())
    today = datetime.now(timezone.utc).date()
    assert abs(due_dates[len(due_dates) // 2] - today) < timedelta(days=60)
    assert max(due_dates) < today + timedelta(days=200)


def test_demo_small_and_empty_demos_and_a_negative_count() -> None:
    assert build_demo(0, now=NOW)["jobs"] == {}
    assert len(build_demo(3, now=NOW)["jobs"]) == 3
    assert build_demo(0, now=NOW)[schema.META][schema.META_DOC]["next_ids"]["jobs"] == 1
    with pytest.raises(ValueError, match="negative"):
        build_demo(-1)


def test_demo_writes_10000_jobs_in_under_10_seconds(tmp_path: Path) -> None:
    path = tmp_path / "firm.json"
    started = time.perf_counter()
    write_demo(path, jobs=10_000, seed=0)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"wipboard demo --jobs 10000 took {elapsed:.1f} s"
    assert log_path(path).stat().st_size == orjson.loads(path.read_bytes())[schema.META][schema.META_DOC]["audit_size"]


# --- The audit log ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def entries(demo_path: Path) -> list[AuditEntry]:
    return Repository(demo_path).audit_entries()


@pytest.fixture(scope="module")
def owner(demo: Snapshot, demo_path: Path) -> Actor:
    return resolve_actor(demo, DEMO_OWNER, None, firm_path=str(demo_path))


def test_demo_audit_log_is_readable_and_its_size_is_the_committed_size(demo_path: Path, entries: list[AuditEntry]) -> None:
    log = log_path(demo_path).read_bytes()
    assert orjson.loads(demo_path.read_bytes())[schema.META][schema.META_DOC]["audit_size"] == len(log)
    lines = log.split(b"\n")
    assert lines[-1] == b"" and len(entries) == len(lines) - 1 > 2 * JOBS
    for line, entry in zip(lines, entries, strict=False):
        assert orjson.dumps(entry.__dict__) == line  # the very bytes AuditLog.append would write
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)
    assert all(entry.at < NOW for entry in entries)


def test_demo_the_log_changes_nothing_else_in_the_firm_file() -> None:
    data, log = build_demo_files(300, seed=4, now=NOW)
    plain = build_demo(300, seed=4, now=NOW)
    assert plain[schema.META][schema.META_DOC]["audit_size"] == 0
    assert data[schema.META][schema.META_DOC].pop("audit_size") == len(log)
    plain[schema.META][schema.META_DOC].pop("audit_size")
    assert data == plain


def test_demo_each_jobs_log_replays_to_the_job_as_stored(demo: Snapshot, entries: list[AuditEntry]) -> None:
    """From a new job in its pipeline's first stage, each operation's changes lead to the job as it is."""
    by_job: dict[int, list[AuditEntry]] = {}
    for entry in entries:
        by_job.setdefault(entry.job_id, []).append(entry)
    assert sorted(by_job) == sorted(demo.jobs)
    staff = {user.login: user for user in demo.users.values()}
    op_ids: set[str] = set()
    for job_id, history in by_job.items():
        job = demo.jobs[job_id]
        first_stage = demo.pipelines[job.pipeline_id].stages[0].id
        state = {name: TRACKED_FIELDS[name](Job(id=job_id, name=job.name, account_id=1, pipeline_id=1, stage_id=first_stage))
                 for name in ("stage_id", "archived", "deleted", *CLIENT_STATUS_FIELDS)}
        ops = list(dict.fromkeys(entry.op for entry in history))
        assert not op_ids & set(ops), job_id
        op_ids.update(ops)
        assert [entry.version for entry in history] == sorted(entry.version for entry in history), job_id  # type: ignore[type-var]
        assert history[0].field == "created" and history[0].after == job.name and history[0].operation == "create"
        assert history[0].at == job.created_at and history[-1].at == job.updated_at, job_id
        last_status_change: AuditEntry | None = None
        for version, op in enumerate(ops, start=1):
            changes = [entry for entry in history if entry.op == op]
            assert {entry.version for entry in changes} == {version}, job_id
            assert len({(entry.at, entry.user, entry.operation) for entry in changes}) == 1, job_id
            user = staff[changes[0].user]
            assert user.job_access == "all" or user.login in job.assignees, job_id  # they could see the job
            for entry in changes:
                if entry.field in state:
                    assert state[entry.field] == entry.before, (job_id, entry)
                    state[entry.field] = entry.after
                else:
                    assert entry.field in ("created", "priority", "due_date", "notes"), entry
                if entry.field in CLIENT_STATUS_FIELDS:
                    assert entry.actor.startswith(("automation: ", "template: ")), entry
                    last_status_change = entry
                else:
                    assert entry.actor == entry.user, entry
        assert job.version == len(ops), job_id
        assert state == {name: TRACKED_FIELDS[name](job) for name in state}, job_id
        status = job.client_status
        if last_status_change is None:
            assert status.updated_at is None, job_id
        else:
            assert (status.updated_at, status.updated_by, status.via) == (
                last_status_change.at, last_status_change.actor, last_status_change.via), job_id


def test_demo_status_history_ends_in_each_jobs_stored_state(demo: Snapshot, demo_path: Path, owner: Actor) -> None:
    repo = Repository(demo_path)
    for job in list(demo.jobs.values())[::9]:
        items = status_history(repo, owner, job.id)
        assert items[0].field == "created" and items[0].after == job.name, job.id
        last = {item.field: item.after for item in items}
        stage = demo.pipelines[job.pipeline_id].stage(job.stage_id)
        assert stage is not None
        assert last.get("stage_id", demo.pipelines[job.pipeline_id].stages[0].name) == stage.name, job.id
        for field in CLIENT_STATUS_FIELDS:
            stored = describe_value(demo, field, TRACKED_FIELDS[field](job), job)
            assert last.get(field, "—" if field != "client_status.visible" else "no") == stored, (job.id, field)


def test_demo_portal_timeline_has_a_point_for_every_visible_job(demo: Snapshot, demo_path: Path, owner: Actor) -> None:
    repo = Repository(demo_path)
    accounts = [account.name for account in demo.accounts.values()
                if any(job.in_portal and job.account_id == account.id for job in demo.jobs.values())]
    assert len(accounts) > 10
    for name in accounts[:25]:
        view = portal_for(repo, owner, name, with_history=True)
        assert view.work_in_progress, name
        for item in view.work_in_progress:
            assert item.history, (name, item.name)
            assert item.history[-1].status == item.status, (name, item.name)
            assert [point.at for point in item.history] == sorted(point.at for point in item.history)


@pytest.mark.parametrize("seed", [0, 1, 2, 6])
def test_demo_undo_on_a_fresh_demo_works_or_is_refused(tmp_path: Path, seed: int) -> None:
    """Demo operations are the staff's own, so `wipboard undo` may pick one: it undoes it, or refuses cleanly."""
    path = tmp_path / "firm.json"
    write_demo(path, jobs=200, seed=seed, now=NOW)
    repo = Repository(path)
    outcomes = []
    for login in (DEMO_OWNER, DEMO_OWNER, "marcus", "priya", DEMO_ASSIGNED_EMPLOYEE):
        before = repo.snapshot()
        actor = resolve_actor(before, login, None, firm_path=str(path))
        try:
            result = undo_last(repo, actor)
        except StoreError as refusal:
            outcomes.append(type(refusal).__name__)
            assert repo.snapshot().generation == before.generation  # nothing written
            continue
        outcomes.append("undone")
        for job in result.jobs:
            assert job.version == before.jobs[job.id].version + 1
            assert job != before.jobs[job.id]
    assert "undone" in outcomes
