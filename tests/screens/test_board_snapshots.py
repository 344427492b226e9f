"""Screenshots of the board on the demo firm (seed 0, ``now`` = 2026-03-02), compared with the accepted SVGs.

After a deliberate change to the look: ``pytest -n 0 tests/screens/test_board_snapshots.py --snapshot-update``,
then look at the new SVGs in ``__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from board_pilot import LARGE, SMALL, BoardPilot
from firms import DemoFirm
from textual.pilot import Pilot

from wipboard.store.demo import PAYROLL


async def board_filled(pilot: Pilot[None]) -> None:
    await BoardPilot(pilot).ready()


class TestBoardSnapshot:
    def test_board_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=board_filled)

    def test_board_at_160x48(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=LARGE, run_before=board_filled)

    def test_cursor_moved_to_the_third_column_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=board_filled, press=["l", "l", "j"])


class TestMovePreviewSnapshot:
    def test_payroll_preview_before_the_move_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(pipeline=PAYROLL), terminal_size=SMALL, run_before=board_filled, press=["L"])
