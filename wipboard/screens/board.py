"""The kanban board of one pipeline [R9]: a column per stage, moves with their automations [R4].

The board holds no widget per card: each stage is one ``CardColumn`` that draws
only the cards on screen, so a pipeline of 10 000 jobs opens and moves quickly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import get_args

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Header, Label, Static

from wipboard.screens.board_actions import BoardActions
from wipboard.store.fields import Priority
from wipboard.store.models import Job, Pipeline
from wipboard.store.permissions import can_see_job
from wipboard.store.repository import Snapshot
from wipboard.store.services.jobs import FlagAction
from wipboard.store.services.operation import OperationResult, prepare_first_write
from wipboard.store.services.queries import finished_stage_ids, is_overdue, job_matcher
from wipboard.tui.kit.first_steps import first_steps
from wipboard.tui.kit.jobs_screen import JobsScreen
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.operations import OperationRequest
from wipboard.tui.kit.polling import reports_store_errors
from wipboard.tui.kit.view_filter import ViewFilter
from wipboard.tui.kit.widgets.card_column import CardColumn, CardView, LazyCards
from wipboard.tui.kit.widgets.filter_bar import FilterBar
from wipboard.tui.kit.widgets.keys_footer import KeysFooter
from wipboard.tui.kit.widgets.progress_line import ProgressLine

POLL_SECONDS = 1.0
PREPARE_AFTER = 0.1  # seconds after the first frame: the user is still reading it
MIN_COLUMN = 30  # columns narrower than this cut job names too short to read
URGENCY: dict[str, int] = {priority: rank for rank, priority in enumerate(reversed(get_args(Priority)))}  # urgent first


class BoardScreen(JobsScreen):
    """Columns of cards for the session's pipeline."""

    # No auto focus: the board itself takes the keys. The app's "*" would focus the hidden
    # search box, which then swallowed the first keys typed.
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("up,k", "cursor(0, -1)", "Up", show=False, id="cursor_up"),
        Binding("down,j", "cursor(0, 1)", "Down", show=False, id="cursor_down"),
        Binding("left,h", "cursor(-1, 0)", "Left", show=False, id="cursor_left"),
        Binding("right,l", "cursor(1, 0)", "Right", show=False, id="cursor_right"),
        Binding("g", "cursor_end(0)", "First", show=False, id="cursor_first"),
        Binding("G", "cursor_end(1)", "Last", show=False, id="cursor_last"),
        Binding("H", "move_step(-1, True)", "◀ Move", id="move_previous_stage"),
        Binding("L", "move_step(1, True)", "Move ▶", id="move_next_stage"),
        Binding("less_than_sign", "move_step(-1, False)", "◀ Move, no automations", show=False, id="move_previous_stage_plain"),
        Binding("greater_than_sign", "move_step(1, False)", "Move ▶, no automations", show=False, id="move_next_stage_plain"),
        Binding("m", "move_pick", "Move to…", id="move_to_stage"),
        Binding("enter", "open_card", "Open", id="open_card"),
        Binding("e", "edit", "Edit", show=False, id="edit"),
        Binding("space", "mark", "Mark", show=False, id="mark"),
        Binding("V", "mark_all", "Mark all shown", show=False, id="mark_all"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("slash", "text_filter", "Search", id="text_filter"),
        Binding("f", "filter_panel", "Filter", id="filter_panel"),
        Binding("p", "pick_pipeline", "Pipeline", id="switch_pipeline"),
        Binding("a", "flag('archive')", "Archive", show=False, id="archive"),
        Binding("d", "flag('delete')", "Delete", show=False, id="delete"),
        Binding("n", "new_job", "New", show=False, id="new_job"),
        Binding("escape", "clear", "Clear the marks, then the filters", show=False, id="clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pipeline: Pipeline | None = None
        self.actions = BoardActions(self)
        self.jobs_by_stage: dict[int, list[Job]] = {}
        self.active_index = 0
        self.shown_generation = -1  # the generation of the firm file the columns show
        # Each job's card, reused while the job (an immutable model) is the same object.
        self._cards: dict[int, tuple[Job, bool, CardView]] = {}
        self._card_context: object = None
        self._card_context_version = 0
        self._titles: dict[int, str] = {}  # each column's title as shown: an update re-lays out the screen
        self._drawn = False  # the first columns with their cards have been drawn
        # Set when a pipeline is shown or the filter changes: the next fill puts the cursor on a card
        # if its column has none. Not at every reload: a column the user chose stays chosen.
        self._seek_card = True
        self._indicator: str | None = None  # the column indicator as shown
        self._totals: tuple[int, int | None, int] | None = None  # (generation, pipeline, jobs the user may see)

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        self.actions.after_operation(request, result)

    # --- Layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(ProgressLine(id="progress-line"), Label(id="column-indicator"), id="board-bar")
        yield Static(id="first-steps", markup=False)
        yield HorizontalScroll(id="columns")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.query_one("#columns", HorizontalScroll), "scroll_x", self.show_column_indicator, init=False)
        self.show_pipeline(self.session.pipeline_id)
        self.set_interval(POLL_SECONDS, self.check_for_changes)

    def first_frame_drawn(self) -> None:
        self.app.first_frame_drawn()
        # Counted from the frame with the cards, not from mounting: on a big firm or a busy machine
        # a timer from mounting fired before that frame and held it back by the modules it imports.
        self.set_timer(PREPARE_AFTER, self.prepare_first_actions)

    def prepare_first_actions(self) -> None:
        """At idle after the first frame, what the first move needs, so that the first ``L`` is no
        slower than the next ones: the modules of the move, the card and the dialogs (imported
        when first used, to keep the start short) and, in a thread, the encoded firm file (the
        first write would encode all of it) and the outbox's index of contacts; then what it made is
        kept out of the cycle collector's way."""
        import wipboard.screens.confirm
        import wipboard.screens.job_card
        import wipboard.screens.move_preview
        import wipboard.screens.stage_picker  # noqa: F401

        repo, app = self.session.repo, self.app

        def prepare() -> None:
            prepare_first_write(repo)
            app.freeze_what_lasts()

        self.run_worker(prepare, thread=True, group="prepare-writes", exit_on_error=False)

    # --- Building the board ---------------------------------------------------------

    def show_pipeline(self, pipeline_id: int | None) -> None:
        """(Re)build the columns for a pipeline: one widget per stage, mounted once."""
        snapshot = self.session.snapshot()
        pipelines = sorted(snapshot.pipelines.values(), key=lambda item: item.position)
        shown_before = self.pipeline.id if self.pipeline else None
        self.pipeline = snapshot.pipelines.get(pipeline_id) if pipeline_id else None
        self.pipeline = self.pipeline or (pipelines[0] if pipelines else None)
        self._seek_card = True
        if self.pipeline is None or self.pipeline.id != shown_before:
            self.marks.clear()  # marks belong to the pipeline they were made on (from p or the palette)
        self.session.pipeline_id = self.pipeline.id if self.pipeline else None
        if self.pipeline is not None:
            self.sub_title = f"{self.pipeline.name} · {self.session.actor.login}"
        self.call_later(self._build_columns, self.pipeline, snapshot)

    async def _build_columns(self, pipeline: Pipeline | None, snapshot: Snapshot) -> None:
        """Replace the columns, then fill them: a stage's CardColumn exists only once its box has mounted."""
        columns = self.query_one("#columns", HorizontalScroll)
        await columns.remove_children()
        self._titles.clear()
        if pipeline is None:
            await columns.mount(Label("This firm has no pipelines yet.", classes="empty"))
            self._when_first_drawn()
            return
        # Each column is born at its final width: laid out first at the stylesheet's and widened
        # a moment later, the board visibly jumped at start.
        board_width = columns.size.width or self.app.size.width
        width = column_width(board_width, len(pipeline.stages))
        boxes = []
        for stage in pipeline.stages:
            box = Vertical(
                Label(literal(stage.name), classes="column-title", id=f"title-{stage.id}"),
                CardColumn(stage.id, show_status=pipeline.show_client_status_on_cards, id=f"stage-{stage.id}"),
                classes="column",
            )
            box.styles.width = width
            boxes.append(box)
        fit = columns_that_fit(board_width, len(boxes))
        if fit < len(boxes) and not columns.show_horizontal_scrollbar:
            # The board scrolls sideways: its scrollbar is in the first layout of the columns, not
            # added by a second one that shortens and repaints every column a frame later.
            columns.set_reactive(Widget.show_horizontal_scrollbar, True)
        await columns.mount_all(boxes)
        # The indicator as the first frame will show it (the first columns), in that frame's layout.
        self._put_column_indicator(list(range(1, fit + 1)), len(boxes))
        if pipeline is self.pipeline:  # not replaced by another switch meanwhile
            self.call_after_refresh(self.size_columns)
            self.refill(snapshot)
        self._when_first_drawn()

    def _when_first_drawn(self) -> None:
        """Once, after the frame that first shows the columns with their cards."""
        if not self._drawn:
            self._drawn = True
            self.call_after_refresh(self.first_frame_drawn)

    def on_resize(self) -> None:
        self.call_after_refresh(self.size_columns)

    def size_columns(self) -> None:
        """As many whole columns as fit (each at least MIN_COLUMN wide), sharing the width evenly."""
        board = self.query_one("#columns", HorizontalScroll)
        columns = list(board.query(".column"))
        if not columns:
            return
        width = column_width(board.size.width, len(columns))
        for column in columns:
            if column.styles.width is None or column.styles.width.value != width:
                column.styles.width = width
        # New widths or a narrower screen can leave the active column off screen: scroll it back.
        self.call_after_refresh(lambda: self.focus_column(self.focused_column()))

    def refill(self, snapshot: Snapshot | None = None, keep_job_id: int | None = None) -> None:
        """Put the filtered jobs into their columns. With ``keep_job_id`` (a job this screen just made
        or moved) the cursor follows that job to its column; otherwise it stays in its column: on the
        same job if it is still there, else on the card now at the same place — another person's move
        never carries the cursor away."""
        if self.pipeline is None:
            return
        snapshot = snapshot or self.session.snapshot()
        self.shown_generation = snapshot.generation
        pipeline = snapshot.pipelines.get(self.pipeline.id)
        if pipeline is None or [stage.id for stage in pipeline.stages] != [stage.id for stage in self.pipeline.stages]:
            self.show_pipeline(pipeline.id if pipeline else None)  # stages changed: rebuild the columns
            return
        if [column.stage_id for column in self.columns()] != [stage.id for stage in pipeline.stages]:
            return  # the columns are still being built; _build_columns fills them
        self.pipeline = pipeline
        self._drop_what_no_longer_exists(snapshot)
        grouped: dict[int, list[Job]] = defaultdict(list)
        for job in self.query_cache.jobs(snapshot, self.session.actor, self.filter.as_job_filter(pipeline.id)):
            grouped[job.stage_id].append(job)
        self.jobs_by_stage = grouped
        today = self.session.today()
        names = {user.login: user.name for user in snapshot.users.values()}
        self._forget_cards_if_names_changed(snapshot, names, today)
        shown = 0
        for stage in pipeline.stages:
            self.query_one(f"#stage-{stage.id}", CardColumn).show_status = pipeline.show_client_status_on_cards
            self._fill_column(stage.id, stage.name, grouped.setdefault(stage.id, []), snapshot, names, today, keep_job_id)
            shown += len(grouped[stage.id])
        self.show_summary(snapshot, shown)
        column = self.column_of(keep_job_id) or self.focused_column()
        if self._seek_card:
            self._seek_card = False
            column = self._column_with_cards(column)
        self.focus_column(column)

    def _column_with_cards(self, column: CardColumn | None) -> CardColumn | None:
        """``column`` if it has cards, else the first column that has (the board's first card)."""
        if column is not None and column.cards:
            return column
        return next((other for other in self.columns() if other.cards), column)

    def _drop_what_no_longer_exists(self, snapshot: Snapshot) -> None:
        """A filter on a status, account or stage deleted elsewhere would refuse every reload."""
        used = self.filter.existing_in(snapshot)
        if used != self.filter:
            self.filter = used
            self.notify("A filter named something deleted meanwhile (a status, account or stage): it was dropped",
                        severity="warning")

    def refill_jobs(self, jobs: list[Job], keep_job_id: int | None = None) -> None:
        """After our own change to a few jobs: redraw only the columns they left or entered."""
        if self.pipeline is None:
            return
        snapshot = self.session.snapshot()
        self._drop_what_no_longer_exists(snapshot)
        matches = job_matcher(snapshot, self.session.actor, self.filter.as_job_filter(self.pipeline.id))
        changed = {job.id for job in jobs}
        touched: set[int] = set()
        for stage_id, stage_jobs in self.jobs_by_stage.items():
            if any(job.id in changed for job in stage_jobs):
                self.jobs_by_stage[stage_id] = [job for job in stage_jobs if job.id not in changed]
                touched.add(stage_id)
        for job in jobs:
            if matches(job):
                self.jobs_by_stage.setdefault(job.stage_id, []).append(job)
                touched.add(job.stage_id)
        today = self.session.today()
        names = {user.login: user.name for user in snapshot.users.values()}
        self._forget_cards_if_names_changed(snapshot, names, today)
        for stage in self.pipeline.stages:
            if stage.id in touched:
                self._fill_column(stage.id, stage.name, self.jobs_by_stage.get(stage.id, []), snapshot, names, today, keep_job_id)
        shown = sum(len(stage_jobs) for stage_jobs in self.jobs_by_stage.values())
        self.show_summary(snapshot, shown)

    def show_summary(self, snapshot: Snapshot, shown: int) -> None:
        """The count, the active filters and the marks: always on screen."""
        total = self._total(snapshot) if self.filter.active else None
        text = self.filter.describe(
            snapshot, shown, total=total, hint="/ search · f filter · p pipeline · ? help", actor=self.session.actor
        )
        marks = self.marks.summary(self.shown_jobs()) if self.marks else ""
        self.query_one(FilterBar).show(f"{marks} · {text}" if marks else text)
        steps = first_steps(snapshot, self.session.actor)
        guide = self.query_one("#first-steps", Static)
        guide.update(steps or "")
        guide.set_class(steps is not None, "-shown")

    def _total(self, snapshot: Snapshot) -> int:
        """How many of this pipeline's jobs the user may see, filters aside (counted once per generation)."""
        pipeline_id = self.pipeline.id if self.pipeline else None
        if self._totals is None or self._totals[:2] != (snapshot.generation, pipeline_id):
            actor = self.session.actor
            total = sum(
                1 for job in snapshot.jobs.values()
                if job.pipeline_id == pipeline_id and not job.archived and not job.deleted and can_see_job(actor, job)
            )
            self._totals = (snapshot.generation, pipeline_id, total)
        return self._totals[2]

    def shown_jobs(self) -> dict[int, Job]:
        """The jobs the columns show now, as shown: their versions are what a change is checked against [R16]."""
        return {job.id: job for jobs in self.jobs_by_stage.values() for job in jobs}

    def shown_ids(self) -> list[int]:
        """The ids of the jobs shown, column by column in the board's order."""
        if self.pipeline is None:
            return []
        return [job.id for stage in self.pipeline.stages for job in self.jobs_by_stage.get(stage.id, [])]

    def _fill_column(
        self, stage_id: int, stage_name: str, jobs: list[Job], snapshot: Snapshot, names: dict[str, str], today: date,
        keep_job_id: int | None,
    ) -> None:
        jobs.sort(key=_card_order)
        column = self.query_one(f"#stage-{stage_id}", CardColumn)
        ordered = list(jobs)
        cards = LazyCards(
            ordered, lambda index: self._card(ordered[index], snapshot, names, today), [job.id for job in ordered],
            token=(self.marks.generation, self._card_context_version),
        )
        if keep_job_id is None or cards.index_of(keep_job_id) is None:
            keep_job_id = column.current.job_id if column.current else None  # each column keeps its own card
        column.set_cards(cards, keep_job_id=keep_job_id)
        title = f"{literal(stage_name)} [dim]{len(jobs)}[/]"
        labels = self.query(f"#title-{stage_id}").results(Label)
        label = next(labels, None)
        if label is None:
            return  # the columns are being rebuilt this moment; the rebuild gives each its title
        if self._titles.get(stage_id) != title:
            label.update(title)
            self._titles[stage_id] = title

    def _forget_cards_if_names_changed(self, snapshot: Snapshot, names: dict[str, str], today: date) -> None:
        """A renamed status, account or user (or a new day, for 'overdue') shows on every card."""
        context = (today, names, dict(snapshot.statuses), {account.id: account.name for account in snapshot.accounts.values()})
        if context != self._card_context:
            self._cards.clear()
            self._card_context = context
            self._card_context_version += 1

    def _card(self, job: Job, snapshot: Snapshot, names: dict[str, str], today: date) -> CardView:
        marked = job.id in self.marks
        cached = self._cards.get(job.id)
        if cached is not None and cached[0] is job and cached[1] == marked:
            return cached[2]
        card = self._new_card(job, snapshot, names, today, marked)
        self._cards[job.id] = (job, marked, card)
        return card

    def _new_card(self, job: Job, snapshot: Snapshot, names: dict[str, str], today: date, marked: bool) -> CardView:
        status = snapshot.statuses.get(job.client_status.status_id) if job.client_status.status_id else None
        account = snapshot.accounts.get(job.account_id)
        return CardView(
            job_id=job.id,
            name=job.name,
            account=account.name if account else "",
            initials=" ".join(_initials(names.get(login, login)) for login in job.assignees),
            due=job.due_date,
            overdue=is_overdue(job, today, finished_stage_ids([snapshot.pipelines[job.pipeline_id]])),
            visible=job.client_status.visible,
            status=status.name if status else None,
            color=status.color if status else None,
            marked=marked,
        )

    # --- Cursor ---------------------------------------------------------------------

    def columns(self) -> list[CardColumn]:
        return list(self.query(CardColumn))

    def focused_column(self) -> CardColumn | None:
        """The active column: the one the cursor is in."""
        columns = self.columns()
        if not columns:
            return None
        return columns[min(self.active_index, len(columns) - 1)]

    def current_job_id(self) -> int | None:
        column = self.focused_column()
        card = column.current if column else None
        return card.job_id if card else None

    def focus_column(self, column: CardColumn | None) -> None:
        """Make ``column`` the active one and scroll the board sideways only if it is out of view."""
        if column is None:
            return
        columns = self.columns()
        self.active_index = columns.index(column)
        for other in columns:
            other.set_active(other is column)
        board = self.query_one("#columns", HorizontalScroll)
        box = column.parent  # the column's box: its title above its cards
        if isinstance(box, Widget) and box.region.width and not board.region.contains_region(box.region):
            board.scroll_to_widget(box, animate=False)
        self.call_after_refresh(self.show_column_indicator)

    def show_column_indicator(self, _scroll_x: float | None = None) -> None:
        """'‹ columns 3–4 of 6 ›' while not every column fits on screen; nothing when all do."""
        board = self.query_one("#columns", HorizontalScroll)
        left, width = board.scroll_x, board.scrollable_content_region.width
        boxes = [column.parent for column in self.columns()]
        shown = [
            number for number, box in enumerate(boxes, start=1)
            if isinstance(box, Widget) and box.virtual_region.width
            and left <= box.virtual_region.x and box.virtual_region.right <= left + width + 1  # + its margin
        ]
        self._put_column_indicator(shown, len(boxes))

    def _put_column_indicator(self, shown: list[int], count: int) -> None:
        text = ""
        searching = self.query_one(FilterBar).searching  # the row is the search box's and the count's then
        if shown and len(shown) < count and not searching:
            first, last = shown[0], shown[-1]
            which = f"column {first}" if first == last else f"columns {first}–{last}"
            text = f"{'‹ ' if first > 1 else ''}{which} of {count}{' ›' if last < count else ''}"
        indicator = self.query_one("#column-indicator", Label)
        if self._indicator != text:
            self._indicator = text
            indicator.update(text)
            indicator.display = bool(text)

    @on(CardColumn.Clicked)
    def column_clicked(self, event: CardColumn.Clicked) -> None:
        self.focus_column(event.column)

    def column_of(self, job_id: int | None) -> CardColumn | None:
        if job_id is None:
            return None
        return next((column for column in self.columns() if column.holds(job_id)), None)

    def action_cursor(self, dx: int, dy: int) -> None:
        columns = self.columns()
        column = self.focused_column() or (columns[0] if columns else None)
        if column is None:
            return
        if dy:
            column.move_cursor(dy)
            return
        index = max(0, min(len(columns) - 1, columns.index(column) + dx))
        target = columns[index]
        target.cursor_to(min(column.cursor, max(0, len(target.cards) - 1)) if target.cards else 0)
        self.focus_column(target)

    def action_cursor_end(self, last: int) -> None:
        column = self.focused_column()
        if column:
            column.cursor_to(len(column.cards) - 1 if last else 0)

    # --- Filters --------------------------------------------------------------------

    @on(FilterBar.Changed)
    def text_changed(self, event: FilterBar.Changed) -> None:
        self.filter = self.filter.with_text(event.text)
        self._seek_card = True
        self.refill()

    def action_text_filter(self) -> None:
        super().action_text_filter()
        self.show_column_indicator()

    def apply_filter(self, chosen: ViewFilter) -> None:
        self._seek_card = True
        super().apply_filter(chosen)

    @on(FilterBar.Submitted)
    def text_done(self) -> None:
        self.set_focus(None)

    def action_filter_panel(self) -> None:
        from wipboard.screens.filter_panel import ask_filter  # the panel's code loads when it is first opened

        ask_filter(self.app, self.filter, self.apply_filter)

    def action_clear(self) -> None:
        """esc: clear the marks, then the filters."""
        bar = self.query_one(FilterBar)
        if self.marks.clear():
            self.notify("Marks cleared")
        elif self.filter.active or bar.searching:
            self.filter = ViewFilter()
            bar.close_search()
            self.notify("Filters cleared")
        else:
            return
        if bar.box.has_focus:
            self.set_focus(None)
        self._seek_card = True
        self.refill()

    # --- Actions on jobs (board_actions.py) -----------------------------------------------

    def action_move_step(self, step: int, automations: bool) -> None:
        self.actions.move_step(step, automations)

    def action_move_pick(self) -> None:
        self.actions.move_pick()

    def action_open_card(self) -> None:
        self.actions.open_card()

    def action_edit(self) -> None:
        self.actions.edit()

    def action_mark(self) -> None:
        self.actions.mark()

    def action_mark_all(self) -> None:
        self.actions.mark_all()

    def action_undo(self) -> None:
        self.actions.undo()

    def action_flag(self, action: FlagAction) -> None:
        self.actions.flag(action)

    def action_new_job(self) -> None:
        self.actions.new_job()

    def action_pick_pipeline(self) -> None:
        self.actions.pick_pipeline()

    # --- Live updates (R16) ---------------------------------------------------------

    class SnapshotRead(Message):
        """A worker has read the firm file anew: the columns are to show it."""

        def __init__(self, snapshot: Snapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    def refill_in_background(self) -> None:
        self._reload_worker()

    @work(thread=True, exclusive=True, group="board-reload")
    @reports_store_errors
    def _reload_worker(self) -> None:
        self.post_message(self.SnapshotRead(self.session.snapshot()))

    @on(SnapshotRead)
    def snapshot_read(self, message: SnapshotRead) -> None:
        self.refill(message.snapshot)


def columns_that_fit(board_width: int, count: int) -> int:
    """How many of ``count`` columns are shown whole side by side, each at least MIN_COLUMN wide."""
    return max(1, min(count, max(board_width, MIN_COLUMN) // MIN_COLUMN))


def column_width(board_width: int, count: int) -> int:
    """As many whole columns as fit (each at least MIN_COLUMN wide, one cell between), sharing the width evenly."""
    return max(MIN_COLUMN - 1, max(board_width, MIN_COLUMN) // columns_that_fit(board_width, count) - 1)


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper()


def _card_order(job: Job) -> tuple[int, date, int]:
    """Urgent first, then the earliest due date, then the oldest job."""
    return URGENCY[job.priority], job.due_date or date.max, job.id

