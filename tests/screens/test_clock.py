"""The screens read "today" from the session's clock: the same card is *due* on one day and
*overdue* the next, with no date monkeypatched."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from board_pilot import LARGE, BoardPilot
from firms import TODAY, DemoFirm, fixed_clock

from wipboard.store.services.client_status import CardEdit, save_card

REVIEW = 4


async def test_r9_a_card_turns_overdue_the_day_after_its_due_date_on_the_sessions_clock(demo: DemoFirm) -> None:
    due = TODAY + timedelta(days=3)
    job = demo.pick(stage=REVIEW)
    client = job.client_status
    save_card(demo.repo, demo.actor(), job.id, job.version, CardEdit(
        due_date=due, visible=client.visible, name_for_client=client.name_for_client,
        status_id=client.status_id, description=client.description,
    ))
    for day, word in ((due, "due"), (due + timedelta(days=1), "overdue")):
        clock = fixed_clock(datetime.combine(day, time(9), tzinfo=UTC))
        async with demo.app(clock=clock).run_test(size=LARGE) as pilot:
            board = BoardPilot(pilot)
            await board.ready()
            await board.go_to(job.id)
            card = board.cursor_card_text()
            assert f"{word} {due:%b %d}" in card
            assert word == "overdue" or "overdue" not in card
