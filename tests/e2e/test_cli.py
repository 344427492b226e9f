"""The command line as a script uses it: the real `wipboard` in a subprocess, with --json (SPEC §3).

The tests that write the firm run twice (the ``cli`` fixture): on a firm file and on a fresh
PostgreSQL database (``--db postgresql://…`` through ``$WIPBOARD_DB``). Those on ``file_cli`` say
why they stay on the file; those about the file itself or OS logins make their own firm file.
"""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from os_users import OsUser, as_os_user, shared_folder

PORTAL_ITEM_KEYS = {"account", "name", "status", "color", "description", "updated_at"}


class Cli:
    """The real command line on one firm: a firm file, or a PostgreSQL database (``--db postgresql://…``).
    The tests run as root, who may act as anyone with ``--as`` (R13): each command acts as ``login``
    that way, or runs as the real OS user ``os_user``."""

    def __init__(self, db: Path | str, login: str = "olivia") -> None:
        self.db = db
        self.login = login
        self.env = {**os.environ, "WIPBOARD_DB": str(db)}

    @property
    def on_postgres(self) -> bool:
        return isinstance(self.db, str)

    def written(self) -> object:
        """What changes with every write: the file's bytes, or the database's generation and audit size
        (each committed transaction moves the generation on; one that fails leaves both as they were)."""
        if isinstance(self.db, Path):
            return self.db.read_bytes()
        import psycopg

        with psycopg.connect(self.db) as conn:
            return conn.execute("SELECT generation, audit_size, next_ids FROM wipboard_meta").fetchall()

    def run(
        self, *args: str, expect: int = 0, login: str | None = None, os_user: OsUser | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "wipboard.tui.commands", *args]
        if os_user is not None:
            command = as_os_user(os_user, command)
        else:
            command[3:3] = ["--as", login or self.login]
        done = subprocess.run(
            command, env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == expect, f"{args}: exit {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
        return done

    def json(self, *args: str, **how: Any) -> object:
        return json.loads(self.run(*args, "--json", **how).stdout)


DEMO = ("--jobs", "120", "--seed", "3")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "firm.json"
    Cli(db).run("demo", "--db", str(db), *DEMO)
    return db


@pytest.fixture(scope="module")
def demo_data(demo_file: Path) -> tuple[dict[str, Any], list[Any]]:
    """The demo firm file's data and audit entries, to load into each test's database."""
    from wipboard.store.firm_copy import export_firm
    from wipboard.store.open_store import open_repository

    return export_firm(open_repository(demo_file))  # type: ignore[return-value]


@pytest.fixture(params=["file", "postgres"])
def cli(request: pytest.FixtureRequest, demo_file: Path, tmp_path: Path) -> Iterator[Cli]:
    """The demo firm (120 jobs, seed 3) of the test's own: in a firm file, then in a fresh database."""
    if request.param == "file":
        db = tmp_path / "firm.json"
        db.write_bytes(demo_file.read_bytes())
        yield Cli(db)
        return
    from postgres.pg_server import PgServer

    from wipboard.store.postgres.load import load_firm

    server: PgServer = request.getfixturevalue("pg_server")
    data, entries = request.getfixturevalue("demo_data")
    url = server.fresh_database()
    load_firm(url, data, entries).close()
    yield Cli(url)
    server.drop(url)


@pytest.fixture
def file_cli(demo_file: Path, tmp_path: Path) -> Cli:
    """The demo firm in a firm file only: for the tests whose commands are refused before any store is opened."""
    db = tmp_path / "firm.json"
    db.write_bytes(demo_file.read_bytes())
    return Cli(db)


def job(cli: Cli, job_id: int) -> dict:
    return cli.json("jobs", "show", str(job_id))  # type: ignore[return-value]


def new_hidden_job(cli: Cli) -> dict:
    """A bookkeeping job for Rivera Landscaping LLC (tagged bookkeeping) in a stage without automations."""
    added = cli.json("jobs", "add", "--account", "Rivera Landscaping LLC", "--pipeline", "Monthly bookkeeping", "--name", "Dec close")
    assert added["stage"] == "Not started" and added["client_status"]["visible"] is False  # type: ignore[index]
    return added  # type: ignore[return-value]


def test_r1_cli_new_job_is_hidden_and_a_visible_template_shows_it(cli: Cli) -> None:
    added = cli.json("jobs", "add", "--account", "Rivera Family", "--pipeline", "Monthly bookkeeping", "--name", "Dec close")
    assert added["client_status"]["visible"] is False
    from_template = cli.json("jobs", "add", "--account", "Rivera Family", "--template", "1040 return")
    assert from_template["client_status"]["visible"] is True
    assert from_template["client_status"]["status"] == "Planned"
    assert from_template["id"] == added["id"] + 1


def test_r4_cli_move_runs_the_stage_automation_unless_skipped(cli: Cli) -> None:
    target = new_hidden_job(cli)
    done = cli.run("jobs", "move", str(target["id"]), "--stage", "Reconciling")
    moved = job(cli, target["id"])
    assert moved["stage"] == "Reconciling"
    assert moved["client_status"] == moved["client_status"] | {"visible": True, "status": "In progress", "via": "automation"}
    assert "client status → In progress" in done.stdout
    skipped = new_hidden_job(cli)
    cli.run("jobs", "move", str(skipped["id"]), "--stage", "Reconciling", "--no-automations")
    assert job(cli, skipped["id"])["client_status"]["visible"] is False


def test_r6_cli_client_status_for_many_jobs_is_all_or_nothing(cli: Cli) -> None:
    before = cli.written()
    refused = cli.run("jobs", "client-status", "1", "2", "99999", "--show", "--status", "In review", expect=1)
    assert "99999" in refused.stderr
    assert cli.written() == before
    cli.run("jobs", "client-status", "1", "2", "3", "--show", "--status", "In review")
    for job_id in (1, 2, 3):
        status = job(cli, job_id)["client_status"]
        assert (status["visible"], status["status"], status["color"]) == (True, "In review", "orange")


def test_r7_cli_archive_takes_a_job_out_of_the_portal_and_unarchive_brings_it_back(file_cli: Cli) -> None:
    cli = file_cli  # tests/engine's R7 tests archive and delete on both stores; kept to the file for time (9 processes)
    cli.run("jobs", "client-status", "1", "--show", "--status", "Planned", "--name-for-client", "Your return")
    account = job(cli, 1)["account"]
    names = lambda: [item["name"] for item in cli.json("portal", account)["work_in_progress"]]  # noqa: E731
    assert "Your return" in names()
    cli.run("jobs", "archive", "1")
    assert "Your return" not in names()
    cli.run("jobs", "unarchive", "1")
    assert "Your return" in names()
    cli.run("jobs", "delete", "1")
    assert "Your return" not in names()
    assert 1 in [item["id"] for item in cli.json("jobs", "list", "--deleted")]
    assert 1 not in [item["id"] for item in cli.json("jobs", "list")]


def test_r8_cli_portal_items_have_exactly_the_allowed_keys(file_cli: Cli) -> None:
    cli = file_cli  # reads only: tests/postgres/test_copy.py holds the same JSON on a database to the file's
    view = cli.json("portal", "mrivera")
    assert set(view) == {"contact_or_account", "work_in_progress"}
    assert view["work_in_progress"], "the demo's Rivera family has work in progress"
    accounts = {item["account"] for item in view["work_in_progress"]}
    assert accounts <= {"Rivera Family", "Rivera Landscaping LLC"}
    for item in view["work_in_progress"]:
        assert set(item) == PORTAL_ITEM_KEYS
    with_history = cli.json("portal", "mrivera", "--history")
    for item in with_history["work_in_progress"]:
        assert set(item) <= PORTAL_ITEM_KEYS | {"history"}
        for point in item.get("history", []):
            assert set(point) == {"status", "color", "at"}


def test_r13_cli_unknown_login_is_told_how_to_be_added(os_users: dict[str, OsUser]) -> None:
    with shared_folder(os_users["employee"].staff_gid) as folder:
        unknown_login_is_told_how_to_be_added(folder / "firm.json", os_users)


def unknown_login_is_told_how_to_be_added(db: Path, os_users: dict[str, OsUser]) -> None:
    cli = Cli(db, login="ana")
    cli.run("init", "--db", str(db), "--owner", "ana")
    stranger = os_users["stranger"]
    refused = cli.run("jobs", "list", os_user=stranger, expect=1)
    assert f"{stranger.login!r} is not a user of the firm file" in refused.stderr
    assert f"wipboard users add {stranger.login}" in refused.stderr
    employee = os_users["employee"]
    cli.run("users", "add", employee.login, "--name", "Dana Kim", "--role", "employee", "--job-access", "assigned")
    as_refused = cli.run("--as", "ana", "jobs", "list", os_user=employee, expect=1)
    assert "--as is only for the owner and admins" in as_refused.stderr
    cli.run("jobs", "list", "--as", employee.login)  # the owner may preview as an employee


def test_r13_the_acting_login_is_the_real_uid_s_and_USER_changes_nothing(os_users: dict[str, OsUser]) -> None:
    """`env USER=olivia wipboard users add mallory --role admin` by an employee: refused, nothing written."""
    with shared_folder(os_users["employee"].staff_gid) as folder:
        an_employee_cannot_become_admin(folder / "firm.json", os_users)


def an_employee_cannot_become_admin(db: Path, os_users: dict[str, OsUser]) -> None:
    cli = Cli(db)
    cli.run("init", "--db", str(db), "--owner", "olivia")
    employee = os_users["employee"]
    cli.run("users", "add", employee.login, "--name", "Erin Employee", "--role", "employee", "--job-access", "none")
    before = db.read_bytes()
    pretending = {"USER": "olivia", "LOGNAME": "olivia", "LNAME": "olivia", "USERNAME": "olivia"}

    listed = cli.json("users", "list", os_user=employee, env=pretending)  # she acts as herself
    assert employee.login in {user["login"] for user in listed}  # type: ignore[union-attr]
    by_environment = cli.run("users", "add", "mallory", "--name", "M", "--role", "admin", os_user=employee, env=pretending, expect=1)
    assert f"only the owner and admins may add users; you are {employee.login}, an employee" in by_environment.stderr
    by_as = cli.run("--as", "olivia", "users", "add", "mallory", "--name", "M", "--role", "admin", os_user=employee, expect=1)
    assert f"--as is only for the owner and admins; you are {employee.login}, an employee" in by_as.stderr
    assert db.read_bytes() == before

    # Whoever runs the tests is not a user of this firm: $USER does not make them one; --as does (for root).
    me = pwd.getpwuid(os.getuid()).pw_name
    as_me = subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", "jobs", "list"],
        env={**cli.env, **pretending}, capture_output=True, text=True, timeout=60, check=False,
    )
    assert (as_me.returncode, f"{me!r} is not a user of the firm file" in as_me.stderr) == (1, True)
    assert "0 jobs" in cli.run("jobs", "list", login="olivia").stdout


def test_r15_cli_undo_reverts_a_move_with_its_automations(cli: Cli) -> None:
    target = new_hidden_job(cli)
    cli.run("jobs", "move", str(target["id"]), "--stage", "Reconciling")
    assert job(cli, target["id"])["client_status"]["status"] == "In progress"
    undone = cli.run("undo")
    assert "Undid your move" in undone.stdout
    after = job(cli, target["id"])
    assert after["stage"] == "Not started"
    assert after["client_status"]["visible"] is False


def test_r18_cli_bad_input_names_the_field_and_writes_nothing(cli: Cli) -> None:
    before = cli.written()
    too_long = cli.run("jobs", "client-status", "1", "--show", "--status", "Planned", "--name-for-client", "x" * 121, expect=1)
    assert "name_for_client" in too_long.stderr and "120" in too_long.stderr
    unknown_status = cli.run("jobs", "client-status", "1", "--show", "--status", "Bogus", expect=1)
    assert "unknown status 'Bogus'" in unknown_status.stderr
    unknown_stage = cli.run("jobs", "move", "1", "--stage", "Nowhere", expect=1)
    assert "unknown stage 'Nowhere'" in unknown_stage.stderr
    control = cli.run("jobs", "add", "--account", "Rivera Family", "--pipeline", "Payroll", "--name", "bad\x07name", expect=1)
    assert "name" in control.stderr and "control characters" in control.stderr
    assert cli.written() == before


def test_r18_cli_usage_errors_exit_2(file_cli: Cli) -> None:
    cli = file_cli  # refused by the command line before any store is opened: the same on both
    cli.run("jobs", "move", "1", expect=2)
    cli.run("jobs", "client-status", "1", expect=2)
    cli.run("jobs", "frobnicate", expect=2)


def test_cli_list_commands_print_the_spec_shapes(file_cli: Cli) -> None:
    cli = file_cli  # reads only: tests/postgres/test_copy.py holds the same JSON on a database to the file's
    jobs = cli.json("jobs", "list")
    assert {"id", "name", "account", "pipeline", "stage", "assignees", "priority", "due_date", "archived", "deleted",
            "version", "client_status"} <= set(jobs[0])
    assert {"visible", "name_for_client", "status", "color", "description", "updated_at", "updated_by", "via"} <= set(
        jobs[0]["client_status"]
    )
    pipelines = cli.json("pipelines", "list")
    automation = next(a for p in pipelines for s in p["stages"] for a in s["automations"])
    assert {"action", "visible", "status", "description", "if_account_tags"} <= set(automation)
    statuses = cli.json("statuses", "list")
    assert [s["name"] for s in statuses][:5] == ["Planned", "On hold", "In progress", "In review", "Done"]
    assert {"id", "name", "color", "description", "position", "jobs"} <= set(statuses[0])
    templates = cli.json("templates", "list")
    assert {"visible", "status", "name_for_client", "description"} <= set(templates[0]["client_status"])
    accounts = cli.json("accounts", "list")
    assert {"id", "name", "tags", "contacts"} <= set(accounts[0])
    users = cli.json("users", "list")
    assert {u["role"] for u in users} == {"owner", "admin", "employee", "contact"}
    contact = next(u for u in users if u["login"] == "mrivera")
    assert contact["accounts"] == ["Rivera Family", "Rivera Landscaping LLC"]


def test_r17_cli_init_refuses_to_overwrite_and_accepts_db_after_the_command(tmp_path: Path) -> None:
    """The firm file's own promises (its path, its mode); tests/postgres has the database's (a non-empty one refused)."""
    db = tmp_path / "sub" / "firm.json"
    cli = Cli(tmp_path / "unused.json", login="ana")
    cli.run("init", "--db", str(db), "--owner", "ana")
    before = db.read_bytes()
    refused = cli.run("init", "--db", str(db), expect=1)
    assert str(db) in refused.stderr and "already exists" in refused.stderr
    assert db.read_bytes() == before
    assert oct(db.stat().st_mode & 0o777) == "0o660"


def test_r18_cli_a_name_with_a_bidi_override_is_refused_naming_the_field_and_nothing_is_written(file_cli: Cli) -> None:
    cli = file_cli  # refused by the model before any write, as test_r18_cli_bad_input_… checks on both stores
    before = cli.written()
    refused = cli.run("accounts", "add", "Evil\u202egpj.exe Co", expect=1)
    assert "name: contains an invisible or text-direction character (U+202E)" in refused.stderr
    renamed = cli.run("jobs", "client-status", "1", "--show", "--status", "Planned", "--name-for-client", "Tax\u2066return", expect=1)
    assert "name_for_client: contains an invisible or text-direction character (U+2066)" in renamed.stderr
    assert cli.written() == before


HOSTILE_TEXT = ["\x1b]52;c;cm0gLXJmIH4K\x07", "\x1b[2J\x1b[H$ ", "\x1b]0;pwned\x07", "\x9b2J"]


def plant_audit_lines(db: Path | str, job_id: int) -> None:
    """A colleague appends audit lines of their own, with terminal escapes in every text they hold."""
    from wipboard.store.audit import AuditEntry
    from wipboard.store.open_store import open_repository

    repo = open_repository(db)
    with repo.transaction() as tx:
        job = tx.jobs[job_id]
        tx.jobs.save(job.model_copy(update={"notes": job.notes + "."}), job.version)
        for text in HOSTILE_TEXT:
            tx.record(AuditEntry.model_construct(
                at="2026-03-02T14:05:11Z", op="c0ffee", operation="card save", user="olivia", actor=f"olivia{text}",
                via="card", job_id=job_id, field="client_status.name_for_client", before=text, after=f"x{text}",
            ))
    repo.close()


def test_r18_cli_jobs_show_prints_no_escape_from_the_audit_log_and_json_stays_exact(cli: Cli) -> None:
    cli.run("jobs", "move", "1", "--stage", "Review")
    plant_audit_lines(cli.db, 1)

    shown = subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", "--as", "olivia", "jobs", "show", "1"],
        env=cli.env, capture_output=True, timeout=60, check=True,
    )
    assert b"\x1b" not in shown.stdout and b"\xc2\x9b" not in shown.stdout and b"\x07" not in shown.stdout
    assert b"History:" in shown.stdout  # the job's own history is still there
    history = job(cli, 1)["history"]
    assert history and not any("c0ffee" in str(item) or "\x1b" in str(item) for item in history)


def test_r18_cli_printing_shows_control_characters_and_json_escapes_them_to_the_same_text() -> None:
    from click.testing import CliRunner

    from wipboard.tui.commands.output import echo_json, echo_table, say

    def printed(call: object) -> bytes:
        import click

        @click.command()
        def command() -> None:
            call()  # type: ignore[operator]

        return CliRunner().invoke(command).stdout_bytes

    for text in HOSTILE_TEXT + ["invoice\u202efdp.exe", "a\rb", "a\x7fb"]:
        for output in (printed(partial(say, text)), printed(partial(echo_table, ["name"], [[text]]))):
            assert not any(byte in output for byte in (b"\x1b", b"\x07", b"\r", b"\x7f", "\x9b".encode(), "\u202e".encode()))
        encoded = printed(partial(echo_json, {"name": text}))
        assert json.loads(encoded) == {"name": text}  # exact JSON, the same text
        assert not any(raw in encoded for raw in (b"\x1b", "\x9b".encode(), "\u202e".encode()))


def test_r13_cli_a_job_you_may_not_see_reads_exactly_like_one_that_does_not_exist(file_cli: Cli) -> None:
    cli = file_cli  # decided by the services above the store; kept to the file for time (12 processes)
    snapshot_jobs = cli.json("jobs", "list")
    unseen = next(item["id"] for item in snapshot_jobs if "dana" not in item["assignees"])  # type: ignore[union-attr]
    never = 99_999
    before = cli.written()
    for command in (
        ["jobs", "show", "{id}"], ["jobs", "show", "{id}", "--json"], ["jobs", "move", "{id}", "--stage", "Review"],
        ["jobs", "client-status", "{id}", "--hide"], ["jobs", "archive", "{id}"], ["jobs", "delete", "{id}"],
    ):
        answers = []
        for job_id in (unseen, never):
            done = cli.run(*(part.format(id=job_id) for part in command), login="dana", expect=1)
            answers.append((done.returncode, done.stdout, done.stderr.replace(f"#{job_id}", "#N")))
        assert answers[0] == answers[1], command
        assert answers[0][2] == "wipboard: there is no job #N among the jobs you may see\n"
    assert cli.written() == before


def test_r12_cli_an_employee_previews_only_her_jobs_items_and_how_many_more_the_client_sees(file_cli: Cli) -> None:
    cli = file_cli  # reads only: tests/postgres/test_copy.py holds the same JSON on a database to the file's
    jobs = cli.json("jobs", "list", "--account", "Rivera Family")
    hers = [item for item in jobs if "dana" in item["assignees"]]  # type: ignore[union-attr]
    assert hers, "the demo assigns dana a Rivera Family job"
    client_items = cli.json("portal", "Rivera Family")["work_in_progress"]  # type: ignore[index]
    preview = cli.json("portal", "Rivera Family", login="dana")
    visible_hers = {item["client_status"]["name_for_client"] for item in hers if item["client_status"]["visible"]}
    assert {item["name"] for item in preview["work_in_progress"]} == visible_hers  # type: ignore[index]
    more = len(client_items) - len(preview["work_in_progress"])  # type: ignore[index]
    assert more > 0 and preview["more_items_you_cannot_see"] == more  # type: ignore[index]
    text = cli.run("portal", "Rivera Family", login="dana").stdout
    assert text.rstrip().endswith(f"and {more} more item{'s' if more != 1 else ''} you cannot see")
    assert "more_items_you_cannot_see" not in cli.json("portal", "Rivera Family")  # type: ignore[operator]


@pytest.mark.parametrize(
    "args",
    [
        ("jobs", "client-status", "1", "--show", "--hide"),
        ("jobs", "list", "--visible", "--hidden"),
        ("jobs", "list", "--archived", "--deleted"),
        ("statuses", "edit", "Planned", "--up", "--down"),
        ("--demo", "--db", "elsewhere.json"),
    ],
    ids=lambda args: " ".join(args),
)
def test_r18_cli_contradictory_flags_are_usage_errors_naming_both(file_cli: Cli, args: tuple[str, ...]) -> None:
    cli = file_cli  # refused by the command line before any store is opened: the same on both
    before = cli.written()
    done = cli.run(*args, expect=2)
    flags = [arg for arg in args if arg.startswith("--")]
    assert f"{flags[0]} and {flags[1]} cannot be used together" in done.stderr
    assert cli.written() == before


def test_r7_cli_purge_refuses_an_active_job_before_asking(file_cli: Cli) -> None:
    cli = file_cli  # refused by the service before any write, on either store; kept to the file for time
    before = cli.written()
    done = subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", "--as", "olivia", "jobs", "purge", "1"],
        env=cli.env, input="y\n", capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert "for good?" not in done.stdout + done.stderr
    assert "only jobs in the trash can be purged; delete #1 first" in done.stderr
    refused = cli.run("jobs", "purge", "1", login="dana", expect=1)
    assert "only the owner and admins may purge" in refused.stderr and "for good?" not in refused.stdout
    assert cli.written() == before
