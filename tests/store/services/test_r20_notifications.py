"""R20: a change a client can see e-mails the account's contacts, once, after a quiet period —
through a real SMTP server (aiosmtpd on a free local port)."""

from __future__ import annotations

import time
from datetime import timedelta
from email.message import EmailMessage

import pytest
from _smtp_sink import SmtpSink

from wipboard.store.fields import utc_now
from wipboard.store.mail.unsubscribe import unsubscribe_token
from wipboard.store.services.client_status import BulkEdit, bulk_edit, save_card
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import set_flag
from wipboard.store.services.notifications import (
    configure_notifications,
    notified_lines,
    outbox_lines,
    send_due,
    unsubscribe,
)
from wipboard.store.services.people import NewPerson, add_person
from wipboard.store.services.statuses import StatusFields, edit_status

KEY = "k" * 64
QUIET = 1


def set_up_mail(firm, smtp: SmtpSink, quiet: int = QUIET) -> None:  # noqa: ANN001
    configure_notifications(firm.repo, firm.owner, {
        "enabled": True, "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none",
        "from_address": "wip@firm.example", "portal_url": "https://portal.firm.example", "quiet_seconds": quiet,
    })


def add_contact(firm, login: str, name: str, email: str | None, accounts=("Rivera Family",)) -> None:  # noqa: ANN001
    for account in accounts:
        firm._ensure_account(account)
    add_person(firm.repo, firm.owner, NewPerson(login=login, name=name, role="contact", accounts=list(accounts), email=email))


def deliver(firm, *, wait: float = QUIET + 0.2) -> None:  # noqa: ANN001
    """Send what is due now (nothing: still quiet), then once the quiet period has passed."""
    send_due(firm.repo, firm.owner, KEY)
    time.sleep(wait)
    send_due(firm.repo, firm.owner, KEY)


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


@pytest.fixture
def rivera(firm, smtp):  # noqa: ANN001, ANN201
    add_contact(firm, "mrivera", "Maria Rivera", "maria@rivera.example")
    add_contact(firm, "jrivera", "Juan Rivera", "juan@rivera.example")
    set_up_mail(firm, smtp)
    return firm


def test_r20_a_status_change_sends_one_message_to_each_contact_after_the_quiet_period(rivera, smtp) -> None:
    job = rivera.job("Internal: 1040 for the Riveras", notes="client is late again")
    changed_at = rivera.shown(job, "In review", name_for_client="Your 2025 tax return").client_status.updated_at
    assert changed_at is not None
    # The sender's clock at the very second of the change: on a busy machine the real one may be past the quiet period.
    send_due(rivera.repo, rivera.owner, KEY, now=lambda: changed_at)
    assert smtp.messages == [], "nothing goes out inside the quiet period"
    time.sleep(QUIET + 0.2)
    send_due(rivera.repo, rivera.owner, KEY)
    assert len(smtp.to("maria@rivera.example")) == 1 and len(smtp.to("juan@rivera.example")) == 1
    message = smtp.to("maria@rivera.example")[0]
    for body in (text_of(message), html_of(message)):
        assert "Your 2025 tax return" in body and "In review" in body
        assert "Internal" not in body and "late again" not in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    send_due(rivera.repo, rivera.owner, KEY)
    assert len(smtp.messages) == 2, "a sent batch is not sent again"
    lines = notified_lines(rivera.repo.snapshot(), job.id)
    assert {text for _, text in lines} == {"notified Maria Rivera", "notified Juan Rivera"}
    assert {line.state for line in outbox_lines(rivera.repo, rivera.owner)} == {"sent"}


def test_r20_a_change_is_queued_for_the_contacts_of_its_account_as_they_stand_at_that_change(rivera, smtp) -> None:
    def queued_for(job_id: int) -> list[str]:
        snapshot = rivera.repo.snapshot()
        return sorted(snapshot.contacts[entry.contact_id].name for entry in snapshot.notifications.values()
                      if job_id in entry.job_ids and entry.state == "pending")

    add_contact(rivera, "omar", "Omar Other", "omar@other.example", accounts=("Other Co",))
    job = rivera.job("1040 for the Riveras")
    rivera.shown(job, "In review")
    assert queued_for(job.id) == ["Juan Rivera", "Maria Rivera"], "not the contact of another account"
    add_contact(rivera, "lrivera", "Lucia Rivera", "lucia@rivera.example")  # a contact added since
    later = rivera.job("Payroll for the Riveras")
    rivera.shown(later, "In review")
    assert queued_for(later.id) == ["Juan Rivera", "Lucia Rivera", "Maria Rivera"]


def test_r20_a_bulk_edit_of_30_jobs_is_one_message_listing_30_items(rivera, smtp) -> None:
    jobs = rivera.jobs(30)
    bulk_edit(rivera.repo, rivera.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))
    deliver(rivera)
    messages = smtp.to("maria@rivera.example")
    assert len(messages) == 1
    assert text_of(messages[0]).count("Planned") == 30


def test_r20_an_undo_inside_the_quiet_period_sends_nothing(rivera, smtp) -> None:
    job = rivera.job()
    save_card(rivera.repo, rivera.owner, job.id, job.version, rivera.card(job, visible=True, status="Done", name_for_client="Your return"))
    undo_last(rivera.repo, rivera.owner)
    deliver(rivera)
    assert smtp.messages == []


def test_r20_an_undo_after_the_e_mail_tells_the_current_state_never_a_retraction(rivera, smtp) -> None:
    job = rivera.shown(rivera.job(), "Planned", name_for_client="Your return")
    deliver(rivera)
    assert len(smtp.to("maria@rivera.example")) == 1
    save_card(rivera.repo, rivera.owner, job.id, rivera.get(job.id).version, rivera.card(job, status="Done"))
    deliver(rivera)
    undo_last(rivera.repo, rivera.owner)
    deliver(rivera)
    last = text_of(smtp.to("maria@rivera.example")[-1])
    assert len(smtp.to("maria@rivera.example")) == 3 and "Planned" in last and "Done" not in last


def test_r20_a_status_whose_notify_is_off_sends_nothing(rivera, smtp) -> None:
    rivera.shown(rivera.job(), "In progress")  # In progress does not notify by default
    edit_status(rivera.repo, rivera.owner, "Done", StatusFields(notify_clients=False))
    rivera.shown(rivera.job("Other"), "Done")
    deliver(rivera)
    assert smtp.messages == []


def test_r20_an_unsubscribed_contact_or_one_without_e_mail_gets_nothing(rivera, smtp) -> None:
    add_contact(rivera, "nomail", "No Mail", None)
    maria = next(c for c in rivera.repo.snapshot().contacts.values() if c.login == "mrivera")
    assert unsubscribe(rivera.repo, KEY, unsubscribe_token(KEY, maria.id)) is not None
    assert unsubscribe(rivera.repo, KEY, f"{maria.id}.{'0' * 32}") is None, "a forged link does nothing"
    rivera.shown(rivera.job(), "Done")
    deliver(rivera)
    assert [message["To"] for message in smtp.messages] == ["Juan Rivera <juan@rivera.example>"]


def test_r20_hiding_archiving_and_deleting_send_nothing(rivera, smtp) -> None:
    jobs = [rivera.shown(rivera.job(f"Job {index}"), "Planned") for index in range(3)]
    deliver(rivera)
    smtp.messages.clear()
    save_card(rivera.repo, rivera.owner, jobs[0].id, rivera.get(jobs[0].id).version, rivera.card(jobs[0], visible=False))
    set_flag(rivera.repo, rivera.owner, [jobs[1].id], "archive")
    set_flag(rivera.repo, rivera.owner, [jobs[2].id], "delete")
    deliver(rivera)
    assert smtp.messages == []


def test_r20_the_smtp_server_down_is_retried_then_delivered_once_it_is_back(rivera, smtp) -> None:
    rivera.shown(rivera.job(), "Done", name_for_client="Your return")
    due = utc_now() + timedelta(seconds=QUIET + 0.2)  # the clock the sender reads: no test waits on a busy machine
    smtp.stop()
    report = send_due(rivera.repo, rivera.owner, KEY, now=lambda: due)
    assert report.sent == 0 and report.retrying == 2
    assert {line.state for line in outbox_lines(rivera.repo, rivera.owner)} == {"retrying"}
    assert all("could not be reached" in line.error for line in outbox_lines(rivera.repo, rivera.owner))
    smtp.start()
    soon = due + timedelta(seconds=QUIET / 2)
    assert send_due(rivera.repo, rivera.owner, KEY, now=lambda: soon).sent == 0, "the retry waits for its backoff"
    later = due + timedelta(seconds=QUIET + 0.2)
    assert send_due(rivera.repo, rivera.owner, KEY, now=lambda: later).sent == 2
    assert len(smtp.messages) == 2


def test_r20_a_refused_message_keeps_its_message_id_on_the_retry(rivera, smtp) -> None:
    rivera.shown(rivera.job(), "Done")
    due = utc_now() + timedelta(seconds=QUIET + 0.2)
    smtp.refusing = True
    send_due(rivera.repo, rivera.owner, KEY, now=lambda: due)
    smtp.refusing = False
    later = due + timedelta(seconds=QUIET + 0.2)
    send_due(rivera.repo, rivera.owner, KEY, now=lambda: later)
    assert len(smtp.messages) == 2 and all(message["Message-ID"] for message in smtp.messages)


def test_r20_after_a_day_of_failures_the_e_mail_is_marked_failed_and_shown_to_staff(rivera, smtp) -> None:
    rivera.shown(rivera.job(), "Done")
    smtp.stop()
    start = utc_now() + timedelta(seconds=QUIET + 1)
    send_due(rivera.repo, rivera.owner, KEY, now=lambda: start)
    assert {line.state for line in outbox_lines(rivera.repo, rivera.owner)} == {"retrying"}
    send_due(rivera.repo, rivera.owner, KEY, now=lambda: start + timedelta(days=1, minutes=1))
    lines = outbox_lines(rivera.repo, rivera.owner)
    assert {line.state for line in lines} == {"failed"} and {line.contact for line in lines} == {"Maria Rivera", "Juan Rivera"}
    smtp.start()
    send_due(rivera.repo, rivera.owner, KEY, now=lambda: start + timedelta(days=2))
    assert smtp.messages == [], "a failed e-mail is not sent again"
