"""A client-facing status drawn the way the board's cards draw it: its name on its colour,
in the shade the current theme gives that colour (kit/theme_colors.py)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from wipboard.store.fields import Color
from wipboard.store.models import StatusTemplate
from wipboard.tui.kit.theme_colors import status_color, status_style


def status_badge(status: StatusTemplate) -> Text:
    """`` In review `` in black on orange, as on a card (plain text: a name is never markup)."""
    text = Text(end="")
    text.append(f" {status.name} ", style=status_style(status.color))
    return text


def status_name(status: StatusTemplate) -> Text:
    """``■ In review``: the status's name after a mark in its colour, to sit inside a sentence
    (a badge's padding would read "Delete status  In review ?")."""
    text = Text(end="")
    text.append("■ ", style=Style(color=status_color(status.color)))
    text.append(status.name)
    return text


def color_swatch(color: Color) -> Text:
    """``██ orange``: the colour itself, then its name for whoever cannot tell them apart."""
    text = Text("██", style=Style(color=status_color(color)), end="")
    text.append(f" {color}")
    return text


def status_option(status: StatusTemplate) -> Text:
    """A status in a picker: its badge and its colour's name."""
    text = status_badge(status)
    text.append(f" {status.color}", style="dim")
    return text
