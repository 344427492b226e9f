"""A yes/no question before something that changes what clients see."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label
from textual.widgets.button import ButtonVariant

from wipboard.tui.kit.screen import WipboardModal


class ConfirmScreen(WipboardModal[bool]):
    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "Cancel", id="confirm_cancel"),
        Binding("y", "dismiss(True)", "Yes", id="confirm_yes"),
    ]

    def __init__(self, question: str, verb: str, *, variant: ButtonVariant = "error") -> None:
        super().__init__()
        self.question = question
        self.verb = verb
        self.variant = variant  # "error" (red) for what hides or removes; "primary" for a save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.verb} (y)", variant=self.variant, id="yes")
                yield Button("Cancel (esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
