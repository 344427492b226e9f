"""The first five minutes in a real terminal: ``wipboard init`` makes an empty firm, and the board
leads its owner, step by step, to a first job shown to a client — an account in Settings › People,
``n`` for the job, its client status on the card — until the portal preview shows the client that
job with its status. Its own tmux server (``-L words-…``), 100×30."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_terminal import TMUX, WIPBOARD, Terminal, app_environment, run_wipboard

from wipboard.store.repository import Repository

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end terminal test needs it")


def said(screen: str, words: str) -> bool:
    """Whether ``words`` are on screen, wherever a notification's lines wrapped them."""
    return words in " ".join(line.strip(" ▌█") for line in screen.splitlines() if line.strip(" ▌█"))


@pytest.fixture
def words_terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"words-{os.getpid()}-{tmp_path.name}", tmp_path)
    try:
        yield terminal
    finally:
        subprocess.run([TMUX, "-L", terminal.server, "kill-server"], capture_output=True, timeout=30, check=False)  # type: ignore[list-item]


def test_r1_r8_from_wipboard_init_to_the_first_job_a_client_sees(words_terminal: Terminal, tmp_path: Path) -> None:
    terminal, db = words_terminal, tmp_path / "firm.json"
    assert "Created" in run_wipboard("init", "--db", str(db))
    terminal.start([str(WIPBOARD), "--db", str(db)], app_environment(tmp_path), size=(100, 30))

    terminal.wait_for(lambda screen: "To get there" in screen and said(screen, "→ 1. Add a client account in Settings › People"),
                      "an empty firm's board said nothing of what to do")
    terminal.settle()
    terminal.press("n")  # no account yet: pointed to Settings › People, no form with an empty list
    terminal.wait_for(lambda screen: said(screen, "has none yet: add one in Settings › People"), "n gave no pointer to People")
    assert "New job in" not in terminal.screen()

    terminal.press("4")  # Settings; ] to People; tab to its accounts; n for a new account
    terminal.wait_for(lambda screen: "Statuses" in screen and "People" in screen, "no settings")
    terminal.settle(quiet=1.0)  # settings take their focus after they draw: no key before that, even on a busy machine
    terminal.press("]", "]", "]")
    terminal.wait_for(lambda screen: "client accounts below" in screen, "the People tab never showed")
    terminal.settle(quiet=1.0)  # the tab takes its focus after it draws
    terminal.press("Tab")
    terminal.settle()
    terminal.press("n")
    terminal.wait_for(lambda screen: "New account" in screen, "no account form")
    terminal.settle()
    terminal.type("Rivera Family")
    terminal.press("Enter")
    terminal.wait_for(lambda screen: said(screen, "Added account Rivera Family"), "the account was not added")

    terminal.press("1")  # back on the board, step 1 ticked; n: the firm's only account is chosen already
    terminal.wait_for(lambda screen: "✓ 1. Add a client account" in screen and "→ 2. Back on the board" in screen,
                      "the board did not tick the account step")
    terminal.press("n")
    terminal.wait_for(lambda screen: "New job in" in screen and "Rivera Family" in screen, "no new-job form with the account")
    terminal.settle()
    terminal.press("Tab", "Tab", "Tab")  # past the template and the stage to the job's name
    terminal.type("2026 Form 1040")
    terminal.press("Enter")
    terminal.wait_for(lambda screen: "✓ 2. Back on the board" in screen and "→ 3. Press enter on the job" in screen,
                      "the board did not tick the job step")
    job = next(iter(Repository(db).snapshot().jobs.values()))
    assert (job.name, job.client_status.visible) == ("2026 Form 1040", False)

    terminal.press("Enter")  # the card: show it in the portal, with the first status
    terminal.wait_for(lambda screen: "Client-facing status" in screen, "the card never opened")
    terminal.settle(quiet=1.0)  # the card takes its first focus after it draws: no tab before that, even on a busy machine
    terminal.press("Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Space")
    terminal.wait_for(lambda screen: "Choose a status" in screen and "Name for client 2026 Form 1040" in screen,
                      "Show in client portal did not switch on")
    terminal.press("Tab", "Tab", "Enter")
    terminal.wait_for(lambda screen: "■ On hold" in screen, "the status list never opened")
    terminal.press("Down", "Enter")
    terminal.wait_for(lambda screen: "■ Planned" in screen and "■ On hold" not in screen, "Planned not picked")
    terminal.press("C-s")
    terminal.wait_for(lambda screen: "To get there" not in screen and "Client-facing status" not in screen,
                      "the steps stayed once the client sees the job")

    terminal.press("3", "c")  # the portal preview, as the client
    terminal.wait_for(lambda screen: "Preview the portal of" in screen and "Rivera Family" in screen, "no client picker")
    terminal.press("Enter")
    terminal.wait_for(
        lambda screen: "this is what Rivera Family sees" in screen
        and any("▎ 2026 Form 1040" in line and "Planned" in line for line in screen.splitlines()),  # the item, not a toast
        "the client's portal does not show the job with its status",
    )
    terminal.press("q")
    assert terminal.wait_for_exit() == 0
