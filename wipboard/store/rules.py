"""The automation engine (R4): what a stage's automations do to a job that enters it.

Pure functions from (job, stage, context) to an outcome; nothing here reads or
writes the firm file. New kinds of automation or condition plug in through the
two registries below, so the move service never changes when one is added:

    CONDITIONS[AccountHasTags] = lambda condition, context: ...
    ACTIONS[UpdateClientStatus] = apply_update_client_status
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wipboard.store.models import (
    Account,
    AccountHasTags,
    Automation,
    ClientStatus,
    Job,
    Stage,
    StatusTemplate,
    TagMatch,
    UpdateClientStatus,
)
from wipboard.store.prefill import hidden_status, shown_status
from wipboard.store.wording import automation_named


@dataclass(frozen=True)
class RuleContext:
    """What automations may look at besides the job itself."""

    account: Account | None
    statuses: Mapping[int, StatusTemplate]
    actor: str
    at: datetime


@dataclass(frozen=True)
class Effect:
    """One automation that changed something, in words a notification can show."""

    automation_id: int
    summary: str


@dataclass(frozen=True)
class Problem:
    """An automation that could not run (e.g. it names a deleted status): reported, never ignored."""

    automation_id: int
    stage_name: str
    reason: str
    position: int = 1  # its place in the stage, as the settings list it: what a person can find

    def __str__(self) -> str:
        return f"{automation_named(self.position, repr(self.stage_name))} {self.reason}"


@dataclass(frozen=True)
class Outcome:
    """The client status a job ends with after entering a stage, and what each automation did."""

    client_status: ClientStatus
    effects: tuple[Effect, ...] = ()
    problems: tuple[Problem, ...] = ()
    skipped: tuple[int, ...] = field(default=())


def automation_actor(stage_name: str) -> str:
    """How a stage's automations are named as the actor of what they change (R14)."""
    return f"automation: {stage_name}"


def template_actor(template_name: str) -> str:
    """How a job template is named as the actor of the status it presets (R14)."""
    return f"template: {template_name}"


class RuleError(Exception):
    """An action cannot be applied; the message completes 'automation N of S …'."""


ConditionCheck = Callable[[Any, RuleContext], bool]
ActionApply = Callable[[Any, Job, ClientStatus, RuleContext], tuple[ClientStatus, str | None]]


def _account_has_tags(condition: AccountHasTags, context: RuleContext) -> bool:
    """All, any or none of the condition's tags on the job's account; a job without one has no tags."""
    wanted = set(condition.tags)
    carried = set(context.account.tags) if context.account is not None else set()
    if condition.match == "any":
        return bool(wanted & carried)
    if condition.match == "none":
        return not wanted & carried
    return wanted <= carried


def simplified_conditions(conditions: Sequence[AccountHasTags]) -> list[AccountHasTags]:
    """The same test in as few conditions as it takes, for reading and editing it as one.

    Every "all" condition becomes one (all of A and all of B is all of A and B), every
    "none" one too; "any" conditions stay as they are. Tags keep their first order.
    """
    merged: dict[TagMatch, list[str]] = {}
    kept: list[AccountHasTags] = []
    for condition in conditions:
        if condition.match == "any":
            kept.append(condition)
        else:
            merged.setdefault(condition.match, []).extend(condition.tags)
    joined = [AccountHasTags(match=match, tags=list(dict.fromkeys(tags))) for match, tags in merged.items()]
    return [*joined, *kept]


def apply_update_client_status(
    action: UpdateClientStatus, job: Job, current: ClientStatus, context: RuleContext
) -> tuple[ClientStatus, str | None]:
    """Show the job's status with the automation's status (and description), or hide it."""
    if not action.visible:
        if not current.visible:
            return current, None
        return hidden_status(current, at=context.at, by=context.actor, via="automation"), "client status hidden"
    assert action.status_id is not None
    template = context.statuses.get(action.status_id)
    if template is None:
        raise RuleError(f"names status #{action.status_id}, which no longer exists; choose another status for it in the pipeline settings")
    shown = shown_status(
        job,
        current,
        status=template,
        description=action.description,
        at=context.at,
        by=context.actor,
        via="automation",
    )
    if shown == current:
        return current, None
    return shown, f"client status → {template.name}"


CONDITIONS: dict[type, ConditionCheck] = {AccountHasTags: _account_has_tags}
ACTIONS: dict[type, ActionApply] = {UpdateClientStatus: apply_update_client_status}


def conditions_met(automation: Automation, context: RuleContext) -> bool:
    return all(CONDITIONS[type(condition)](condition, context) for condition in automation.conditions)


def run_automations(job: Job, stage: Stage, context: RuleContext) -> Outcome:
    """Run ``stage``'s automations in order on ``job`` entering it; the job itself is not changed.

    Each automation sees the client status the previous one left. An automation
    whose conditions do not hold is skipped; one that cannot run is a Problem.
    """
    status = job.client_status
    effects: list[Effect] = []
    problems: list[Problem] = []
    skipped: list[int] = []
    for position, automation in enumerate(stage.automations, start=1):
        if not conditions_met(automation, context):
            skipped.append(automation.id)
            continue
        try:
            status, summary = ACTIONS[type(automation)](automation, job, status, context)
        except RuleError as error:
            problems.append(Problem(automation.id, stage.name, str(error), position))
            continue
        if summary:
            effects.append(Effect(automation.id, summary))
    return Outcome(status, tuple(effects), tuple(problems), tuple(skipped))
