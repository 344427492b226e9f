"""Showing a client status, with the prefill rule R3 in one place.

Whoever shows a status — the card, a bulk edit, an automation, a job template —
goes through ``shown_status``, so an empty name for client always becomes the
job's name and an empty description the status template's description.
"""

from __future__ import annotations

from datetime import datetime

from wipboard.store.fields import Via
from wipboard.store.models import ClientStatus, Job, StatusTemplate


def shown_status(
    job: Job,
    current: ClientStatus,
    *,
    status: StatusTemplate,
    at: datetime,
    by: str,
    via: Via,
    name_for_client: str | None = None,
    description: str | None = None,
) -> ClientStatus:
    """``current`` made visible with ``status``; fields given override, empty ones are prefilled (R3).

    ``description=None`` keeps the job's own description, falling back to the
    template's when the job has none; a given description replaces it.
    """
    name = name_for_client if name_for_client else current.name_for_client or job.name[:120]
    if description is None:
        chosen_description = current.description if current.status_id == status.id else ""
        chosen_description = chosen_description or status.description
    else:
        chosen_description = description or status.description
    candidate = ClientStatus(
        visible=True,
        name_for_client=name,
        status_id=status.id,
        description=chosen_description,
        updated_at=current.updated_at,
        updated_by=current.updated_by,
        via=current.via,
    )
    if candidate == current:
        return current
    return candidate.model_copy(update={"updated_at": at, "updated_by": by, "via": via})


def hidden_status(current: ClientStatus, *, at: datetime, by: str, via: Via) -> ClientStatus:
    """``current`` hidden from the client; its fields stay, so showing it again brings them back."""
    if not current.visible:
        return current
    return current.model_copy(update={"visible": False, "updated_at": at, "updated_by": by, "via": via})
