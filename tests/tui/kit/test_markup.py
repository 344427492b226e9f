"""R8/R18: the firm's text shows as written, whatever brackets or backslashes it holds."""

from __future__ import annotations

import pytest
from textual.content import Content

from wipboard.tui.kit.markup import literal


@pytest.mark.parametrize(
    "text",
    ["Your 2025 return [Final]", "a [/] b", "x [$y] z", "[b]bold[/b]", "back\\[b]slash", "ends with \\", "[", "plain"],
)
def test_r8_text_in_markup_shows_as_written(text: str) -> None:
    shown = Content.from_markup(f"[b]{literal(text)}[/] [dim]after[/]").plain
    assert shown.replace("\u200b", "") == f"{text} after"
