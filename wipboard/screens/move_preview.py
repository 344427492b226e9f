"""The one way to move jobs (R4), from the board and the job list alike — ``H``/``L``, ``m``, one
job or the marked ones: ``ask_move`` shows what the stage's automations will change (counted
over the jobs) when the pipeline asks for it (*confirm automations on move*) and always for
more than one job, then runs the move as one operation — in the background, with progress,
over a few hundred jobs — and the screen reports it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from wipboard.store.errors import StoreError
from wipboard.store.models import Pipeline
from wipboard.store.services.moves import MovePreview, move_jobs, preview_moves
from wipboard.store.wording import counted
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.operations import OperationRequest, OperationRunner
from wipboard.tui.kit.screen import WipboardModal


def ask_move(
    operations: OperationRunner, pipeline: Pipeline, job_ids: list[int], stage_id: int, *,
    automations: bool, expected_versions: Mapping[int, int],
) -> None:
    """Preview if need be, then move ``job_ids`` to ``stage_id`` of ``pipeline`` in one operation,
    run and reported by ``operations``: the runner of the screen that asked (the board, the list)."""
    screen = operations.screen
    session = screen.session

    def run(run_automations: bool) -> None:
        operations.run(OperationRequest(
            "Moving", job_ids,
            lambda: move_jobs(
                session.repo, session.actor, job_ids, stage_id, run_automations_on_entry=run_automations,
                via="bulk" if len(job_ids) > 1 else "card", expected_versions=dict(expected_versions),
            ),
            follow=job_ids[0] if len(job_ids) == 1 else None,
        ))

    if operations.still_busy():
        return
    if not automations or (len(job_ids) == 1 and not pipeline.confirm_automations_on_move):
        run(automations)
        return
    try:
        previews = preview_moves(session.repo, session.actor, job_ids, stage_id)
    except StoreError as error:
        operations.refuse(error)
        return
    if len(previews) == 1 and not previews[0].summaries:
        run(True)  # the pipeline asks, but there is nothing to confirm
        return

    def decided(choice: str | None) -> None:
        if choice in ("apply", "skip"):
            run(choice == "apply")

    screen.app.push_screen(MovePreviewScreen(previews), decided)


class MovePreviewScreen(WipboardModal[str]):
    """Dismisses with "apply", "skip" (move without automations) or None (cancel)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="preview_cancel"),
        Binding("a", "dismiss('apply')", "Apply", id="preview_apply"),
        Binding("s", "dismiss('skip')", "Skip automations", id="preview_skip"),
    ]

    def __init__(self, previews: Sequence[MovePreview]) -> None:
        super().__init__()
        self.previews = previews

    def compose(self) -> ComposeResult:
        first = self.previews[0]
        with Vertical(classes="dialog"):
            if len(self.previews) == 1:
                yield Label(f"Moving #{first.job.id} {literal(first.job.name)} to {literal(first.stage.name)} will:", classes="question")
                for summary in first.summaries:
                    yield Label(f"  • {literal(summary)}")
            else:
                yield Label(f"Moving {len(self.previews)} jobs to {literal(first.stage.name)} will:", classes="question")
                for line in self._counted():
                    yield Label(f"  • {literal(line)}")
            with Horizontal(classes="buttons"):
                yield Button("Apply (a)", variant="primary", id="apply")
                yield Button("Move, skip automations (s)", id="skip")
                yield Button("Cancel (esc)", id="cancel")

    def _counted(self) -> list[str]:
        """Each effect once, with how many of the jobs it touches."""
        effects = Counter(summary for preview in self.previews for summary in preview.summaries)
        there = sum(1 for preview in self.previews if preview.outcome is None)
        untouched = sum(1 for preview in self.previews if preview.outcome is not None and not preview.summaries)
        lines = [f"{summary} ({_jobs(count)})" for summary, count in effects.most_common(8)]
        if len(effects) > 8:
            lines.append(f"… and {len(effects) - 8} other changes")
        if untouched:
            lines.append(f"change nothing else for {_jobs(untouched)}")
        if there:
            lines.append(f"leave {_jobs(there)} already in {self.previews[0].stage.name} where they are")
        return lines

    def on_mount(self) -> None:
        self.query_one("#apply", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)


def _jobs(count: int) -> str:
    return counted(count, "job")
