"""A demo's values as the firm file and its audit log store them: raw documents and times."""

from __future__ import annotations

from datetime import date
from time import gmtime, strftime
from typing import Any

RawDocument = dict[str, Any]  # one document of the firm file, as stored
DAY = 86400
EPOCH_DAY = date(1970, 1, 1).toordinal()


def stored_time(seconds: int) -> str:
    """A UTC time as pydantic stores it: ``2026-03-02T14:05:11Z``."""
    return strftime("%Y-%m-%dT%H:%M:%SZ", gmtime(seconds))
