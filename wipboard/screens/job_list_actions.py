"""What the job list does to the marked jobs (or the one under the cursor): bulk edit of the
client status (R6), move with automations (R4), assign, archive, delete, restore (R7), undo (R15).

Each is one service call, so one transaction and one undo step, run as ``wipboard/tui/kit/operations.py``
says: over a few hundred jobs (and every undo) in the background, the list showing a spinner.
"""

from __future__ import annotations

from wipboard.store.services.client_status import bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import FlagAction, assign_jobs, set_flag
from wipboard.store.services.operation import OperationResult
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.operations import OperationRequest, RunsOperations


class JobListActions(RunsOperations):
    """Mixed into ``JobListScreen``: needs its ``marked``, ``jobs``, ``refill``, ``marked_or_current``
    and ``show_progress``."""

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        self.marked.difference_update(request.job_ids)  # type: ignore[attr-defined]  # marks made meanwhile stay
        self.refill()  # type: ignore[attr-defined]

    def shown_versions(self, job_ids: list[int]) -> dict[int, int]:
        """The version of each job as the user saw it: on screen now, or when it was marked for a
        marked job the filter hides. A job changed since is a conflict (R16)."""
        versions = {}
        for job_id in job_ids:
            shown = self.jobs.get(job_id)  # type: ignore[attr-defined]
            version = shown.version if shown is not None else self.mark_versions.get(job_id)  # type: ignore[attr-defined]
            if version is not None:
                versions[job_id] = version
        return versions

    @property
    def session(self):  # noqa: ANN201
        return self.app.session  # type: ignore[attr-defined]

    # --- Client status (R6) -----------------------------------------------------------

    def action_edit(self) -> None:
        """e: the marked jobs in the bulk editor; with no marks, the job under the cursor on its card."""
        if self.still_busy():
            return
        from wipboard.screens.bulk_edit import ask_bulk_edit

        if not self.marked:  # type: ignore[attr-defined]
            self.action_open_card()
            return
        job_ids = self.marked_or_current()  # type: ignore[attr-defined]
        versions = self.shown_versions(job_ids)
        ask_bulk_edit(
            self.app,  # type: ignore[attr-defined]
            job_ids,
            lambda edit: self.run_operation(OperationRequest(
                "Saving the client status", job_ids,
                lambda: bulk_edit(self.session.repo, self.session.actor, job_ids, edit, expected_versions=versions),
            )),
        )

    def action_open_card(self) -> None:
        from wipboard.screens.job_card import JobCardScreen

        job_id = self.current_job_id()  # type: ignore[attr-defined]
        if job_id is not None:
            self.app.push_screen(JobCardScreen(job_id), lambda _: self.refill())  # type: ignore[attr-defined]

    # --- Moves (R4) -------------------------------------------------------------------

    def action_move(self) -> None:
        if self.still_busy():
            return
        from wipboard.screens.stage_picker import StagePicker

        job_ids = self.marked_or_current()  # type: ignore[attr-defined]
        if not job_ids:
            return
        snapshot = self.session.snapshot()
        pipelines = {snapshot.jobs[job_id].pipeline_id for job_id in job_ids if job_id in snapshot.jobs}
        if not pipelines:
            self.notify("Those jobs no longer exist (purged elsewhere).", severity="warning")  # type: ignore[attr-defined]
            self.refill()  # type: ignore[attr-defined]
            return
        if len(pipelines) != 1:
            self.notify(  # type: ignore[attr-defined]
                f"The marked jobs are in {len(pipelines)} pipelines; a move goes to one pipeline's stage. "
                "Filter by pipeline (f) and mark again.", severity="warning", timeout=8,
            )
            return
        pipeline = snapshot.pipelines[pipelines.pop()]
        current = snapshot.jobs[job_ids[0]].stage_id if len(job_ids) == 1 else None

        def chosen(choice: tuple[int, bool] | None) -> None:
            if choice is not None:
                from wipboard.screens.move_preview import ask_move

                ask_move(self, pipeline, job_ids, choice[0], automations=choice[1], expected_versions=self.shown_versions(job_ids))

        self.app.push_screen(StagePicker(pipeline, current), chosen)  # type: ignore[attr-defined]

    # --- Assign, archive, delete, restore ----------------------------------------------

    def action_assign(self) -> None:
        if self.still_busy():
            return
        from wipboard.screens.assign_picker import AssignPicker

        job_ids = self.marked_or_current()  # type: ignore[attr-defined]
        if not job_ids:
            return
        versions = self.shown_versions(job_ids)

        def chosen(choice: tuple[list[str], list[str]] | None) -> None:
            if choice is not None:
                add, remove = choice
                self.run_operation(OperationRequest(
                    "Assigning", job_ids,
                    lambda: assign_jobs(
                        self.session.repo, self.session.actor, job_ids, add=add, remove=remove, expected_versions=versions
                    ),
                ))

        self.app.push_screen(AssignPicker(len(job_ids)), chosen)  # type: ignore[attr-defined]

    def action_archive(self) -> None:
        if self.view == "trash":  # type: ignore[attr-defined]
            self.notify("Jobs in the trash are restored (r), not archived.", severity="warning")  # type: ignore[attr-defined]
            return
        self.flag("unarchive" if self.view == "archived" else "archive")  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        if self.view == "trash":  # type: ignore[attr-defined]
            self.notify("Already in the trash; r restores.", severity="warning")  # type: ignore[attr-defined]
            return
        self.flag("delete")

    def action_restore(self) -> None:
        if self.view != "trash":  # type: ignore[attr-defined]
            self.notify("r restores jobs from the trash: ] switches to the Trash view.", severity="warning")  # type: ignore[attr-defined]
            return
        if not self.session.actor.is_manager:
            self.notify("Only the owner and admins restore jobs from the trash.", severity="warning")  # type: ignore[attr-defined]
            return
        self.flag("restore")

    def flag(self, action: FlagAction) -> None:
        if self.still_busy():
            return
        from wipboard.screens.confirm import ConfirmScreen

        job_ids = self.marked_or_current()  # type: ignore[attr-defined]
        if not job_ids:
            return
        verb = action.capitalize()
        snapshot = self.session.snapshot()
        if not self.marked and job_ids[0] not in snapshot.jobs:  # type: ignore[attr-defined]
            self.notify(f"#{job_ids[0]} no longer exists (purged elsewhere).", severity="warning")  # type: ignore[attr-defined]
            self.refill()  # type: ignore[attr-defined]
            return
        what = f"the {len(job_ids)} marked jobs" if self.marked else f"#{job_ids[0]} {snapshot.jobs[job_ids[0]].name}"  # type: ignore[attr-defined]
        versions = self.shown_versions(job_ids)
        via = "bulk" if len(job_ids) > 1 else "card"
        effect = {
            "archive": "They leave the client portal at once.",
            "delete": "They go to the trash and leave the client portal at once.",
            "unarchive": "Their client status shows again where it was shown.",
            "restore": "Their client status shows again where it was shown.",
        }[action]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_operation(OperationRequest(
                    verb, job_ids,
                    lambda: set_flag(self.session.repo, self.session.actor, job_ids, action, via=via, expected_versions=versions),
                ))

        self.app.push_screen(ConfirmScreen(literal(f"{verb} {what}? {effect}"), verb), confirmed)  # type: ignore[attr-defined]

    # --- Undo, new job ----------------------------------------------------------------

    def action_undo(self) -> None:
        """Always in the background: an undo's size is known only once it runs."""
        self.run_operation(
            OperationRequest("Undoing your last operation", [], lambda: undo_last(self.session.repo, self.session.actor),
                             undo_hint=False),
            background=True,
        )

    def action_new_job(self) -> None:
        from wipboard.screens.new_job import NewJobScreen

        snapshot = self.session.snapshot()
        stage_id = self.filter.stage_id  # type: ignore[attr-defined]
        stage_pipeline = next(
            (pipeline.id for pipeline in snapshot.pipelines.values() if pipeline.stage(stage_id or 0) is not None), None
        )
        pipeline_id = stage_pipeline or self.filter.pipeline_id or self.session.pipeline_id  # type: ignore[attr-defined]
        if pipeline_id not in snapshot.pipelines:
            pipeline_id = min(snapshot.pipelines.values(), key=lambda item: item.position).id if snapshot.pipelines else None
        if pipeline_id is None:
            self.notify("This firm has no pipelines yet.", severity="warning")  # type: ignore[attr-defined]
            return
        self.app.push_screen(  # type: ignore[attr-defined]
            NewJobScreen(pipeline_id, stage_id if stage_pipeline else None),
            lambda job_id: self.refill(keep_job_id=job_id),  # type: ignore[attr-defined]
        )
