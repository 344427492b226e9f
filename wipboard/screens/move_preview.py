"""What a move's automations will change, shown before the move when the pipeline asks for it (R4)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from wipboard.store.services.moves import MovePreview


class MovePreviewScreen(ModalScreen[str]):
    """Dismisses with "apply", "skip" (move without automations) or None (cancel)."""

    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="preview_cancel"),
        Binding("a", "dismiss('apply')", "Apply", id="preview_apply"),
        Binding("s", "dismiss('skip')", "Skip automations", id="preview_skip"),
    ]

    def __init__(self, preview: MovePreview) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Moving #{self.preview.job.id} {self.preview.job.name} to {self.preview.stage.name} will:", classes="question")
            for summary in self.preview.summaries:
                yield Label(f"  • {summary}")
            with Horizontal(classes="buttons"):
                yield Button("Apply (a)", variant="primary", id="apply")
                yield Button("Move, skip automations (s)", id="skip")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#apply", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)
