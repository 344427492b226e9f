"""The seed's card walkthrough in a real terminal (80×24): tmux types the keys, then ``wipboard portal --json``
shows the client exactly what was typed (R5, R3, R8)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tmux_terminal import TMUX, WIPBOARD, Terminal, app_environment, run_wipboard

from wipboard.store.demo import write_demo
from wipboard.store.repository import Repository

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end terminal test needs it")


def line_of(screen: str, label: str) -> str:
    """The card's line that starts with ``label`` (inside the dialog's border)."""
    return next((line.strip("█ ") for line in screen.splitlines() if line.strip("█ ").startswith(label)), "")


def test_r5_r3_r8_the_card_walkthrough_shows_the_client_exactly_what_was_typed(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "firm.json"
    write_demo(db)
    terminal.start([str(WIPBOARD), "--db", str(db), "--as", "olivia"], app_environment(tmp_path), size=(80, 24))
    terminal.wait_for(lambda screen: "Move ▶" in screen, "the board never appeared")

    terminal.press("p")  # Payroll: its Upcoming jobs are hidden from their clients
    terminal.wait_for(lambda screen: "Payroll" in screen and "Show which pipeline" in screen, "no pipeline picker")
    terminal.press("Down", "Down", "Enter")
    board = terminal.wait_for(lambda screen: "Payroll · olivia" in screen and "Upcoming" in screen, "Payroll never showed")
    job_id = int(re.search(r"#(\d+) · ", board)[1])  # type: ignore[index]
    snapshot = Repository(db).snapshot()
    job, account = snapshot.jobs[job_id], snapshot.accounts[snapshot.jobs[job_id].account_id].name
    assert not job.client_status.visible and not job.client_status.name_for_client

    terminal.press("Enter")  # the card of the job under the cursor, its name field focused
    terminal.wait_for(lambda screen: "Client-facing status" in screen and f"#{job_id} " in screen, "the card never opened")
    terminal.wait_for(lambda screen: "typing edits the name" in screen, "the card's name never took the focus")
    terminal.tab_until(lambda screen: "space switches it" in screen, "Show in client portal never took the focus")
    terminal.press("Space")
    shown = terminal.wait_for(lambda screen: job.name in line_of(screen, "Name for client"), "no name for client prefilled")
    assert "Choose a status" in line_of(shown, "Status")

    terminal.press("Tab", "End", "C-u")  # the whole prefilled name away, wherever the cursor was
    terminal.type("Your December payroll")
    terminal.wait_for(lambda screen: line_of(screen, "Name for client").split("Name for client", 1)[-1].strip(" █")
                      .startswith("Your December payroll"), "the name for client was not replaced")
    terminal.press("Tab", "Enter")  # open the status list: the blank prompt, then Planned, On hold, In progress, In review
    terminal.wait_for(lambda screen: "Waiting on you" in screen, "the status list never opened")
    terminal.press("Down", "Down", "Down", "Down", "Enter")
    in_review = "The work is done and is being checked for accuracy."
    terminal.wait_for(lambda screen: "In review" in line_of(screen, "Status") and in_review in screen, "In review not picked")

    terminal.press("Tab")  # the description, prefilled from In review, the cursor at its end: add a sentence
    terminal.wait_for(lambda screen: "typing edits the description" in screen, "the description never took the focus")
    terminal.type(" Ready by the 12th.")
    terminal.wait_for(lambda screen: "What the client sees" in screen and "Ready by the 12th." in screen, "no preview of the edit")

    terminal.press("C-s")
    terminal.wait_for(lambda screen: f"Saved #{job_id}" in screen and "Client-facing status" not in screen, "the card did not save and close")
    terminal.press("q")
    assert terminal.wait_for_exit() == 0

    portal = json.loads(run_wipboard("portal", account, "--json", "--as", "olivia", "--db", str(db)))
    items = [item for item in portal["work_in_progress"] if item["name"] == "Your December payroll"]
    assert [(item["account"], item["status"], item["color"], item["description"]) for item in items] == [
        (account, "In review", "orange", f"{in_review} Ready by the 12th."),
    ]
