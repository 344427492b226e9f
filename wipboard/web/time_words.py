"""Dates as a client reads them: "updated 3 days ago", "2 March 2026"."""

from __future__ import annotations

from datetime import datetime, timezone


def ago(moment: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    seconds = max(0, int((now - moment).total_seconds()))
    for size, unit in ((365 * 86400, "year"), (30 * 86400, "month"), (7 * 86400, "week"), (86400, "day"),
                       (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"
