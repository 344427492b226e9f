"""Who may do what (R12), checked in the services so every screen and command obeys it.

A job the user may not see is refused exactly as a job that does not exist (R13): the same
sentence, the same error. So trying ids one by one tells an employee nothing about the firm.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from wipboard.store.errors import NotFound, PermissionDenied
from wipboard.store.identity import Actor
from wipboard.store.models import Job


class JobLookup(Protocol):
    """A snapshot's or a transaction's jobs, by id."""

    def get(self, job_id: int, /) -> Job | None: ...


def can_see_job(actor: Actor, job: Job) -> bool:
    if actor.is_manager:
        return True
    if actor.user is None:
        return False
    access = actor.user.job_access
    return access == "all" or (access == "assigned" and actor.login in job.assignees)


def no_such_jobs(actor: Actor, job_ids: Iterable[int]) -> NotFound:
    """The one refusal for ids that name no job, or a job ``actor`` may not see: "there is no job #7".

    A user who sees only some jobs reads "… among the jobs you may see" for both, so the
    sentence is true either way and tells them nothing more."""
    ids = list(dict.fromkeys(job_ids))
    listed = ", ".join(f"#{job_id}" for job_id in ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    limited = not actor.is_manager and not (actor.user is not None and actor.user.job_access == "all")
    where = " among the jobs you may see" if limited else ""
    return NotFound(f"there is no job {listed}{where}" if len(ids) == 1 else f"there are no jobs {listed}{where}")


def visible_jobs(actor: Actor, jobs: JobLookup, job_ids: Iterable[int], action: str) -> list[Job]:
    """The jobs ``job_ids`` name, each once, in order — refused, in one sentence naming every id,
    if one names no job or a job ``actor`` may not see."""
    require_staff(actor, action)
    ids = list(dict.fromkeys(job_ids))
    found = [(job_id, jobs.get(job_id)) for job_id in ids]
    missing = [job_id for job_id, job in found if job is None or not can_see_job(actor, job)]
    if missing:
        raise no_such_jobs(actor, missing)
    return [job for _, job in found if job is not None]


def visible_job(actor: Actor, jobs: JobLookup, job_id: int, action: str) -> Job:
    return visible_jobs(actor, jobs, [job_id], action)[0]


def require_jobs(actor: Actor, jobs: Iterable[Job], action: str) -> None:
    """Refuse jobs already found that ``actor`` may not touch, as if they did not exist."""
    require_staff(actor, action)
    refused = [job.id for job in jobs if not can_see_job(actor, job)]
    if refused:
        raise no_such_jobs(actor, refused)


def require_staff(actor: Actor, action: str) -> None:
    if not actor.is_staff:
        raise PermissionDenied(f"{actor.login} is a client contact and may only see the portal; cannot {action}")


def require_manager(actor: Actor, action: str) -> None:
    """Settings (pipelines, stages, automations, templates, users) are for owner and admin."""
    if not actor.is_manager:
        raise PermissionDenied(f"only the owner and admins may {action}; you are {actor.describe()}")
