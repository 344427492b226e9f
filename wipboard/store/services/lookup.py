"""Finding entities by what a person types: an id, or a name in any letter case."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from wipboard.store.errors import NotFound


class Named(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def find(items: Iterable[N], ref: str | int, kind: str, where: str = "") -> N:
    """The item whose id is ``ref`` (digits) or whose name is ``ref`` (case-insensitive)."""
    candidates = list(items)
    text = str(ref).strip()
    if text.isdigit():
        for item in candidates:
            if item.id == int(text):
                return item
    matches = [item for item in candidates if item.name.casefold() == text.casefold()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        ids = ", ".join(str(item.id) for item in matches)
        raise NotFound(f"{kind} {text!r}{where} is ambiguous (ids {ids}); give the id instead")
    known = ", ".join(repr(item.name) for item in candidates[:12]) or "none yet"
    more = ", …" if len(candidates) > 12 else ""
    raise NotFound(f"unknown {kind} {text!r}{where}; known: {known}{more}")
