"""What a client sees in *Work in progress* (R8), built from an explicit allow-list of fields.

Nothing here passes a Job along: each item is assembled field by field from
the job's client status, its account's name and the status template, so an
internal field can only reach a client if someone adds it to ``PortalItem``.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby

from pydantic import BaseModel, ConfigDict

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import NotFound, PermissionDenied
from wipboard.store.fields import Color
from wipboard.store.identity import Actor
from wipboard.store.models import Job
from wipboard.store.permissions import can_see_job
from wipboard.store.repository import Repository, Snapshot


class PortalHistoryPoint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: str
    color: Color
    at: datetime


class PortalItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    account: str
    name: str
    status: str
    color: Color
    description: str
    updated_at: datetime
    history: list[PortalHistoryPoint] | None = None


class PortalView(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    contact_or_account: str
    accounts: list[str]
    work_in_progress: list[PortalItem]


def portal_account_ids(snapshot: Snapshot, ref: str) -> tuple[str, list[int]]:
    """The accounts behind ``ref``: a contact's login (all its accounts), or an account's name or id."""
    for contact in snapshot.contacts.values():
        if contact.login == ref:
            return contact.name, list(contact.account_ids)
    for account in snapshot.accounts.values():
        if account.name.casefold() == ref.strip().casefold() or (ref.isdigit() and account.id == int(ref)):
            return account.name, [account.id]
    raise NotFound(f"no contact login or account called {ref!r}; `wipboard accounts list` shows them")


def build_portal(snapshot: Snapshot, ref: str, *, history: list[AuditEntry] | None = None) -> PortalView:
    """The Work-in-progress items of ``ref``'s accounts, most recently updated first."""
    title, account_ids = portal_account_ids(snapshot, ref)
    wanted = set(account_ids)
    items = [
        _item(snapshot, job, history)
        for job in snapshot.jobs.values()
        if job.account_id in wanted and job.in_portal and job.client_status.status_id in snapshot.statuses
    ]
    items.sort(key=lambda item: (item.updated_at, item.name), reverse=True)
    names = [snapshot.accounts[account_id].name for account_id in account_ids if account_id in snapshot.accounts]
    return PortalView(contact_or_account=title, accounts=names, work_in_progress=items)


def preview_item(snapshot: Snapshot, job: Job) -> PortalItem | None:
    """The item ``job`` (e.g. a card being edited, not yet saved) would be in its client's
    Work in progress — built exactly as the portal builds it — or None if the client would not see it."""
    if not job.in_portal or job.client_status.status_id not in snapshot.statuses:
        return None
    return _item(snapshot, job, None)


def item_with_history(snapshot: Snapshot, job: Job, entries: list[AuditEntry]) -> PortalItem | None:
    """``job``'s item with its status timeline (from the audit ``entries``), or None if its client does not see it."""
    if preview_item(snapshot, job) is None:
        return None
    return _item(snapshot, job, entries)


def portal_for(repo: Repository, actor: Actor, ref: str | None = None, *, with_history: bool = False) -> PortalView:
    """The portal ``actor`` may see: a contact sees only their own; staff preview accounts they may access."""
    snapshot = repo.snapshot()
    if actor.contact is not None:
        if ref not in (None, actor.login):
            raise PermissionDenied(f"{actor.login} may see only their own portal")
        ref = actor.login
    elif ref is None:
        raise NotFound("say whose portal to show: a contact login or an account name")
    else:
        _require_preview(snapshot, actor, ref)
    if not with_history:
        return build_portal(snapshot, ref)
    _, account_ids = portal_account_ids(snapshot, ref)
    wanted = {job.id for job in snapshot.jobs.values() if job.account_id in set(account_ids) and job.in_portal}
    return build_portal(snapshot, ref, history=repo.audit_entries(wanted))


def _require_preview(snapshot: Snapshot, actor: Actor, ref: str) -> None:
    if actor.is_manager or (actor.user is not None and actor.user.job_access == "all"):
        return
    _, account_ids = portal_account_ids(snapshot, ref)
    mine = {job.account_id for job in snapshot.jobs.values() if can_see_job(actor, job)}
    if not set(account_ids) <= mine:
        raise PermissionDenied(f"you ({actor.describe()}) may preview only the portals of accounts whose jobs you work on")


def _item(snapshot: Snapshot, job: Job, history: list[AuditEntry] | None) -> PortalItem:
    status = snapshot.statuses[job.client_status.status_id]  # type: ignore[index]
    return PortalItem(
        account=snapshot.accounts[job.account_id].name if job.account_id in snapshot.accounts else "",
        name=job.client_status.name_for_client,
        status=status.name,
        color=status.color,
        description=job.client_status.description,
        updated_at=job.client_status.updated_at or job.created_at,
        history=_history(snapshot, job, history) if history is not None else None,
    )


def _history(snapshot: Snapshot, job: Job, entries: list[AuditEntry]) -> list[PortalHistoryPoint]:
    """The dates the client-visible status changed: status names and colours only.

    Entries are taken one operation at a time, so showing a job with a status
    (two fields changed at once) is one point, and two operations in the same
    second are still two.
    """
    points: list[PortalHistoryPoint] = []
    mine = [entry for entry in entries if entry.job_id == job.id]
    # Before the first recorded change, each field was what that change started from
    # (or, if it never changed, what it is now: the log may begin after the job did).
    first_visible = next((entry for entry in mine if entry.field == "client_status.visible"), None)
    first_status = next((entry for entry in mine if entry.field == "client_status.status_id"), None)
    visible = bool(first_visible.before) if first_visible else job.client_status.visible
    status_id: object = first_status.before if first_status else job.client_status.status_id
    for _, group in groupby(mine, key=lambda entry: entry.op):
        changed = False
        at = None
        for entry in group:
            if entry.field == "client_status.status_id":
                status_id, changed, at = entry.after, True, entry.at
            elif entry.field == "client_status.visible":
                visible, changed, at = bool(entry.after), True, entry.at
        status = snapshot.statuses.get(status_id) if isinstance(status_id, int) else None
        if changed and visible and status is not None and at is not None:
            if not points or points[-1].status != status.name:
                points.append(PortalHistoryPoint(status=status.name, color=status.color, at=at))
    return points
