"""What the job list does to the marked jobs (or the one under the cursor): bulk edit of the
client status (R6), move with automations (R4), assign, archive, delete, restore (R7), undo (R15).

``JobListActions`` is owned by the list (``job_list.actions``); the list's key actions call it.
Each operation is one service call, so one transaction and one undo step, run by the list's
``OperationRunner``: over a few hundred jobs (and every undo) in the background, with a spinner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wipboard.store.fields import Via
from wipboard.store.services.client_status import bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import FlagAction, assign_jobs, set_flag
from wipboard.store.services.operation import OperationResult
from wipboard.store.wording import counted
from wipboard.tui.kit.first_steps import no_accounts_hint
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.operations import OperationRequest

if TYPE_CHECKING:
    from wipboard.screens.job_list import JobListScreen

FLAG_EFFECTS: dict[FlagAction, str] = {
    "archive": "They leave the client portal at once.",
    "delete": "They go to the trash and leave the client portal at once.",
    "unarchive": "Their client status shows again where it was shown.",
    "restore": "Their client status shows again where it was shown.",
}


class JobListActions:
    """The list's actions on jobs; ``job_list`` holds the marks, the rows and the runner."""

    def __init__(self, job_list: JobListScreen) -> None:
        self.job_list = job_list

    def chosen(self) -> list[int]:
        """The jobs an action applies to: the marked ones, else the one under the cursor."""
        job_list = self.job_list
        if job_list.marks:
            return job_list.marks.in_order(job_list.table.rows.job_ids)
        job_id = job_list.current_job_id()
        return [job_id] if job_id is not None else []

    def ready_to_act_on(self) -> list[int]:
        """``chosen()``, or none while an operation still runs (said before any picker opens)."""
        if self.job_list.operations.still_busy():
            return []
        return self.chosen()

    def versions(self, job_ids: list[int]) -> dict[int, int]:
        return self.job_list.marks.versions(job_ids, self.job_list.jobs)

    def after_operation(self, request: OperationRequest, result: OperationResult) -> None:
        self.job_list.marks.drop(request.job_ids)  # marks made meanwhile stay
        self.job_list.refill()

    # --- Client status (R6) -----------------------------------------------------------

    def edit(self) -> None:
        """e: the marked jobs in the bulk editor; with no marks, the job under the cursor on its card."""
        from wipboard.screens.bulk_edit import ask_bulk_edit

        job_list = self.job_list
        if job_list.operations.still_busy():
            return
        if not job_list.marks:
            self.open_card()
            return
        job_ids = self.chosen()
        versions = self.versions(job_ids)
        session = job_list.session
        ask_bulk_edit(
            job_list.app,
            job_ids,
            lambda edit: job_list.operations.run(OperationRequest(
                "Saving the client status", job_ids,
                lambda: bulk_edit(session.repo, session.actor, job_ids, edit, expected_versions=versions),
            )),
        )

    def open_card(self) -> None:
        from wipboard.screens.job_card import JobCardScreen

        job_id = self.job_list.current_job_id()
        if job_id is not None:
            self.job_list.app.push_screen(JobCardScreen(job_id), lambda _: self.job_list.refill())

    # --- Moves (R4) -------------------------------------------------------------------

    def move(self) -> None:
        from wipboard.screens.move_preview import ask_move
        from wipboard.screens.stage_picker import StagePicker

        job_list = self.job_list
        job_ids = self.ready_to_act_on()
        if not job_ids:
            return
        snapshot = job_list.session.snapshot()
        pipelines = {snapshot.jobs[job_id].pipeline_id for job_id in job_ids if job_id in snapshot.jobs}
        if not pipelines:
            job_list.notify("Those jobs no longer exist (purged elsewhere).", severity="warning")
            job_list.refill()
            return
        if len(pipelines) != 1:
            job_list.notify(
                f"The marked jobs are in {len(pipelines)} pipelines; a move goes to one pipeline's stage. "
                "Filter by pipeline (f) and mark again.", severity="warning", timeout=8,
            )
            return
        pipeline = snapshot.pipelines[pipelines.pop()]
        current = snapshot.jobs[job_ids[0]].stage_id if len(job_ids) == 1 else None

        def chosen(choice: tuple[int, bool] | None) -> None:
            if choice is not None:
                ask_move(job_list.operations, pipeline, job_ids, choice[0], automations=choice[1],
                         expected_versions=self.versions(job_ids))

        job_list.app.push_screen(StagePicker(pipeline, current), chosen)

    # --- Assign, archive, delete, restore ----------------------------------------------

    def assign(self) -> None:
        from wipboard.screens.assign_picker import AssignPicker

        job_list = self.job_list
        job_ids = self.ready_to_act_on()
        if not job_ids:
            return
        versions = self.versions(job_ids)
        session = job_list.session

        def chosen(choice: tuple[list[str], list[str]] | None) -> None:
            if choice is not None:
                add, remove = choice
                job_list.operations.run(OperationRequest(
                    "Assigning", job_ids,
                    lambda: assign_jobs(session.repo, session.actor, job_ids, add=add, remove=remove, expected_versions=versions),
                ))

        job_list.app.push_screen(AssignPicker(len(job_ids)), chosen)

    def archive(self) -> None:
        view = self.job_list.view
        if view == "trash":
            self.job_list.notify("Jobs in the trash are restored (r), not archived.", severity="warning")
            return
        self.flag("unarchive" if view == "archived" else "archive")

    def delete(self) -> None:
        if self.job_list.view == "trash":
            self.job_list.notify("Already in the trash; r restores.", severity="warning")
            return
        self.flag("delete")

    def restore(self) -> None:
        job_list = self.job_list
        if job_list.view != "trash":
            job_list.notify("r restores jobs from the trash: ] switches to the Trash view.", severity="warning")
            return
        if not job_list.session.actor.is_manager:
            job_list.notify("Only the owner and admins restore jobs from the trash.", severity="warning")
            return
        self.flag("restore")

    def flag(self, action: FlagAction) -> None:
        from wipboard.screens.confirm import ConfirmScreen

        job_list = self.job_list
        job_ids = self.ready_to_act_on()
        if not job_ids:
            return
        verb = action.capitalize()
        snapshot = job_list.session.snapshot()
        if not job_list.marks and job_ids[0] not in snapshot.jobs:
            job_list.notify(f"#{job_ids[0]} no longer exists (purged elsewhere).", severity="warning")
            job_list.refill()
            return
        what = f"the {counted(len(job_ids), 'marked job')}" if job_list.marks else f"#{job_ids[0]} {snapshot.jobs[job_ids[0]].name}"
        versions = self.versions(job_ids)
        via: Via = "bulk" if len(job_ids) > 1 else "card"
        session = job_list.session

        def confirmed(yes: bool | None) -> None:
            if yes:
                job_list.operations.run(OperationRequest(
                    verb, job_ids,
                    lambda: set_flag(session.repo, session.actor, job_ids, action, via=via, expected_versions=versions),
                ))

        question = literal(f"{verb} {what}? {FLAG_EFFECTS[action]}")
        job_list.app.push_screen(ConfirmScreen(question, verb), confirmed)

    # --- Undo, new job ----------------------------------------------------------------

    def undo(self) -> None:
        """Always in the background: an undo's size is known only once it runs."""
        session = self.job_list.session
        self.job_list.operations.run(
            OperationRequest("Undoing your last operation", [], lambda: undo_last(session.repo, session.actor),
                             undo_hint=False),
            background=True,
        )

    def new_job(self) -> None:
        from wipboard.screens.new_job import NewJobScreen

        job_list = self.job_list
        snapshot = job_list.session.snapshot()
        stage_id = job_list.filter.stage_id
        stage_pipeline = next(
            (pipeline.id for pipeline in snapshot.pipelines.values() if pipeline.stage(stage_id or 0) is not None), None
        )
        pipeline_id = stage_pipeline or job_list.filter.pipeline_id or job_list.session.pipeline_id
        if pipeline_id not in snapshot.pipelines:
            pipeline_id = min(snapshot.pipelines.values(), key=lambda item: item.position).id if snapshot.pipelines else None
        if pipeline_id is None:
            job_list.notify("This firm has no pipelines yet.", severity="warning")
            return
        if not snapshot.accounts:
            job_list.notify(no_accounts_hint(job_list.session.actor), severity="warning", timeout=12)
            return
        job_list.app.push_screen(
            NewJobScreen(pipeline_id, stage_id if stage_pipeline else None),
            lambda job_id: job_list.refill(keep_job_id=job_id),
        )
