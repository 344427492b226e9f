"""Screens follow the firm file once a second (R16); when the file cannot be read — another
process left it damaged, a disk error (R17) — or a reload meets a stale reference, the screen
says so and keeps running instead of stopping the app.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode

from wipboard.store.errors import StoreError

Method = TypeVar("Method", bound=Callable[..., Any])
_last_said: dict[int, str] = {}


def reports_store_errors(method: Method) -> Method:
    """Run a screen's poll or reload; a ``StoreError`` becomes one notification per distinct
    message (a poll would otherwise repeat it every second), from a worker thread too."""

    @functools.wraps(method)
    def guarded(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        try:
            result = method(self, *args, **kwargs)
        except StoreError as error:
            message = str(error)
            if _last_said.get(id(self)) != message:
                _last_said[id(self)] = message
                notify = functools.partial(self.app.notify, message, severity="error", timeout=15)
                if threading.get_ident() == self.app._thread_id:  # noqa: SLF001 - Textual's own thread check
                    notify()
                else:
                    self.app.call_from_thread(notify)
            return None
        _last_said.pop(id(self), None)  # readable again: the next problem is said again
        return result

    return guarded  # type: ignore[return-value]


class FollowsTheFile:
    """For a screen that shows the firm file (the board, the job list): it polls once a second
    and, coming back from another screen, shows what changed meanwhile at once (R16).

    The screen keeps ``shown_generation`` and provides ``refill()`` (now, on its own thread)
    and ``refill_in_background()`` (read and filter in a worker).
    """

    shown_generation: int

    def refill(self) -> None:
        raise NotImplementedError

    def refill_in_background(self) -> None:
        raise NotImplementedError

    @reports_store_errors
    def on_screen_resume(self) -> None:
        """Back from the settings or a card, say: not at the next poll."""
        if self.shown_generation >= 0 and self.app.session.changed_since(self.shown_generation):  # type: ignore[attr-defined]
            self.refill()

    @reports_store_errors
    def check_for_changes(self) -> None:
        if self.app.session.changed_since(self.shown_generation):  # type: ignore[attr-defined]
            self.refill_in_background()
