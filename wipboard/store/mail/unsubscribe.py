"""The signed token in a client's one-click unsubscribe link (R20).

An HMAC of the contact's id with the web portal's key (kept beside the firm file, never in
it): the link works without logging in, and nobody can make one for another contact.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_TOKEN = re.compile(r"([1-9][0-9]{0,15})\.([0-9a-f]{32})")


def unsubscribe_token(key: str, contact_id: int) -> str:
    return f"{contact_id}.{_signature(key, contact_id)}"


def contact_of_token(key: str, token: str) -> int | None:
    """The contact id a token was made for, or None if it is not one of ours."""
    match = _TOKEN.fullmatch(token)
    if match is None:
        return None
    contact_id = int(match.group(1))
    return contact_id if hmac.compare_digest(match.group(2), _signature(key, contact_id)) else None


def _signature(key: str, contact_id: int) -> str:
    return hmac.new(key.encode(), f"unsubscribe:{contact_id}".encode(), hashlib.sha256).hexdigest()[:32]
