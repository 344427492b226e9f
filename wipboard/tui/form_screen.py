"""What every settings form does alike: esc cancels; ctrl+s, the Save button or enter in a
field saves. A form provides ``action_save`` and, when cancelling means something else than
``None``, ``CANCELLED``."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button

ResultType = TypeVar("ResultType")


class FormScreen(ModalScreen[ResultType]):
    CSS_PATH = ["../styles/modals.tcss", "../styles/settings.tcss"]
    # One id for every form's keys: a keymap that renames saving renames it everywhere.
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
        Binding("ctrl+s", "save", "Save", id="form_save"),
    ]
    CANCELLED: ClassVar[object] = None

    def action_cancel(self) -> None:
        self.dismiss(self.CANCELLED)  # type: ignore[arg-type]

    def action_save(self) -> None:
        raise NotImplementedError

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            self.action_save()
