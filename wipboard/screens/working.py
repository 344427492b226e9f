"""Shown while one operation over many jobs runs in a thread: the screen keeps drawing,
and the operation lands whole or not at all (one transaction)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, LoadingIndicator


class WorkingScreen(ModalScreen[None]):
    CSS_PATH = "../styles/modals.tcss"

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog working"):
            yield Label(f"{self.what}…", classes="question")
            yield LoadingIndicator()
            yield Label("[dim]One transaction: every job changes, or none does.[/]")
