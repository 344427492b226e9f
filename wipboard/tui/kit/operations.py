"""One service call over the jobs of a screen (a move, a bulk edit, an undo…), run the same way
from the board and the job list, so it reports the same way (R4, R6, R15).

Up to ``PROGRESS_FROM`` jobs the call runs at once. Over that — and always for an undo,
whose size the screen cannot know beforehand — it runs in a thread worker of the app
(leaving the screen would cancel a screen's own worker) while the screen shows a progress
line: the screen keeps answering, and another operation is refused with a notification
until it is done (keys are never queued behind it). The worker reports with an
``OperationDone`` message to the screen that asked, or to the app if that screen has
closed meanwhile. Whatever the path, the operation lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError
from textual.message import Message

from wipboard.store.errors import InvalidRequest, StoreError
from wipboard.store.services.operation import OperationResult
from wipboard.store.validation_messages import describe_validation_error

PROGRESS_FROM = 300
ServiceCall = Callable[[], OperationResult]


@dataclass(frozen=True)
class OperationRequest:
    """What a screen asked for: ``what`` names it on the progress line ("Moving")."""

    what: str
    job_ids: list[int]
    call: ServiceCall
    undo_hint: bool = True  # end the report with "u undoes it"
    follow: int | None = None  # the job the cursor goes with afterwards (a move of one job)

    @property
    def busy_text(self) -> str:
        if not self.job_ids:
            return self.what
        return f"{self.what} — {len(self.job_ids):,} jobs".replace(",", " ")


class OperationDone(Message, bubble=False):
    """An operation run in the background has ended: its result, or why nothing was written."""

    def __init__(self, request: OperationRequest, outcome: OperationResult | Exception) -> None:
        super().__init__()
        self.request = request
        self.outcome = outcome


def call_service(call: ServiceCall) -> OperationResult | Exception:
    """The call's result, or why it was refused. Anything else is a bug, handed back to be raised
    on the screen's thread — after the screen has left its busy state."""
    try:
        return call()
    except StoreError as error:
        return error
    except ValidationError as error:
        return InvalidRequest(describe_validation_error(error))
    except Exception as error:  # noqa: BLE001 - re-raised by report()
        return error


REPORT_LINES = 5


def report_text(request: OperationRequest, outcome: OperationResult) -> str:
    """What the operation did, the same words from every screen; a move of 5 000 jobs says the first few."""
    messages = outcome.messages
    if len(messages) > REPORT_LINES:
        messages = [*messages[:REPORT_LINES - 1], f"… and {len(messages) - REPORT_LINES + 1} more"]
    return " · ".join(messages) + (" · u undoes it" if request.undo_hint else "")


def refusal_text(error: Exception) -> str:
    return f"Nothing was changed: {error}"


class RunsOperations:
    """Mixed into the board and the job list. The screen provides ``show_progress(text | None)``,
    ``after_operation(request, result)`` (redraw, drop the marks) and, in its class, an
    ``@on(OperationDone)`` handler that calls ``operation_done``."""

    def run_operation(self, request: OperationRequest, *, background: bool | None = None) -> None:
        """Run ``request`` now, or in the background over ``PROGRESS_FROM`` jobs (or when told)."""
        if self.still_busy():
            return
        if background is None:
            background = len(request.job_ids) > PROGRESS_FROM
        if not background:
            self.report(request, call_service(request.call))
            return
        app = self.app  # type: ignore[attr-defined]
        app.operation_busy = request.busy_text
        self.show_progress(request.busy_text)  # type: ignore[attr-defined]
        app.run_operation_in_background(self, request)

    def still_busy(self) -> bool:
        """True, with a message, while an operation over many jobs runs: the next one waits for it
        (asked before any form or confirmation, so nobody fills one in for nothing)."""
        busy = self.app.operation_busy  # type: ignore[attr-defined]
        if busy is None:
            return False
        self.notify(f"Still busy: {busy}. Try again when it is done.", severity="warning")  # type: ignore[attr-defined]
        return True

    def operation_done(self, message: OperationDone) -> None:
        self.app.operation_busy = None  # type: ignore[attr-defined]
        self.show_progress(None)  # type: ignore[attr-defined]
        self.report(message.request, message.outcome)

    def report(self, request: OperationRequest, outcome: OperationResult | Exception) -> None:
        if isinstance(outcome, StoreError):
            self.notify(refusal_text(outcome), severity="error", timeout=12)  # type: ignore[attr-defined]
            self.refill()  # type: ignore[attr-defined]
            return
        if not isinstance(outcome, OperationResult):
            raise outcome
        self.notify(report_text(request, outcome))  # type: ignore[attr-defined]
        self.after_operation(request, outcome)  # type: ignore[attr-defined]
