"""What the board does to the job under the cursor or to the marked jobs: moves with their
automations (R4) through the one move flow (``ask_move``), bulk edit of the client status (R6),
marks, archive and delete (R7), undo (R15), a new job, another pipeline.

Each is one service call — one transaction and one undo step — run as ``wipboard/tui/kit/operations.py``
says (in the background over a few hundred jobs, and for every undo), followed by a redraw of
only what changed where that is cheap (a move redraws two columns).
"""

from __future__ import annotations

from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import FlagAction, set_flag
from wipboard.store.services.operation import OperationResult
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.operations import OperationRequest, RunsOperations

REDRAW_FEW = 50  # up to this many changed jobs, redraw only their columns


class BoardActions(RunsOperations):
    """Mixed into ``BoardScreen``: needs its ``pipeline``, ``marked``, ``jobs_by_stage``, columns,
    ``show_progress`` and ``refill``/``refill_jobs``."""

    # --- Moving: one flow for every move, ask_move ---------------------------------------

    def action_move_step(self, step: int, automations: bool) -> None:
        """H/L (and < > without automations): the job under the cursor — or the marked jobs, when
        they are all in one stage — to the next or previous stage."""
        if self.pipeline is None:
            return
        marked = self.marked_shown()
        if marked:
            stages = {job.stage_id for jobs in self.jobs_by_stage.values() for job in jobs if job.id in self.marked}
            if len(stages) != 1:
                self.notify(f"The marked jobs are in {len(stages)} stages: m moves them all to one stage.", severity="warning")
                return
            from_stage = stages.pop()
        else:
            column = self.focused_column()
            if self.current_job_id() is None or column is None:
                return
            from_stage = column.stage_id
        stage_ids = [stage.id for stage in self.pipeline.stages]
        index = stage_ids.index(from_stage) + step
        if not 0 <= index < len(stage_ids):
            self.notify("No stage further that way.", severity="warning")
            return
        self.move(marked or [self.current_job_id()], stage_ids[index], automations)  # type: ignore[list-item]

    def action_move_pick(self) -> None:
        from wipboard.screens.stage_picker import StagePicker

        job_id = self.current_job_id()
        marked = self.marked_shown()
        if (job_id is None and not marked) or self.pipeline is None or self.still_busy():
            return
        column = self.focused_column()
        job_ids = marked or [job_id]

        def chosen(choice: tuple[int, bool] | None) -> None:
            if choice is not None:
                self.move(job_ids, choice[0], choice[1])  # type: ignore[arg-type]

        current = None if marked else (column.stage_id if column else None)
        self.app.push_screen(StagePicker(self.pipeline, current), chosen)

    def move(self, job_ids: list[int], stage_id: int, automations: bool) -> None:
        from wipboard.screens.move_preview import ask_move

        if self.pipeline is None:
            return
        versions = {job_id: version for job_id in job_ids if (version := self._shown_version(job_id)) is not None}
        ask_move(self, self.pipeline, job_ids, stage_id, automations=automations, expected_versions=versions)

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        """Redraw what changed: for a few jobs only the columns they left or entered; the marks
        acted on are cleared; a moved job takes the cursor with it."""
        if self.marked & set(request.job_ids):
            self.marked.difference_update(request.job_ids)
            self._marks_version += 1
            self.refill(keep_job_id=request.follow)
            return
        session = self.app.session  # type: ignore[attr-defined]
        if not result.jobs or len(result.jobs) > REDRAW_FEW:
            self.refill(keep_job_id=request.follow)
            return
        if session.snapshot().generation == self.shown_generation + 1:
            self.shown_generation += 1  # ours was the only change: the columns it touched are all to redraw
        self.refill_jobs(result.jobs, keep_job_id=request.follow)
        if request.follow is not None:
            self.focus_column(self._column_of(request.follow))

    def _shown_version(self, job_id: int) -> int | None:
        """The version of the job as the board shows it: moving it is refused if it changed since (R16)."""
        for jobs in self.jobs_by_stage.values():
            for job in jobs:
                if job.id == job_id:
                    return job.version
        return None

    # --- Other actions --------------------------------------------------------------

    def action_open_card(self) -> None:
        from wipboard.screens.job_card import JobCardScreen

        job_id = self.current_job_id()
        if job_id is not None:
            self.app.push_screen(JobCardScreen(job_id), lambda _: self.refill())

    def action_edit(self) -> None:
        """e: the client status of every marked job at once (R6); with no marks, the card of the job under the cursor."""
        from wipboard.screens.bulk_edit import ask_bulk_edit

        marked = self.marked_shown()
        if not marked:
            self.action_open_card()
            return
        versions = {job_id: version for job_id in marked if (version := self._shown_version(job_id)) is not None}

        session = self.app.session  # type: ignore[attr-defined]

        def apply(edit: BulkEdit) -> None:
            self.run_operation(OperationRequest(
                "Saving the client status", marked,
                lambda: bulk_edit(session.repo, session.actor, marked, edit, expected_versions=versions),
            ))

        if not self.still_busy():
            ask_bulk_edit(self.app, marked, apply)

    def marked_shown(self) -> list[int]:
        """The marked jobs the board shows now (marks survive filters; hidden ones are left alone)."""
        return [job.id for jobs in self.jobs_by_stage.values() for job in jobs if job.id in self.marked]

    def action_mark_all(self) -> None:
        self.marked = {job.id for jobs in self.jobs_by_stage.values() for job in jobs}
        self._marks_version += 1
        self.refill()
        self.notify(f"Marked {len(self.marked)} jobs · e edits their client status, m moves them, a/d archive or delete them, esc clears")

    def action_mark(self) -> None:
        job_id = self.current_job_id()
        if job_id is None:
            return
        self.marked ^= {job_id}
        self._marks_version += 1
        self.refill()
        self.focused_column().move_cursor(1)  # type: ignore[union-attr]

    def action_undo(self) -> None:
        """Always in the background: an undo's size is known only once it runs."""
        session = self.app.session  # type: ignore[attr-defined]
        self.run_operation(
            OperationRequest("Undoing your last operation", [], lambda: undo_last(session.repo, session.actor), undo_hint=False),
            background=True,
        )

    def action_flag(self, action: FlagAction) -> None:
        from wipboard.screens.confirm import ConfirmScreen

        job_id = self.current_job_id()
        marked = self.marked_shown()
        if job_id is None and not marked:
            return
        job_ids = marked or [job_id]
        verb = "Archive" if action == "archive" else "Delete"
        if marked:
            question = f"{verb} the {len(marked)} marked jobs? They leave the client portal at once."
        else:
            job = self.app.session.snapshot().jobs[job_id]  # type: ignore[attr-defined]
            question = f"{verb} #{job.id} {literal(job.name)}? It leaves the client portal at once."

        session = self.app.session  # type: ignore[attr-defined]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_operation(OperationRequest(
                    verb, job_ids, lambda: set_flag(session.repo, session.actor, job_ids, action, via="bulk" if marked else "card"),
                ))

        if not self.still_busy():
            self.app.push_screen(ConfirmScreen(question, verb), confirmed)

    def action_new_job(self) -> None:
        from wipboard.screens.new_job import NewJobScreen

        if self.pipeline is None:
            return
        column = self.focused_column()

        def created(job_id: int | None) -> None:
            self.refill(keep_job_id=job_id)
            self.focus_column(self._column_of(job_id))

        self.app.push_screen(NewJobScreen(self.pipeline.id, column.stage_id if column else None), created)

    def action_pick_pipeline(self) -> None:
        from wipboard.screens.pipeline_picker import PipelinePicker

        self.app.push_screen(PipelinePicker(), lambda chosen: self.show_pipeline(chosen) if chosen else None)
