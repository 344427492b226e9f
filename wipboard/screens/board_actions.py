"""What the board does to the job under the cursor or to the marked jobs: moves with their
automations (R4) through the one move flow (``ask_move``), bulk edit of the client status (R6),
marks, archive and delete (R7), undo (R15), a new job, another pipeline.

``BoardActions`` is owned by the board (``board.actions``); the board's key actions call it.
Each operation is one service call — one transaction and one undo step — run by the board's
``OperationRunner`` (in the background over a few hundred jobs, and for every undo), followed
by a redraw of only what changed where that is cheap (a move redraws two columns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wipboard.store.fields import Via
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import FlagAction, set_flag
from wipboard.store.services.operation import OperationResult
from wipboard.store.wording import counted
from wipboard.tui.kit.first_steps import no_accounts_hint
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.operations import OperationRequest

if TYPE_CHECKING:
    from wipboard.screens.board import BoardScreen

REDRAW_FEW = 50  # up to this many changed jobs, redraw only their columns


class BoardActions:
    """The board's actions on jobs; ``board`` holds the marks, the columns and the runner."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    def chosen(self) -> list[int]:
        """The jobs an action applies to: the marked ones, else the one under the cursor."""
        if self.board.marks:
            return self.board.marks.in_order(self.board.shown_ids())
        job_id = self.board.current_job_id()
        return [job_id] if job_id is not None else []

    def chosen_or_say_why_not(self, verb: str) -> list[int]:
        """``chosen()``; when that is nothing (an empty column), a sentence saying so instead of silence."""
        job_ids = self.chosen()
        if not job_ids:
            self.say_why_nothing(verb)
        return job_ids

    def say_why_nothing(self, verb: str) -> None:
        if any(column.cards for column in self.board.columns()):
            self.board.notify(f"Nothing to {verb}: this column has no jobs. h and l go to another column.", severity="warning")
        else:
            self.board.notify(f"Nothing to {verb}: no jobs are shown.", severity="warning")

    # --- Moving: one flow for every move, ask_move ---------------------------------------

    def move_step(self, step: int, automations: bool) -> None:
        """H/L (and < > without automations): the job under the cursor — or the marked jobs, when
        they are all in one stage — to the next or previous stage."""
        board = self.board
        if board.pipeline is None:
            return
        job_ids = self.chosen_or_say_why_not("move")
        if not job_ids:
            return
        jobs = board.session.snapshot().jobs
        stages = {jobs[job_id].stage_id for job_id in job_ids if job_id in jobs}
        if len(stages) != 1:
            board.notify(f"The marked jobs are in {len(stages)} stages: m moves them all to one stage.", severity="warning")
            return
        stage_ids = [stage.id for stage in board.pipeline.stages]
        from_stage = stages.pop()
        index = stage_ids.index(from_stage) + step if from_stage in stage_ids else -1
        if not 0 <= index < len(stage_ids):
            board.notify("No stage further that way.", severity="warning")
            return
        self.move(job_ids, stage_ids[index], automations)

    def move_pick(self) -> None:
        from wipboard.screens.stage_picker import StagePicker

        board = self.board
        job_ids = self.chosen_or_say_why_not("move")
        pipeline = board.pipeline
        if not job_ids or pipeline is None or board.operations.still_busy():
            return
        column = board.focused_column()

        def chosen(choice: tuple[int, bool] | None) -> None:
            if choice is not None:
                self.move(job_ids, choice[0], choice[1])

        current = None if board.marks else (column.stage_id if column else None)
        board.app.push_screen(StagePicker(pipeline, current), chosen)

    def move(self, job_ids: list[int], stage_id: int, automations: bool) -> None:
        from wipboard.screens.move_preview import ask_move

        if self.board.pipeline is not None:
            versions = self.board.marks.versions(job_ids, self.board.shown_jobs())
            ask_move(self.board.operations, self.board.pipeline, job_ids, stage_id,
                     automations=automations, expected_versions=versions)

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        """Redraw what changed: for a few jobs only the columns they left or entered; the marks
        acted on are cleared; a moved job takes the cursor with it."""
        board = self.board
        if board.marks.ids & set(request.job_ids):
            board.marks.drop(request.job_ids)
            board.refill(keep_job_id=request.follow)
            return
        if not result.jobs or len(result.jobs) > REDRAW_FEW:
            board.refill(keep_job_id=request.follow)
            return
        if board.session.snapshot().generation == board.shown_generation + 1:
            board.shown_generation += 1  # ours was the only change: the columns it touched are all to redraw
        board.refill_jobs(result.jobs, keep_job_id=request.follow)
        if request.follow is not None:
            board.focus_column(board.column_of(request.follow))

    # --- Marks ----------------------------------------------------------------------

    def mark(self) -> None:
        board = self.board
        job_id = board.current_job_id()
        job = board.shown_jobs().get(job_id) if job_id is not None else None
        if job is None:
            return
        board.marks.toggle(job)
        board.refill()
        column = board.focused_column()
        if column is not None:
            column.move_cursor(1)

    def mark_all(self) -> None:
        board = self.board
        board.marks.mark_all(board.shown_jobs().values())
        board.refill()
        board.notify(f"Marked {len(board.marks)} jobs · e edits their client status, m moves them, a/d archive or delete them, esc clears")

    # --- Other actions --------------------------------------------------------------

    def open_card(self) -> None:
        from wipboard.screens.job_card import JobCardScreen

        job_id = self.board.current_job_id()
        if job_id is None:
            self.say_why_nothing("open")
        else:
            self.board.app.push_screen(JobCardScreen(job_id), lambda _: self.board.refill())

    def edit(self) -> None:
        """e: the client status of every marked job at once [R6]; with no marks, the card of the job under the cursor."""
        from wipboard.screens.bulk_edit import ask_bulk_edit

        board = self.board
        if not board.marks:
            self.open_card()
            return
        marked = self.chosen()
        versions = board.marks.versions(marked, board.shown_jobs())
        session = board.session

        def apply(edit: BulkEdit) -> None:
            board.operations.run(OperationRequest(
                "Saving the client status", marked,
                lambda: bulk_edit(session.repo, session.actor, marked, edit, expected_versions=versions),
            ))

        if not board.operations.still_busy():
            ask_bulk_edit(board.app, marked, apply)

    def undo(self) -> None:
        """Always in the background: an undo's size is known only once it runs."""
        session = self.board.session
        self.board.operations.run(
            OperationRequest("Undoing your last operation", [], lambda: undo_last(session.repo, session.actor), undo_hint=False),
            background=True,
        )

    def flag(self, action: FlagAction) -> None:
        from wipboard.screens.confirm import ConfirmScreen

        board = self.board
        job_ids = self.chosen_or_say_why_not(action)
        if not job_ids:
            return
        verb = "Archive" if action == "archive" else "Delete"
        jobs = board.session.snapshot().jobs
        if board.marks:
            question = f"{verb} the {counted(len(job_ids), 'marked job')}? They leave the client portal at once."
        elif job_ids[0] in jobs:
            job = jobs[job_ids[0]]
            question = f"{verb} #{job.id} {literal(job.name)}? It leaves the client portal at once."
        else:
            board.refill()  # purged elsewhere
            return
        versions = board.marks.versions(job_ids, board.shown_jobs())
        session = board.session
        via: Via = "bulk" if board.marks else "card"

        def confirmed(yes: bool | None) -> None:
            if yes:
                board.operations.run(OperationRequest(
                    verb, job_ids,
                    lambda: set_flag(session.repo, session.actor, job_ids, action, via=via, expected_versions=versions),
                ))

        if not board.operations.still_busy():
            board.app.push_screen(ConfirmScreen(question, verb), confirmed)

    def new_job(self) -> None:
        from wipboard.screens.new_job import NewJobScreen

        board = self.board
        if board.pipeline is None:
            return
        if not board.session.snapshot().accounts:
            board.notify(no_accounts_hint(board.session.actor), severity="warning", timeout=12)
            return
        column = board.focused_column()

        def created(job_id: int | None) -> None:
            board.refill(keep_job_id=job_id)
            board.focus_column(board.column_of(job_id))

        board.app.push_screen(NewJobScreen(board.pipeline.id, column.stage_id if column else None), created)

    def pick_pipeline(self) -> None:
        from wipboard.screens.pipeline_picker import PipelinePicker

        self.board.app.push_screen(PipelinePicker(), lambda chosen: self.board.show_pipeline(chosen) if chosen else None)
