"""Reading the app the way a user does, through Textual's public API only.

``RecordingApp`` is the wipboard App as the tests run it: its ``run_test`` passes a
``message_hook`` that records every ``Notify`` message the app posts, so ``notifications(app)``
reads what the user was told (Textual keeps no public list of them). ``screen_text(app)``
reads the characters on the terminal from the app's own screenshot (``export_screenshot``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from html import unescape
from typing import Any

from rich.cells import cell_len
from textual.app import App
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

from wipboard.tui.shell.app import WipboardApp

# rich's SVG export puts each run of text at x = column * 20 * 0.61 (its character width).
_CHAR_WIDTH = 20 * 0.61
_TEXT = re.compile(r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>([^<]*)</text>')


class RecordingApp(WipboardApp):
    """The App, recording the notifications it posts while a test runs it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notified: list[Notification] = []

    @asynccontextmanager
    async def run_test(
        self,
        *,
        headless: bool = True,
        size: tuple[int, int] | None = (80, 24),
        tooltips: bool = False,
        notifications: bool = False,
        message_hook: Callable[[Message], None] | None = None,
    ) -> AsyncGenerator[Pilot[None], None]:
        """``App.run_test``, with a message hook that records each notification (then calls ``message_hook``)."""

        def record(message: Message) -> None:
            if isinstance(message, Notify):
                self.notified.append(message.notification)
            if message_hook is not None:
                message_hook(message)

        async with super().run_test(
            headless=headless, size=size, tooltips=tooltips, notifications=notifications, message_hook=record
        ) as pilot:
            yield pilot

    def clear_notifications(self) -> None:
        super().clear_notifications()
        self.notified.clear()


def notifications(app: App[Any], severity: str | None = None) -> list[str]:
    """What the app told the user since the test started it (or last cleared them), oldest first."""
    assert isinstance(app, RecordingApp), "build the app with tests/firms.py (Firm.app, make_app) to read its notifications"
    return [item.message for item in app.notified if severity is None or item.severity == severity]


def screen_text(app: App[Any]) -> str:
    """The characters of the terminal, one line per row (as wide as the terminal)."""
    width, height = app.size
    rows: list[list[str]] = [[] for _ in range(height)]
    widths = [0] * height
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        row, column = int(line), round(float(x) / _CHAR_WIDTH)
        chars = unescape(text).replace("\xa0", " ").replace("\n", "")  # rich writes each row's end as a text of its own
        if row >= height or not chars:
            continue
        if column > widths[row]:
            rows[row].append(" " * (column - widths[row]))
            widths[row] = column
        rows[row].append(chars)
        widths[row] += cell_len(chars)
    return "\n".join("".join(row) + " " * max(0, width - used) for row, used in zip(rows, widths, strict=True))
