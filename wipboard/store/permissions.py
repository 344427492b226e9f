"""Who may do what (R12), checked in the services so every screen and command obeys it."""

from __future__ import annotations

from collections.abc import Iterable

from wipboard.store.errors import PermissionDenied
from wipboard.store.identity import Actor
from wipboard.store.models import Job


def can_see_job(actor: Actor, job: Job) -> bool:
    if actor.is_manager:
        return True
    if actor.user is None:
        return False
    access = actor.user.job_access
    return access == "all" or (access == "assigned" and actor.login in job.assignees)


def require_jobs(actor: Actor, jobs: Iterable[Job], action: str) -> None:
    """Refuse, naming every job ``actor`` may not touch, unless they may touch all of them."""
    refused = [job for job in jobs if not can_see_job(actor, job)]
    if not refused:
        return
    if actor.contact is not None:
        raise PermissionDenied(f"{actor.login} is a client contact and may only see the portal; cannot {action}")
    names = ", ".join(f"#{job.id} {job.name}" for job in refused[:10])
    more = f" and {len(refused) - 10} more" if len(refused) > 10 else ""
    raise PermissionDenied(
        f"you ({actor.describe()}) may not {action} {names}{more}; nothing was changed"
    )


def require_staff(actor: Actor, action: str) -> None:
    if not actor.is_staff:
        raise PermissionDenied(f"{actor.login} is a client contact and may only see the portal; cannot {action}")


def require_manager(actor: Actor, action: str) -> None:
    """Settings (pipelines, stages, automations, templates, users) are for owner and admin."""
    if not actor.is_manager:
        raise PermissionDenied(f"only the owner and admins may {action}; you are {actor.describe()}")
