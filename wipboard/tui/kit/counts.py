"""Counts as the screens write them: thousands grouped by a space ("9 609"), the same everywhere
(the marks, the filter line, the progress line)."""

from __future__ import annotations


def thousands(count: int) -> str:
    """``9609`` → ``"9 609"``."""
    return f"{count:,}".replace(",", " ")
