"""The lists a user moves in — pickers, tick lists, settings tables — with the same keys
everywhere: ``j``/``k`` down and up, ``g``/``G`` to the first and the last row, besides the
arrows, home and end. One binding set with one id per key, so a keymap that renames one
renames it in every list.

Screens yield these instead of Textual's ``OptionList``, ``SelectionList`` and ``DataTable``.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable, OptionList, SelectionList
from textual.widgets.data_table import CellType
from textual.widgets.selection_list import SelectionType

# Hidden from the footer: the arrows are what everybody knows; these are for those who look.
LIST_KEYS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="list_cursor_down"),
    Binding("k", "cursor_up", "Up", show=False, id="list_cursor_up"),
    Binding("g", "first", "First", show=False, id="list_cursor_first"),
    Binding("G", "last", "Last", show=False, id="list_cursor_last"),
]


class Picker(OptionList):
    """An ``OptionList`` with the list keys."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS


class ChoiceList(Picker):
    """A picker in a dialog, where ``enter`` chooses and closes it: the footer says so."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Choose", id="list_choose")]


class KeyedSelectionList(SelectionList[SelectionType]):
    """A ``SelectionList`` with the list keys (``TickList`` adds the ✓/· marks)."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS


class Table(DataTable[CellType]):
    """A ``DataTable`` with the list keys; ``g``/``G`` take the cursor to the first and last row."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_KEYS

    def action_first(self) -> None:
        self.action_scroll_top()

    def action_last(self) -> None:
        self.action_scroll_bottom()
