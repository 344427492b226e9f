"""Drive the settings screen (``4``) the way a user does, and read it the way a user does."""

from __future__ import annotations

from app_pilot import AppPilot
from textual.widgets import DataTable

from wipboard.screens.settings import SettingsScreen


class SettingsPilot(AppPilot):

    async def open(self, tab: int = 0) -> None:
        """``4``, then ``]`` ``tab`` times; waits until the tab's table has rows."""
        await self.press("4")
        await self.press(*["right_square_bracket"] * tab)
        await self.wait_until(lambda: self.table().row_count > 0, "the settings tab never filled")

    def settings(self) -> SettingsScreen:
        screens = [screen for screen in self.app.screen_stack if isinstance(screen, SettingsScreen)]
        assert len(screens) == 1, f"expected one settings screen in {self.app.screen_stack}"
        return screens[0]

    def table(self) -> DataTable[object]:
        """The table of the tab on show."""
        tabs = self.settings().query_one("#settings-tabs")
        return tabs.query_one(f"#{tabs.active} DataTable", DataTable)  # type: ignore[attr-defined]

    def row_keys(self) -> list[int]:
        return [int(row.key.value or 0) for row in self.table().ordered_rows]

    def cursor_key(self) -> int:
        table = self.table()
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or 0)

    def row_cells(self, key: int) -> list[str]:
        """The cells of the row of ``key`` as shown (cut to the column's width)."""
        return [getattr(cell, "plain", str(cell)) for cell in self.table().get_row(str(key))]

    def table_text(self) -> str:
        """Every cell of the tab's table, row by row."""
        table = self.table()
        return "\n".join(
            " | ".join(getattr(cell, "plain", str(cell)) for cell in table.get_row(row.key)) for row in table.ordered_rows
        )

    def footer_keys(self) -> set[str]:
        """The keys the footer offers (the focused widget's, the screen's and the app's)."""
        return set(self.app.screen.active_bindings)

