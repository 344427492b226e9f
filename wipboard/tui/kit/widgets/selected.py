"""What a ``Select`` holds, typed: its value when one is chosen and it is of the type the form
put in, else None. ``Select.value`` is typed as whatever the options hold or ``Select.NULL``;
this narrows it once, here, instead of a ``type: ignore`` at every form's save."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.widgets import Select

Value = TypeVar("Value")


def selected(select: Select[Any], kind: type[Value]) -> Value | None:
    """The chosen value, or None when nothing is chosen (the prompt shows).

    A value of another type than ``kind`` is a bug of the form that built the options."""
    value = select.value
    if value is Select.NULL:
        return None
    if not isinstance(value, kind):
        raise TypeError(f"{select.id or 'a select'} holds {value!r}, not a {kind.__name__}")
    return value
