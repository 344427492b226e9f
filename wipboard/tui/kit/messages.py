"""What workers and pollers tell the app, as Textual messages handled with ``@on``.

A poll or a worker runs on its own thread or off the screen that started it: instead of
calling the app (and checking which thread it is on), it posts a message. ``post_message``
is safe from any thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from wipboard.store.services.operation import OperationResult
    from wipboard.tui.kit.operations import OperationRequest


class StoreProblem(Message):
    """The firm could not be read or a reload met a stale reference (R17): ``origin`` keeps
    running and the app says ``text`` — once, not at every poll."""

    def __init__(self, origin: object, text: str) -> None:
        super().__init__()
        self.origin = origin
        self.text = text


class StoreReadable(Message):
    """``origin`` read the firm again: its next problem is said again."""

    def __init__(self, origin: object) -> None:
        super().__init__()
        self.origin = origin


class OperationFinished(Message, bubble=False):
    """An operation run in the background (kit/operations.py) has ended, posted by its worker to
    the screen that asked: its result, or why nothing was written."""

    def __init__(self, request: OperationRequest, outcome: OperationResult | Exception) -> None:
        super().__init__()
        self.request = request
        self.outcome = outcome
