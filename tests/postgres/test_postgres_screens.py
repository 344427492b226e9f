"""The screens on PostgreSQL: another process's commit reaches an open board through NOTIFY (R16),
a server restarted under the app is said once, reconnected, and nothing is lost; the job list's bulk
edit and the card's save write the database (R5, R6, R15), and a card saved over another session's
change is stopped and merged (R16)."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from postgres.pg_server import PgServer
from textual.widgets import Select, TextArea

from wipboard.screens.bulk_edit import BulkEditScreen
from wipboard.screens.card_conflict import CardConflictScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_card import JobCardScreen
from wipboard.store.demo import DEMO_OWNER, IN_REVIEW, build_demo_files
from wipboard.store.identity import Actor, resolve_actor
from wipboard.store.open_store import entries_of
from wipboard.store.postgres.load import load_firm
from wipboard.store.postgres.repository import PostgresRepository
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.tui.kit.session import Session

sys.path.insert(0, str(Path(__file__).parents[1] / "screens"))
from board_pilot import SMALL, BoardPilot  # noqa: E402
from firms import NOW, fixed_clock  # noqa: E402
from list_pilot import ListPilot  # noqa: E402
from screen_reading import RecordingApp  # noqa: E402

INTAKE, REVIEW = 1, 4
WIPBOARD = Path(sys.executable).with_name("wipboard")


def _demo_app(url: str) -> RecordingApp:
    data, log = build_demo_files(now=NOW)
    repo = load_firm(url, data, entries_of(log))
    actor = resolve_actor(repo.snapshot(), DEMO_OWNER, None, firm_path=repo.location)
    return RecordingApp(Session(repo, actor, clock=fixed_clock()), keymap={})


def _said_lost(board: BoardPilot) -> list[str]:
    return [text for text in board.notifications() if "lost the connection" in text or "cannot reach" in text]


async def test_r16_a_change_by_another_process_shows_on_the_open_board_within_2_seconds(pg_url: str) -> None:
    async with _demo_app(pg_url).run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        moved, kept = board.job_ids(INTAKE)[0], board.job_ids(INTAKE)[2]
        await board.go_to(kept)
        process = await asyncio.create_subprocess_exec(
            str(WIPBOARD), "--as", DEMO_OWNER, "jobs", "move", str(moved), "--stage", "Review",
            env={**os.environ, "WIPBOARD_DB": pg_url}, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        committed = time.monotonic()
        await board.wait_until(lambda: moved in board.job_ids(REVIEW), "the board never showed the move", timeout=10)
        assert time.monotonic() - committed <= 2.0
        assert (board.focused_stage, board.current_job) == (INTAKE, kept)


async def test_r17_a_server_restarted_under_an_open_board_is_said_once_and_nothing_is_lost(
    pg_server: PgServer, pg_url: str
) -> None:
    async with _demo_app(pg_url).run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.ready()
        pg_server.pause()
        try:
            await board.wait_until(lambda: bool(_said_lost(board)), "the lost connection was never said", timeout=10)
            await asyncio.sleep(3)  # a few polls later: still said only once
        finally:
            pg_server.resume()
        assert len(_said_lost(board)) == 1, board.notifications()
        job = board.job_ids(INTAKE)[0]
        process = await asyncio.create_subprocess_exec(
            str(WIPBOARD), "--as", DEMO_OWNER, "jobs", "move", str(job), "--stage", "Review",
            env={**os.environ, "WIPBOARD_DB": pg_url}, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        await board.wait_until(lambda: job in board.job_ids(REVIEW), "the board did not reconnect", timeout=10)
        await board.go_to(board.job_ids(INTAKE)[0])
        other = board.current_job
        await board.press("L")  # a write of its own after the reconnection goes through
        await board.wait_until(lambda: other not in board.job_ids(INTAKE), "the board's own move was lost", timeout=10)


UPCOMING = 12  # Payroll's first stage: the demo's jobs there are hidden from their clients


@pytest.fixture
def other(pg_url: str) -> Iterator[PostgresRepository]:
    """Another session on the same database (a connection of its own): what another process sees and does."""
    repo = PostgresRepository(pg_url)
    yield repo
    repo.close()


def _actor(repo: PostgresRepository, login: str) -> Actor:
    return resolve_actor(repo.snapshot(), login, None, firm_path=repo.location)


def _upcoming_job(repo: PostgresRepository) -> int:
    jobs = repo.snapshot().jobs.values()
    return min(job.id for job in jobs if job.stage_id == UPCOMING and not job.archived and not job.deleted)


async def _open_card(board: BoardPilot, job_id: int) -> JobCardScreen:
    await board.ready()
    board.app.push_screen(JobCardScreen(job_id))
    await board.pilot.pause()
    assert isinstance(board.top, JobCardScreen), board.top
    return board.top


async def _type_notes(board: BoardPilot, card: JobCardScreen, text: str) -> None:
    notes = card.query_one("#notes", TextArea)
    notes.clear()
    notes.insert(text)
    await board.pilot.pause()


async def test_r6_r15_a_bulk_edit_from_the_job_list_lands_whole_in_the_database_and_one_u_undoes_it(
    pg_url: str, other: PostgresRepository
) -> None:
    app = _demo_app(pg_url)
    before = other.snapshot()
    chosen = sorted(job.id for job in before.jobs.values() if not job.archived and not job.deleted and not job.client_status.visible)[:3]
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        job_list = await ListPilot.open(pilot)
        await job_list.mark(*chosen)
        await job_list.press("e")
        form = job_list.top
        assert isinstance(form, BulkEditScreen), form
        await job_list.choose(form.query_one("#visibility", Select), "Show")
        await job_list.choose(form.query_one("#status", Select), "In review")
        await job_list.press("ctrl+s")
        assert isinstance(job_list.top, ConfirmScreen)
        assert other.snapshot().generation == before.generation, "nothing written before the confirmation"
        await job_list.press("y")
        await job_list.wait_until(lambda: any("3 jobs" in text for text in job_list.notifications()), "never saved")

        stored = other.snapshot().jobs  # read by another connection: committed
        for job_id in chosen:
            status = stored[job_id].client_status
            assert (status.visible, status.status_id, status.via) == (True, IN_REVIEW, "bulk"), job_id
        assert all(stored[job.id] == job for job in before.jobs.values() if job.id not in chosen)

        await job_list.press("u")
        await job_list.wait_until(lambda: "Undid your bulk edit of 3 jobs" in job_list.notifications(), "never undone")
        restored = other.snapshot().jobs
        for job_id in chosen:
            assert restored[job_id].client_status.visible is False, job_id


async def test_r5_a_card_saved_on_screen_is_committed_for_another_session_to_read(
    pg_url: str, other: PostgresRepository
) -> None:
    app = _demo_app(pg_url)
    job_id = _upcoming_job(other)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        board = BoardPilot(pilot)
        card = await _open_card(board, job_id)
        await _type_notes(board, card, "Two new hires")
        card.query_one("#priority", Select).value = "urgent"
        await board.press("ctrl+s")
        assert not isinstance(board.top, JobCardScreen), "ctrl+s saves and closes the card"
    stored = other.snapshot().jobs[job_id]
    assert (stored.notes, stored.priority) == ("Two new hires", "urgent")
    assert {"notes", "priority"} <= {entry.field for entry in other.audit_entries({job_id})}


async def test_r16_a_card_saved_over_another_sessions_change_is_stopped_then_merged(
    pg_url: str, other: PostgresRepository
) -> None:
    app = _demo_app(pg_url)
    job_id = _upcoming_job(other)
    async with app.run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        card = await _open_card(board, job_id)
        await _type_notes(board, card, "Mine")
        version = other.snapshot().jobs[job_id].version
        marcus = CardEdit(due_date=date(2026, 4, 30), visible=False)
        save_card(other, _actor(other, "marcus"), job_id, version, marcus, via="cli")
        await board.wait_until(lambda: card.query_one("#card-notice").has_class("-shown"), "no notice of the change")

        await board.press("ctrl+s")
        assert isinstance(board.top, CardConflictScreen), board.top
        assert "due date" in board.text() and "2026-04-30" in board.text() and "marcus" in board.text()
        assert other.snapshot().jobs[job_id].notes != "Mine", "the conflicting save wrote nothing"

        await board.press("k")  # keep editing: my notes stay, the field I left takes marcus's date
        await board.press("ctrl+s")
        assert not isinstance(board.top, (JobCardScreen, CardConflictScreen)), board.top
    stored = other.snapshot().jobs[job_id]
    assert (stored.notes, stored.due_date, stored.version) == ("Mine", date(2026, 4, 30), version + 2)
