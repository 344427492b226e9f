"""The seed's card walkthrough in a real terminal (80×24): tmux types the keys, then ``wipboard portal --json``
shows the client exactly what was typed (R5, R3, R8).

Each test runs its own tmux server (``-L``), so it never touches a tmux the
person running the tests has open.
"""

from __future__ import annotations

import json
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

from wipboard.store.demo import write_demo
from wipboard.store.repository import Repository

WIPBOARD = Path(sys.executable).with_name("wipboard")
TMUX = shutil.which("tmux")

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end terminal test needs it")


class Terminal:
    """One 80×24 tmux session running a command; the command's exit status lands in a file."""

    def __init__(self, server: str, folder: Path) -> None:
        self.server = server
        self.exit_file = folder / "exit-status"

    def tmux(self, *args: str) -> str:
        done = subprocess.run([TMUX, "-L", self.server, *args], capture_output=True, text=True, timeout=30, check=False)  # type: ignore[list-item]
        assert done.returncode == 0, f"tmux {' '.join(args)}: {done.stderr}"
        return done.stdout

    def start(self, command: list[str], env: dict[str, str]) -> None:
        program = shlex.join(["env", *(f"{key}={value}" for key, value in env.items()), *command])
        line = f"{program}; echo $? > {shlex.quote(str(self.exit_file))}"
        self.tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", line)

    def keys(self, *keys: str) -> None:
        """Each key once the screen shows the last one's effect, as a person types: a burst of keys
        sent at once could reach a field before the focus had moved to it."""
        for key in keys:
            before = self.tmux("capture-pane", "-p", "-e", "-t", "app")
            self.tmux("send-keys", "-t", "app", key)
            deadline = time.monotonic() + 1.0
            while self.tmux("capture-pane", "-p", "-e", "-t", "app") == before and time.monotonic() < deadline:
                time.sleep(0.05)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "app", "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} within {timeout} s; the screen shows:\n{screen}")
            time.sleep(0.1)

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

    def wait_for_exit(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while not (text := self.exit_file.read_text().strip() if self.exit_file.exists() else ""):
            assert time.monotonic() < deadline, f"wipboard did not end; the screen shows:\n{self.screen()}"
            time.sleep(0.1)
        return int(text)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"wipboard-card-{os.getpid()}-{tmp_path.name}", tmp_path)
    try:
        yield terminal
    finally:
        subprocess.run([TMUX, "-L", terminal.server, "kill-server"], capture_output=True, timeout=30, check=False)  # type: ignore[list-item]


def wipboard(*args: str, db: Path) -> str:
    done = subprocess.run([str(WIPBOARD), *args, "--db", str(db)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"wipboard {' '.join(args)}: {done.stderr}"
    return done.stdout


def line_of(screen: str, label: str) -> str:
    """The card's line that starts with ``label`` (inside the dialog's border)."""
    return next((line.strip("█ ") for line in screen.splitlines() if line.strip("█ ").startswith(label)), "")


def test_r5_r3_r8_the_card_walkthrough_shows_the_client_exactly_what_was_typed(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "firm.json"
    write_demo(db)
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # no keymap file of whoever runs the tests
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "USER": "olivia",
    }
    terminal.start([str(WIPBOARD), "--db", str(db)], env)
    terminal.wait_for(lambda screen: "Move ▶" in screen, "the board never appeared")

    terminal.keys("p")  # Payroll: its Upcoming jobs are hidden from their clients
    terminal.wait_for(lambda screen: "Payroll" in screen and "Show which pipeline" in screen, "no pipeline picker")
    terminal.keys("Down", "Down", "Enter")
    board = terminal.wait_for(lambda screen: "Payroll · olivia" in screen and "Upcoming" in screen, "Payroll never showed")
    job_id = int(re.search(r"#(\d+) · ", board)[1])  # type: ignore[index]
    snapshot = Repository(db).snapshot()
    job, account = snapshot.jobs[job_id], snapshot.accounts[snapshot.jobs[job_id].account_id].name
    assert not job.client_status.visible and not job.client_status.name_for_client

    terminal.keys("Enter")  # the card of the job under the cursor, its name field focused
    terminal.wait_for(lambda screen: "Client-facing status" in screen and f"#{job_id} " in screen, "the card never opened")
    terminal.settle()
    terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Space")  # past the job's fields to Show in client portal
    shown = terminal.wait_for(lambda screen: job.name in line_of(screen, "Name for client"), "no name for client prefilled")
    assert "Choose a status" in line_of(shown, "Status")

    terminal.keys("Tab", "C-u")
    terminal.type("Your December payroll")
    terminal.keys("Tab", "Enter")  # open the status list: the blank prompt, then Planned, On hold, In progress, In review
    terminal.wait_for(lambda screen: "Waiting on you" in screen, "the status list never opened")
    terminal.keys("Down", "Down", "Down", "Down", "Enter")
    in_review = "The work is done and is being checked for accuracy."
    terminal.wait_for(lambda screen: "In review" in line_of(screen, "Status") and in_review in screen, "In review not picked")

    terminal.keys("Tab")  # the description, prefilled from In review, the cursor at its end: add a sentence
    terminal.type(" Ready by the 12th.")
    terminal.wait_for(lambda screen: "What the client sees" in screen and "Ready by the 12th." in screen, "no preview of the edit")

    terminal.keys("C-s")
    terminal.wait_for(lambda screen: f"Saved #{job_id}" in screen and "Client-facing status" not in screen, "the card did not save and close")
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0

    portal = json.loads(wipboard("portal", account, "--json", "--as", "olivia", db=db))
    items = [item for item in portal["work_in_progress"] if item["name"] == "Your December payroll"]
    assert [(item["account"], item["status"], item["color"], item["description"]) for item in items] == [
        (account, "In review", "orange", f"{in_review} Ready by the 12th."),
    ]
