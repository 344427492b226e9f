"""A spinner and what it is for, while an operation over many jobs runs in a thread.

The spinner turns five times a second, not every frame: an animated bar redrawn at
30 frames a second took the interpreter from the thread and made a 150 ms save last 600 ms.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
SPIN_SECONDS = 0.2


class ProgressLine(Horizontal):
    """Hidden until ``show("Undoing — 9 609 jobs")``; ``show(None)`` hides it again."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="progress-line")
        self._spinner: Timer | None = None
        self._step = 0

    def compose(self) -> ComposeResult:
        yield Static(id="progress")
        yield Static(id="progress-label")

    def on_mount(self) -> None:
        self.show(None)

    def show(self, what: str | None) -> None:
        self.query_one("#progress-label", Static).update(f"{what}…" if what else "")
        self.display = what is not None
        for widget_id in ("#progress-label", "#progress"):
            self.query_one(widget_id).display = what is not None
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        if what is not None:
            self._spin()
            self._spinner = self.set_interval(SPIN_SECONDS, self._spin)

    def _spin(self) -> None:
        self._step = (self._step + 1) % len(SPINNER)
        self.query_one("#progress", Static).update(SPINNER[self._step])
