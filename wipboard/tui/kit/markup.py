"""The firm's own text — job, status, account and person names, descriptions, what a user
typed — placed inside Textual markup, so that it shows as it is written.

Without it, a name for client such as "Your return [Final]" loses "[Final]", and one
holding "[/]" stops the app with a markup error; and a control character would reach the
terminal as it is (an escape sequence clears the screen): it is shown, never obeyed.
"""

from __future__ import annotations

from wipboard.tui.kit.terminal_text import printable

ZERO_WIDTH_SPACE = "\u200b"


def literal(text: object) -> str:
    """``text`` safe to put into markup: control characters shown (:func:`printable`), every
    ``[`` escaped. A trailing backslash would escape the tag that follows it, so it is kept
    apart from it by a zero-width space."""
    escaped = printable(text).replace("[", r"\[")
    return escaped + ZERO_WIDTH_SPACE if escaped.endswith("\\") else escaped
