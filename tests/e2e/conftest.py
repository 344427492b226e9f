"""Fixtures of the end-to-end tests: a private tmux server per test."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from os_users import OsUser, ensure_os_users
from tmux_terminal import TMUX, Terminal


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"wipboard-test-{os.getpid()}-{tmp_path.name}", tmp_path)
    try:
        yield terminal
    finally:
        subprocess.run([TMUX, "-L", terminal.server, "kill-server"], capture_output=True, timeout=30, check=False)  # type: ignore[list-item]


@pytest.fixture(scope="session")
def os_users() -> dict[str, OsUser]:
    """Two real OS logins besides the one running the tests: ``employee`` and ``stranger``."""
    return ensure_os_users()
