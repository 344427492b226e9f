"""A demo job's plan: what it is before its times are drawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wipboard.store.models import Account


@dataclass(frozen=True)
class JobPlan:
    """What a job is before its times are drawn: where it is, whose it is, what it is called."""

    pipeline_id: int
    stage_index: int
    account: Account
    name: str
    template_id: int | None
    start: date
    due: date
