"""A throw-away PostgreSQL server per test session, and a fresh database per test.

initdb runs as the ``postgres`` OS user (when we are root) in a fresh temporary folder,
``--locale=C.UTF-8 -E UTF8``; the server listens only on a socket folder of its own,
on a free port, and is stopped by its PID at the end. Each test gets a database
made from a prepared template (the schema already migrated), dropped afterwards.

When no server can be started the tests skip and say why; with ``WIPBOARD_REQUIRE_PG=1``
(set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BIN = Path(os.environ.get("WIPBOARD_PG_BIN", "/usr/lib/postgresql/15/bin"))
TEMPLATE = "wipboard_template"
_names = itertools.count(1)
_TABLES = ("audit", "removed", "notifications", "jobs", "job_templates", "firm", "users", "contacts", "accounts", "statuses", "pipelines")
_TEMPLATE_VERSION = [0]


@dataclass
class PgServer:
    folder: Path
    port: int
    process: subprocess.Popen[bytes]
    user: str
    clean: list[str] = field(default_factory=list)  # migrated databases emptied by a test's end, to use again

    @property
    def socket_folder(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        return f"postgresql://{user or self.user}@/{database}?host={self.socket_folder}&port={self.port}"

    def admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def fresh_database(self, *, migrated: bool = True) -> str:
        """An empty database of its own for one test (the schema migrated, if ``migrated``); returns its URL.

        CREATE DATABASE costs most of a second on a busy machine, so a migrated database a
        test is done with is emptied (every row gone, the meta row as new) and handed out again.
        """
        if migrated and self.clean:
            return self.url(self.clean.pop())
        name = f"wipboard_test_{os.getpid()}_{next(_names)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE if migrated else "template0"}')
        return self.url(name)

    def drop(self, url: str) -> None:
        """Done with the database at ``url``: emptied for the next test, or dropped if it is not ours to reuse."""
        import psycopg

        name = url.split("/", 3)[3].split("?", 1)[0]
        with self.admin() as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        try:
            with psycopg.connect(self.url(name), autocommit=True) as conn:
                row = conn.execute("SELECT to_regclass('wipboard_meta') IS NOT NULL").fetchone()
                version = conn.execute("SELECT schema_version FROM wipboard_meta").fetchone() if row and row[0] else None
                if version is not None and version[0] == _TEMPLATE_VERSION[0]:
                    with conn.transaction():  # DELETE: a test's few rows go sooner than TRUNCATE's new files
                        for table in _TABLES:
                            conn.execute(f"DELETE FROM {table}")  # noqa: S608
                    conn.execute("UPDATE wipboard_meta SET generation = 0, audit_size = 1, next_ids = '{}'")
                    self.clean.append(name)
                    return
        except psycopg.Error:
            pass
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)  # fast shutdown, by its PID
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def pause(self) -> None:
        """Stop the server (by its PID), keeping its folder: ``resume`` starts it again as it was."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
            self.process.wait(timeout=20)

    def resume(self) -> None:
        self.process = _start_postgres(self.folder, self.port, self.user, durable=False)
        _wait_ready(self)


def _as_server_user() -> dict[str, object]:
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


def _server_user() -> str:
    return "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_postgres(folder: Path, port: int, user: str, *, durable: bool) -> subprocess.Popen[bytes]:
    settings = ["-c", "listen_addresses=", "-c", "max_connections=100", "-c", "shared_buffers=64MB"]
    if not durable:  # tests: the server's own durability is PostgreSQL's, not ours to prove
        settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
    log = open(folder / "server.log", "ab")  # noqa: SIM115 - the server writes it for its whole life
    return subprocess.Popen(
        [str(BIN / "postgres"), "-D", str(folder / "data"), "-p", str(port), "-k", str(folder / "socket"), *settings],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **_as_server_user(),  # type: ignore[arg-type]
    )


def _wait_ready(server: PgServer) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError((server.folder / "server.log").read_text(errors="replace")[-500:])
        ready = subprocess.run(
            [str(BIN / "pg_isready"), "-h", str(server.socket_folder), "-p", str(server.port)], capture_output=True
        )
        if ready.returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("the server did not accept connections within 30 s")


def start_server(*, durable: bool = False) -> PgServer:
    """Start a server of our own; raises RuntimeError saying why it cannot."""
    if not (BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL is not installed ({BIN / 'initdb'} is missing; apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise RuntimeError("psycopg is not installed (pip install -e '.[postgres]')") from error
    folder = Path(tempfile.mkdtemp(prefix="wipboard-pg-"))
    (folder / "socket").mkdir()
    user = _server_user()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(folder / "socket", "postgres", "postgres")
    os.chmod(folder, 0o755)
    initdb = subprocess.run(
        [str(BIN / "initdb"), "-D", str(folder / "data"), "--locale=C.UTF-8", "-E", "UTF8", "-A", "trust",
         "-U", user, "--no-sync"],
        capture_output=True, text=True, **_as_server_user(),  # type: ignore[arg-type]
    )
    if initdb.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {(initdb.stderr or initdb.stdout).strip()[-300:]}")
    port = free_port()
    server = PgServer(folder, port, _start_postgres(folder, port, user, durable=durable), user)
    try:
        _wait_ready(server)
        _prepare_template(server)
    except BaseException:
        server.stop()
        raise
    return server


def _prepare_template(server: PgServer) -> None:
    from wipboard.store.postgres.load import prepare

    with server.admin() as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    _TEMPLATE_VERSION[0] = prepare(server.url(TEMPLATE))[1]


def server_or_skip() -> Iterator[PgServer]:
    """Body of the session fixture: a server, or a skip (a failure under WIPBOARD_REQUIRE_PG=1)."""
    try:
        server = start_server()
    except (RuntimeError, OSError) as error:
        reason = f"no PostgreSQL server could be started: {error}"
        if os.environ.get("WIPBOARD_REQUIRE_PG") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()
