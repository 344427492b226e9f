"""Screenshots of the settings screen (``4``) on the demo firm, one class per tab, compared with the
accepted SVGs.

After a deliberate change to the look: ``pytest tests/screens/test_settings_snapshots.py --snapshot-update``,
then look at the new SVGs in ``__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from board_pilot import SMALL
from demo_firm import DemoFirm
from textual.pilot import Pilot


async def settings_shown(pilot: Pilot[None]) -> None:
    """Open the settings screen and let its first reload fill the tabs."""
    await pilot.press("4")
    await pilot.pause()
    await pilot.pause()


class TestStatusesTabSnapshot:
    def test_r11_status_templates_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown)

    def test_r11_status_form_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["e"])

    def test_r11_delete_in_use_status_asks_for_a_replacement_at_80x24(
        self, demo: DemoFirm, snap_compare: Callable[..., bool]
    ) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["d"])


class TestJobTemplatesTabSnapshot:
    def test_r1_job_templates_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["right_square_bracket"])

    def test_r1_job_template_form_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(
            demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["right_square_bracket", "e"]
        )


class TestPipelinesSnapshot:
    """The Pipelines tab, cursor on the tax return's Review stage (its automation read as a sentence)."""

    TO_REVIEW = ["right_square_bracket", "right_square_bracket", "l", "down", "down", "down"]

    def test_r4_pipelines_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=self.TO_REVIEW)


class TestPeopleSnapshot:
    def test_r12_people_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["left_square_bracket", "left_square_bracket"])
