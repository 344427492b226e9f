"""The line that keeps a view's filters on screen (R10), with the search box ``/`` opens.

The board and the job list each hold one. The bar shows what the screen tells it
(``show``) and posts ``FilterBar.Changed`` as the user types in its search box and
``FilterBar.Submitted`` on enter; the screen keeps the filter and decides what follows.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

PLACEHOLDER = "Search job, account or name for client…  (esc clears)"


class FilterBar(Horizontal):
    """The summary of the filters, then the search box (hidden until ``open_search``).
    Widgets given to it (a progress line) come first."""

    class Changed(Message):
        """The text in the search box has changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Submitted(Message):
        """Enter in the search box: the user is done typing."""

    def __init__(self, *children: Widget, id: str | None = None) -> None:  # noqa: A002
        super().__init__(*children, id=id)
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Static(id="filter-summary")
        yield Input(placeholder=PLACEHOLDER, id="text-filter")

    def on_mount(self) -> None:
        self.box.display = False

    @property
    def box(self) -> Input:
        return self.query_one("#text-filter", Input)

    @property
    def searching(self) -> bool:
        """The search box is open (it may be empty)."""
        return self.box.display

    def open_search(self) -> None:
        self.box.display = True
        self.screen.set_focus(self.box)  # at once: the keys typed right after "/" belong in the box

    def close_search(self) -> None:
        """Empty and hide the search box."""
        self.box.value = ""
        self.box.display = False

    def show(self, text: str) -> None:
        """Set the summary; a Static's update lays the screen out again, so only when it changed."""
        if text != self._shown:
            self._shown = text
            self.query_one("#filter-summary", Static).update(text)

    @on(Input.Changed, "#text-filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#text-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())
