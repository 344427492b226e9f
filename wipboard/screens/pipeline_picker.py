"""``p``: switch the board to another pipeline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.lists import ChoiceList


class PipelinePicker(WipboardModal[int]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="pipeline_cancel")]

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        pipelines = sorted(snapshot.pipelines.values(), key=lambda item: item.position)
        counts = {pipeline.id: 0 for pipeline in pipelines}
        for job in snapshot.jobs.values():
            if not job.archived and not job.deleted and job.pipeline_id in counts:
                counts[job.pipeline_id] += 1
        with Vertical(classes="dialog"):
            yield Label("Show which pipeline?", classes="question")
            yield ChoiceList(
                *(Option(f"{literal(pipeline.name)}  [dim]{counts[pipeline.id]} jobs[/]", id=str(pipeline.id)) for pipeline in pipelines)
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
