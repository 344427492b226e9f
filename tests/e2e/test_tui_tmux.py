"""The real ``wipboard --demo`` in a real terminal: tmux types the keys and reads the screen back.

Each test runs its own tmux server (``-L``), so it never touches a tmux the
person running the tests has open.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WIPBOARD = Path(sys.executable).with_name("wipboard")
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end terminal test needs it")


class Terminal:
    """One tmux session of 100×30 running a command; the command's exit status lands in a file."""

    def __init__(self, server: str, folder: Path) -> None:
        self.server = server
        self.exit_file = folder / "exit-status"

    def tmux(self, *args: str) -> str:
        done = subprocess.run([TMUX, "-L", self.server, *args], capture_output=True, text=True, timeout=30, check=False)  # type: ignore[list-item]
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    def start(self, command: list[str], env: dict[str, str]) -> None:
        # `env` inside the pane: tmux gives the pane its server's environment, not ours. The shell
        # records the exit status itself: tmux may be slow to reap a pane's process (its `pane_dead_status`
        # stayed empty here when SIGCHLD was blocked for the server).
        program = shlex.join(["env", *(f"{key}={value}" for key, value in env.items()), *command])
        line = f"{program}; echo $? > {shlex.quote(str(self.exit_file))}"
        self.tmux("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", line)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def exit_status(self) -> int | None:
        """The command's exit status once it has ended, else None."""
        text = self.exit_file.read_text() if self.exit_file.exists() else ""
        return int(text) if text.strip() else None

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} within {timeout} s; the screen shows:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"wipboard-test-{os.getpid()}-{tmp_path.name}", tmp_path)
    try:
        yield terminal
    finally:
        subprocess.run([TMUX, "-L", terminal.server, "kill-server"], capture_output=True, timeout=30, check=False)  # type: ignore[list-item]


def test_r4_r15_wipboard_demo_moves_a_card_with_L_undoes_with_u_and_quits_with_q(terminal: Terminal, tmp_path: Path) -> None:
    env = {
        "TMPDIR": str(tmp_path),  # --demo writes its firm in a fresh temporary folder: keep it in ours
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # no keymap file of whoever runs the tests
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "USER": "olivia",
    }
    terminal.start([str(WIPBOARD), "--demo"], env)
    board = terminal.wait_for(lambda screen: "Intake" in screen and "Move ▶" in screen, "the board never appeared")
    first_card = re.search(r"#(\d+) · ", board)
    assert first_card, board

    terminal.keys("L")
    moved = terminal.wait_for(lambda screen: "Moved" in screen, "no notification of the move")
    assert f"#{first_card[1]}" in moved

    terminal.keys("u")
    terminal.wait_for(lambda screen: "Undid" in screen, "no notification of the undo")

    terminal.keys("q")
    deadline = time.monotonic() + 20
    while (status := terminal.exit_status()) is None:
        assert time.monotonic() < deadline, f"q did not end wipboard; the screen shows:\n{terminal.screen()}"
        time.sleep(0.1)
    assert status == 0
