"""``d`` on a stage: delete it; a stage that holds jobs names the stage they move to, in the
same action (they move there without running automations: nobody moved them on purpose)."""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select

from wipboard.store.errors import StoreError
from wipboard.store.models import Pipeline, Stage
from wipboard.store.services.pipelines import delete_stage
from wipboard.store.validation_messages import field_errors
from wipboard.store.wording import counted
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.selected import selected


class StageDeleteScreen(WipboardModal[bool]):
    """Dismisses with True once the stage is deleted."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="stage_delete_cancel"),
        Binding("ctrl+s", "delete", "Delete", id="stage_delete_confirm"),
    ]

    def __init__(self, pipeline: Pipeline, stage: Stage, active_jobs: int, other_jobs: int) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.stage = stage
        self.active_jobs = active_jobs
        self.other_jobs = other_jobs  # archived or deleted: they move too

    @property
    def job_count(self) -> int:
        return self.active_jobs + self.other_jobs

    def compose(self) -> ComposeResult:
        automations = len(self.stage.automations)
        with Vertical(classes="dialog stage-delete"):
            yield Label(f"Delete stage {literal(self.stage.name)} of {literal(self.pipeline.name)}?", classes="question")
            if automations:
                yield Label(f"Its {counted(automations, 'automation')} {'is' if automations == 1 else 'are'} deleted with it.")
            if self.job_count:
                archived = f" (and {self.other_jobs} archived or deleted)" if self.other_jobs else ""
                yield Label(f"It holds {counted(self.active_jobs, 'job')}{archived}. Move {'it' if self.job_count == 1 else 'them'} to:")
                others = [stage for stage in self.pipeline.stages if stage.id != self.stage.id]
                index = next(i for i, stage in enumerate(self.pipeline.stages) if stage.id == self.stage.id)
                default = others[max(0, index - 1)]  # the stage before it, where the jobs came from
                yield Select([(literal(stage.name), stage.id) for stage in others], value=default.id, allow_blank=False, id="target")
                yield Label("They move without running that stage's automations.", classes="hint")
            else:
                yield Label("It holds no jobs.")
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                verb = f"Delete and move {counted(self.job_count, 'job')}" if self.job_count else "Delete"
                yield Button(f"{verb} (ctrl+s)", variant="error", id="delete")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#error").display = False
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(False)
        else:
            self.action_delete()

    def target(self) -> int | None:
        if not self.job_count:
            return None
        return selected(self.query_one("#target", Select), int)

    def action_delete(self) -> None:
        session = self.session
        target = self.target()
        try:
            saved = delete_stage(session.repo, session.actor, self.pipeline.id, self.stage.id, target)
        except (StoreError, ValidationError) as error:
            label = self.query_one("#error", Label)
            label.update("; ".join(field_errors(error).values()))
            label.display = True
            return
        moved = ""
        if target is not None:
            target_stage = saved.stage(target)
            moved = f"; moved {counted(self.job_count, 'job')} to {target_stage.name if target_stage else target}"
        self.app.notify(f"Deleted stage {self.stage.name} of {self.pipeline.name}{moved}")
        self.dismiss(True)
