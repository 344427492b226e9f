"""``m``: pick the stage to move a job to, for pipelines with many stages."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Switch
from textual.widgets.option_list import Option

from wipboard.store.models import Pipeline
from wipboard.store.wording import counted
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.lists import ChoiceList


class StagePicker(WipboardModal[tuple[int, bool]]):
    """Dismisses with (stage id, run automations)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="picker_cancel")]

    def __init__(self, pipeline: Pipeline, current_stage_id: int | None) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.current_stage_id = current_stage_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Move to which stage of {literal(self.pipeline.name)}?", classes="question")
            yield ChoiceList(
                *(
                    Option(
                        literal(stage.name) + (" (here now)" if stage.id == self.current_stage_id else "")
                        + (f"  [dim]{counted(len(stage.automations), 'automation')}[/]" if stage.automations else ""),
                        id=str(stage.id),
                        disabled=stage.id == self.current_stage_id,
                    )
                    for stage in self.pipeline.stages
                ),
                id="stages",
            )
            with Horizontal(classes="switch-row"):
                yield Switch(value=True, id="automations")
                yield Label("Run the stage's automations", classes="switch-label")
            yield Label("[dim]enter moves · j/k or ↑/↓ choose · tab the switch · esc cancels[/]", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((int(event.option.id or 0), self.query_one("#automations", Switch).value))
