"""What the job list does to the marked jobs (or the one under the cursor): bulk edit of the
client status (R6), move with automations (R4), assign, archive, delete, restore (R7), undo (R15).

Each is one service call, so one transaction and one undo step. Over more than
``PROGRESS_FROM`` jobs the call runs in a thread while the list shows a spinner:
the screen keeps answering (scrolling, reading), another operation is refused until
it is done, and the operation still lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from wipboard.store.errors import InvalidRequest, StoreError
from wipboard.store.services.client_status import bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import FlagAction, assign_jobs, set_flag
from wipboard.store.services.moves import MovePreview, move_jobs, preview_move
from wipboard.store.services.operation import OperationResult
from wipboard.store.validation_messages import describe_validation_error
from wipboard.tui.markup import literal

PROGRESS_FROM = 300


class JobListActions:
    """Mixed into ``JobListScreen``: needs its ``marked``, ``jobs``, ``refill``, ``marked_or_current``
    and ``show_progress``."""

    busy: str | None = None  # what a long operation is doing, while it runs

    # --- Running an operation ---------------------------------------------------------

    def run_operation(self, what: str, job_ids: list[int], call: Callable[[], OperationResult], *, undo_hint: bool = True) -> None:
        """Run one service call over ``job_ids``; report what it did, or why nothing was written."""
        if self.still_busy():
            return
        if len(job_ids) <= PROGRESS_FROM:
            self._report(self._call(call), job_ids, undo_hint)
            return
        self.busy = f"{what} — {len(job_ids):,} jobs".replace(",", " ")
        self.show_progress(self.busy)  # type: ignore[attr-defined]
        app = self.app  # type: ignore[attr-defined]

        def in_thread() -> None:
            outcome = self._call(call)
            app.call_from_thread(self._finish_in_background, outcome, job_ids, undo_hint)

        # The app's worker, not the screen's: leaving the list (1, 3, 4) unmounts it and would
        # cancel a screen's worker, and the outcome would go unsaid.
        app.run_worker(in_thread, thread=True, group="list-operation", description=self.busy)

    def still_busy(self) -> bool:
        """True, with a message, while an operation over many jobs runs: the next one waits for it
        (asked before any form or confirmation, so nobody fills one in for nothing)."""
        if self.busy is None:
            return False
        self.notify(f"Still busy: {self.busy}. Try again when it is done.", severity="warning")  # type: ignore[attr-defined]
        return True

    def _finish_in_background(self, outcome: OperationResult | Exception, job_ids: list[int], undo_hint: bool) -> None:
        self.busy = None
        if not self.is_attached:  # type: ignore[attr-defined]
            # The user went to another screen meanwhile: say it there.
            if isinstance(outcome, StoreError):
                self.app.notify(f"Nothing was changed: {outcome}", severity="error", timeout=12)  # type: ignore[attr-defined]
            elif isinstance(outcome, OperationResult):
                self.app.notify(" · ".join(outcome.messages))  # type: ignore[attr-defined]
        else:
            self.show_progress(None)  # type: ignore[attr-defined]
            self._report(outcome, job_ids, undo_hint)
        if not isinstance(outcome, (OperationResult, StoreError)):
            raise outcome  # a bug: loud, once the screen is usable again

    @staticmethod
    def _call(call: Callable[[], OperationResult]) -> OperationResult | Exception:
        """The call's result, or why it was refused. Anything else is a bug, handed back to be raised
        on the screen's thread — after the screen has left its busy state."""
        try:
            return call()
        except StoreError as error:
            return error
        except ValidationError as error:
            return InvalidRequest(describe_validation_error(error))
        except Exception as error:  # noqa: BLE001 - re-raised by _finish_in_background / _report
            return error

    def _report(self, outcome: OperationResult | Exception, job_ids: list[int], undo_hint: bool) -> None:
        if isinstance(outcome, StoreError):
            self.notify(f"Nothing was changed: {outcome}", severity="error", timeout=12)  # type: ignore[attr-defined]
            self.refill()  # type: ignore[attr-defined]
            return
        if not isinstance(outcome, OperationResult):
            raise outcome
        self.notify(" · ".join(outcome.messages) + (" · u undoes it" if undo_hint else ""))  # type: ignore[attr-defined]
        self.marked.difference_update(job_ids)  # type: ignore[attr-defined]  # marks made meanwhile stay
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
            lambda edit: self.run_operation(
                "Saving the client status", job_ids,
                lambda: bulk_edit(self.session.repo, self.session.actor, job_ids, edit, expected_versions=versions),
            ),
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
                self.move_to(job_ids, choice[0], choice[1])

        self.app.push_screen(StagePicker(pipeline, current), chosen)  # type: ignore[attr-defined]

    def move_to(self, job_ids: list[int], stage_id: int, automations: bool) -> None:
        """Show what the stage's automations will do to these jobs, then move them in one operation."""
        from wipboard.screens.move_preview import MovePreviewScreen

        versions = self.shown_versions(job_ids)

        def apply(run_automations: bool) -> None:
            self.run_operation(
                "Moving", job_ids,
                lambda: move_jobs(
                    self.session.repo, self.session.actor, job_ids, stage_id, run_automations_on_entry=run_automations,
                    via="bulk" if len(job_ids) > 1 else "card", expected_versions=versions,
                ),
            )

        if not automations:
            apply(False)
            return
        try:
            previews: list[MovePreview] = [preview_move(self.session.repo, self.session.actor, job_id, stage_id) for job_id in job_ids]
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)  # type: ignore[attr-defined]
            return
        if not any(preview.summaries for preview in previews):
            apply(True)
            return

        def decided(choice: str | None) -> None:
            if choice in ("apply", "skip"):
                apply(choice == "apply")

        self.app.push_screen(MovePreviewScreen(previews), decided)  # type: ignore[attr-defined]

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
                self.run_operation(
                    "Assigning", job_ids,
                    lambda: assign_jobs(
                        self.session.repo, self.session.actor, job_ids, add=add, remove=remove, expected_versions=versions
                    ),
                )

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
            self.notify("Only the owner and admins restore jobs from the trash (R12).", severity="warning")  # type: ignore[attr-defined]
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
                self.run_operation(
                    verb, job_ids,
                    lambda: set_flag(self.session.repo, self.session.actor, job_ids, action, via=via, expected_versions=versions),
                )

        self.app.push_screen(ConfirmScreen(literal(f"{verb} {what}? {effect}"), verb), confirmed)  # type: ignore[attr-defined]

    # --- Undo, new job ----------------------------------------------------------------

    def action_undo(self) -> None:
        if self.still_busy():
            return
        self.run_operation("Undoing", [], lambda: undo_last(self.session.repo, self.session.actor), undo_hint=False)

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
