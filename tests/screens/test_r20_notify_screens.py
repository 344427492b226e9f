"""R20 for staff: the job card's history says when the client was e-mailed, and the
settings' E-mails tab shows the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

from board_pilot import SMALL
from firms import DemoFirm
from test_job_card import CardPilot

from wipboard.store.models import Job, Notification


def _sent_to_a_contact_of(demo: DemoFirm, job_id: int) -> str:
    """Arrange: the outbox says an e-mail about ``job_id`` went to a contact of its account."""
    snapshot = demo.repo.snapshot()
    job = snapshot.jobs[job_id]
    contact = next(c for c in snapshot.contacts.values() if job.account_id in c.account_ids)
    at = datetime(2026, 3, 2, 12, 40, tzinfo=UTC)
    with demo.repo.transaction() as tx:
        tx.notifications.put(Notification(
            id=tx.notifications.new_id(), contact_id=contact.id, op="abcdef123456", job_ids=[job_id], queued_at=at,
            state="sent", batch="0123456789abcdef", sent_at=at,
        ))
    return contact.name


def _a_visible_job(demo: DemoFirm) -> Job:
    return next(job for job in sorted(demo.repo.snapshot().jobs.values(), key=lambda job: job.id) if job.in_portal)


async def test_r20_the_card_history_shows_notified_and_the_contact(demo: DemoFirm) -> None:
    job = _a_visible_job(demo)
    name = _sent_to_a_contact_of(demo, job.id)
    async with demo.app().run_test(size=SMALL) as pilot:
        ui = CardPilot(pilot)
        card = await ui.open_directly(job.id)
        history = str(card.query_one("#history-text").render())
        assert f"2026-03-02 12:40  notified {name}" in history


async def test_r20_the_e_mails_tab_lists_the_outbox(demo: DemoFirm) -> None:
    job = _a_visible_job(demo)
    name = _sent_to_a_contact_of(demo, job.id)
    async with demo.app().run_test(size=SMALL) as pilot:
        await pilot.press("4", "left_square_bracket")
        await pilot.pause()
        table = pilot.app.screen.query_one("#notifications-table")
        rows = [[getattr(cell, "plain", str(cell)) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert rows == [["sent", name, "1", "2026-03-02 12:40", ""]]
        hint = str(pilot.app.screen.query_one("#notifications-hint").render())
        # The demo switches e-mails on without a mail server: the tab says so in words, not "from None".
        assert "no mail server is set up yet" in hint and "None" not in hint
