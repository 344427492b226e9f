"""Settings saved over someone else's change (R16): refused, naming what they changed.

Jobs carry a version; statuses, job templates and automations do not. So a form
keeps the one it opened, and the service compares it with the one stored now.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from wipboard.store.errors import Conflict


def refuse_if_changed(stored: BaseModel, opened: BaseModel | None, what: str, *, ignore: Iterable[str] = ()) -> None:
    """Raise ``Conflict`` if ``stored`` differs from ``opened`` (the form's copy) outside ``ignore``."""
    if opened is None:
        return
    skipped = set(ignore)
    before, after = opened.model_dump(mode="json"), stored.model_dump(mode="json")
    changes = [
        f"{field.replace('_', ' ')} {before[field]!r} → {after.get(field)!r}"
        for field in before
        if field not in skipped and before[field] != after.get(field)
    ]
    if changes:
        raise Conflict(
            f"someone else changed {what} since you opened it ({'; '.join(changes[:4])}); "
            "nothing was saved: close the form and open it again to see their change"
        )
