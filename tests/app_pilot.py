"""What every screen's pilot does alike: press keys and type as a user does, wait for what the
user waits for, and read the screen and the notifications as the user sees them."""

from __future__ import annotations

import time
from collections.abc import Callable

from screen_reading import notifications, screen_text
from textual.pilot import Pilot
from textual.screen import Screen

from wipboard.tui.shell.app import WipboardApp


class AppPilot:
    POLL = 0.05  # seconds between two looks while waiting

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.app: WipboardApp = pilot.app  # type: ignore[assignment]

    @property
    def top(self) -> Screen[object]:
        return self.app.screen

    def notifications(self) -> list[str]:
        return notifications(self.app)

    def text(self) -> str:
        return screen_text(self.app)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.press(*text)

    async def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 5.0) -> float:
        """Let the app run until ``condition`` holds; the seconds it took."""
        start = time.monotonic()
        while not condition():
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{what} (waited {timeout} s)")
            await self.pilot.pause(self.POLL)
        return time.monotonic() - start
