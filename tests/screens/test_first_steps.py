"""The first five minutes on an empty firm (``wipboard init``): the board says what to do next,
step by step, until a job is shown to a client; ``n`` with no account points to Settings › People
instead of opening a form whose only list is empty."""

from __future__ import annotations

from pathlib import Path

from board_pilot import SMALL, BoardPilot
from firms import make_app

from wipboard.screens.board import BoardScreen
from wipboard.store.identity import resolve_actor
from wipboard.store.open_store import create_firm_at
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.jobs import NewJob, create_job
from wipboard.store.services.people import add_account

OWNER = "ana"


def empty_firm(tmp_path: Path) -> Path:
    path = tmp_path / "firm.json"
    create_firm_at(path, owner_login=OWNER, firm_name="Ana's firm").close()
    return path


async def test_r1_an_empty_firm_says_its_first_steps_and_n_points_to_people(tmp_path: Path) -> None:
    path = empty_firm(tmp_path)
    async with make_app(path, OWNER).run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.wait_until(lambda: "To get there" in board.text(), "no first steps on an empty firm")
        text = board.text()
        assert "→ 1. Add a client account in Settings › People" in text
        assert "2. Back on the board (1), press n for a new job" in text

        await board.press("n")
        assert isinstance(board.top, BoardScreen), "n opened a form with an empty account list"
        assert any("add one in Settings › People" in note for note in board.notifications())
        assert not any("choose the client" in note for note in board.notifications())


async def test_r1_each_step_done_is_ticked_until_a_job_is_shown_to_its_client(tmp_path: Path) -> None:
    path = empty_firm(tmp_path)
    repo = Repository(path)
    owner = resolve_actor(repo.snapshot(), OWNER, None, firm_path=str(path))
    account = add_account(repo, owner, "Rivera Family", [])
    async with make_app(path, OWNER).run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.wait_until(lambda: "✓ 1. Add a client account" in board.text(), "the account step is not ticked")
        assert "→ 2. Back on the board" in board.text()

        pipeline = min(repo.snapshot().pipelines.values(), key=lambda item: item.position)
        job = create_job(repo, owner, NewJob(account=account.id, pipeline=pipeline.id, name="2026 Form 1040")).jobs[0]
        await board.wait_until(lambda: "✓ 2. Back on the board" in board.text(), "the job step is not ticked")
        assert "→ 3. Press enter on the job" in board.text()

        status = min(repo.snapshot().statuses.values(), key=lambda item: item.position)
        bulk_edit(repo, owner, [job.id], BulkEdit(visibility="show", status=status.id))
        await board.wait_until(lambda: "To get there" not in board.text(), "the steps stay once a client sees a job")
        assert not board.screen.query_one("#first-steps").display
