"""One sentence for a refusal, the same on every edge — the screens and the command line.

A refusal is something the user can fix: a ``StoreError`` (permission, conflict, an unknown
name, a damaged file: its message is already a sentence) or pydantic's ``ValidationError``
(each field and why, R18). A programming error (``OutsideTransaction``, any other exception)
is not a refusal: no edge turns it into words, it is raised.
"""

from __future__ import annotations

from pydantic import ValidationError

from wipboard.store.errors import StoreError
from wipboard.store.validation_messages import describe_validation_error

Refusal = StoreError | ValidationError


def describe_refusal(error: Refusal) -> str:
    """'name: must have at most 200 characters' or the store's own sentence."""
    if isinstance(error, ValidationError):
        return describe_validation_error(error)
    return str(error)
