"""``2``: the job list — a placeholder until the job-list screen lands (its own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class JobListPlaceholder(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "The job list (filter thousands of jobs, mark many, bulk-edit their client status) is not built yet.\n\n"
            "Meanwhile: [b]1[/] the board, [b]3[/] the portal preview, or from a shell\n"
            "  wipboard jobs list --help\n  wipboard jobs client-status --help",
            classes="placeholder",
        )
        yield Footer()
