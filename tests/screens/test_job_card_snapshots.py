"""Screenshots of the job card on the demo firm (seed 0, ``now`` = 2026-03-02), compared with the accepted SVGs.

After a deliberate change to the look: ``pytest tests/screens/test_job_card_snapshots.py --snapshot-update``,
then look at the new SVGs in ``__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.pilot import Pilot
from textual.widgets import Input

from wipboard.screens.job_card import JobCardScreen

SHOWN_JOB = 1  # Rivera Family's 2025 Form 1040: shown to the client, with a history of automations


async def card_open(pilot: Pilot[None]) -> None:
    await BoardPilot(pilot).ready()
    pilot.app.push_screen(JobCardScreen(SHOWN_JOB))
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make each screenshot differ
    await pilot.pause()


class TestJobCardSnapshot:
    def test_card_of_a_shown_job_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=card_open)
