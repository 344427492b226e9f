"""Delivering the outbox (R20): claim what is due, send it, mark it sent — at least once, never lost.

``send_due`` runs in three steps. (1) In one transaction it *claims* what is due: for each
contact whose newest pending entry is older than the quiet period, it gives all their pending
entries one batch id. (2) Outside the lock it builds each batch's e-mail from the portal's read
model as it is now and hands it to the mail server. (3) In a transaction per chunk of batches,
it marks them sent (or schedules a retry). A crash after (2) but before (3) leaves the batch
claimed and pending: the next run sends it again, with the same Message-ID.
"""

from __future__ import annotations

import secrets
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from pydantic import ValidationError

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import problems_of, utc_now
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.mail.compose import Letter, compose
from wipboard.store.mail.smtp import MailServer, smtp_password
from wipboard.store.mail.unsubscribe import contact_of_token, unsubscribe_token
from wipboard.store.models import Contact, Notification, NotificationSettings
from wipboard.store.permissions import require_manager, require_staff
from wipboard.store.portal import PortalItem, preview_item
from wipboard.store.repository import Snapshot, Transaction

GIVE_UP_AFTER = timedelta(days=1)
LONGEST_WAIT = timedelta(hours=1)
# Sent batches are marked in one transaction per second of sending (at most MARK_EVERY batches):
# a crash repeats at most that many e-mails, each with its Message-ID, and a firm file of
# thousands of jobs is not rewritten after every message.
MARK_EVERY = 200
MARK_AFTER_SECONDS = 1.0
KEEP_SENT = timedelta(days=30)  # sent and cancelled entries stay this long, for the job card's history


@dataclass(frozen=True)
class Batch:
    """One e-mail to one contact: the outbox entries it answers for."""

    batch: str
    contact_id: int
    entry_ids: tuple[int, ...]
    job_ids: tuple[int, ...]


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)


Outcome = Literal["sent", "retry", "cancelled"]


def _backoff(attempts: int, quiet: timedelta) -> timedelta:
    """1, 2, 4 … times the quiet period (at least a second), at most an hour apart."""
    base = max(quiet, timedelta(seconds=1))
    return min(base * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def claim_due(tx: Transaction, now: datetime) -> list[Batch]:
    """The batches to send now; contacts whose pending changes are past the quiet period get one."""
    quiet = timedelta(seconds=tx.firm.notifications.quiet_seconds)
    by_contact: dict[int, list[Notification]] = defaultdict(list)
    for entry in tx.notifications.values():
        if entry.state == "pending":
            by_contact[entry.contact_id].append(entry)
    batches: list[Batch] = []
    for contact_id, entries in by_contact.items():
        by_batch: dict[str, list[Notification]] = defaultdict(list)
        for entry in entries:
            if entry.batch is not None:
                by_batch[entry.batch].append(entry)
        if by_batch:  # a batch already under way: retry it as it was, when its time comes
            for batch_id, members in by_batch.items():
                if all(entry.next_try_at is None or entry.next_try_at <= now for entry in members):
                    batches.append(_batch(batch_id, contact_id, members))
            continue
        if max(entry.queued_at for entry in entries) + quiet > now:
            continue  # still changing: wait until the contact's changes settle
        batch_id = secrets.token_hex(16)
        members = [tx.notifications.put(entry.model_copy(update={"batch": batch_id})) for entry in entries]
        batches.append(_batch(batch_id, contact_id, members))
    return batches


def _batch(batch_id: str, contact_id: int, entries: list[Notification]) -> Batch:
    job_ids = tuple(dict.fromkeys(job_id for entry in sorted(entries, key=lambda e: e.id) for job_id in entry.job_ids))
    return Batch(batch_id, contact_id, tuple(entry.id for entry in entries), job_ids)


def items_for(snapshot: Snapshot, contact: Contact, job_ids: Iterable[int]) -> list[PortalItem]:
    """What the contact's e-mail lists: the portal's item of each job, as it is now, if they still see it."""
    accounts = set(contact.account_ids)
    items = []
    for job_id in job_ids:
        job = snapshot.jobs.get(job_id)
        if job is None or job.account_id not in accounts:
            continue
        status = snapshot.statuses.get(job.client_status.status_id) if job.client_status.status_id else None
        if status is None or not status.notify_clients:
            continue
        item = preview_item(snapshot, job)
        if item is not None:
            items.append(item)
    return items


def letter_for(snapshot: Snapshot, batch: Batch, key: str, now: datetime) -> Letter | None:
    """The e-mail of ``batch``, or None when there is nothing to tell or nobody to tell it to."""
    contact = snapshot.contacts.get(batch.contact_id)
    settings = snapshot.firm.notifications
    if contact is None or contact.email is None or contact.unsubscribed or not settings.enabled:
        return None
    items = items_for(snapshot, contact, batch.job_ids)
    if not items:
        return None
    base = settings.portal_url.rstrip("/")
    return Letter(
        batch=batch.batch, firm_name=snapshot.firm.name, to_name=contact.name, to_address=contact.email,
        from_address=settings.from_address or "", items=items,
        portal_url=f"{base}/work-in-progress" if base else "",
        unsubscribe_url=f"{base}/unsubscribe/{unsubscribe_token(key, contact.id)}",
        at=now,
    )


def send_due(
    repo: FirmRepository, actor: Actor, key: str, *, now: Callable[[], datetime] = utc_now,
    password: str | None = None, environ: dict[str, str] | None = None,
) -> DeliveryReport:
    """Deliver every batch that is due, once; returns what happened (for ``notify send``)."""
    require_staff(actor, "send client e-mails")
    report = DeliveryReport()
    settings = repo.snapshot().firm.notifications
    if not settings.enabled:
        return report
    with repo.transaction() as tx:
        batches = claim_due(tx, now())
        _forget_old(tx, now())
    if not batches:
        return report
    snapshot = repo.snapshot()
    outcomes: list[tuple[Batch, Outcome, str]] = []
    handled: set[str] = set()
    last_mark = time.monotonic()
    try:  # a password file that cannot be trusted is a failure to deliver, shown in `notify status`
        if password is None:
            password = smtp_password(settings) if environ is None else smtp_password(settings, environ)
        with MailServer(settings, password) as server:
            for batch in batches:
                letter = letter_for(snapshot, batch, key, now())
                if letter is None:
                    outcomes.append((batch, "cancelled", "nothing the client still sees"))
                else:
                    try:
                        server.send(compose(letter))
                        outcomes.append((batch, "sent", ""))
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
                        outcomes.append((batch, "retry", _describe(error)))
                handled.add(batch.batch)
                if len(outcomes) >= MARK_EVERY or time.monotonic() - last_mark >= MARK_AFTER_SECONDS:
                    _mark(repo, outcomes, now(), report)
                    outcomes, last_mark = [], time.monotonic()
    except (smtplib.SMTPException, OSError, InvalidRequest) as error:
        outcomes += [(batch, "retry", _describe(error)) for batch in batches if batch.batch not in handled]
    _mark(repo, outcomes, now(), report)
    return report


def _describe(error: BaseException) -> str:
    """Why an e-mail did not go out, for staff in `notify status`."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "the mail server refused the client's address"
    elif isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        text = f"the mail server answered {error.smtp_code} {answer}"
    elif isinstance(error, smtplib.SMTPException):
        text = f"the mail server failed: {error}"
    elif isinstance(error, OSError):
        text = f"the mail server could not be reached ({error.strerror or error})"
    else:
        text = str(error)
    return " ".join(text.split())[:300]


def _mark(repo: FirmRepository, outcomes: list[tuple[Batch, Outcome, str]], at: datetime, report: DeliveryReport) -> None:
    if not outcomes:
        return
    with repo.transaction() as tx:
        quiet = timedelta(seconds=tx.firm.notifications.quiet_seconds)
        for batch, outcome, error in outcomes:
            for entry_id in batch.entry_ids:
                entry = tx.notifications.get(entry_id)
                if entry is None or entry.state != "pending" or entry.batch != batch.batch:
                    continue  # cancelled by an undo meanwhile, or already marked
                tx.notifications.put(entry.model_copy(update=_next_state(entry, outcome, error, at, quiet)))
    for _, outcome, error in outcomes:
        if outcome == "sent":
            report.sent += 1
        elif outcome == "cancelled":
            report.cancelled += 1
        else:
            report.retrying += 1
            if error not in report.errors:
                report.errors.append(error)


def _next_state(entry: Notification, outcome: Outcome, error: str, at: datetime, quiet: timedelta) -> dict[str, object]:
    if outcome == "sent":
        return {"state": "sent", "sent_at": at, "next_try_at": None, "error": ""}
    if outcome == "cancelled":
        return {"state": "cancelled", "error": error}
    attempts = entry.attempts + 1
    first = entry.first_try_at or at
    if at - first >= GIVE_UP_AFTER:
        return {"state": "failed", "attempts": attempts, "first_try_at": first, "next_try_at": None, "error": error}
    return {"attempts": attempts, "first_try_at": first, "next_try_at": at + _backoff(attempts, quiet), "error": error}


def _forget_old(tx: Transaction, now: datetime) -> None:
    for entry in tx.notifications.values():
        if entry.state in ("sent", "cancelled") and (entry.sent_at or entry.queued_at) + KEEP_SENT < now:
            tx.notifications.remove(entry.id)


# --- For staff and clients --------------------------------------------------------------


@dataclass(frozen=True)
class OutboxLine:
    """One e-mail as staff see it in ``notify status``."""

    state: str
    contact: str
    email: str
    items: int
    at: datetime
    attempts: int
    error: str


def outbox_lines(repo: FirmRepository, actor: Actor) -> list[OutboxLine]:
    """The outbox by e-mail (pending, sent, failed), newest first; one line per batch or per pending contact."""
    require_staff(actor, "see the client e-mails")
    return outbox_lines_of(repo.snapshot())


def outbox_lines_of(snapshot: Snapshot) -> list[OutboxLine]:
    groups: dict[tuple[str, str], list[Notification]] = defaultdict(list)
    for entry in snapshot.notifications.values():
        if entry.state == "cancelled":
            continue
        groups[(entry.state, entry.batch or f"contact {entry.contact_id}")].append(entry)
    lines = []
    for (state, _), entries in groups.items():
        contact = snapshot.contacts.get(entries[0].contact_id)
        first = entries[0]
        at = max((entry.sent_at or entry.next_try_at or entry.queued_at) for entry in entries)
        lines.append(OutboxLine(
            state="retrying" if state == "pending" and first.attempts else state,
            contact=contact.name if contact else "(removed contact)",
            email=(contact.email or "") if contact else "",
            items=len({job_id for entry in entries for job_id in entry.job_ids}),
            at=at, attempts=max(entry.attempts for entry in entries), error=first.error,
        ))
    lines.sort(key=lambda line: line.at, reverse=True)
    return lines


def notified_lines(snapshot: Snapshot, job_id: int) -> list[tuple[datetime, str]]:
    """When the job's client was told of it, and who: for the job card's history ("notified Maria Rivera")."""
    told: dict[tuple[datetime, str], None] = {}
    for entry in snapshot.notifications.values():
        if entry.state == "sent" and entry.sent_at is not None and job_id in entry.job_ids:
            contact = snapshot.contacts.get(entry.contact_id)
            told[(entry.sent_at, f"notified {contact.name if contact else 'a former contact'}")] = None
    return sorted(told)


def unsubscribe(repo: FirmRepository, key: str, token: str) -> Contact | None:
    """Unsubscribe the contact a signed link was made for; None if the link is not one of ours."""
    contact_id = contact_of_token(key, token)
    if contact_id is None:
        return None
    with repo.transaction() as tx:
        contact = tx.contacts.get(contact_id)
        if contact is None:
            return None
        if not contact.unsubscribed:
            contact = tx.contacts.put(contact.model_copy(update={"unsubscribed": True}))
        for entry in tx.notifications.values():
            if entry.contact_id == contact_id and entry.state == "pending":
                tx.notifications.put(entry.model_copy(update={"state": "cancelled", "error": "unsubscribed"}))
        return contact


def contact_of_link(repo: FirmRepository, key: str, token: str) -> Contact | None:
    contact_id = contact_of_token(key, token)
    return repo.snapshot().contacts.get(contact_id) if contact_id is not None else None


def configure_notifications(repo: FirmRepository, actor: Actor, changes: dict[str, object]) -> NotificationSettings:
    """Change the firm's notification settings (owner and admin); the fields are validated (R18)."""
    require_manager(actor, "change the e-mail settings")
    with repo.transaction() as tx:
        current = tx.firm.notifications
        try:
            settings = NotificationSettings.model_validate({**current.model_dump(), **changes})
        except ValidationError as error:
            first = problems_of(error)[0]
            where = ".".join(str(part) for part in first["loc"]).replace("_", " ")
            raise InvalidRequest(f"{where}: {first['msg'].lower()}") from None
        if settings.enabled and (not settings.smtp_host or settings.from_address is None):
            raise InvalidRequest("notifications: set the mail server (--smtp-host) and --from before switching them on")
        tx.set_firm(tx.firm.model_copy(update={"notifications": settings}))
        return settings
