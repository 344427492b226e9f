"""``wipboard copy``: a firm moved file → PostgreSQL → file is the same firm (R14, R17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from postgres.pg_server import PgServer

from wipboard.store.identity import actor_for
from wipboard.store.open_store import open_repository
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import purge_jobs, set_flag
from wipboard.tui.commands.stores import what_clients_see

WIPBOARD = Path(sys.executable).with_name("wipboard")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WIPBOARD), *args], capture_output=True, text=True, timeout=180, env=os.environ)


def _json(db: str, *args: str) -> object:
    result = _cli(*args, "--db", db, "--as", "olivia", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _firm_as_seen(db: str) -> dict[str, object]:
    """What people and scripts see of the firm: every list, one card's history, every contact's portal."""
    repo = open_repository(db)
    snapshot = repo.snapshot()
    jobs = sorted(snapshot.jobs)
    contacts = sorted(contact.login for contact in snapshot.contacts.values())
    seen: dict[str, object] = {
        # the command line as scripts use it…
        "jobs": _json(db, "jobs", "list"),
        "show": _json(db, "jobs", "show", "3"),
        "portal": _json(db, "portal", contacts[0]),
        # …and, through the same services in-process, every list, every contact's portal, every job's history
        "everything": what_clients_see(repo),
        "histories": {job_id: [entry.model_dump(mode="json") for entry in repo.audit_entries({job_id})] for job_id in jobs},
        "counters": _counters(repo),
    }
    repo.close()
    return seen


def _counters(repo: object) -> dict[str, int]:
    from wipboard.store.firm_copy import _id_counters

    return _id_counters(repo)  # type: ignore[arg-type]


def test_r17_copy_round_trip_file_to_postgres_to_file_gives_the_same_firm(pg_server: PgServer, tmp_path: Path) -> None:
    source, back = str(tmp_path / "firm.json"), str(tmp_path / "back" / "firm.json")
    assert _cli("demo", "--db", source, "--jobs", "60").returncode == 0
    # an undo and a purge before the copy: the audit's undo marks and the id counters must travel
    firm = open_repository(source)
    owner = actor_for(firm.snapshot(), "olivia")
    assert owner is not None
    set_flag(firm, owner, [3], "archive")
    set_flag(firm, owner, [4], "archive")
    undo_last(firm, owner)
    set_flag(firm, owner, [60], "delete")
    purge_jobs(firm, owner, [60])
    url = pg_server.fresh_database()
    try:
        up = _cli("copy", source, url)
        assert up.returncode == 0, up.stderr
        assert "60 jobs" not in up.stdout and "59 jobs" in up.stdout and "Verified" in up.stdout
        down = _cli("copy", url, back)
        assert down.returncode == 0, down.stderr
        original = _firm_as_seen(source)
        assert _firm_as_seen(url) == original
        assert _firm_as_seen(back) == original
        added = _cli("--db", url, "--as", "olivia", "jobs", "add", "--name", "New one", "--account", "1", "--pipeline", "1", "--json")
        assert added.returncode == 0, added.stderr
        assert json.loads(added.stdout)["id"] == 61  # the purged job's id stays unused: the counter travelled
    finally:
        pg_server.drop(url)


def test_r17_copy_refuses_a_target_that_already_holds_a_firm(pg_server: PgServer, tmp_path: Path) -> None:
    source = str(tmp_path / "firm.json")
    assert _cli("demo", "--db", source, "--jobs", "5").returncode == 0
    url = pg_server.fresh_database()
    try:
        assert _cli("copy", source, url).returncode == 0
        again = _cli("copy", source, url)
        assert again.returncode == 1 and "already holds a firm; it was left as it is" in again.stderr
        to_file = _cli("copy", url, source)
        assert to_file.returncode == 1 and "already exists" in to_file.stderr
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM jobs").fetchone() == (5,)
    finally:
        pg_server.drop(url)


def test_r13_demo_writes_the_demo_firm_into_a_database(pg_server: PgServer) -> None:
    url = pg_server.fresh_database(migrated=False)
    try:
        result = _cli("demo", "--db", url, "--jobs", "30")
        assert result.returncode == 0, result.stderr
        assert len(_json(url, "jobs", "list")) > 0  # type: ignore[arg-type]
    finally:
        pg_server.drop(url)
