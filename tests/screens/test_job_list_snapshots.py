"""Screenshots of the job list on the demo firm (seed 0, ``now`` = 2026-03-02), compared with the accepted SVGs.

After a deliberate change to the look: ``pytest tests/screens/test_job_list_snapshots.py --snapshot-update``,
then look at the new SVGs in ``__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from firms import DemoFirm
from list_pilot import SMALL, ListPilot
from textual.pilot import Pilot
from textual.widgets import Select

from wipboard.screens.bulk_edit import BulkEditScreen


async def list_filled(pilot: Pilot[None]) -> None:
    await ListPilot.open(pilot)


async def bulk_edit_of_three_marked_jobs(pilot: Pilot[None]) -> None:
    """Three jobs marked, ``e``, then *Show* and *In review* chosen: the description filled in (R3)."""
    job_list = await ListPilot.open(pilot)
    await job_list.press("space", "space", "space", "e")
    form = job_list.top
    assert isinstance(form, BulkEditScreen)
    await job_list.choose(form.query_one("#visibility", Select), "Show")
    await job_list.choose(form.query_one("#status", Select), "In review")
    assert form.query_one("#description").text.startswith("The work is done")  # type: ignore[attr-defined]


class TestJobListSnapshot:
    def test_job_list_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=list_filled)

    def test_bulk_edit_of_3_marked_jobs_showing_in_review_at_80x24(
        self, demo: DemoFirm, snap_compare: Callable[..., bool]
    ) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=bulk_edit_of_three_marked_jobs)
