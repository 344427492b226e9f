"""The jobs a screen should show, worked out in plain Python over the stored jobs, never through the code under test."""

from __future__ import annotations

from collections.abc import Callable

from firms import DemoFirm

from wipboard.store.models import Job
from wipboard.store.portal import portal_for
from wipboard.store.repository import Snapshot


def active(snapshot: Snapshot) -> list[Job]:
    """The jobs of the Active view, by id: what the list shows before any filter."""
    return sorted(
        (job for job in snapshot.jobs.values() if not job.archived and not job.deleted), key=lambda job: job.id
    )


def ids_where(snapshot: Snapshot, keep: Callable[[Job], bool]) -> list[int]:
    return [job.id for job in active(snapshot) if keep(job)]


def account_of(snapshot: Snapshot, job: Job) -> str:
    return snapshot.accounts[job.account_id].name


def portal_names(demo: DemoFirm, account: str) -> list[str]:
    return [item.name for item in portal_for(demo.repo, demo.actor(), account).work_in_progress]
