"""``s``: sort the job list by any column (again on the same column: the other way round)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from wipboard.tui.kit.job_rows import COLUMNS, ColumnKey
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.lists import ChoiceList


class SortPicker(WipboardModal[ColumnKey]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="sort_cancel")]

    def __init__(self, current: ColumnKey, descending: bool, shown: list[ColumnKey]) -> None:
        super().__init__()
        self.current = current
        self.descending = descending
        self.shown = shown

    def compose(self) -> ComposeResult:
        def label(key: ColumnKey, title: str) -> str:
            now = (" ▼ now" if self.descending else " ▲ now") if key == self.current else ""
            off_screen = "" if key in self.shown else "  [dim](not shown at this width)[/]"
            return f"{title}{now}{off_screen}"

        with Vertical(classes="dialog"):
            yield Label("Sort the jobs by", classes="question")
            yield ChoiceList(*(Option(label(column.key, column.title), id=column.key) for column in COLUMNS), id="columns")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next(index for index, column in enumerate(COLUMNS) if column.key == self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(column.key for column in COLUMNS if column.key == event.option.id))
