"""The undo of a large bulk edit in a real terminal (80×24): the screen keeps answering while it
runs, and a second ``u`` is refused rather than queued behind it (R15, R6)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tmux_terminal import TMUX, WIPBOARD, Terminal, app_environment, run_wipboard

from wipboard.store.repository import Repository

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the end-to-end terminal test needs it")

JOBS = 2000


def answers_within(terminal: Terminal, key: str, shows: str, seconds: float) -> float:
    """Press ``key``; the seconds until the screen shows ``shows`` (failing past ``seconds``)."""
    start = time.monotonic()
    terminal.keys(key)
    terminal.wait_for(lambda screen: shows in screen, f"{key} was not answered", timeout=seconds)
    return time.monotonic() - start


def test_r15_the_undo_of_a_bulk_edit_of_thousands_of_jobs_leaves_the_screen_answering(terminal: Terminal, tmp_path: Path) -> None:
    env = app_environment(tmp_path)
    db = tmp_path / "firm.json"
    run_wipboard("demo", "--db", str(db), "--jobs", str(JOBS), env=env)
    before = {job.id: job.client_status for job in Repository(db).snapshot().jobs.values()}
    terminal.start([str(WIPBOARD), "--db", str(db), "--as", "olivia"], env, size=(80, 24))
    terminal.wait_for(lambda screen: "Move ▶" in screen, "the board never appeared")

    terminal.press("2")
    terminal.wait_for(lambda screen: "Active" in screen and " jobs · " in screen, "the job list never appeared")
    terminal.press("V")
    terminal.wait_for(lambda screen: "marked" in screen, "nothing marked")
    terminal.press("e")
    terminal.wait_for(lambda screen: "Visibility for client" in screen, "no bulk edit form")
    terminal.press("Enter")  # open the visibility list, and wait for it before moving in it
    terminal.wait_for(lambda screen: "Hide status from the client" in screen, "the visibility list never opened")
    terminal.press("Down", "Down", "Enter")  # Hide status from the client
    terminal.wait_for(lambda screen: "Save: Hide the client status of" in screen, "hide not chosen")
    terminal.press("C-s")
    terminal.wait_for(lambda screen: "Hide the client status of" in screen and "(y)" in screen, "no confirmation")
    terminal.press("y")
    terminal.wait_for(lambda screen: "Hid the client status of" in screen, "the bulk edit never reported", timeout=60)
    active = [job for job in Repository(db).snapshot().jobs.values() if not job.archived and not job.deleted]
    assert len(active) > JOBS * 0.9 and not any(job.client_status.visible for job in active)

    terminal.keys("u")
    running = terminal.wait_for(
        lambda screen: "Undoing your last operation" in screen or "Undid your bulk edit" in screen, "the undo never started",
    )
    if "Undoing your last operation" in running:
        assert answers_within(terminal, "u", "Still busy: Undoing", 1.0)  # refused, not run afterwards
    assert answers_within(terminal, "?", "Keys — type to search", 1.0) <= 1.0  # the screen answers meanwhile
    terminal.keys("Escape")
    terminal.wait_for(lambda screen: "Keys — type to search" not in screen, "help never closed")
    terminal.wait_for(lambda screen: "Undid your bulk edit" in screen, "the undo never reported", timeout=300)

    assert {job.id: job.client_status.visible for job in Repository(db).snapshot().jobs.values()} == {
        job_id: status.visible for job_id, status in before.items()
    }
    terminal.press("q")
    assert terminal.wait_for_exit() == 0
