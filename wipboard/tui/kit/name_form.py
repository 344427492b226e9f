"""A small form of one or a few text fields (a new pipeline, a stage's name…) whose
``save`` calls a service; a refusal shows beside the field it names (R18)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from wipboard.store.errors import StoreError
from wipboard.store.validation_messages import field_errors
from wipboard.tui.kit.form_screen import FormScreen
from wipboard.tui.kit.widgets.form_row import show_errors_under


@dataclass(frozen=True)
class TextField:
    key: str  # the service's name for it, as field_errors reports it
    label: str
    value: str = ""
    placeholder: str = ""


# Takes the typed values by key; returns the notification, or raises StoreError / ValidationError.
SaveText = Callable[[Mapping[str, str]], str]


class NameForm(FormScreen[bool]):
    """Dismisses with True once ``save`` succeeded."""

    CANCELLED = False

    def __init__(self, title: str, fields: list[TextField], save: SaveText, *, verb: str = "Save") -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save = save
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog name-form"):
            yield Label(self.title_text, classes="title")
            for field in self.fields:
                yield Label(field.label, classes="field-label", markup=False)
                yield Input(value=field.value, placeholder=field.placeholder, id=f"field-{field.key}")
                yield Label("", id=f"error-{field.key}", classes="error")
            yield Label("", id="error-", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.verb} (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        for label in self.query(".error"):
            label.display = False

    def action_save(self) -> None:
        values = {field.key: self.query_one(f"#field-{field.key}", Input).value for field in self.fields}
        try:
            message = self.save(values)
        except (StoreError, ValidationError) as error:
            self.show_errors(field_errors(error))
            return
        self.app.notify(message)
        self.dismiss(True)

    def show_errors(self, errors: dict[str, str]) -> None:
        show_errors_under(self, errors, [field.key for field in self.fields])

