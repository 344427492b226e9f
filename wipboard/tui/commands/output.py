"""Printing results: JSON for scripts, aligned columns for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click
import orjson


def echo_json(value: Any) -> None:
    click.echo(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, max_width: int = 40) -> None:
    """Columns as wide as their widest cell (at most ``max_width``; longer cells end in …)."""
    cells = [[_cell(value, max_width) for value in row] for row in rows]
    widths = [max([len(header), *(len(row[index]) for row in cells)]) for index, header in enumerate(headers)]
    click.echo("  ".join(header.upper().ljust(width) for header, width in zip(headers, widths)).rstrip())
    for row in cells:
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())


def echo_messages(messages: Sequence[str]) -> None:
    for message in messages:
        click.echo(message)


def _cell(value: object, max_width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"
