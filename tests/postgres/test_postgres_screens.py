"""Live screens on PostgreSQL: another process's commit reaches an open board through NOTIFY (R16),
and a server restarted under the app is said once, reconnected, and nothing is lost."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from postgres.pg_server import PgServer

from wipboard.store.demo import DEMO_OWNER, build_demo_files
from wipboard.store.identity import resolve_actor
from wipboard.store.open_store import entries_of
from wipboard.store.postgres.load import load_firm
from wipboard.tui.kit.session import Session

sys.path.insert(0, str(Path(__file__).parents[1] / "screens"))
from board_pilot import SMALL, BoardPilot  # noqa: E402
from firms import NOW, fixed_clock  # noqa: E402
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
