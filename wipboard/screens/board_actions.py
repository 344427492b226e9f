"""What the board does to the job under the cursor or to the marked jobs: moves with their
automations (R4) and the preview a pipeline may ask for, bulk edit of the client status (R6),
marks, archive and delete (R7), undo (R15), a new job, another pipeline.

Each is one service call — one transaction and one undo step — followed by a redraw of
only what changed where that is cheap (a move redraws two columns).
"""

from __future__ import annotations

from wipboard.store.errors import StoreError
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import FlagAction, set_flag
from wipboard.store.services.moves import move_jobs, preview_move
from wipboard.tui.markup import literal


class BoardActions:
    """Mixed into ``BoardScreen``: needs its ``pipeline``, ``marked``, ``jobs_by_stage``, columns and
    ``refill``/``refill_jobs``."""

    # --- Moving ---------------------------------------------------------------------

    def action_move_step(self, step: int, automations: bool) -> None:
        job_id = self.current_job_id()
        if job_id is None or self.pipeline is None:
            return
        column = self.focused_column()
        stage_ids = [stage.id for stage in self.pipeline.stages]
        index = stage_ids.index(column.stage_id) + step  # type: ignore[union-attr]
        if not 0 <= index < len(stage_ids):
            self.notify("No stage further that way.", severity="warning")
            return
        self.move(job_id, stage_ids[index], automations)

    def action_move_pick(self) -> None:
        from wipboard.screens.stage_picker import StagePicker

        job_id = self.current_job_id()
        marked = self.marked_shown()
        if (job_id is None and not marked) or self.pipeline is None:
            return
        column = self.focused_column()

        def chosen(choice: tuple[int, bool] | None) -> None:
            if choice is None:
                return
            if marked:
                self.move_marked(marked, choice[0], choice[1])
            else:
                self.move(job_id, choice[0], choice[1])  # type: ignore[arg-type]

        current = None if marked else (column.stage_id if column else None)
        self.app.push_screen(StagePicker(self.pipeline, current), chosen)

    def move_marked(self, job_ids: list[int], stage_id: int, automations: bool) -> None:
        """Move every marked job in one operation (one undo), after a confirmation if the pipeline asks."""
        from wipboard.screens.confirm import ConfirmScreen

        def go(yes: bool | None = True) -> None:
            if not yes:
                return
            session = self.app.session  # type: ignore[attr-defined]
            versions = {job_id: version for job_id in job_ids if (version := self._shown_version(job_id)) is not None}
            try:
                result = move_jobs(
                    session.repo, session.actor, job_ids, stage_id, run_automations_on_entry=automations, via="bulk",
                    expected_versions=versions,
                )
            except StoreError as error:
                self.notify(str(error), severity="error", timeout=10)
                self.refill()
                return
            moved = sum(1 for message in result.messages if message.startswith("Moved"))
            self.notify(f"Moved {moved} marked job(s) · u undoes them together")
            self.marked.clear()
            self._marks_version += 1
            self.refill()

        if automations and self.pipeline and self.pipeline.confirm_automations_on_move:
            stage = self.pipeline.stage(stage_id)
            question = f"Move {len(job_ids)} marked jobs to {literal(stage.name) if stage else 'that stage'} and run its automations?"
            self.app.push_screen(ConfirmScreen(question, "Move"), go)
            return
        go()

    def move(self, job_id: int, stage_id: int, automations: bool) -> None:
        """Move a job, first showing what the automations will do if the pipeline asks for it."""
        session = self.app.session  # type: ignore[attr-defined]
        if automations and self.pipeline and self.pipeline.confirm_automations_on_move:
            try:
                preview = preview_move(session.repo, session.actor, job_id, stage_id)
            except StoreError as error:
                self.notify(str(error), severity="error", timeout=8)
                return
            if preview.summaries:
                from wipboard.screens.move_preview import MovePreviewScreen

                def decided(choice: str | None) -> None:
                    if choice in ("apply", "skip"):
                        self.apply_move(job_id, stage_id, choice == "apply")

                self.app.push_screen(MovePreviewScreen([preview]), decided)
                return
        self.apply_move(job_id, stage_id, automations)

    def apply_move(self, job_id: int, stage_id: int, automations: bool) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        shown = self._shown_version(job_id)
        before = self.shown_generation
        try:
            result = move_jobs(
                session.repo, session.actor, [job_id], stage_id, run_automations_on_entry=automations, via="card",
                expected_versions={job_id: shown} if shown is not None else None,
            )
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            self.refill()
            return
        self.notify(" · ".join(result.messages) or f"Moved #{job_id}")
        if session.snapshot().generation == before + 1:
            self.shown_generation = before + 1  # ours was the only change: the columns it touched are all to redraw
        self.refill_jobs(result.jobs, keep_job_id=job_id)
        self.focus_column(self._column_of(job_id))

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

        def apply(edit: BulkEdit) -> None:
            session = self.app.session  # type: ignore[attr-defined]
            try:
                result = bulk_edit(session.repo, session.actor, marked, edit, expected_versions=versions)
            except StoreError as error:
                self.notify(f"Nothing was changed: {error}", severity="error", timeout=12)
                self.refill()
                return
            self.notify(" · ".join(result.messages) + " · u undoes it")
            self.marked.clear()
            self._marks_version += 1
            self.refill()

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
        session = self.app.session  # type: ignore[attr-defined]
        try:
            result = undo_last(session.repo, session.actor)
        except StoreError as error:
            self.notify(str(error), severity="warning", timeout=8)
            return
        self.notify(" · ".join(result.messages))
        self.refill()

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

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            session = self.app.session  # type: ignore[attr-defined]
            try:
                result = set_flag(session.repo, session.actor, job_ids, action, via="bulk" if marked else "card")
            except StoreError as error:
                self.notify(str(error), severity="error", timeout=8)
                return
            self.notify(" · ".join(result.messages) + " · u to undo")
            if marked:
                self.marked.clear()
                self._marks_version += 1
            self.refill()

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
