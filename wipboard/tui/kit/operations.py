"""One service call over the jobs of a screen (a move, a bulk edit, an undo…), run the same way
from the board and the job list, so it reports the same way (R4, R6, R15).

Each of those screens owns an ``OperationRunner``. Up to ``PROGRESS_FROM`` jobs the call runs
at once. Over that — and always for an undo, whose size the screen cannot know beforehand —
it runs in a thread worker of the screen that asked while that screen shows a progress line:
the screen keeps answering, and another operation is refused with a notification until it is
done (keys are never queued behind it). The board and the job list are the bases of Textual
modes, alive while the user is in another place (1–4), so their workers are never cancelled
by a switch. The worker reports with an ``OperationFinished`` message (kit/messages.py) to
that screen. Whatever the path, the operation lands whole or not at all.

The service hands back an ``OperationResult`` (data); it becomes words here, once, for every
screen: ``report_text`` for what was done, ``refusal_text`` for why nothing was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from wipboard.store.errors import InvalidRequest, StoreError
from wipboard.store.refusals import describe_refusal
from wipboard.store.services.operation import OperationResult
from wipboard.store.validation_messages import describe_validation_error
from wipboard.store.wording import counted
from wipboard.tui.kit.messages import OperationFinished
from wipboard.tui.kit.widgets.progress_line import ProgressLine

if TYPE_CHECKING:
    from wipboard.tui.kit.screen import WipboardScreen

PROGRESS_FROM = 300
REPORT_LINES = 5
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
        return f"{self.what} — {counted(len(self.job_ids), 'job')}"


def call_service(call: ServiceCall) -> OperationResult | Exception:
    """The call's result, or why it was refused. Anything else is a bug, handed back to be raised
    on the screen's thread — after the screen has left its busy state."""
    try:
        return call()
    except StoreError as error:
        return error
    except ValidationError as error:
        return InvalidRequest(describe_validation_error(error))
    except Exception as error:  # noqa: BLE001 - re-raised by OperationRunner.report()
        return error


def report_text(request: OperationRequest, outcome: OperationResult) -> str:
    """What the operation did, the same words from every screen; a move of 5 000 jobs says the first few."""
    messages = outcome.messages
    if len(messages) > REPORT_LINES:
        messages = [*messages[:REPORT_LINES - 1], f"… and {len(messages) - REPORT_LINES + 1} more"]
    return " · ".join(messages) + (" · u undoes it" if request.undo_hint else "")


def refusal_text(error: Exception) -> str:
    """Why nothing was written, the one way every screen says it — once: a reason that
    already says nothing was saved is not told so twice."""
    reason = describe_refusal(error) if isinstance(error, (StoreError, ValidationError)) else str(error)
    for said in ("; nothing was changed", "; nothing was saved"):
        if said in reason:
            head, _, tail = reason.partition(said)
            rest = tail.lstrip(": ")
            return f"Nothing was changed: {head}" + (f"; {rest}" if rest else "")
    return f"Nothing was changed: {reason}"


AfterOperation = Callable[[OperationRequest, OperationResult], None]


class OperationRunner:
    """Runs a screen's operations and reports them. ``after`` redraws what changed (and drops the
    marks acted on); ``refill`` redraws everything after a refusal, which may come from a change
    made elsewhere. The screen forwards its ``OperationFinished`` messages to ``done``."""

    def __init__(self, screen: WipboardScreen[None], *, after: AfterOperation, refill: Callable[[], None]) -> None:
        self.screen = screen
        self._after = after
        self._refill = refill

    def run(self, request: OperationRequest, *, background: bool | None = None) -> None:
        """Run ``request`` now, or in the background over ``PROGRESS_FROM`` jobs (or when told)."""
        if self.still_busy():
            return
        if background is None:
            background = len(request.job_ids) > PROGRESS_FROM
        if not background:
            self.report(request, call_service(request.call))
            return
        self.screen.app.operation_busy = request.busy_text
        self._show_progress(request.busy_text)
        screen = self.screen

        def work() -> None:
            screen.post_message(OperationFinished(request, call_service(request.call)))

        screen.run_worker(work, name=request.busy_text, group="operation", thread=True, exclusive=True)

    def still_busy(self) -> bool:
        """True, with a message, while an operation over many jobs runs: the next one waits for it
        (asked before any form or confirmation, so nobody fills one in for nothing)."""
        busy = self.screen.app.operation_busy
        if busy is None:
            return False
        self.screen.notify(f"Still busy: {busy}. Try again when it is done.", severity="warning")
        return True

    def done(self, message: OperationFinished) -> None:
        self.screen.app.operation_busy = None
        self._show_progress(None)
        self.report(message.request, message.outcome)

    def refuse(self, error: StoreError) -> None:
        """Say why nothing was changed, and show the file as it is now."""
        self.screen.notify(refusal_text(error), severity="error", timeout=12)
        self._refill()

    def report(self, request: OperationRequest, outcome: OperationResult | Exception) -> None:
        if isinstance(outcome, StoreError):
            self.refuse(outcome)
            return
        if not isinstance(outcome, OperationResult):
            raise outcome
        self.screen.notify(report_text(request, outcome))
        self._after(request, outcome)

    def _show_progress(self, what: str | None) -> None:
        self.screen.query_one(ProgressLine).show(what)
