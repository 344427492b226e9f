"""What a move's automations will change, shown before the move (R4): on the board when the
pipeline asks for it, and before every bulk move from the job list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from wipboard.store.services.moves import MovePreview
from wipboard.tui.markup import literal


class MovePreviewScreen(ModalScreen[str]):
    """Dismisses with "apply", "skip" (move without automations) or None (cancel)."""

    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="preview_cancel"),
        Binding("a", "dismiss('apply')", "Apply", id="preview_apply"),
        Binding("s", "dismiss('skip')", "Skip automations", id="preview_skip"),
    ]

    def __init__(self, previews: Sequence[MovePreview]) -> None:
        super().__init__()
        self.previews = previews

    def compose(self) -> ComposeResult:
        first = self.previews[0]
        with Vertical(classes="dialog"):
            if len(self.previews) == 1:
                yield Label(f"Moving #{first.job.id} {literal(first.job.name)} to {literal(first.stage.name)} will:", classes="question")
                for summary in first.summaries:
                    yield Label(f"  • {literal(summary)}")
            else:
                yield Label(f"Moving {len(self.previews)} jobs to {literal(first.stage.name)} will:", classes="question")
                for line in self._counted():
                    yield Label(f"  • {literal(line)}")
            with Horizontal(classes="buttons"):
                yield Button("Apply (a)", variant="primary", id="apply")
                yield Button("Move, skip automations (s)", id="skip")
                yield Button("Cancel (esc)", id="cancel")

    def _counted(self) -> list[str]:
        """Each effect once, with how many of the jobs it touches."""
        effects = Counter(summary for preview in self.previews for summary in preview.summaries)
        untouched = sum(1 for preview in self.previews if not preview.summaries)
        lines = [f"{summary} ({count} job{'s' if count != 1 else ''})" for summary, count in effects.most_common(8)]
        if len(effects) > 8:
            lines.append(f"… and {len(effects) - 8} other changes")
        if untouched:
            lines.append(f"change nothing else for {untouched} job{'s' if untouched != 1 else ''}")
        return lines

    def on_mount(self) -> None:
        self.query_one("#apply", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
