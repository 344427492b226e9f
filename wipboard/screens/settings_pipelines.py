"""Settings tab: pipelines, their stages in order, and each stage's automations (R4, R9).

Left, the pipelines; right, the chosen pipeline's two settings, its stages with
their job counts, and the automations of the stage under the cursor, each read as
the sentence it is. ``n`` ``r`` ``e`` ``K`` ``J`` ``d`` act on the list that has the
focus. Owner and admin only (R12): an employee sees it all, without the keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import ValidationError
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, Static, Switch
from textual.widgets.option_list import Option, OptionDoesNotExist

from wipboard.screens.automation_form import AutomationForm
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.stage_delete import StageDeleteScreen
from wipboard.store.errors import StoreError
from wipboard.store.models import Automation, Pipeline, Stage
from wipboard.store.refusals import describe_refusal
from wipboard.store.repository import Snapshot
from wipboard.store.services.pipelines import (
    PipelineSettings,
    delete_automation,
    move_automation,
    move_stage,
    update_pipeline,
)
from wipboard.store.wording import automation_named
from wipboard.tui.kit.automation_sentence import stored_sentence
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.name_form import NameForm
from wipboard.tui.kit.pipeline_forms import new_pipeline_form, new_stage_form, rename_pipeline_form, rename_stage_form
from wipboard.tui.kit.settings_pane import SettingsPane
from wipboard.tui.kit.widgets.lists import Picker

WHY_READ_ONLY = "Only the owner and admins change pipelines, stages and automations."
CHANGES = ("new", "rename", "edit", "move", "delete")
WIDE = 120  # from this width on, the stages and their automations stand side by side
SETTINGS = {"show-status": ("show_client_status_on_cards", "client status on cards"),
            "confirm-automations": ("confirm_automations_on_move", "confirm automations on move")}


class PipelinesPane(SettingsPane):
    BINDINGS = [
        Binding("n", "new", "New", id="settings_pipelines_new"),
        Binding("r", "rename", "Rename", id="settings_pipelines_rename"),
        Binding("e", "edit", "Edit", id="settings_pipelines_edit"),
        Binding("K", "move(-1)", "Up", id="settings_pipelines_move_up"),
        Binding("J", "move(1)", "Down", id="settings_pipelines_move_down"),
        Binding("d", "delete", "Delete", id="settings_pipelines_delete"),
        Binding("left,h", "step_focus(-1)", "◀ List", show=False, id="settings_pipelines_focus_left"),
        Binding("right,l", "step_focus(1)", "List ▶", show=False, id="settings_pipelines_focus_right"),
    ]
    LISTS = ("pipeline-list", "stage-list", "automation-list")

    def __init__(self) -> None:
        super().__init__(id="pipelines-pane")
        self.snapshot: Snapshot | None = None
        self.pipeline_id: int | None = None
        self.stage_id: int | None = None
        self.automation_id: int | None = None
        # Where the cursor was, for when its row is deleted (the cursor stays at that place).
        self.stage_index = 0
        self.automation_index = 0
        self.focused_list = "pipeline-list"
        self._cursor_to: dict[str, int] = {}  # where the next show puts the cursor: a row we just added

    def compose(self) -> ComposeResult:
        yield Static(WHY_READ_ONLY, id="pipelines-why", classes="pane-hint")
        with Horizontal(id="pipelines-body"):
            with Vertical(id="pipelines-left"):
                yield Label("Pipelines", classes="pane-heading")
                yield Picker(id="pipeline-list", compact=True)
            with Vertical(id="pipelines-right"):
                yield Label(id="stages-heading", classes="pane-heading")
                with Horizontal(id="pipeline-settings"):
                    yield Switch(id="show-status")
                    yield Label("Status on cards", classes="switch-label")
                    yield Switch(id="confirm-automations")
                    yield Label("Confirm automations", classes="switch-label")
                # Side by side when the terminal is wide (the ``-wide`` class), one above the other when not.
                with Horizontal(id="pipeline-lists"):
                    with Vertical(id="stages-column"):
                        yield Picker(id="stage-list", compact=True)
                    with Vertical(id="automations-column"):
                        yield Label(id="automations-heading", classes="pane-heading")
                        yield Picker(id="automation-list", compact=True)

    def on_mount(self) -> None:
        self.query_one("#pipelines-why").display = not self.can_change
        for switch in self.query(Switch):
            switch.disabled = not self.can_change

    def on_resize(self, event: events.Resize) -> None:
        self.fit_to_width()

    def fit_to_width(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")

    def on_show(self) -> None:
        """Opening the tab puts the keys to work: the list last used (first, the pipelines) takes the focus."""
        self.fit_to_width()
        self.query_one(f"#{self.focused_list}").focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id in self.LISTS:
            self.focused_list = event.widget.id

    # --- What is under the cursor -----------------------------------------------------

    @property
    def pipeline(self) -> Pipeline | None:
        return self.snapshot.pipelines.get(self.pipeline_id) if self.snapshot and self.pipeline_id else None

    @property
    def stage(self) -> Stage | None:
        pipeline = self.pipeline
        return pipeline.stage(self.stage_id) if pipeline and self.stage_id else None

    @property
    def automation(self) -> Automation | None:
        stage = self.stage
        return next((item for item in stage.automations if item.id == self.automation_id), None) if stage else None

    def area(self) -> str:
        """Which list the keys act on: the focused one (the pipelines when a switch has the focus)."""
        focused = self.screen.focused
        return {"stage-list": "stages", "automation-list": "automations"}.get(
            focused.id if focused is not None and focused.id is not None else "", "pipelines"
        )

    # --- Showing the file -------------------------------------------------------------

    def show(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._sync_cursor()
        if "pipeline_id" in self._cursor_to and self._cursor_to["pipeline_id"] != self.pipeline_id:
            self.stage_id, self.stage_index = None, 0
        for name, value in self._cursor_to.items():
            setattr(self, name, value)
        self._cursor_to.clear()
        pipelines = sorted(snapshot.pipelines.values(), key=lambda item: item.position)
        if self.pipeline_id not in snapshot.pipelines:
            self.pipeline_id = pipelines[0].id if pipelines else None
        _fill(self.query_one("#pipeline-list", OptionList), [Option(item.name, id=f"p{item.id}") for item in pipelines],
              f"p{self.pipeline_id}", 0)
        self.show_pipeline()

    def _sync_cursor(self) -> None:
        """Take the cursor from the lists as they are: a key pressed just before a reload, whose
        highlight message is still queued, must not be undone by the reload."""
        for list_id, name in (("pipeline-list", "pipeline"), ("stage-list", "stage"), ("automation-list", "automation")):
            option_list = self.query_one(f"#{list_id}", OptionList)
            option = option_list.highlighted_option
            if option is not None and option.id:
                setattr(self, f"{name}_id", int(option.id[1:]))
                if name != "pipeline":
                    setattr(self, f"{name}_index", option_list.highlighted or 0)

    def show_pipeline(self) -> None:
        pipeline = self.pipeline
        for switch in self.query(Switch):
            with switch.prevent(Switch.Changed):
                switch.value = bool(pipeline and getattr(pipeline, SETTINGS[switch.id or ""][0]))
        stage_list = self.query_one("#stage-list", OptionList)
        if pipeline is None or self.snapshot is None:
            self.query_one("#stages-heading", Label).update("No pipelines yet: n adds one.")
            stage_list.clear_options()
            self.show_automations()
            return
        self.query_one("#stages-heading", Label).update(f"Stages of {literal(pipeline.name)}")
        if pipeline.stage(self.stage_id or 0) is None:
            self.stage_id = pipeline.stages[min(self.stage_index, len(pipeline.stages) - 1)].id
        _fill(stage_list, _stage_rows(pipeline, self.snapshot), f"s{self.stage_id}", self.stage_index)
        self.show_automations()

    def show_automations(self) -> None:
        stage = self.stage
        heading = self.query_one("#automations-heading", Label)
        automation_list = self.query_one("#automation-list", OptionList)
        if stage is None or self.snapshot is None:
            heading.update("")
            automation_list.clear_options()
            return
        heading.update(Text.assemble("Automations when a job enters ", (stage.name, "bold"), f" ({len(stage.automations)})"))
        if not stage.automations:
            hint = "None: n adds one." if self.can_change else "None."
            automation_list.set_options([Option(Text(hint, style="dim"), disabled=True)])
            self.automation_id = None
            return
        if self.automation is None:
            self.automation_id = stage.automations[min(self.automation_index, len(stage.automations) - 1)].id
        rows: list[Option | None] = []
        for automation in stage.automations:
            rows += [Option(stored_sentence(stage, automation, self.snapshot.statuses), id=f"a{automation.id}"), None]
        _fill(automation_list, rows[:-1], f"a{self.automation_id}", self.automation_index)

    @on(OptionList.OptionHighlighted, "#pipeline-list")
    def _pipeline_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        pipeline_id = int((event.option.id or "p0")[1:])
        if pipeline_id != self.pipeline_id:
            self.pipeline_id, self.stage_id, self.stage_index = pipeline_id, None, 0
            self.show_pipeline()

    @on(OptionList.OptionHighlighted, "#stage-list")
    def _stage_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        stage_id = int((event.option.id or "s0")[1:])
        self.stage_index = event.option_index
        if stage_id != self.stage_id:
            self.stage_id, self.automation_id, self.automation_index = stage_id, None, 0
            self.show_automations()

    @on(OptionList.OptionHighlighted, "#automation-list")
    def _automation_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.automation_id = int(event.option.id[1:])
            stage = self.stage
            self.automation_index = next((i for i, item in enumerate(stage.automations) if item.id == self.automation_id), 0) if stage else 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """enter: into the next list; on an automation, edit it."""
        event.stop()
        if event.option_list.id == "automation-list":
            self.action_edit()
        else:
            self.action_step_focus(1)

    def action_step_focus(self, step: int) -> None:
        focused = self.screen.focused
        here = self.LISTS.index(focused.id) if focused is not None and focused.id in self.LISTS else 0
        self.query_one(f"#{self.LISTS[max(0, min(2, here + step))]}").focus()

    # --- Which keys are offered -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Employees get no change keys at all (R12); a key that means nothing on the focused
        list leaves the footer and does nothing (pipelines are neither reordered nor deleted here)."""
        if action not in CHANGES:
            return True
        if not self.can_change:
            return False
        area = self.area()
        if action in ("move", "delete"):
            return area != "pipelines"
        if action == "rename":
            return area != "automations"
        return True

    def refuse_employee(self) -> bool:
        if not self.can_change:
            self.app.notify(f"{WHY_READ_ONLY} You are {self.actor.describe()}.", severity="warning")
            return True
        return False

    # --- Actions ----------------------------------------------------------------------

    def action_new(self) -> None:
        if self.refuse_employee():
            return
        area, pipeline, stage = self.area(), self.pipeline, self.stage
        session = self.session
        if area == "automations" and pipeline and stage:
            self.app.push_screen(AutomationForm(pipeline, stage), self._after_automation_saved)
        elif area == "stages" and pipeline:
            self._push(new_stage_form(session, pipeline, stage, lambda new_id: self._cursor_to.update(stage_id=new_id)))
        else:
            self._push(new_pipeline_form(session, lambda new_id: self._cursor_to.update(pipeline_id=new_id)))

    def action_rename(self) -> None:
        if self.refuse_employee():
            return
        area, pipeline, stage = self.area(), self.pipeline, self.stage
        session = self.session
        if area == "stages" and pipeline and stage:
            self._push(rename_stage_form(session, pipeline, stage))
        elif area == "pipelines" and pipeline:
            self._push(rename_pipeline_form(session, pipeline))

    def action_edit(self) -> None:
        if self.refuse_employee():
            return
        if self.area() != "automations":
            self.action_rename()
            return
        pipeline, stage, automation = self.pipeline, self.stage, self.automation
        if pipeline and stage and automation:
            self.app.push_screen(AutomationForm(pipeline, stage, automation), self._after_automation_saved)
        elif pipeline and stage:
            self.app.push_screen(AutomationForm(pipeline, stage), self._after_automation_saved)

    def action_move(self, offset: int) -> None:
        if self.refuse_employee():
            return
        session, area, pipeline, stage = self.session, self.area(), self.pipeline, self.stage
        direction = "up" if offset < 0 else "down"
        try:
            if area == "stages" and pipeline and stage:
                saved = move_stage(session.repo, session.actor, pipeline.id, stage.id, offset)
                place = [item.id for item in saved.stages].index(stage.id)
                message = f"Moved stage {stage.name} {direction}: now {place + 1} of {len(saved.stages)} in {pipeline.name}"
            elif area == "automations" and stage and self.automation:
                move_automation(session.repo, session.actor, self.automation.id, offset)
                place = max(0, min(len(stage.automations) - 1, self.automation_index + offset))
                message = f"Moved {automation_named(self.automation_index + 1, stage.name)} {direction}: it runs {place + 1} of {len(stage.automations)}"
            else:
                return
        except StoreError as error:
            self.app.notify(describe_refusal(error), severity="error")
            return
        self.app.notify(message)
        self.reload()

    def action_delete(self) -> None:
        if self.refuse_employee():
            return
        area, pipeline, stage, automation = self.area(), self.pipeline, self.stage, self.automation
        if area == "stages" and pipeline and stage and self.snapshot:
            if len(pipeline.stages) == 1:
                self.app.notify(f"{stage.name} is the only stage of {pipeline.name}: a pipeline keeps at least one stage", severity="warning")
                return
            jobs = [job for job in self.snapshot.jobs.values() if job.stage_id == stage.id]
            active = sum(1 for job in jobs if not job.archived and not job.deleted)
            self.app.push_screen(StageDeleteScreen(pipeline, stage, active, len(jobs) - active), self._after_change)
        elif area == "automations" and stage and automation and self.snapshot:
            sentence = stored_sentence(stage, automation, self.snapshot.statuses).plain
            position = stage.automations.index(automation) + 1
            self.app.push_screen(
                ConfirmScreen(literal(f"Delete {automation_named(position, stage.name)}?\n{sentence}"), "Delete"),
                lambda yes: self._delete_automation(stage, automation, position) if yes else None,
            )

    def _delete_automation(self, stage: Stage, automation: Automation, position: int) -> None:
        session = self.session
        try:
            delete_automation(session.repo, session.actor, automation.id)
        except StoreError as error:
            self.app.notify(describe_refusal(error), severity="error")
            return
        self.app.notify(f"Deleted {automation_named(position, stage.name)}")
        self.reload()

    @on(Switch.Changed)
    def _setting_changed(self, event: Switch.Changed) -> None:
        event.stop()
        pipeline = self.pipeline
        if pipeline is None or self.refuse_employee():
            return
        field, words = SETTINGS[event.switch.id or ""]
        session = self.session
        try:
            update_pipeline(session.repo, session.actor, pipeline.id, PipelineSettings(**{field: event.value}))
        except (StoreError, ValidationError) as error:
            self.app.notify(str(error), severity="error")
        else:
            self.app.notify(f"{pipeline.name}: {words} {'on' if event.value else 'off'}")
        self.reload()

    # --- After a change -------------------------------------------------------------

    def _push(self, form: NameForm) -> None:
        self.app.push_screen(form, self._after_change)

    def _after_automation_saved(self, automation_id: int | None) -> None:
        if automation_id is not None:
            self._cursor_to["automation_id"] = automation_id
            self.reload()

    def _after_change(self, changed: bool | None) -> None:
        if changed:
            self.reload()



def _stage_rows(pipeline: Pipeline, snapshot: Snapshot) -> list[Option]:
    """'Review        12 jobs · 1 automation' for each stage, the counts in one column."""
    counts = Counter(job.stage_id for job in snapshot.jobs.values() if not job.archived and not job.deleted)
    width = min(30, max(len(stage.name) for stage in pipeline.stages))
    rows = []
    for stage in pipeline.stages:
        automations = len(stage.automations)
        text = Text(stage.name[:width].ljust(width))
        text.append(f" {counts[stage.id]:>5} job{'s' if counts[stage.id] != 1 else ' '}", style="dim")
        text.append(f" · {automations} automation{'s' if automations != 1 else ''}" if automations else "", style="dim")
        rows.append(Option(text, id=f"s{stage.id}"))
    return rows


def _fill(option_list: OptionList, options: Sequence[Option | None], selected: str, fallback: int) -> None:
    """Replace the options, keeping the cursor on ``selected`` (or near where it was)."""
    option_list.set_options(options)
    count = option_list.option_count
    if not count:
        return
    try:
        option_list.highlighted = option_list.get_option_index(selected)
    except OptionDoesNotExist:  # the row went away: stay at its place
        option_list.highlighted = max(0, min(fallback, count - 1))
