"""The session's clock: what the screens read "today" and "now" from (overdue marks, "updated 2 days ago")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from firms import Firm

from wipboard.tui.kit.session import Session


def test_the_session_reads_today_and_now_from_its_clock(tmp_path: Path) -> None:
    firm = Firm.create(tmp_path / "firm.json")
    late_evening_in_new_york = datetime(2026, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    session = Session(firm.repo, firm.owner, clock=lambda: late_evening_in_new_york)
    assert session.today().isoformat() == "2026-03-01"  # the user's day, not UTC's
    assert session.now() == datetime(2026, 3, 2, 4, 30, tzinfo=UTC)
    assert session.now().tzinfo == UTC


def test_without_a_clock_the_session_reads_the_real_time(tmp_path: Path) -> None:
    firm = Firm.create(tmp_path / "firm.json")
    before = datetime.now(UTC)
    session = Session(firm.repo, firm.owner)
    assert before <= session.now() <= datetime.now(UTC)
    assert session.today() == datetime.now().astimezone().date()
