"""A real terminal for end-to-end tests: tmux types the keys and reads the screen back.

Each test runs its own tmux server (``-L``), so it never touches a tmux the
person running the tests has open.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

WIPBOARD = Path(sys.executable).with_name("wipboard")
TMUX = shutil.which("tmux")


class Terminal:
    """One tmux session (100×30 unless told) running a command; the command's exit status lands in a file."""

    def __init__(self, server: str, folder: Path) -> None:
        self.server = server
        self.exit_file = folder / "exit-status"

    def tmux(self, *args: str) -> str:
        done = subprocess.run([TMUX, "-L", self.server, *args], capture_output=True, text=True, timeout=30, check=False)  # type: ignore[list-item]
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    def start(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        # `env` inside the pane: tmux gives the pane its server's environment, not ours. The shell
        # records the exit status itself: tmux may be slow to reap a pane's process (its `pane_dead_status`
        # stayed empty here when SIGCHLD was blocked for the server).
        program = shlex.join(["env", *(f"{key}={value}" for key, value in env.items()), *command])
        line = f"{program}; echo $? > {shlex.quote(str(self.exit_file))}"
        self.tmux("new-session", "-d", "-s", "app", "-x", str(size[0]), "-y", str(size[1]), line)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def press(self, *keys: str) -> None:
        """Each key once the screen shows the last one's effect, as a person types: a burst of keys
        sent at once could reach a field before the focus had moved to it."""
        for key in keys:
            before = self.tmux("capture-pane", "-p", "-e", "-t", "app")
            self.tmux("send-keys", "-t", "app", key)
            deadline = time.monotonic() + 1.0
            while self._pane_or_none() == before and time.monotonic() < deadline:
                time.sleep(0.05)

    def tab_until(self, condition: Callable[[str], bool], what: str, most: int = 12) -> str:
        """Tab from field to field until ``condition`` holds (the card's hint names the focused field), as a
        person looks where the focus is instead of counting: a key sent while a new screen is still taking
        its first focus would otherwise land one field short."""
        for _ in range(most):
            if condition(screen := self.settle(quiet=0.2)):
                return screen
            self.press("Tab")
        return self.wait_for(condition, what, timeout=2.0)

    def _pane_or_none(self) -> str | None:
        """The pane with its colours, or None once the app has ended (a key like `q` quits it, and
        tmux goes with its last pane)."""
        done = subprocess.run(  # type: ignore[call-overload]
            [TMUX, "-L", self.server, "capture-pane", "-p", "-e", "-t", "app"], capture_output=True, text=True,
            timeout=30, check=False,
        )
        return done.stdout if done.returncode == 0 else None

    def type(self, text: str) -> None:
        """``text`` typed literally (no key names)."""
        self.tmux("send-keys", "-t", "app", "-l", text)

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> str:
        """Wait until the screen has stopped changing (a newly opened screen takes its focus after it draws)."""
        deadline = time.monotonic() + timeout
        screen, since = self.screen(), time.monotonic()
        while time.monotonic() - since < quiet:
            assert time.monotonic() < deadline, f"the screen never settled:\n{screen}"
            time.sleep(0.1)
            if (now := self.screen()) != screen:
                screen, since = now, time.monotonic()
        return screen

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

    def wait_for_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            assert time.monotonic() < deadline, f"wipboard did not end; the screen shows:\n{self.screen()}"
            time.sleep(0.1)
        return status


def run_wipboard(*args: str, env: dict[str, str] | None = None) -> str:
    """The real `wipboard` command, as a script runs it; its standard output (it must succeed)."""
    done = subprocess.run([str(WIPBOARD), *args], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, f"wipboard {' '.join(args)}: {done.stderr}"
    return done.stdout


def app_environment(folder: Path) -> dict[str, str]:
    """What the pane's wipboard sees: our folders only, a 256-colour terminal. Who it acts as is the
    OS login of the tests (no ``$USER``: wipboard does not read it), or ``--as LOGIN`` on its command line."""
    return {
        "TMPDIR": str(folder),  # --demo writes its firm in a fresh temporary folder: keep it in ours
        "XDG_CONFIG_HOME": str(folder / "config"),  # no keymap file of whoever runs the tests
        "XDG_DATA_HOME": str(folder / "data"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(folder)),
    }
