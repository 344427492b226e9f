"""The real ``wipboard`` in a real terminal: tmux types the keys and reads the screen back."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from tmux_terminal import TMUX, WIPBOARD, Terminal, app_environment, run_wipboard

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end terminal test needs it")


def test_r4_r15_wipboard_demo_moves_a_card_with_L_undoes_with_u_and_quits_with_q(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start([str(WIPBOARD), "--demo"], app_environment(tmp_path))
    board = terminal.wait_for(lambda screen: "Intake" in screen and "Move ▶" in screen, "the board never appeared")
    first_card = re.search(r"#(\d+) · ", board)
    assert first_card, board

    terminal.keys("L")
    moved = terminal.wait_for(lambda screen: "Moved" in screen, "no notification of the move")
    assert f"#{first_card[1]}" in moved

    terminal.keys("u")
    terminal.wait_for(lambda screen: "Undid" in screen, "no notification of the undo")

    terminal.keys("q")
    assert terminal.wait_for_exit() == 0


def test_r6_seed_walkthrough_filter_mark_three_show_in_review_and_the_portal_shows_it(terminal: Terminal, tmp_path: Path) -> None:
    """The seed: select jobs in the Jobs list, Edit, *show status*, pick *In review*, Save —
    now the clients see that status for all of them (checked with `wipboard portal --json`)."""
    env = app_environment(tmp_path)
    firm = tmp_path / "firm.json"
    run_wipboard("demo", "--db", str(firm), env=env)
    statuses = [status["name"] for status in json.loads(run_wipboard("statuses", "list", "--json", "--db", str(firm), env=env))]
    terminal.start([str(WIPBOARD), "--db", str(firm)], env, size=(80, 24))
    terminal.wait_for(lambda screen: "Move ▶" in screen, "the board never appeared")

    terminal.keys("2")
    terminal.wait_for(lambda screen: "of 196 jobs" in screen or " jobs · " in screen, "the job list never appeared")
    terminal.keys("/")
    terminal.wait_for(lambda screen: "Search job, account" in screen, "the search box never opened")
    terminal.type("Form 1040")  # the filter as you type
    listed = terminal.wait_for(lambda screen: 'text "Form 1040"' in screen, "the text filter never applied")
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "space Mark" in screen, "enter never left the search box")  # the list's keys are back
    terminal.keys("Space", "Space", "Space")
    marked = terminal.wait_for(lambda screen: "3 marked" in screen, "three marks never showed")
    ids = [int(found) for found in re.findall(r"^●\s+(\d+) ", marked, flags=re.MULTILINE)]
    assert len(ids) == 3, listed

    terminal.keys("e")
    terminal.wait_for(lambda screen: "Nothing to change yet" in screen, "the bulk editor never opened")
    terminal.keys("Enter")  # Visibility for client: Show status to the client
    terminal.wait_for(lambda screen: "Hide status from the client" in screen, "the visibility list never opened")
    terminal.press("Down", "Enter")
    terminal.wait_for(lambda screen: re.search(r"client\s+Show status to the client", screen) is not None, "show was not chosen")
    terminal.press("Tab", "Tab", "Enter")  # Status: In review
    terminal.wait_for(lambda screen: "■ Done" in screen, "the status list never opened")
    terminal.press(*["Down"] * (statuses.index("In review") + 1), "Enter")
    terminal.wait_for(lambda screen: re.search(r"Status\s+■ In review", screen) is not None, "In review was not chosen")
    terminal.wait_for(lambda screen: "being checked" in screen, "the template's description was not prefilled (R3)")
    terminal.keys("C-s")
    terminal.wait_for(lambda screen: "Show 'In review' to the clients of 3 jobs" in screen, "no confirmation with the summary")
    terminal.keys("y")
    terminal.wait_for(lambda screen: "Showed 'In review'" in screen, "no report of the bulk edit")

    for job_id in ids:
        job = json.loads(run_wipboard("jobs", "show", str(job_id), "--json", "--db", str(firm), env=env))
        portal = json.loads(run_wipboard("portal", job["account"], "--json", "--db", str(firm), env=env))
        items = [item for item in portal["work_in_progress"] if item["name"] == job["client_status"]["name_for_client"]]
        assert items and all(item["status"] == "In review" for item in items), (job, portal)
        assert job["client_status"]["description"] == "The work is done and is being checked for accuracy."

    terminal.keys("q")
    deadline = time.monotonic() + 20
    assert terminal.wait_for_exit(timeout=max(1.0, deadline - time.monotonic())) == 0
