"""R20 + R8: whatever staff do, every e-mail (text and HTML) lists only its contact's visible
items and never an internal field value (job name, notes, stage, assignee)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _smtp_sink import SmtpSink
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wipboard.store.errors import StoreError
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import set_flag
from wipboard.store.services.notifications import configure_notifications, send_due
from wipboard.store.services.people import NewPerson, add_person

KEY = "p" * 64
ACCOUNTS = ("Alpha Ltd", "Beta Ltd")
STATUSES = ("Planned", "On hold", "In progress", "In review", "Done")

operation = st.one_of(
    st.tuples(st.just("show"), st.lists(st.integers(0, 5), min_size=1, max_size=4), st.sampled_from(STATUSES)),
    st.tuples(st.just("hide"), st.lists(st.integers(0, 5), min_size=1, max_size=3), st.none()),
    st.tuples(st.sampled_from(["archive", "unarchive", "delete", "restore"]), st.lists(st.integers(0, 5), min_size=1, max_size=2), st.none()),
    st.tuples(st.just("undo"), st.just([]), st.none()),
)


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=8))
def test_r20_every_e_mail_holds_only_its_contacts_visible_items_and_nothing_internal(new_firm, smtp, operations) -> None:  # noqa: ANN001
    with new_firm() as firm:
        smtp.messages.clear()
        for index, account in enumerate(ACCOUNTS):
            firm.account(account)
            add_person(firm.repo, firm.owner, NewPerson(
                login=f"contact{index}", name=f"Person {index}", role="contact", accounts=[account],
                email=f"contact{index}@clients.example"))
        firm.employee("secretassignee")
        jobs = [
            firm.job(f"Internalname{index}", account=ACCOUNTS[index % 2], notes=f"Secretnote{index}", assignees=["secretassignee"])
            for index in range(6)
        ]
        configure_notifications(firm.repo, firm.owner, {
            "enabled": True, "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none",
            "from_address": "wip@firm.example", "quiet_seconds": 0,
        })
        for kind, picks, status in operations:
            ids = [jobs[pick].id for pick in dict.fromkeys(picks)]
            try:
                if kind == "show":
                    names = {job_id: f"Clientitem{job_id}" for job_id in ids}
                    for job_id in ids:
                        bulk_edit(firm.repo, firm.owner, [job_id], BulkEdit(visibility="show", status=status, name_for_client=names[job_id]))
                elif kind == "hide":
                    bulk_edit(firm.repo, firm.owner, ids, BulkEdit(visibility="hide"))
                elif kind == "undo":
                    undo_last(firm.repo, firm.owner)
                else:
                    set_flag(firm.repo, firm.owner, ids, kind)  # type: ignore[arg-type]
            except StoreError:
                pass  # refused (nothing to undo, already archived…): nothing changed
        send_due(firm.repo, firm.owner, KEY)
        snapshot = firm.repo.snapshot()
        internal = ["Internalname", "Secretnote", "secretassignee", "To do", "Review"]
        for message in smtp.messages:
            contact = next(c for c in snapshot.contacts.values() if c.email and c.email in message["To"])
            visible = {
                job.client_status.name_for_client for job in snapshot.jobs.values()
                if job.account_id in contact.account_ids and job.in_portal
            }
            for part in ("plain", "html"):
                body = message.get_body((part,)).get_content()  # type: ignore[union-attr]
                assert not any(word in body for word in internal), body
                named = {f"Clientitem{job.id}" for job in snapshot.jobs.values() if f"Clientitem{job.id}<" in body or f"Clientitem{job.id} " in body}
                assert named <= visible, (named, visible)
                assert named, "an e-mail lists at least one item"
