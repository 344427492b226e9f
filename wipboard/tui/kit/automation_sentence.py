"""An automation read as the sentence it is (R4), for every place that shows one:

    When a job enters Review, if the account has any of the tags individual, vip, show status In review.

The automation form reads its fields back with it as the user types, the pipelines
pane lists each stage's automations with it and asks before deleting one with it;
``automation_summary`` is the short form a notification uses after a save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from wipboard.store.models import Automation, Stage, StatusTemplate, TagMatch
from wipboard.store.rules import simplified_conditions
from wipboard.store.services.pipelines import AutomationFields
from wipboard.store.services.tag_condition_words import tag_condition_words, tag_lead
from wipboard.tui.kit.theme_colors import status_color

TagCondition = tuple[TagMatch, Sequence[str]]
"""A tag condition as a form holds it: all, any or none of these tags (not yet checked)."""


def automation_sentence(
    stage_name: str,
    *,
    visible: bool,
    status: StatusTemplate | None,
    description: str | None,
    conditions: Sequence[TagCondition] = (),
    missing_status_id: int | None = None,
) -> Text:
    """'When a job enters **Review**, if the account has any of the tags **individual**, **vip**, show status **In review**.'"""
    text = Text("When a job enters ")
    text.append(stage_name, style="bold")
    for index, (match, tags) in enumerate(item for item in conditions if item[1]):
        text.append(", if the account " if index == 0 else " and ")
        text.append(tag_lead(match, len(tags)))
        for position, tag in enumerate(tags):
            if position:
                text.append(", ")
            text.append(tag, style="bold")
    text.append(", ")
    if not visible:
        text.append("hide the client-facing status")
    else:
        if status is not None:
            text.append("show status ")
            text.append(status.name, style=f"bold {status_color(status.color)}")
        elif missing_status_id is not None:
            text.append("show ")
            text.append("a status that no longer exists", style="bold red")
        else:
            text.append("show status ")
            text.append("(choose a status)", style="italic")
        if description:
            text.append(" with description “")
            text.append(description, style="italic")
            text.append("”")
    text.append(".")
    return text


def stored_sentence(stage: Stage, automation: Automation, statuses: Mapping[int, StatusTemplate]) -> Text:
    status = statuses.get(automation.status_id) if automation.status_id is not None else None
    return automation_sentence(
        stage.name, visible=automation.visible, status=status, description=automation.description,
        conditions=automation_conditions(automation),
        missing_status_id=automation.status_id if status is None else None,
    )


def automation_conditions(automation: Automation) -> list[TagCondition]:
    """The automation's tag conditions, as few as say the same (several "all" ones read as one)."""
    return [(condition.match, condition.tags) for condition in simplified_conditions(automation.conditions)]


def automation_summary(fields: AutomationFields, statuses: Mapping[int, StatusTemplate]) -> str:
    """"show 'In review' if the account has the tag individual" — for the notification after a save."""
    status = statuses.get(fields.status) if isinstance(fields.status, int) else None
    action = f"show {status.name!r}" if fields.visible and status else "hide the status"
    tags = list(dict.fromkeys(fields.if_account_tags))
    condition = f" if the account {tag_condition_words(fields.tag_match, tags)}" if tags else ""
    return action + condition
