"""A ``SelectionList`` and a ``Checkbox`` whose boxes read without colour: ``✓`` for ticked, ``·`` for not.

Textual's own list and checkbox draw the same ``X`` for both and tell them apart by colour
alone (green or nearly the box's background), which many eyes and themes lose.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

from wipboard.tui.kit.widgets.lists import KeyedSelectionList

TICKED = "✓"
UNTICKED = "·"


class TickList(KeyedSelectionList[SelectionType]):
    """With the list keys (``j``/``k``/``g``/``G``) of every list."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        mark = TICKED if selection.value in self.selected else UNTICKED
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)


class TickBox(Checkbox):
    """A ``Checkbox`` whose box shows ``✓`` when ticked and ``·`` when not."""

    def on_mount(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED

    def watch_value(self) -> None:
        self.BUTTON_INNER = TICKED if self.value else UNTICKED  # the mark Textual's checkbox draws, for this box only
        super().watch_value()
