"""The open board as another process changes the firm (R16): a refused move, and moves shown within 2 seconds."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest
from board_pilot import SMALL, open_board
from firms import DemoFirm

from wipboard.screens import board as board_module
from wipboard.store.services.client_status import BulkEdit, bulk_edit

INTAKE, PREPARATION, REVIEW, FILED = 1, 3, 4, 6


class TestManyUsers:
    async def test_r16_a_move_of_a_job_changed_elsewhere_is_refused(self, demo: DemoFirm, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(board_module, "POLL_SECONDS", 3600.0)  # the board must not catch up on its own first
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            job = demo.pick(stage=PREPARATION, tags={"individual"}, order=board.job_ids(PREPARATION))
            await board.go_to(job.id)
            bulk_edit(demo.repo, demo.actor("marcus"), [job.id], BulkEdit(description="Almost there."))
            changed = demo.job(job.id)
            await board.press("L")
            refusal = next((text for text in board.notifications() if "someone else changed" in text), None)
            assert refusal is not None, board.notifications()
            assert f"#{job.id}" in refusal
            assert demo.job(job.id) == changed  # not moved, and the other change kept
            assert board.stage_of(job.id) == PREPARATION
            await board.press("L")  # now the board shows the current version: the move goes through
            assert demo.job(job.id).stage_id == REVIEW

    async def test_r16_a_change_by_another_process_shows_within_2_seconds(self, demo: DemoFirm) -> None:
        """A real second OS process moves a job through the command line; the open board follows."""
        wipboard = Path(sys.executable).with_name("wipboard")
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            moved, kept = board.job_ids(INTAKE)[0], board.job_ids(INTAKE)[2]
            await board.go_to(kept)
            env = {**os.environ, "WIPBOARD_DB": str(demo.path)}
            process = await asyncio.create_subprocess_exec(
                str(wipboard), "--as", "olivia", "jobs", "move", str(moved), "--stage", "Review",
                env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            _, err = await process.communicate()
            assert process.returncode == 0, err.decode()
            committed = time.monotonic()
            await board.wait_until(lambda: moved in board.job_ids(REVIEW), "the board never showed the move", timeout=10)
            assert time.monotonic() - committed <= 2.0
            assert moved not in board.job_ids(INTAKE)
            assert (board.focused_stage, board.current_job) == (INTAKE, kept)  # the cursor stayed on its job


    async def test_r16_another_processs_move_of_the_job_under_the_cursor_leaves_the_cursor_in_its_place(
        self, demo: DemoFirm
    ) -> None:
        """The job under the cursor moves to Filed in a real second process: the board does not scroll there;
        the cursor stays in Intake, on the card now in the same place."""
        wipboard = Path(sys.executable).with_name("wipboard")
        async with demo.app().run_test(size=SMALL) as pilot:
            board = await open_board(pilot)
            intake = board.job_ids(INTAKE)
            moved, next_one = intake[1], intake[2]
            await board.go_to(moved)
            columns = board.screen.query_one("#columns")
            scrolled = columns.scroll_offset.x
            process = await asyncio.create_subprocess_exec(
                str(wipboard), "jobs", "move", str(moved), "--stage", "Filed", "--as", "olivia",
                env={**os.environ, "WIPBOARD_DB": str(demo.path)}, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            _, err = await process.communicate()
            assert process.returncode == 0, err.decode()
            await board.wait_until(lambda: moved in board.job_ids(FILED), "the board never showed the move", timeout=10)
            await pilot.pause(0.2)
            assert (board.focused_stage, board.current_job) == (INTAKE, next_one)
            assert board.screen.query_one(f"#stage-{INTAKE}").cursor == 1  # the same place
            assert columns.scroll_offset.x == scrolled, "the board scrolled after another person's move"
            await board.press("j")  # and the keys go on from there
            assert board.current_job == intake[3]
