"""What every form that edits does alike.

``RemembersItsFields`` answers ``HoldsEdits`` (``unsaved_edits.py``: the app asks before any
way out drops unsaved edits) for a form by comparing its fields with what they held once it
opened; the form's own ``esc`` asks too.

``FormScreen``, the settings forms: esc cancels (asking first if something was typed);
ctrl+s, the Save button or enter in a field saves. A form provides ``action_save`` and,
when cancelling means something else than ``None``, ``CANCELLED``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, RadioSet, Select, SelectionList, Switch, TextArea

from wipboard.tui.kit.screen import WipboardModal

ResultType = TypeVar("ResultType")


def field_values(screen: Widget) -> tuple[tuple[str | None, object], ...]:
    """Every field's id and value, in order: two equal tuples mean nothing was edited."""
    values: list[tuple[str | None, object]] = []
    for widget in screen.query("Input, TextArea, Select, Switch, Checkbox, SelectionList, RadioSet"):
        if isinstance(widget, TextArea):
            value: object = widget.text
        elif isinstance(widget, SelectionList):
            value = tuple(sorted(map(str, widget.selected)))
        elif isinstance(widget, RadioSet):
            value = widget.pressed_index
        elif isinstance(widget, (Input, Select, Switch, Checkbox)):
            value = widget.value
        else:
            continue
        values.append((widget.id, value))
    return tuple(values)


if TYPE_CHECKING:
    _FormBase = WipboardModal[Any]  # what the mixin is mixed into, for the type checker
else:
    _FormBase = object


class RemembersItsFields(_FormBase):
    """Mixed into a form's screen: its fields as they stood once the form had opened and filled
    itself in; any difference since is an unsaved edit."""

    UNSAVED: ClassVar[str] = "what you typed in this form"
    _opened_with: tuple[tuple[str | None, object], ...] | None = None

    def _on_mount(self, _event: events.Mount) -> None:
        # Textual calls each class's own mount handler, so a form's on_mount runs as well.
        # After the first refresh: what a form's own on_mount fills in (a prefill) is part of opening it.
        self.call_after_refresh(self.remember_fields)

    def remember_fields(self) -> None:
        self._opened_with = field_values(self)

    def unsaved_edits(self) -> str | None:
        if self._opened_with is None or field_values(self) == self._opened_with:
            return None
        return self.UNSAVED

    def cancel_asking_first(self, cancel: Callable[[], object]) -> None:
        """``cancel`` at once if nothing was typed; else after a *Discard* confirmation."""
        what = self.unsaved_edits()
        if what is None:
            cancel()
            return
        self.app.ask_before_dropping([what], "Discard", cancel)


class FormScreen(RemembersItsFields, WipboardModal[ResultType]):
    # One id for every form's keys: a keymap that renames saving renames it everywhere.
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
        Binding("ctrl+s", "save", "Save", id="form_save"),
    ]
    CANCELLED: ClassVar[object] = None

    def action_cancel(self) -> None:
        # CANCELLED is the form's own ResultType (None, False); a ClassVar cannot name the class's TypeVar.
        self.cancel_asking_first(lambda: self.dismiss(self.CANCELLED))  # type: ignore[arg-type]

    def action_save(self) -> None:
        raise NotImplementedError

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            self.action_save()
