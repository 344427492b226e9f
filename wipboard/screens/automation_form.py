"""The *update client-facing status* automation of a stage, edited as the sentence it is (R4):

    When a job enters Review, if the account has any of the tags individual, vip, show status In review.

The form saves through ``add_automation`` / ``edit_automation``, so what it shows is
what the engine runs; a live line under the fields reads the sentence back.
"""

from __future__ import annotations

import re

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from wipboard.store.errors import StoreError
from wipboard.store.models import Automation, Pipeline, Stage, TagMatch
from wipboard.store.services.pipelines import AutomationFields, add_automation, edit_automation
from wipboard.store.validation_messages import field_errors
from wipboard.tui.kit.automation_sentence import automation_conditions, automation_sentence, automation_summary
from wipboard.tui.kit.form_screen import FormScreen
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.theme_colors import status_color
from wipboard.tui.kit.widgets.form_row import show_errors_under
from wipboard.tui.kit.widgets.selected import selected
from wipboard.tui.kit.widgets.tick_list import TickList

FIELDS = ("if_account_tags", "status", "description")
TAG_MATCHES: list[tuple[str, TagMatch]] = [
    ("has all of these tags", "all"),
    ("has any of these tags", "any"),
    ("has none of these tags", "none"),
]


class AutomationForm(FormScreen[int]):
    """Adds an automation to ``stage`` (or edits ``automation``); dismisses with its id."""


    def __init__(self, pipeline: Pipeline, stage: Stage, automation: Automation | None = None) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.stage = stage
        self.automation = automation

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        self.statuses = dict(snapshot.statuses)
        current = self.automation
        conditions = automation_conditions(current) if current else []
        current_match, current_tags = conditions[0] if conditions else ("all", [])
        known_tags = sorted({tag for account in snapshot.accounts.values() for tag in account.tags} | set(current_tags))
        statuses = sorted(self.statuses.values(), key=lambda item: item.position)
        title = "Edit automation" if current else "New automation"
        with VerticalScroll(classes="dialog automation-form"):
            yield Label(f"{title} · {literal(self.stage.name)} ({literal(self.pipeline.name)})", classes="title")
            yield Static(Text.assemble("When a job enters ", (self.stage.name, "bold"), ","))
            with Horizontal(classes="sentence-row"):
                yield Label("if the account ", classes="field-label")
                yield Select(TAG_MATCHES, allow_blank=False, value=current_match, id="tag-match", compact=True)
                yield Label("  [dim](space ticks)[/]", classes="field-label")
            yield TickList[str](*((tag, tag, tag in current_tags) for tag in known_tags), id="tags", compact=True)
            yield Input(placeholder="other tags, separated by spaces (no tags: every account)", id="other-tags", compact=True)
            yield Label("", id="error-if_account_tags", classes="error")
            if len(conditions) > 1:
                yield Label(
                    f"[dim]This automation has {len(conditions)} tag conditions; saving keeps only the first, shown above.[/]"
                )
            with Horizontal(classes="sentence-row"):
                yield Select(
                    [("show status", True), ("hide status", False)], allow_blank=False,
                    value=current.visible if current else True, id="visible", compact=True,
                )
                yield Select(
                    [(Text.assemble(("■ ", status_color(item.color)), item.name), item.id) for item in statuses],
                    prompt="choose a status",
                    value=current.status_id if current and current.status_id in self.statuses else Select.NULL,
                    id="status", compact=True,
                )
            yield Label("", id="error-status", classes="error")
            with Horizontal(classes="sentence-row"):
                yield Label("with description ", classes="field-label")
                yield Input(
                    value=(current.description or "") if current else "",
                    placeholder="the status's own description", id="description", compact=True,
                )
            yield Label("", id="error-description", classes="error")
            yield Label("Reads", classes="section")
            yield Static(id="sentence")
            yield Label("", id="error-", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        for label in self.query(".error"):
            label.display = False
        self.update_sentence()
        self.query_one("#tags", SelectionList).focus()

    # --- Reading the form -------------------------------------------------------------

    @property
    def visible(self) -> bool:
        return bool(self.query_one("#visible", Select).value)

    def tags(self) -> list[str]:
        ticked = list(self.query_one("#tags", SelectionList).selected)
        typed = [tag.lower() for tag in re.split(r"[\s,]+", self.query_one("#other-tags", Input).value) if tag]
        return list(dict.fromkeys([*ticked, *typed]))

    def tag_match(self) -> TagMatch:
        value = self.query_one("#tag-match", Select).value
        return next((match for _, match in TAG_MATCHES if match == value), "all")

    def status_id(self) -> int | None:
        return selected(self.query_one("#status", Select), int)

    def description(self) -> str | None:
        return self.query_one("#description", Input).value.strip() or None

    def fields(self) -> AutomationFields:
        visible = self.visible
        return AutomationFields(
            visible=visible,
            status=self.status_id() if visible else None,
            description=self.description() if visible else None,
            if_account_tags=self.tags(),
            tag_match=self.tag_match(),
        )

    # --- Live sentence ----------------------------------------------------------------

    def on_select_changed(self) -> None:
        self.update_sentence()

    def on_input_changed(self) -> None:
        self.update_sentence()

    def on_selection_list_selected_changed(self) -> None:
        self.update_sentence()

    def update_sentence(self) -> None:
        visible = self.visible
        for widget_id in ("#status", "#description"):
            self.query_one(widget_id).disabled = not visible
        status_id = self.status_id()
        self.query_one("#sentence", Static).update(
            automation_sentence(
                self.stage.name, visible=visible, status=self.statuses.get(status_id) if status_id else None,
                description=self.description(), conditions=[(self.tag_match(), self.tags())],
            )
        )

    # --- Saving -----------------------------------------------------------------------

    def action_save(self) -> None:
        session = self.session
        try:
            fields = self.fields()
            if self.automation is None:
                saved = add_automation(session.repo, session.actor, self.pipeline.id, self.stage.id, fields)
                message = f"Added automation to {self.stage.name}: {automation_summary(fields, self.statuses)}"
            else:
                saved = edit_automation(session.repo, session.actor, self.automation.id, fields, opened=self.automation)
                message = f"Changed an automation of {self.stage.name}: {automation_summary(fields, self.statuses)}"
        except (StoreError, ValidationError) as error:
            self.show_errors(field_errors(error))
            return
        self.app.notify(message)
        self.dismiss(saved.id)

    def show_errors(self, errors: dict[str, str]) -> None:
        show_errors_under(self, errors, FIELDS)

