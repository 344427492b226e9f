"""``2``: the job list — every job of the firm in one table: filter, sort, mark many, and change
their client-facing status in one step (R6, R10).

The table draws only the rows on screen (``JobTable``), so 10 000 jobs filter as you
type. Marks are job ids: they survive filtering, sorting and another process's changes.
What the marked jobs can be made to do lives in ``job_list_actions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from wipboard.screens.filter_panel import ask_filter
from wipboard.screens.job_list_actions import JobListActions
from wipboard.store.models import Job
from wipboard.store.permissions import can_see_job
from wipboard.store.repository import Snapshot
from wipboard.store.services.operation import OperationResult
from wipboard.tui.kit.job_rows import COLUMNS, ColumnKey, LazyRows, RowMaker, sort_jobs
from wipboard.tui.kit.jobs_screen import JobsScreen
from wipboard.tui.kit.operations import OperationRequest
from wipboard.tui.kit.polling import reports_store_errors
from wipboard.tui.kit.view_filter import View, ViewFilter
from wipboard.tui.kit.widgets.filter_bar import FilterBar
from wipboard.tui.kit.widgets.job_table import JobTable
from wipboard.tui.kit.widgets.keys_footer import KeysFooter
from wipboard.tui.kit.widgets.progress_line import ProgressLine

POLL_SECONDS = 1.0
TYPING_PAUSE = 0.01  # seconds of quiet before a typed filter runs: one search per burst of keys (a paste)
VIEWS: tuple[tuple[View, str], ...] = (("active", "Active"), ("archived", "Archived"), ("trash", "Trash"))


class JobListScreen(JobsScreen):
    AUTO_FOCUS = "#job-table"
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list_up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list_page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list_page_down"),
        Binding("g,home", "cursor_end(0)", "First", show=False, id="list_first"),
        Binding("G,end", "cursor_end(1)", "Last", show=False, id="list_last"),
        Binding("space", "mark", "Mark", id="list_mark"),
        Binding("V", "mark_all", "Mark all", id="list_mark_all"),
        Binding("e", "edit", "Edit", id="list_edit"),
        Binding("enter", "open_card", "Open", show=False, id="list_open_card"),
        Binding("m", "move", "Move…", id="list_move"),
        Binding("A", "assign", "Assign…", show=False, id="list_assign"),
        Binding("a", "archive", "Archive", show=False, id="list_archive"),
        Binding("d", "delete", "Delete", show=False, id="list_delete"),
        Binding("r", "restore", "Restore", show=False, id="list_restore"),
        Binding("u", "undo", "Undo", id="list_undo"),
        Binding("n", "new_job", "New", show=False, id="list_new_job"),
        Binding("slash", "text_filter", "Search", id="list_text_filter"),
        Binding("f", "filter_panel", "Filter", id="list_filter_panel"),
        Binding("s", "sort_pick", "Sort", id="list_sort"),
        Binding("S", "sort_reverse", "Reverse sort", show=False, id="list_sort_reverse"),
        Binding("left_square_bracket", "view_step(-1)", "◀ View", show=False, id="list_previous_view"),
        Binding("right_square_bracket", "view_step(1)", "View ▶", show=False, id="list_next_view"),
        Binding("escape", "clear", "Clear the marks, then the filters", show=False, id="list_clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: View = "active"
        self.actions = JobListActions(self)
        self.shown_generation = -1
        self.jobs: dict[int, Job] = {}  # the jobs on screen, as shown: versions for conflict checks (R16)
        self._row_maker = RowMaker()
        self._typing: Timer | None = None
        self._totals: tuple[int, View, int] | None = None  # (generation, view, jobs in view)
        self._shown_texts: dict[str, str] = {}
        self._fills = 0  # counts requests to fill the table: a slower, older fill never overwrites a newer one

    # --- Layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="list-views"):
            yield Static(id="view-tabs")
            yield ProgressLine(id="progress-line")
            yield Static(id="marked-count")
        yield FilterBar(id="list-bar")
        yield JobTable(is_marked=self.marks.__contains__, id="job-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Jobs · {self.session.actor.login}"
        self.refill()
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    @property
    def table(self) -> JobTable:
        return self.query_one(JobTable)

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        self.actions.after_operation(request, result)

    # --- Filling the table ----------------------------------------------------------

    def list_query(self) -> ListQuery:
        """What the table is to show, read on the screen's own thread and handed to a fill."""
        return ListQuery(self.filter, self.view, self.table.sort_key, self.table.descending, self.session.today())

    def rows_for(self, snapshot: Snapshot, query: ListQuery) -> tuple[LazyRows, dict[int, Job], bool]:
        """The rows ``query`` gives on ``snapshot`` — pure work, safe in a thread — and whether its
        filter named something that no longer exists (a status deleted elsewhere, say), left out."""
        used = query.filter.existing_in(snapshot)
        wanted = used.as_job_filter(view=query.view, today=query.today)
        jobs = self.query_cache.jobs(snapshot, self.session.actor, wanted)
        lookups = self._row_maker.lookups_for(snapshot)
        ordered = sort_jobs(jobs, query.sort_key, query.descending, lookups)
        return LazyRows(ordered, self._row_maker, lookups), {job.id: job for job in jobs}, used != query.filter

    def refill(self, snapshot: Snapshot | None = None, keep_job_id: int | None = None) -> None:
        """Show the file as it is now, the cursor kept on its job."""
        self._fills += 1
        snapshot = snapshot or self.session.snapshot()
        self.show_rows(snapshot, *self.rows_for(snapshot, self.list_query()), keep_job_id)

    def show_rows(
        self, snapshot: Snapshot, rows: LazyRows, jobs: dict[int, Job], dropped: bool,
        keep_job_id: int | None = None, fill: int | None = None,
    ) -> None:
        if fill is not None and fill != self._fills:
            return  # a newer fill was asked for meanwhile
        if dropped:  # the filter as it is now: the user may have typed on since this fill began
            self.filter = self.filter.existing_in(snapshot)
            self.notify("A filter named something deleted meanwhile (a status, account, pipeline or stage): it was dropped",
                        severity="warning")
        keep = keep_job_id if keep_job_id is not None else self.current_job_id()
        self.shown_generation = snapshot.generation
        self.jobs = jobs
        self._forget_marks_gone(snapshot)
        self.table.empty_text = self._empty_text()
        self.table.today = self.session.today()  # overdue in red, as the due filters count it
        self.table.set_rows(rows, keep)
        self.show_summary(snapshot)

    def _forget_marks_gone(self, snapshot: Snapshot) -> None:
        """A marked job purged, moved out of this view or out of reach elsewhere is no longer marked."""
        actor = self.session.actor
        keep = {
            job_id for job_id in self.marks.ids
            if (job := snapshot.jobs.get(job_id)) and _in_view(job, self.view) and can_see_job(actor, job)
        }
        gone = self.marks.keep_only(keep)
        if gone:
            names = ", ".join(f"#{job_id}" for job_id in gone[:5]) + (" …" if len(gone) > 5 else "")
            self.notify(f"Unmarked {names}: changed elsewhere, no longer in this view or yours to edit", severity="warning")

    def _empty_text(self) -> str:
        if self.filter.active:
            return "No jobs match these filters. esc clears them."
        return {"active": "No jobs yet. n adds one.", "archived": "Nothing archived.", "trash": "The trash is empty."}[self.view]

    def _update(self, widget_id: str, text: str) -> None:
        """A Static's update lays the screen out again: only when its text really changed."""
        if self._shown_texts.get(widget_id) != text:
            self._shown_texts[widget_id] = text
            self.query_one(widget_id, Static).update(text)

    def show_summary(self, snapshot: Snapshot) -> None:
        """The view, the count, the active filters and the marks: always on screen."""
        tabs = "  ".join(
            f"[b reverse] {label} [/]" if view == self.view else f"[@click=screen.show_view('{view}')] {label} [/]"
            for view, label in VIEWS
        )
        self._update("#view-tabs", tabs + "  [dim]\\[ ] switch[/]")
        hint = "/ search · f filter · space mark · e edit · s sort · ? help"
        self.query_one(FilterBar).show(self.filter.describe(
            snapshot, len(self.table.rows), total=self._total(snapshot), hint=hint, actor=self.session.actor
        ))
        self._update("#marked-count", self.marks.summary(self.jobs))

    def _total(self, snapshot: Snapshot) -> int:
        """How many jobs of this view the user may see, filters aside (counted once per generation)."""
        if self._totals is None or self._totals[:2] != (snapshot.generation, self.view):
            actor = self.session.actor
            total = sum(1 for job in snapshot.jobs.values() if _in_view(job, self.view) and can_see_job(actor, job))
            self._totals = (snapshot.generation, self.view, total)
        return self._totals[2]

    # --- Cursor, sort, view -----------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.table.move_cursor(delta)

    def action_page(self, direction: int) -> None:
        self.table.move_cursor(direction * self.table.page)

    def action_cursor_end(self, last: int) -> None:
        self.table.cursor_to(len(self.table.rows) - 1 if last else 0)

    def current_job_id(self) -> int | None:
        return self.table.current_job_id

    def sort_by(self, key: ColumnKey, descending: bool | None = None) -> None:
        table = self.table
        if descending is None:
            descending = not table.descending if key == table.sort_key else False
        table.sort_key, table.descending = key, descending
        self.refill()
        title = next(column.title for column in COLUMNS if column.key == key)
        self.notify(f"Sorted by {title}, {'descending' if descending else 'ascending'}")

    @on(JobTable.HeaderClicked)
    def header_clicked(self, event: JobTable.HeaderClicked) -> None:
        self.sort_by(event.key)

    def action_sort_pick(self) -> None:
        from wipboard.screens.sort_picker import SortPicker

        def chosen(key: ColumnKey | None) -> None:
            if key is not None:
                self.sort_by(key)

        self.app.push_screen(SortPicker(self.table.sort_key, self.table.descending, self.table.shown_columns), chosen)

    def action_sort_reverse(self) -> None:
        self.sort_by(self.table.sort_key, not self.table.descending)

    def action_show_view(self, view: View) -> None:
        if view != self.view:
            self.view = view
            self.marks.clear()
            self.refill()

    def action_view_step(self, step: int) -> None:
        views = [view for view, _ in VIEWS]
        self.action_show_view(views[(views.index(self.view) + step) % len(views)])

    # --- Marks ------------------------------------------------------------------------

    def action_mark(self) -> None:
        job_id = self.current_job_id()
        job = self.jobs.get(job_id) if job_id is not None else None
        if job is None:
            return
        self.marks.toggle(job)
        self.table.refresh_row(job.id)
        self.table.move_cursor(1)
        self.show_summary(self.session.snapshot())

    def action_mark_all(self) -> None:
        self.marks.mark_all(self.jobs.values())
        self.table.refresh()
        self.show_summary(self.session.snapshot())
        self.notify(f"Marked {len(self.marks)} jobs · e edits their client status, m moves, a archives · esc clears")

    # --- Filters ----------------------------------------------------------------------

    @on(FilterBar.Changed)
    def text_changed(self, event: FilterBar.Changed) -> None:
        """Filter as the user types, after a short pause, away from the keys [R10]."""
        self.filter = self.filter.with_text(event.text)
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(TYPING_PAUSE, self.refill_in_background)

    @on(FilterBar.Submitted)
    def text_done(self) -> None:
        self.set_focus(self.table)

    def action_filter_panel(self) -> None:
        ask_filter(self.app, self.filter, self.apply_filter, title="Filter the job list", with_stages=True)

    def action_clear(self) -> None:
        """esc: the marks first, then the filters."""
        bar = self.query_one(FilterBar)
        if self.marks.clear():
            self.table.refresh()
            self.show_summary(self.session.snapshot())
            self.notify("Marks cleared")
            return
        if self.filter.active or bar.searching:
            self.filter = ViewFilter()
            bar.close_search()
            self.set_focus(self.table)
            self.refill()
            self.notify("Filters cleared")

    # --- Actions on jobs (job_list_actions.py) --------------------------------------------

    def action_edit(self) -> None:
        self.actions.edit()

    def action_open_card(self) -> None:
        self.actions.open_card()

    def action_move(self) -> None:
        self.actions.move()

    def action_assign(self) -> None:
        self.actions.assign()

    def action_archive(self) -> None:
        self.actions.archive()

    def action_delete(self) -> None:
        self.actions.delete()

    def action_restore(self) -> None:
        self.actions.restore()

    def action_undo(self) -> None:
        self.actions.undo()

    def action_new_job(self) -> None:
        self.actions.new_job()

    # --- Live updates (R16) -----------------------------------------------------------

    def refill_in_background(self) -> None:
        """Read, filter and sort in a thread; only the swap of rows happens on the screen's turn."""
        self._fills += 1
        self._fill_worker(self._fills, self.list_query())

    class RowsReady(Message):
        """A worker has read, filtered and sorted the jobs of fill number ``fill``."""

        def __init__(self, snapshot: Snapshot, rows: LazyRows, jobs: dict[int, Job], dropped: bool, fill: int) -> None:
            super().__init__()
            self.snapshot, self.rows, self.jobs, self.dropped, self.fill = snapshot, rows, jobs, dropped, fill

    @work(thread=True, exclusive=True, group="list-fill")
    @reports_store_errors
    def _fill_worker(self, fill: int, query: ListQuery) -> None:
        snapshot = self.session.snapshot()
        rows, jobs, dropped = self.rows_for(snapshot, query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.RowsReady(snapshot, rows, jobs, dropped, fill))

    @on(RowsReady)
    def rows_ready(self, message: RowsReady) -> None:
        self.show_rows(message.snapshot, message.rows, message.jobs, message.dropped, None, message.fill)


@dataclass(frozen=True)
class ListQuery:
    filter: ViewFilter
    view: View
    sort_key: ColumnKey
    descending: bool
    today: date


def _in_view(job: Job, view: View) -> bool:
    if view == "trash":
        return job.deleted
    return not job.deleted and job.archived == (view == "archived")
