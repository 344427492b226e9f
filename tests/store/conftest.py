"""Starting real OS processes on a firm file (see ``_workers.py``), and acting as a second OS user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

WORKERS = Path(__file__).with_name("_workers.py")


class Worker:
    """One ``_workers.py`` child process, spoken to line by line."""

    def __init__(self, command: str, *arguments: object) -> None:
        environment = dict(os.environ)
        environment.pop("WIPBOARD_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, str(WORKERS), command, *map(str, arguments)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )

    def line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=30)
            assert self.process.stderr is not None
            pytest.fail(f"worker ended early (status {self.process.returncode}): {self.process.stderr.read()}")
        if line.startswith("error "):
            pytest.fail(f"worker failed: {line.strip()}")
        return line.strip()

    def expect(self, prefix: str) -> str:
        line = self.line()
        assert line.startswith(prefix), line
        return line

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def result(self, timeout: float = 120) -> Any:
        """The worker's final JSON line; the worker must then exit with status 0."""
        value = json.loads(self.line())
        assert self.process.wait(timeout=timeout) == 0
        return value

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def workers() -> Iterator[Any]:
    """``workers(command, *args)`` starts a worker; every worker is stopped after the test."""
    started: list[Worker] = []

    def start(command: str, *arguments: object) -> Worker:
        worker = Worker(command, *arguments)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


# --- A second OS user, for the shared-folder tests (issue 11) -------------------------------

COLLEAGUE = "wipboard-colleague"
STAFF_GROUP = "wipboard-staff"


@dataclass(frozen=True)
class OsUser:
    """An OS user other than the one running the tests, member of the staff group."""

    name: str
    uid: int
    gid: int  # its own primary group, not the staff group
    staff_gid: int

    def run(self, function: Callable[..., Any], *arguments: Any, groups: list[int] | None = None) -> Any:
        """Run ``function(*arguments)`` in a forked process that has become this user; its JSON result.

        Forked rather than started afresh: the interpreter lives under /root, which this
        user may not read; everything ``function`` needs is imported before the fork.
        An exception in the child comes back as ``{"raised": name, "message": text}``.
        """
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            status = 0
            try:
                os.close(read_end)
                os.setgroups(self.staff_groups if groups is None else groups)
                os.setgid(self.gid)
                os.setuid(self.uid)
                try:
                    result = function(*arguments)
                except BaseException as error:  # noqa: BLE001 - reported to the test, which decides
                    result = {"raised": type(error).__name__, "message": str(error)}
                os.write(write_end, json.dumps(result, default=str).encode())
            except BaseException:  # noqa: BLE001
                status = 3
            finally:
                os._exit(status)
        os.close(write_end)
        chunks = []
        while chunk := os.read(read_end, 65536):
            chunks.append(chunk)
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"the child as {self.name} failed"
        return json.loads(b"".join(chunks))

    @property
    def staff_groups(self) -> list[int]:
        return [self.staff_gid]


def _ensure_user() -> OsUser:
    import grp
    import pwd

    if os.geteuid() != 0:
        pytest.skip("needs root to act as a second OS user (the tests then create one)")
    if shutil.which("useradd") is None or shutil.which("groupadd") is None:
        pytest.skip("needs useradd and groupadd to create a second OS user")
    try:
        grp.getgrnam(STAFF_GROUP)
    except KeyError:
        subprocess.run(["groupadd", STAFF_GROUP], check=True, capture_output=True)
    try:
        pwd.getpwnam(COLLEAGUE)
    except KeyError:
        subprocess.run(
            ["useradd", "--no-create-home", "--user-group", "--groups", STAFF_GROUP, "--shell", "/usr/sbin/nologin", COLLEAGUE],
            check=True,
            capture_output=True,
        )
    user = pwd.getpwnam(COLLEAGUE)
    return OsUser(COLLEAGUE, user.pw_uid, user.pw_gid, grp.getgrnam(STAFF_GROUP).gr_gid)


@pytest.fixture(scope="session")
def colleague() -> OsUser:
    """A staff member who is not us: another OS user in the staff group."""
    return _ensure_user()


@pytest.fixture
def shared_folder(colleague: OsUser) -> Iterator[Path]:
    """A folder the staff group can write, as the README describes but without the setgid bit.

    Outside pytest's own temporary folder, which only root may enter.
    """
    folder = Path(tempfile.mkdtemp(prefix="wipboard-shared-", dir="/tmp"))
    os.chown(folder, 0, colleague.staff_gid)
    os.chmod(folder, 0o770)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
