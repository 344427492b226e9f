"""What the web portal shows a logged-in contact (R8, R19): the portal read model, plus the
job ids its links need — checked against the contact's accounts on every request.

The items are built by ``wipboard.store.portal`` exactly as the terminal portal and
``wipboard portal --json`` build them; this module only chooses which and adds the id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wipboard.store.errors import NotFound
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Contact, Job
from wipboard.store.portal import PortalItem, item_with_history, portal_for, preview_item
from wipboard.store.repository import Snapshot


@dataclass(frozen=True)
class AccountChoice:
    id: int
    name: str


@dataclass(frozen=True)
class ContactPortal:
    """A contact's Work in progress: ``items`` are (job id, item), most recently updated first."""

    accounts: list[AccountChoice]
    items: list[tuple[int, PortalItem]]


def jobs_by_account(snapshot: Snapshot) -> dict[int, list[Job]]:
    """Every job, by account: built once per generation, it spares each contact's view a scan of the firm."""
    index: dict[int, list[Job]] = {}
    for job in snapshot.jobs.values():
        index.setdefault(job.account_id, []).append(job)
    return index


def contact_portal(
    snapshot: Snapshot, contact: Contact, account_id: int | None = None, *, index: Mapping[int, list[Job]] | None = None
) -> ContactPortal:
    """The contact's items, of one of their accounts if ``account_id`` is given (else NotFound).

    ``index`` is ``jobs_by_account(snapshot)``, when the caller keeps one."""
    accounts = [
        AccountChoice(account_id, snapshot.accounts[account_id].name)
        for account_id in contact.account_ids
        if account_id in snapshot.accounts
    ]
    wanted = {choice.id for choice in accounts}
    if account_id is not None:
        if account_id not in wanted:
            raise NotFound("no such account")
        wanted = {account_id}
    items: list[tuple[int, PortalItem]] = []
    candidates = (
        [job for wanted_id in wanted for job in index.get(wanted_id, ())]
        if index is not None
        else [job for job in snapshot.jobs.values() if job.account_id in wanted]
    )
    for job in candidates:
        item = preview_item(snapshot, job)
        if item is not None:
            items.append((job.id, item))
    items.sort(key=lambda pair: (pair[1].updated_at, pair[1].name), reverse=True)
    return ContactPortal(accounts=accounts, items=items)


def contact_item(repo: FirmRepository, contact: Contact, job_id: int) -> PortalItem:
    """One item with its status timeline; NotFound when it is not this contact's to see."""
    snapshot = repo.snapshot()
    job = snapshot.jobs.get(job_id)
    if job is None or job.account_id not in contact.account_ids:
        raise NotFound("no such item")
    item = item_with_history(snapshot, job, repo.audit_entries({job_id}))
    if item is None:
        raise NotFound("no such item")
    return item


def contact_portal_json(repo: FirmRepository, contact: Contact) -> dict[str, Any]:
    """Exactly what ``wipboard portal LOGIN --json`` prints for this contact."""
    actor = Actor(login=contact.login, kind="contact", contact=contact)
    view = portal_for(repo, actor)
    return view.model_dump(mode="json", include={"contact_or_account", "work_in_progress"}, exclude_none=True)
