"""What a client sees in *Work in progress* (R8), built from an explicit allow-list of fields.

Nothing here passes a Job along: each item is assembled field by field from
the job's client status, its account's name and the status template, so an
internal field can only reach a client if someone adds it to ``PortalItem``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from itertools import groupby

from pydantic import BaseModel, ConfigDict

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import NotFound, PermissionDenied
from wipboard.store.fields import Color
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Job
from wipboard.store.permissions import can_see_job
from wipboard.store.repository import Snapshot


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
    # A preview by an employee who may see only some of the jobs: how many more items the client sees.
    more_items_you_cannot_see: int = 0

    def unseen_note(self, *, after_items: bool) -> str | None:
        """"and 4 more items you cannot see", for a preview that leaves items out."""
        count = self.more_items_you_cannot_see
        if not count:
            return None
        items = "item" if count == 1 else "items"
        if after_items:
            return f"and {count} more {items} you cannot see"
        return f"The client sees {count} {items} of jobs you cannot see."


def portal_account_ids(snapshot: Snapshot, ref: str) -> tuple[str, list[int]]:
    """The accounts behind ``ref``: a contact's login (all its accounts), or an account's name or id."""
    for contact in snapshot.contacts.values():
        if contact.login == ref:
            return contact.name, list(contact.account_ids)
    for account in snapshot.accounts.values():
        if account.name.casefold() == ref.strip().casefold() or (ref.isdigit() and account.id == int(ref)):
            return account.name, [account.id]
    raise _no_such_portal(ref)


def _no_such_portal(ref: str) -> NotFound:
    return NotFound(f"no contact login or account called {ref!r}; `wipboard accounts list` shows them")


def build_portal(
    snapshot: Snapshot, ref: str, *, history: list[AuditEntry] | None = None, shown_to: Actor | None = None
) -> PortalView:
    """The Work-in-progress items of ``ref``'s accounts, most recently updated first.

    With ``shown_to``, a preview for that staff member: only the items of jobs they may see,
    and how many more the client sees."""
    title, account_ids = portal_account_ids(snapshot, ref)
    wanted = set(account_ids)
    jobs = [
        job
        for job in snapshot.jobs.values()
        if job.account_id in wanted and job.in_portal and job.client_status.status_id in snapshot.statuses
    ]
    seen = jobs if shown_to is None else [job for job in jobs if can_see_job(shown_to, job)]
    timelines = client_timelines(history) if history is not None else None
    items = [_item(snapshot, job, timelines.get(job.id, []) if timelines is not None else None) for job in seen]
    items.sort(key=lambda item: (item.updated_at, item.name), reverse=True)
    names = [snapshot.accounts[account_id].name for account_id in account_ids if account_id in snapshot.accounts]
    return PortalView(
        contact_or_account=title, accounts=names, work_in_progress=items, more_items_you_cannot_see=len(jobs) - len(seen)
    )


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


def portal_for(repo: FirmRepository, actor: Actor, ref: str | None = None, *, with_history: bool = False) -> PortalView:
    """The portal ``actor`` may see: a contact sees only their own; staff preview any account, or,
    with limited job access, the accounts of jobs they may see — and only those jobs' items (R12)."""
    snapshot = repo.snapshot()
    shown_to: Actor | None = None
    if actor.contact is not None:
        if ref not in (None, actor.login):
            raise PermissionDenied(f"{actor.login} may see only their own portal")
        ref = actor.login
    elif ref is None:
        raise NotFound("say whose portal to show: a contact login or an account name")
    elif not (actor.is_manager or (actor.user is not None and actor.user.job_access == "all")):
        _require_preview(snapshot, actor, ref)
        shown_to = actor
    if not with_history:
        return build_portal(snapshot, ref, shown_to=shown_to)
    _, account_ids = portal_account_ids(snapshot, ref)
    wanted = {
        job.id
        for job in snapshot.jobs.values()
        if job.account_id in set(account_ids) and job.in_portal and (shown_to is None or can_see_job(shown_to, job))
    }
    return build_portal(snapshot, ref, history=repo.audit_entries(wanted), shown_to=shown_to)


def _require_preview(snapshot: Snapshot, actor: Actor, ref: str) -> None:
    """An employee who sees only some jobs previews only the clients of those jobs; any other
    account or contact is refused as if it did not exist (R13)."""
    _, account_ids = portal_account_ids(snapshot, ref)
    mine = {job.account_id for job in snapshot.jobs.values() if can_see_job(actor, job)}
    if not set(account_ids) & mine:
        raise _no_such_portal(ref)


def _item(snapshot: Snapshot, job: Job, history: list[AuditEntry] | None) -> PortalItem:
    """``history``: the job's own entries as ``client_timelines`` keeps them, or None for no timeline."""
    status_id = job.client_status.status_id
    assert status_id is not None, "a job in the portal shows its status, and a shown status names one"
    status = snapshot.statuses[status_id]
    return PortalItem(
        account=snapshot.accounts[job.account_id].name if job.account_id in snapshot.accounts else "",
        name=job.client_status.name_for_client,
        status=status.name,
        color=status.color,
        description=job.client_status.description,
        updated_at=job.client_status.updated_at or job.created_at,
        history=_history(snapshot, job, history) if history is not None else None,
    )


def client_timelines(entries: Iterable[AuditEntry]) -> dict[int, list[AuditEntry]]:
    """Each job's entries as its client's timeline may tell them, oldest first (R15).

    An undone change and its undo are left out: to the client, an undo is as if the
    change never happened. Grouped by job in one pass over the entries.
    """
    entries = list(entries)
    undone = {entry.undoes for entry in entries if entry.undoes}
    timelines: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        if entry.undoes is None and entry.op not in undone:
            timelines[entry.job_id].append(entry)
    return timelines


def _history(snapshot: Snapshot, job: Job, mine: list[AuditEntry]) -> list[PortalHistoryPoint]:
    """The dates the client-visible status changed: status names and colours only.

    Entries are taken one operation at a time, so showing a job with a status
    (two fields changed at once) is one point, and two operations in the same
    second are still two. A status deleted since is named as it was.
    """
    points: list[PortalHistoryPoint] = []
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
        status = _status_as_it_was(snapshot, status_id)
        if changed and visible and status is not None and at is not None:
            if not points or points[-1].status != status[0]:
                points.append(PortalHistoryPoint(status=status[0], color=status[1], at=at))
    return points


def _status_as_it_was(snapshot: Snapshot, status_id: object) -> tuple[str, Color] | None:
    if not isinstance(status_id, int):
        return None
    status = snapshot.statuses.get(status_id) or snapshot.firm.deleted_status(status_id)
    return (status.name, status.color) if status is not None else None
