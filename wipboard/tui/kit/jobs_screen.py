"""What the board and the job list share as screens of jobs: the filter the ``FilterBar``
keeps on screen, the ``Marks``, the cached ``JobQuery`` and the ``OperationRunner`` —
objects each screen owns, set up and wired once here (R4, R6, R10, R16)."""

from __future__ import annotations

from textual import on

from wipboard.store.services.operation import OperationResult
from wipboard.tui.kit.job_query import JobQuery
from wipboard.tui.kit.marks import Marks
from wipboard.tui.kit.messages import OperationFinished
from wipboard.tui.kit.operations import OperationRequest, OperationRunner
from wipboard.tui.kit.polling import FollowsTheFile
from wipboard.tui.kit.screen import WipboardScreen
from wipboard.tui.kit.view_filter import ViewFilter
from wipboard.tui.kit.widgets.filter_bar import FilterBar


class JobsScreen(FollowsTheFile, WipboardScreen[None]):
    """A screen that shows the firm's jobs through a filter; the screen provides ``refill``
    (show the file as it is now) and ``after_operation`` (redraw what an operation changed)."""

    def __init__(self) -> None:
        super().__init__()
        self.filter = ViewFilter()
        self.marks = Marks()
        self.query_cache = JobQuery()
        self.operations = OperationRunner(self, after=self.after_operation, refill=self.refill)

    @property
    def marked(self) -> set[int]:
        return self.marks.ids

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        raise NotImplementedError

    @on(OperationFinished)
    def operation_finished(self, message: OperationFinished) -> None:
        self.operations.done(message)

    def action_text_filter(self) -> None:
        self.query_one(FilterBar).open_search()

    def apply_filter(self, chosen: ViewFilter) -> None:
        self.filter = chosen
        self.refill()
