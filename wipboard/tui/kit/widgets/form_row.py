"""A form's rows: a label, its field, and the field's own error line right under it (R18).

The settings forms build their rows with ``form_row`` and show a refused save with
``show_field_errors``: each message goes beside the field it is about, and the one
naming no field (key ``""``) under the buttons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Label

from wipboard.tui.kit.markup import literal

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def field_cell(name: str, widget: Widget) -> Vertical:
    """``widget`` with an error line below it, found again by ``name``."""
    return Vertical(widget, Label("", id=f"{name}-error", classes="field-error", markup=False), id=f"{name}-cell", classes="form-field")


def form_row(label: str, *cells: Widget) -> Horizontal:
    """A label and one or more cells (``field_cell``, or an inline ``Label`` between two fields)."""
    return Horizontal(Label(label, classes="form-label"), *cells, classes="form-row")


def general_error() -> Label:
    """The error line under the buttons, for a refusal that names no field."""
    return Label("", id="general-error", classes="form-error", markup=False)


def show_field_errors(root: DOMNode, errors: Mapping[str, str], fields: Mapping[str, str] | None = None) -> None:
    """Put each message beside its field, clearing the others; ``fields`` renames error keys
    to the names the form gave its cells (``{"color": "colour"}``). A message whose field the
    form has no cell for goes to the general error line, prefixed with the field's name."""
    fields = fields or {}
    general: list[str] = []
    shown: dict[str, str] = {}
    for key, message in errors.items():
        name = fields.get(key, key)
        if name and _IDENTIFIER.match(name) and root.query(f"#{name}-error"):
            shown[name] = f"{shown[name]}; {message}" if name in shown else message
        else:
            general.append(f"{key}: {message}" if key else message)
    for label in root.query(".field-error").results(Label):
        cell = (label.id or "").removesuffix("-error")
        label.update(shown.get(cell, ""))
        label.set_class(cell in shown, "-shown")
    for label in root.query("#general-error").results(Label):
        label.update("\n".join(general))
        label.set_class(bool(general), "-shown")


def show_errors_under(root: DOMNode, errors: Mapping[str, str], fields: Iterable[str]) -> None:
    """For forms whose error lines are Labels ``#error-FIELD`` (and ``#error-`` for the rest):
    each of ``fields`` gets its own reason or nothing (R18); any other reason goes to ``#error-``,
    prefixed with its field's name. ``{}`` clears them all."""
    known = list(fields)
    general = [f"{field}: {message}" if field else message for field, message in errors.items() if field not in known]
    shown = {**{field: errors.get(field, "") for field in known}, "": "; ".join(general)}
    for field, message in shown.items():
        for label in root.query(f"#error-{field}").results(Label):
            label.update(literal(message))
            label.display = bool(message)
