"""R18 on screen: the firm's text never reaches the terminal with its control characters obeyed —
an audit line holding escape sequences never reaches the card's history, and whatever text a
screen shows (history, board cards, list cells, notifications) has its controls made visible.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import orjson
from board_pilot import SMALL, BoardPilot
from firms import DemoFirm
from textual.app import App, ComposeResult
from textual.widgets import Static

from wipboard.screens.job_card import JobCardScreen
from wipboard.store.audit import AuditEntry
from wipboard.store.services.history import HistoryItem
from wipboard.tui.kit.card_form import history_text
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.terminal_text import printable_json
from wipboard.tui.kit.widgets.card_column import CardColumn, CardView

HOSTILE = ["\x1b]52;c;cm0gLXJmIH4K\x07", "\x1b[2J\x1b[H$ ", "\x1b]0;pwned\x07", "\x9b2J", "\u202eexe.pdf"]


def plant(demo: DemoFirm, job_id: int) -> None:
    """A colleague appends audit lines of their own, with terminal escapes in every text they hold."""
    with demo.repo.transaction() as tx:
        job = tx.jobs[job_id]
        tx.jobs.save(job.model_copy(update={"notes": job.notes + "."}), job.version)
        for text in HOSTILE:
            tx.record(AuditEntry.model_construct(
                at="2026-03-02T14:05:11Z", op="c0ffee", operation="card save", user="olivia", actor=f"mallory{text}",
                via="card", job_id=job_id, field="client_status.name_for_client", before=text, after=f"x{text}",
            ))


class TestCardHistory:
    async def test_r18_a_planted_audit_line_never_reaches_the_card_s_history(self, demo: DemoFirm) -> None:
        job = demo.pick(stage=12)
        plant(demo, job.id)
        async with demo.app().run_test(size=(200, 50)) as pilot:
            ui = BoardPilot(pilot)
            await ui.ready()
            pilot.app.push_screen(JobCardScreen(job.id))
            await pilot.pause()
            history = str(pilot.app.screen.query_one("#history-text", Static).render())
            assert "mallory" not in history and "\x1b" not in history and "\x9b" not in history
            assert history.strip(), "the job's own history still shows"
            assert "\x1b" not in pilot.app.export_screenshot()


def test_r18_history_text_shows_escape_sequences_instead_of_obeying_them() -> None:
    items = [
        HistoryItem(at=datetime(2026, 3, 2, tzinfo=UTC), user="olivia", actor=f"olivia{text}", via="card", field="client_status.name_for_client",
                    before=text, after=f"x{text}")
        for text in HOSTILE
    ]
    shown = history_text(items)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in shown and raw not in str(Static(shown).render())
    on_screen = str(Static(shown).render())
    assert "␛]52;c;" in on_screen and "␛[2J" in on_screen


def test_r18_literal_shows_controls_and_keeps_line_breaks() -> None:
    assert literal("a\x1b[2Jb") == "a␛\\[2Jb"
    assert literal("one\n\ttwo") == "one\n\ttwo"
    assert literal("\x9b\u202e\x7f\r") == "\ufffd\ufffd␡␍"


def test_r18_json_for_scripts_escapes_c1_del_and_bidi_controls_and_reads_back_as_the_same_text() -> None:
    value = {"jobs": [{"name": f"Nguyễn {text} \x7f \u2066x\u2069 \u061c", "notes": "é\nü"} for text in HOSTILE]}
    encoded = orjson.dumps(value).decode()
    shown = printable_json(encoded)
    for raw in ("\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\u2066", "\u2069", "\u061c"):
        assert raw not in shown
    assert "\\u009b" in shown and "\\u202e" in shown and "Nguyễn" in shown  # other letters stay as they are
    assert json.loads(shown) == value
    assert printable_json('{"a": "plain"}') == '{"a": "plain"}'


class CardsOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield CardColumn(1, show_status=True, id="column")


async def test_r18_a_board_card_shows_the_escape_in_its_name_instead_of_obeying_it() -> None:
    app = CardsOnly()
    async with app.run_test(size=(60, 12)) as pilot:
        column = app.query_one(CardColumn)
        column.set_cards([
            CardView(job_id=1, name="Tax\x1b[2Jreturn", account="Evil\x1b]0;x\x07Co", initials="", due=None, overdue=False,
                     visible=True, status="In\x9breview", color="orange")
        ])
        await pilot.pause()
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x9b" not in screen and "\x07" not in screen
        assert "Tax␛[2Jreturn" in screen.replace("&#160;", " ")


async def test_r18_a_notification_shows_escape_sequences_instead_of_obeying_them(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
        await BoardPilot(pilot).ready()
        pilot.app.notify(f"Moved #1 to {HOSTILE[0]}{HOSTILE[1]}", title=HOSTILE[2])
        await pilot.pause()
        screen = pilot.app.export_screenshot()
        assert "\x1b" not in screen and "\x07" not in screen
        assert "␛]52;c;" in screen
