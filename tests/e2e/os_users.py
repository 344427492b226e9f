"""Real second OS users for the identity tests (R13): wipboard must take the login from the real
user id of its process, so the tests create logins of their own and run wipboard under them.

The tests run as root (in CI and here). A command runs "as" a user with ``setpriv --ruid/--rgid``:
its *real* uid — the one wipboard reads — is that user's; its effective uid stays root's, so the
interpreter (in root's home) stays usable. What the real uid may open is checked as for that
user, so the firm file lives where it does in a firm: a folder of the staff group, setgid.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# Login names no real person has: letters, digits and - only, as wipboard's logins allow.
LOGINS = {"employee": "wbtest-employee", "stranger": "wbtest-stranger"}
STAFF_GROUP = "wbtest-staff"


@dataclass(frozen=True)
class OsUser:
    login: str
    uid: int
    gid: int
    staff_gid: int


def as_os_user(user: OsUser, command: list[str]) -> list[str]:
    """``command`` run with ``user`` as its real user and group, in the staff group."""
    return ["setpriv", f"--ruid={user.uid}", f"--rgid={user.gid}", f"--groups={user.staff_gid}", "--", *command]


@contextmanager
def shared_folder(staff_gid: int) -> Iterator[Path]:
    """A folder of the staff group as a firm sets one up (group-writable, setgid), outside root's own tmp."""
    folder = Path(tempfile.mkdtemp(prefix="wipboard-shared-", dir="/tmp"))
    try:
        os.chown(folder, -1, staff_gid)
        folder.chmod(0o2770)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def ensure_os_users() -> dict[str, OsUser]:
    """The test logins, created with ``useradd`` if this machine lacks them (root only)."""
    if os.getuid() != 0:
        pytest.skip("creating a second OS user needs root; the tests run as root in CI")
    if shutil.which("useradd") is None or shutil.which("setpriv") is None:
        pytest.skip("useradd and setpriv (util-linux) are needed to run wipboard as a second OS user")
    # Another test worker may create them at the same moment: "already exists" (9) is fine.
    try:
        staff_gid = grp.getgrnam(STAFF_GROUP).gr_gid
    except KeyError:
        _run_admin(["groupadd", STAFF_GROUP])
        staff_gid = grp.getgrnam(STAFF_GROUP).gr_gid
    users = {}
    for role, login in LOGINS.items():
        try:
            entry = pwd.getpwnam(login)
        except KeyError:
            _run_admin(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", login])
            entry = pwd.getpwnam(login)
        users[role] = OsUser(login=login, uid=entry.pw_uid, gid=entry.pw_gid, staff_gid=staff_gid)
    return users


def _run_admin(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode in (0, 9), f"{' '.join(command)}: {done.stderr}"
