"""How an automation's tag condition reads (R4): "has the tag vip", "has none of the tags a, b".

Plain words without Textual, so that the command line can say them too; the automation
sentence styles the tags that follow ``tag_lead``.
"""

from __future__ import annotations

from collections.abc import Sequence

from wipboard.store.models import TagMatch


def tag_lead(match: TagMatch, count: int) -> str:
    """'has the tag ', 'does not have the tag ', 'has any of the tags ' …: what comes before the tags."""
    if count == 1:
        return "does not have the tag " if match == "none" else "has the tag "
    return f"has {match} of the tags "


def tag_condition_words(match: TagMatch, tags: Sequence[str]) -> str:
    """'has any of the tags individual, vip' — the condition after 'if the account '."""
    return tag_lead(match, len(tags)) + ", ".join(tags)
