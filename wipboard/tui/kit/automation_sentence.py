"""An automation read as the sentence it is (R4), for every place that shows one:

    When a job enters Review, if the account has tags individual, show status In review.

The automation form reads its fields back with it as the user types, the pipelines
pane lists each stage's automations with it and asks before deleting one with it;
``automation_summary`` is the short form a notification uses after a save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from wipboard.store.models import Automation, Stage, StatusTemplate
from wipboard.store.services.pipelines import AutomationFields
from wipboard.tui.kit.theme_colors import status_color


def automation_sentence(
    stage_name: str,
    *,
    visible: bool,
    status: StatusTemplate | None,
    description: str | None,
    tags: Sequence[str],
    missing_status_id: int | None = None,
) -> Text:
    """'When a job enters **Review**, if the account has tags **individual**, show status **In review**.'"""
    text = Text("When a job enters ")
    text.append(stage_name, style="bold")
    if tags:
        text.append(", if the account has tags ")
        for index, tag in enumerate(tags):
            if index:
                text.append(" and ")
            text.append(tag, style="bold")
    text.append(", ")
    if not visible:
        text.append("hide the client-facing status")
    else:
        text.append("show status ")
        if status is not None:
            text.append(status.name, style=f"bold {status_color(status.color)}")
        elif missing_status_id is not None:
            text.append(f"#{missing_status_id}, which no longer exists", style="bold red")
        else:
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
        tags=automation_tags(automation),
        missing_status_id=automation.status_id if status is None else None,
    )


def automation_tags(automation: Automation) -> list[str]:
    """The account tags an automation asks for, all of its conditions' in order."""
    return [tag for condition in automation.conditions for tag in condition.tags]


def automation_summary(fields: AutomationFields, statuses: Mapping[int, StatusTemplate]) -> str:
    """'show 'In review' if tags individual' — for the notification after a save."""
    status = statuses.get(fields.status) if isinstance(fields.status, int) else None
    action = f"show {status.name!r}" if fields.visible and status else "hide the status"
    condition = f" if tags {', '.join(fields.if_account_tags)}" if fields.if_account_tags else ""
    return action + condition
