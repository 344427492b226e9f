"""Screens follow the firm file once a second (R16); when the file cannot be read — another
process left it damaged, a disk error (R17) — or a reload meets a stale reference, the screen
says so and keeps running instead of stopping the app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

from textual.app import App

from wipboard.store.errors import StoreError
from wipboard.tui.kit.messages import StoreProblem, StoreReadable

if TYPE_CHECKING:
    from wipboard.tui.kit.screen import WipboardScreen

    _FollowerBase = WipboardScreen[None]  # what the mixin is mixed into, for the type checker
else:
    _FollowerBase = object


class OnScreen(Protocol):
    """A screen or a widget: what has an app to tell."""

    @property
    def app(self) -> App[Any]: ...


Node = TypeVar("Node", bound=OnScreen)
P = ParamSpec("P")
R = TypeVar("R")


def reports_store_errors(method: Callable[Concatenate[Node, P], R]) -> Callable[Concatenate[Node, P], R | None]:
    """Run a screen's poll or reload; a ``StoreError`` becomes a ``StoreProblem`` message to the
    app (which says each distinct problem once), from a worker thread too."""

    @functools.wraps(method)
    def guarded(self: Node, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            result = method(self, *args, **kwargs)
        except StoreError as error:
            self.app.post_message(StoreProblem(self, str(error)))
            return None
        self.app.post_message(StoreReadable(self))
        return result

    return guarded


class FollowsTheFile(_FollowerBase):
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
        if self.shown_generation >= 0 and self.app.session.changed_since(self.shown_generation):
            self.refill()

    @reports_store_errors
    def check_for_changes(self) -> None:
        if self.app.session.changed_since(self.shown_generation):
            self.refill_in_background()
