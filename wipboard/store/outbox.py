"""Queueing client e-mails in the transaction of the change that causes them (R20).

Every job change of every operation passes ``Operation.finish``, which hands the jobs
as they were and as they are now to ``queue_notifications``. What it writes goes into
the ``notifications`` table of the same transaction: a change that is not committed has
no notification, and one that is committed cannot lose its notification.

One entry per (contact, operation) holds the ids of the jobs that contact should hear
about: a bulk edit of 5 000 jobs over 1 000 contacts writes 1 000 small entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime

from wipboard.store.models import Contact, Job, Notification
from wipboard.store.repository import Transaction


def tells_the_client(tx: Transaction, old: Job | None, new: Job) -> bool:
    """Whether going from ``old`` (None: just created) to ``new`` is news for the job's client:
    the job came into their portal, or what they read about it changed while it stays there.
    Hiding, archiving and deleting take it out of the portal and tell nothing."""
    if not new.in_portal:
        return False
    status = tx.statuses.get(new.client_status.status_id) if new.client_status.status_id is not None else None
    if status is None or not status.notify_clients:
        return False
    if old is None or not old.in_portal or old.account_id != new.account_id:
        return True  # new in this client's portal
    before, after = old.client_status, new.client_status
    return (
        before.status_id != after.status_id
        or before.name_for_client != after.name_for_client
        or before.description != after.description
    )


def queue_notifications(
    tx: Transaction,
    op: str,
    undoes: str | None,
    before: Mapping[int, Job | None],
    after: Mapping[int, Job],
    at: datetime,
) -> list[Notification]:
    """Queue the e-mails that one operation's job changes call for; returns what was queued.

    An undo first cancels the pending entries of the operation it undoes: the client never
    hears of a change that was taken back within the quiet period. If the undone change had
    already been e-mailed, the undo is news like any other change, and the next e-mail says
    how things stand now; if it had never been e-mailed, the undo tells nothing either.
    """
    if undoes is not None and not _cancel_undone(tx, undoes):
        return []
    if not tx.firm.notifications.enabled:
        return []
    news: dict[int, list[int]] = defaultdict(list)  # account id → ids of its jobs with news
    for job_id, new in after.items():
        if tells_the_client(tx, before.get(job_id), new):
            news[new.account_id].append(job_id)
    if not news:
        return []
    queued: list[Notification] = []
    for contact in _contacts_of(tx, news):
        if not _reachable(contact):
            continue
        job_ids = [job_id for account_id in contact.account_ids for job_id in news.get(account_id, ())]
        if job_ids:
            entry = Notification(id=tx.notifications.new_id(), contact_id=contact.id, op=op, job_ids=job_ids, queued_at=at)
            queued.append(tx.notifications.put(entry))
    return queued


def _contacts_of(tx: Transaction, account_ids: Iterable[int]) -> list[Contact]:
    """The contacts (as this transaction has them) of any of ``account_ids``, in id order: those the
    snapshot has for those accounts, and any this transaction wrote."""
    known = contact_ids_by_account(tx.snapshot.contacts)
    candidates = {contact_id for account_id in account_ids for contact_id in known.get(account_id, ())}
    found = (tx.contacts.get(contact_id) for contact_id in sorted(candidates | tx.contacts.written.keys()))
    wanted = set(account_ids)
    return [contact for contact in found if contact is not None and wanted.intersection(contact.account_ids)]


_last_index: tuple[Mapping[int, Contact], dict[int, tuple[int, ...]]] | None = None


def contact_ids_by_account(contacts: Mapping[int, Contact]) -> dict[int, tuple[int, ...]]:
    """The ids of each account's contacts, in id order. Built once for a contacts table: the
    generations that leave the contacts as they were share their table, and so this index."""
    global _last_index  # noqa: PLW0603 - one table's index, replaced whole (safe between threads)
    last = _last_index
    if last is not None and last[0] is contacts:
        return last[1]
    by_account: dict[int, list[int]] = defaultdict(list)
    for contact_id in sorted(contacts):
        for account_id in contacts[contact_id].account_ids:
            by_account[account_id].append(contact_id)
    index = {account_id: tuple(ids) for account_id, ids in by_account.items()}
    _last_index = (contacts, index)
    return index


def _reachable(contact: Contact) -> bool:
    return contact.email is not None and not contact.unsubscribed


def _cancel_undone(tx: Transaction, undone_op: str) -> bool:
    """Cancel what ``undone_op`` queued and has not sent; True if some of it had already been sent."""
    already_told = False
    for entry in tx.notifications.values():
        if entry.op != undone_op:
            continue
        if entry.state == "pending":
            tx.notifications.put(entry.model_copy(update={"state": "cancelled", "error": "undone before it was sent"}))
        elif entry.state == "sent":
            already_told = True
    return already_told
