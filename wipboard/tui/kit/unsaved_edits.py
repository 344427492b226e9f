"""``HoldsEdits``: a screen that can say whether it holds edits not yet saved. The app asks
before any way out drops them (ctrl+q, *Quit* in the palette, ``q``, 1–4 to another screen).

Apart from the forms (``form_screen.py``), whose field widgets the app does not need at start.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.screen import Screen


@runtime_checkable
class HoldsEdits(Protocol):
    def unsaved_edits(self) -> str | None:
        """What would be lost, in a few words ("your changes to #12"), or None when nothing would."""


def screens_with_edits(screens: list[Screen[object]]) -> list[str]:
    """What each of ``screens`` would lose, topmost first."""
    return [what for screen in reversed(screens) if isinstance(screen, HoldsEdits) and (what := screen.unsaved_edits())]
