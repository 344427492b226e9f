"""Printing results: JSON for scripts, aligned columns for people.

Everything a command prints goes through here, so the firm's text reaches the terminal with
its control characters shown, never obeyed (:func:`printable`), and JSON stays exact JSON.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

import click
import orjson

from wipboard.tui.kit.terminal_text import printable, printable_json


def say(text: object, *, err: bool = False) -> None:
    """One message for people, on stdout (or stderr): the one way a command prints text."""
    click.echo(printable(text), err=err)


def echo_json(value: Any) -> None:
    # color=True: click would otherwise scan all of it (megabytes for a big firm) for escape
    # sequences to strip when stdout is not a terminal; the encoder escapes ESC and C0 already.
    click.echo(printable_json(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()), color=True)


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, max_width: int = 40) -> None:
    """Columns as wide as their widest cell, narrowed to fit the terminal; cut cells end in …"""
    texts = [["" if value is None else printable(str(value).replace("\n", " ")) for value in row] for row in rows]
    widths = [
        min(max_width, max([len(header), *(len(row[index]) for row in texts)])) for index, header in enumerate(headers)
    ]
    _fit(widths, [len(header) for header in headers], shutil.get_terminal_size((120, 24)).columns)
    say("  ".join(_cut(header.upper(), width) for header, width in zip(headers, widths)).rstrip())
    for row in texts:
        say("  ".join(_cut(value, width) for value, width in zip(row, widths)).rstrip())


def echo_messages(messages: Sequence[str]) -> None:
    for message in messages:
        say(message)


def _fit(widths: list[int], minimums: list[int], columns: int) -> None:
    """Narrow the widest columns until the table fits ``columns`` (never below 6 characters)."""
    while sum(widths) + 2 * (len(widths) - 1) > columns:
        widest = max(range(len(widths)), key=lambda index: widths[index])
        if widths[widest] <= max(6, min(minimums[widest], 10)):
            return
        widths[widest] -= 1


def _cut(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
