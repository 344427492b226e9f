"""Screenshots of the settings screen (``4``) on the demo firm, one class per tab, compared with the
accepted SVGs.

After a deliberate change to the look: ``pytest tests/screens/test_settings_snapshots.py --snapshot-update``,
then look at the new SVGs in ``__snapshots__/`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

from board_pilot import SMALL
from firms import DemoFirm
from textual.pilot import Pilot


async def settings_shown(pilot: Pilot[None]) -> None:
    """Open the settings screen and wait until its first reload has filled the tabs (on a busy
    machine two pauses are not always enough)."""
    from textual.widgets import DataTable

    from wipboard.screens.settings import SettingsScreen

    await pilot.press("4")
    for _ in range(200):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, SettingsScreen) and any(table.row_count for table in screen.query(DataTable).results()):
            break
        await pilot.pause(0.02)


def settings_then(*keys: str) -> Callable[[Pilot[None]], object]:
    """Settings shown, then ``keys`` pressed, then wait until the dialog they open has its focus."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settings_shown(pilot)
        before = pilot.app.screen
        await pilot.press(*keys)
        for _ in range(200):
            await pilot.pause()
            if pilot.app.screen is not before and pilot.app.screen.focused is not None:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    return run_before


class TestStatusesTabSnapshot:
    def test_r11_status_templates_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown)

    def test_r11_status_form_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_then("e"))

    def test_r11_delete_in_use_status_asks_for_a_replacement_at_80x24(
        self, demo: DemoFirm, snap_compare: Callable[..., bool]
    ) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_then("d"))


class TestJobTemplatesTabSnapshot:
    def test_r1_job_templates_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["right_square_bracket"])

    def test_r1_job_template_form_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(
            demo.app(), terminal_size=SMALL, run_before=settings_then("right_square_bracket", "e")
        )


class TestPipelinesSnapshot:
    """The Pipelines tab, cursor on the tax return's Review stage (its automation read as a sentence)."""

    TO_REVIEW = ["right_square_bracket", "right_square_bracket", "l", "down", "down", "down"]

    def test_r4_pipelines_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=self.TO_REVIEW)


class TestPeopleSnapshot:
    def test_r12_people_tab_at_80x24(self, demo: DemoFirm, snap_compare: Callable[..., bool]) -> None:
        assert snap_compare(demo.app(), terminal_size=SMALL, run_before=settings_shown, press=["left_square_bracket", "left_square_bracket"])
