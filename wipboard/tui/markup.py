"""The firm's own text — job, status, account and person names, descriptions, what a user
typed — placed inside Textual markup, so that it shows as it is written.

Without it, a name for client such as "Your return [Final]" loses "[Final]", and one
holding "[/]" stops the app with a markup error.
"""

from __future__ import annotations

ZERO_WIDTH_SPACE = "\u200b"


def literal(text: object) -> str:
    """``text`` safe to put into markup: every ``[`` escaped. A trailing backslash would
    escape the tag that follows it, so it is kept apart from it by a zero-width space."""
    escaped = str(text).replace("[", r"\[")
    return escaped + ZERO_WIDTH_SPACE if escaped.endswith("\\") else escaped
