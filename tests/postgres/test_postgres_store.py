"""The PostgreSQL store's own promises, with a real server and real processes (R13, R16, R17, R18)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from postgres.pg_server import PgServer

from wipboard.store.errors import Conflict
from wipboard.store.identity import actor_for, resolve_actor
from wipboard.store.models import Account, Job
from wipboard.store.open_store import create_firm_at, open_repository
from wipboard.store.postgres.errors import DatabaseError, DatabaseUnavailable
from wipboard.store.postgres.repository import PostgresRepository
from wipboard.store.postgres.schema import SCHEMA_VERSION
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.people import NewPerson, add_person

WORKERS = Path(__file__).with_name("_pg_workers.py")
WIPBOARD = Path(sys.executable).with_name("wipboard")


def _jobs(repo: PostgresRepository, count: int) -> list[Job]:
    with repo.transaction() as tx:
        account = tx.accounts.put(Account(id=tx.accounts.new_id(), name="Rivera Family"))
        return [tx.jobs.add(Job(id=1, name=f"Job {n}", account_id=account.id, pipeline_id=1, stage_id=1)) for n in range(count)]


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKERS), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WIPBOARD), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_r16_eight_processes_of_300_increments_each_make_exactly_2400(pg_repo: PostgresRepository) -> None:
    (job,) = _jobs(pg_repo, 1)
    workers = [_worker("increment", pg_repo.url, str(job.id), "300") for _ in range(8)]
    for worker in workers:
        _, errors = worker.communicate(timeout=240)
        assert worker.returncode == 0, errors
    saved = open_repository(pg_repo.url).snapshot().jobs[job.id]
    assert (saved.notes, saved.version) == ("2400", 2401)
    assert pg_repo.snapshot().jobs[job.id].notes == "2400"


def test_r17_a_writer_killed_in_the_middle_of_a_bulk_edit_of_1000_jobs_leaves_none_or_all_changed(
    pg_repo: PostgresRepository,
) -> None:
    _jobs(pg_repo, 1000)
    for delay in (0.3, 0.9, 1.6):
        worker = _worker("bulk", pg_repo.url, "50")
        assert worker.stdout is not None and worker.stdout.readline().strip() == "started"
        time.sleep(delay)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        notes = {job.notes for job in open_repository(pg_repo.url).snapshot().jobs.values()}
        assert len(notes) == 1, f"a killed bulk edit left {len(notes)} different notes"
    with psycopg.connect(pg_repo.url) as conn:  # the audit entries match the rounds that committed
        entries, generation = conn.execute("SELECT count(*), (SELECT generation FROM wipboard_meta) FROM audit").fetchone()
    assert entries == 0 and generation >= 2


def test_r16_a_stale_card_saved_from_another_process_is_a_conflict(pg_repo: PostgresRepository) -> None:
    (job,) = _jobs(pg_repo, 1)
    owner = actor_for(pg_repo.snapshot(), "olivia")
    assert owner is not None
    other = open_repository(pg_repo.url)
    mover = _worker("move", pg_repo.url, str(job.id), "Review")
    assert mover.wait(timeout=60) == 0, mover.stderr.read() if mover.stderr else ""
    with pytest.raises(Conflict) as refused:
        save_card(other, owner, job.id, job.version, CardEdit(visible=False, name_for_client="", status_id=None, description="x"))
    assert "someone else changed this job" in str(refused.value) and "stage To do → Review (by olivia)" in str(refused.value)
    assert pg_repo.snapshot().jobs[job.id].client_status.description == ""


def test_r17_a_newer_schema_is_refused_and_left_unchanged(pg_repo: PostgresRepository) -> None:
    with psycopg.connect(pg_repo.url, autocommit=True) as conn:
        conn.execute("UPDATE wipboard_meta SET schema_version = 99")
    with pytest.raises(DatabaseError, match=rf"newer wipboard \(schema version 99; this program knows up to {SCHEMA_VERSION}\)"):
        open_repository(pg_repo.url)
    result = _cli("migrate", "--db", pg_repo.url)
    assert result.returncode == 1 and "newer wipboard" in result.stderr and "Traceback" not in result.stderr
    with psycopg.connect(pg_repo.url) as conn:
        assert conn.execute("SELECT schema_version, generation FROM wipboard_meta").fetchone() == (99, 1)


def test_r17_a_lost_connection_is_a_sentence_and_the_next_call_reconnects(pg_repo: PostgresRepository) -> None:
    _jobs(pg_repo, 1)
    before = pg_repo.snapshot()
    with psycopg.connect(pg_repo.url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    with pytest.raises(DatabaseUnavailable) as lost:
        with pg_repo.transaction() as tx:
            tx.set_firm(tx.firm.model_copy(update={"name": "Lost"}))
    assert "cannot reach the database" in str(lost.value) and "nothing was written" in str(lost.value)
    assert pg_repo.snapshot().firm.name == before.firm.name  # reconnected; the lost write is not there
    with pg_repo.transaction() as tx:
        tx.set_firm(tx.firm.model_copy(update={"name": "Found"}))
    assert open_repository(pg_repo.url).snapshot().firm.name == "Found"


def test_r18_an_unreachable_database_is_one_sentence_without_its_password(pg_server: PgServer) -> None:
    url = f"postgresql://olivia:s3cret-pw@127.0.0.1:{pg_server.port}/nowhere?connect_timeout=2"
    result = _cli("jobs", "list", "--db", url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("wipboard: postgresql://olivia:***@127.0.0.1") and "cannot reach the database" in result.stderr
    assert "s3cret-pw" not in result.stderr + result.stdout
    from_environment = _cli("jobs", "list", env={"WIPBOARD_DB": url})
    assert from_environment.returncode == 1 and "s3cret-pw" not in from_environment.stderr
    assert "s3cret-pw" not in _cli("--help", env={"WIPBOARD_DB": url}).stdout


def test_r16_a_reload_after_another_process_commits_reads_only_what_it_wrote(pg_repo: PostgresRepository) -> None:
    jobs = _jobs(pg_repo, 50)
    before = pg_repo.snapshot()
    other = open_repository(pg_repo.url)
    with other.transaction() as tx:
        tx.jobs.save(tx.jobs[jobs[0].id].model_copy(update={"notes": "changed"}), jobs[0].version)
        tx.jobs.remove(jobs[1].id)
    deadline = time.monotonic() + 2
    while not pg_repo.changed_since(before.generation):  # told by NOTIFY, not by reading the tables
        assert time.monotonic() < deadline, "no notification of the other process's commit within 2 s"
        time.sleep(0.05)
    after = pg_repo.snapshot()
    assert after.generation == before.generation + 1
    assert after.jobs[jobs[0].id].notes == "changed" and jobs[1].id not in after.jobs
    assert all(after.jobs[job.id] is before.jobs[job.id] for job in jobs[2:])  # unchanged rows were not read again


def test_r13_the_acting_user_is_the_database_role_and_as_keeps_its_rules(pg_server: PgServer, pg_repo: PostgresRepository) -> None:
    owner = actor_for(pg_repo.snapshot(), "olivia")
    assert owner is not None
    add_person(pg_repo, owner, NewPerson(login="dana", name="Dana", role="employee"))
    with psycopg.connect(pg_repo.url, autocommit=True) as admin:
        admin.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dana') THEN CREATE ROLE dana LOGIN; END IF; END $$")
        admin.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO dana")
    as_dana = pg_repo.url.replace(f"{pg_server.user}@", "dana@", 1)
    repo = open_repository(as_dana)
    me = repo.authenticated_user()
    assert me.login == "dana" and not me.is_root
    assert resolve_actor(repo.snapshot(), me.login, None, firm_path=repo.location).kind == "employee"
    refused = _cli("jobs", "list", "--db", as_dana, "--as", "olivia", env={"USER": "olivia", "LOGNAME": "olivia"})
    assert refused.returncode == 1 and "--as is only for the owner and admins" in refused.stderr
    assert _cli("jobs", "list", "--db", as_dana, env={"USER": "olivia"}).returncode == 0


def test_r17_a_database_that_already_holds_a_firm_is_never_written_over(pg_repo: PostgresRepository, tmp_path: Path) -> None:
    result = _cli("init", "--db", pg_repo.url, "--owner", "someone")
    assert result.returncode == 1 and "already holds a firm; it was left as it is" in result.stderr
    demo = _cli("demo", "--db", pg_repo.url, "--jobs", "5")
    assert demo.returncode == 1 and "already holds a firm" in demo.stderr
    assert [user.login for user in open_repository(pg_repo.url).snapshot().users.values()] == ["olivia"]


def test_r17_init_creates_the_schema_in_an_empty_database(pg_server: PgServer) -> None:
    url = pg_server.fresh_database(migrated=False)
    try:
        result = _cli("init", "--db", url)
        assert result.returncode == 0, result.stderr
        assert f"with owner {pg_server.user}" in result.stdout
        repo = open_repository(url)
        assert [pipeline.name for pipeline in repo.snapshot().pipelines.values()] == ["Client work"]
        repo.close()
        assert f"at schema version {SCHEMA_VERSION}; nothing to do" in _cli("migrate", "--db", url).stdout
    finally:
        pg_server.drop(url)


def test_r16_ids_are_never_reused_after_a_removal(pg_repo: PostgresRepository) -> None:
    first, second = _jobs(pg_repo, 2)
    with pg_repo.transaction() as tx:
        tx.jobs.remove(second.id)
    (third,) = [job for job in _jobs_after(pg_repo)]
    assert third.id > second.id


def _jobs_after(repo: PostgresRepository) -> list[Job]:
    with repo.transaction() as tx:
        account_id = next(iter(tx.accounts.values())).id  # type: ignore[attr-defined]
        return [tx.jobs.add(Job(id=1, name="later", account_id=account_id, pipeline_id=1, stage_id=1))]


def test_r17_a_failed_transaction_writes_nothing(pg_repo: PostgresRepository) -> None:
    (job,) = _jobs(pg_repo, 1)
    generation = pg_repo.snapshot().generation
    with pytest.raises(RuntimeError):
        with pg_repo.transaction() as tx:
            tx.jobs.save(tx.jobs[job.id].model_copy(update={"notes": "half"}), job.version)
            raise RuntimeError("the process gives up")
    fresh = open_repository(pg_repo.url).snapshot()
    assert fresh.generation == generation and fresh.jobs[job.id].notes == ""


def test_create_firm_at_the_same_url_twice_is_refused(pg_repo: PostgresRepository) -> None:
    with pytest.raises(DatabaseError, match="already holds a firm"):
        create_firm_at(pg_repo.url, owner_login="other")


def test_r13_the_readme_recipe_makes_a_firm_whose_staff_act_as_their_own_roles(pg_server: PgServer) -> None:
    """The README's "Creating the database and roles", step by step."""
    name = f"firm_recipe_{os.getpid()}"
    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        for role, options in (("wipboard_staff", "NOLOGIN"), ("olivia", "LOGIN IN ROLE wipboard_staff"),
                              ("dana", "LOGIN IN ROLE wipboard_staff")):
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                admin.execute(f"CREATE ROLE {role} {options}")
            elif role != "wipboard_staff":
                admin.execute(f"GRANT wipboard_staff TO {role}")
        admin.execute(f"CREATE DATABASE {name} OWNER olivia")
    as_olivia, as_dana = pg_server.url(name, "olivia"), pg_server.url(name, "dana")
    try:
        created = _cli("init", "--db", as_olivia)
        assert created.returncode == 0 and "with owner olivia" in created.stdout, created.stderr
        with psycopg.connect(as_olivia, autocommit=True) as owner:
            owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO wipboard_staff")
            owner.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO wipboard_staff")
        assert _cli("users", "add", "dana", "--name", "Dana", "--role", "employee", "--db", as_olivia).returncode == 0
        no_right = _cli("users", "add", "erin", "--name", "Erin", "--db-role", "--db", as_olivia)
        assert no_right.returncode == 1 and "may not create roles (it needs CREATEROLE)" in no_right.stderr
        listed = _cli("jobs", "list", "--json", "--db", as_dana)
        assert listed.returncode == 0 and listed.stdout.strip() == "[]", listed.stderr
        refused = _cli("jobs", "list", "--db", as_dana, "--as", "olivia")
        assert refused.returncode == 1 and "--as is only for the owner and admins" in refused.stderr
    finally:
        with psycopg.connect(pg_server.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_r13_users_add_with_db_role_creates_the_login_role_the_person_acts_as(pg_server: PgServer, pg_repo: PostgresRepository) -> None:
    added = _cli("users", "add", "frank", "--name", "Frank", "--db-role", "--db", pg_repo.url, "--as", "olivia",
                 env={"USER": "olivia"})
    # the server's superuser acts here: it is not a firm user, so it may not add anyone
    assert added.returncode == 1 and "is not a user of the firm" in added.stderr
    with psycopg.connect(pg_repo.url, autocommit=True) as admin:
        admin.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'olivia') THEN CREATE ROLE olivia LOGIN; END IF; END $$")
        admin.execute("ALTER ROLE olivia CREATEROLE")
        admin.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO olivia WITH GRANT OPTION")  # as if she ran init
    as_olivia = pg_repo.url.replace(f"{pg_server.user}@", "olivia@", 1)
    added = _cli("users", "add", "frank", "--name", "Frank", "--db-role", "--db", as_olivia)
    assert added.returncode == 0, added.stderr
    assert "database role frank" in added.stdout
    frank = open_repository(pg_repo.url.replace(f"{pg_server.user}@", "frank@", 1))
    assert frank.authenticated_user().login == "frank"
    assert actor_for(frank.snapshot(), "frank") is not None  # may read the firm's tables
    frank.close()
    on_a_file = _cli("users", "add", "gail", "--name", "Gail", "--db-role", "--db", "/tmp/nowhere.json")
    assert on_a_file.returncode == 2 and "--db-role is for a firm on PostgreSQL" in on_a_file.stderr


def test_r17_a_database_emptied_for_the_next_test_holds_nothing_of_the_last(pg_server: PgServer) -> None:
    """The test server hands emptied databases out again: every table of the schema must be emptied
    (``pg_server._TABLES``), or a later test would start on an earlier one's rows."""
    from postgres import pg_server as server_module

    url = pg_server.fresh_database()
    repo = create_firm_at(url, owner_login="olivia")
    _jobs(repo, 2)  # type: ignore[arg-type]
    repo.close()
    with psycopg.connect(url) as conn:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert tables - {"wipboard_meta"} == set(server_module._TABLES)  # noqa: SLF001 - the list this test guards
    pg_server.drop(url)
    assert pg_server.clean[-1] == url.split("/", 3)[3].split("?", 1)[0], "the database was emptied to be used again"
    with psycopg.connect(url) as conn:
        for table in tables - {"wipboard_meta"}:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table  # noqa: S608
        assert conn.execute("SELECT generation, audit_size, next_ids FROM wipboard_meta").fetchone() == (0, 1, {})
