"""The demo firm: a tax and bookkeeping practice with clients, pipelines and jobs to try.

``build_demo`` is a pure function of (jobs, seed, now): the same arguments give
the same bytes. Every job's client status is what the automation engine gives a
job created in its pipeline's first stage and moved stage by stage to where it
is (R1, R2, R4), so the demo never shows a status the rules could not produce.
The engine runs once per distinct (stage path, account tags, template, job
name) and the result is reused with each job's own times, which is what keeps
50 000 jobs fast.

``write_demo`` also writes the audit log beside the firm file: for each job the
operations that took it there (created, moved stage by stage with what the
automations changed, edited, archived or deleted), so job cards and the client
portal show a history that ends where the job is.
"""

from __future__ import annotations

import calendar
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import combinations
from os import PathLike
from pathlib import Path
from time import gmtime, strftime
from typing import Any, TypeVar

import orjson

from wipboard.store import schema
from wipboard.store.audit import LOG_MODE, AuditLog, AuditValue
from wipboard.store.demo_clients import RIVERA_FAMILY, RIVERA_LANDSCAPING, Dice, cumulative, demo_clients
from wipboard.store.durable_write import write_durably
from wipboard.store.errors import FirmFileError, FirmFileExists, WriteFailed
from wipboard.store.firm_file import default_statuses, raw_firm
from wipboard.store.models import (
    Account,
    AccountHasTags,
    ClientStatus,
    ClientStatusPreset,
    Firm,
    Job,
    JobTemplate,
    NotificationSettings,
    Pipeline,
    Stage,
    StatusTemplate,
    UpdateClientStatus,
    User,
)
from wipboard.store.prefill import shown_status
from wipboard.store.rules import (
    RuleContext,
    automation_actor,
    run_automations,
    template_actor,
)
from wipboard.store.services.tracked_fields import CLIENT_STATUS_FIELDS, TRACKED_FIELDS
from wipboard.store.storage import FirmStorage

DEMO_FIRM_NAME = "Demo & Co. Accountants"
DEMO_JOBS = 200
# The app opens the demo as its owner (`wipboard --demo`).
DEMO_OWNER = "olivia"
DEMO_ADMIN = "marcus"
DEMO_EMPLOYEE = "priya"  # job_access "all"
DEMO_ASSIGNED_EMPLOYEE = "dana"  # job_access "assigned"

PLANNED, ON_HOLD, IN_PROGRESS, IN_REVIEW, DONE, WAITING_ON_YOU = 1, 2, 3, 4, 5, 6
TAX_RETURN, BOOKKEEPING, PAYROLL = 1, 2, 3

_UTC = timezone.utc
_T = TypeVar("_T")
RawDocument = dict[str, Any]  # one document of the firm file, as stored


def demo_staff() -> list[User]:
    return [
        User(id=1, login=DEMO_OWNER, name="Olivia Hart", role="owner"),
        User(id=2, login=DEMO_ADMIN, name="Marcus Webb", role="admin"),
        User(id=3, login=DEMO_EMPLOYEE, name="Priya Shah", role="employee", job_access="all"),
        User(id=4, login=DEMO_ASSIGNED_EMPLOYEE, name="Dana Kim", role="employee", job_access="assigned"),
    ]


def demo_statuses() -> list[StatusTemplate]:
    waiting = StatusTemplate(
        id=WAITING_ON_YOU, name="Waiting on you", color="yellow", position=5,
        description="We need documents or a signature from you.",
    )
    return [*default_statuses(), waiting]


def _show(automation_id: int, status_id: int, description: str | None = None, *tags: str) -> UpdateClientStatus:
    conditions = [AccountHasTags(tags=list(tags))] if tags else []
    return UpdateClientStatus(id=automation_id, visible=True, status_id=status_id, description=description, conditions=conditions)


def demo_pipelines() -> list[Pipeline]:
    """Three pipelines; stage and automation ids are unique across the firm."""
    tax = Pipeline(id=TAX_RETURN, name="Individual tax return", position=0, show_client_status_on_cards=True, stages=[
        Stage(id=1, name="Intake", automations=[_show(1, PLANNED)]),
        Stage(id=2, name="Waiting for documents", automations=[_show(
            2, WAITING_ON_YOU, "Please upload your W-2s, 1099s and last year's return to the portal.")]),
        Stage(id=3, name="Preparation", automations=[_show(3, IN_PROGRESS)]),
        Stage(id=4, name="Review", automations=[_show(4, IN_REVIEW, None, "individual")]),
        Stage(id=5, name="Client signature", automations=[
            _show(5, WAITING_ON_YOU, "Your return is ready: please e-sign Form 8879 in the portal."),
            _show(6, WAITING_ON_YOU, "Your return is ready. Your advisor will call to go through it before you sign.", "vip"),
        ]),
        Stage(id=6, name="Filed", automations=[_show(7, DONE, "Your return has been filed. A copy is in your documents.")]),
    ])
    bookkeeping = Pipeline(id=BOOKKEEPING, name="Monthly bookkeeping", position=1, stages=[
        Stage(id=7, name="Not started"),
        Stage(id=8, name="Collecting statements", automations=[_show(
            8, WAITING_ON_YOU, "Please connect your bank feeds or upload this month's statements.", "bookkeeping")]),
        Stage(id=9, name="Reconciling", automations=[_show(9, IN_PROGRESS, None, "bookkeeping")]),
        Stage(id=10, name="Review", automations=[_show(10, IN_REVIEW)]),
        Stage(id=11, name="Closed", automations=[_show(
            11, DONE, "Your books for the month are closed. The reports are in your portal.")]),
    ])
    payroll = Pipeline(
        id=PAYROLL, name="Payroll", position=2, show_client_status_on_cards=True, confirm_automations_on_move=True,
        stages=[
            Stage(id=12, name="Upcoming"),
            Stage(id=13, name="Processing", automations=[_show(13, IN_PROGRESS, "We are running this pay period's payroll.")]),
            # The partner's approval is internal: the client should not see a payroll "stuck" there.
            Stage(id=14, name="Approval", automations=[UpdateClientStatus(id=12, visible=False)]),
            Stage(id=15, name="Paid", automations=[
                _show(14, DONE, "Payroll is paid; pay stubs are in the portal."),
                _show(15, DONE, "Payroll is paid and the tax deposits are made; pay stubs are in the portal.", "vip"),
            ]),
        ],
    )
    return [tax, bookkeeping, payroll]


def demo_job_templates(tax_year: int) -> list[JobTemplate]:
    return [
        JobTemplate(id=1, name="1040 return", pipeline_id=TAX_RETURN, stage_id=1, job_name=f"{tax_year} Form 1040",
                    client_status=ClientStatusPreset(visible=True, status_id=PLANNED,
                                                     name_for_client=f"Your {tax_year} tax return")),
        JobTemplate(id=2, name="Tax extension", pipeline_id=TAX_RETURN, stage_id=1, priority="high",
                    job_name=f"{tax_year} extension (Form 4868)",
                    # Intake's automation shows Planned too, which keeps this description (R3).
                    client_status=ClientStatusPreset(
                        visible=True, status_id=PLANNED, name_for_client=f"Your {tax_year} tax extension",
                        description="We are filing an extension for you; your return will be due October 15.")),
        JobTemplate(id=3, name="Monthly close", pipeline_id=BOOKKEEPING, stage_id=7, job_name="Monthly bookkeeping",
                    assignees=[DEMO_EMPLOYEE]),
        JobTemplate(id=4, name="Payroll run", pipeline_id=PAYROLL, stage_id=12, job_name="Payroll run",
                    assignees=[DEMO_ASSIGNED_EMPLOYEE], priority="high"),
    ]


# --- Jobs ---------------------------------------------------------------------------------

_NOTES = (
    "Client prefers e-mail over phone calls.",
    "Waiting on the brokerage 1099; it usually arrives late.",
    "Same as last year, plus a new rental property.",
    "Check the home-office deduction: the square footage changed.",
    "The bank feed for the business card disconnects often; ask for a CSV instead.",
    "New employee starting mid-period; add them before processing.",
    "Spouse had W-2s from two employers.",
    "Client is travelling until the 20th, so signatures come after that.",
    "Reconcile PayPal separately.",
    "Prior preparer missed the QBI deduction; review the carry-forwards.",
    "Part of the income comes through the German subsidiary (Tochtergesellschaft): check the FBAR threshold.",
    "Asked for a call with Olivia before anything is filed.",
    "Quarterly estimates are due the same week.",
    "Mileage log is in the portal (½ business use).",
)
_STAFF = (DEMO_OWNER, DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_ASSIGNED_EMPLOYEE)
# Each pool of choices comes with its cumulative weights (how often each is drawn).
_ASSIGNEES = ((), *((login,) for login in _STAFF), *combinations(_STAFF, 2))
_ASSIGNEE_ODDS = cumulative((8, *(77 / 4,) * 4, *(15 / 6,) * 6))
_PRIORITIES = ("low", "medium", "high", "urgent")
_PRIORITY_ODDS = cumulative((20, 50, 22, 8))
_TAX_STAGE_ODDS = cumulative((12, 22, 22, 14, 10, 20))
# A kind with {year} in it is its job's name.
_TAX_KINDS = ("1040", "extension", "{year} state return", "{last_year} Form 1040", "{last_year} Form 1040-X (amended)",
              "estimates", "{year} FBAR (FinCEN 114)", "{year} gift tax return (Form 709)")
_TAX_KIND_ODDS = cumulative((55, 6, 10, 12, 4, 8, 3, 2))
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # not calendar.month_name: that follows the locale
_SENTINEL_TIME = datetime(2000, 1, 1, tzinfo=_UTC)
_DAY = 86400
_EPOCH_DAY = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class _Plan:
    """What a job is before its times are drawn: where it is, whose it is, what it is called."""

    pipeline_id: int
    stage_index: int
    account: Account
    name: str
    template_id: int | None
    start: date
    due: date


class _ClientStatuses:
    """The engine's verdict for a stage path, computed once per distinct input and reused.

    The engine's decisions depend on the job's name, its account's condition
    tags, its template and the stages it entered, never on when, so it runs
    with placeholder times (second ``i`` = the ``i``-th stage entered) that are
    then swapped for the job's own. Who acted is named as the services name it:
    ``template: NAME`` for a template's preset, ``automation: STAGE`` for an automation.
    """

    def __init__(self, pipelines: list[Pipeline], statuses: list[StatusTemplate], templates: list[JobTemplate]) -> None:
        self.pipelines = {pipeline.id: pipeline for pipeline in pipelines}
        self.statuses = {status.id: status for status in statuses}
        self.templates = {template.id: template for template in templates}
        self.condition_tags = frozenset(
            tag for pipeline in pipelines for stage in pipeline.stages
            for automation in stage.automations for condition in automation.conditions for tag in condition.tags
        )
        self.cache: dict[tuple[object, ...], tuple[RawDocument, int | None, _StepChanges]] = {}

    def final(self, plan: _Plan, times: list[int]) -> tuple[RawDocument, _StepChanges]:
        """The client status of ``plan``'s job, which entered its ``i``-th stage at ``times[i]``, as stored,
        and what the template and the automations changed at each step (0: creation, ``i``: the ``i``-th move)."""
        tags = tuple(sorted(self.condition_tags.intersection(plan.account.tags)))
        key = (plan.pipeline_id, plan.stage_index, tags, plan.template_id, plan.name)
        found = self.cache.get(key)
        if found is None:
            status, step, changes = self._derive(plan, tags)
            found = self.cache[key] = (status.model_dump(mode="json"), step, changes)
        raw, step, changes = found
        if step is None:
            return dict(raw), changes
        return {**raw, "updated_at": _stored_time(times[step])}, changes

    def _derive(self, plan: _Plan, tags: tuple[str, ...]) -> tuple[ClientStatus, int | None, _StepChanges]:
        pipeline = self.pipelines[plan.pipeline_id]
        path = pipeline.stages[: plan.stage_index + 1]
        job = Job(id=1, name=plan.name, account_id=1, pipeline_id=pipeline.id, stage_id=path[0].id)
        account = Account(id=1, name="tags only", tags=list(tags))
        template = self.templates[plan.template_id] if plan.template_id else None
        changes: list[list[bytes]] = [[] for _ in path]
        if template is not None and template.client_status.visible:  # R1: the preset, then R2: creation enters
            preset = template.client_status
            assert preset.status_id is not None
            status = shown_status(
                job, job.client_status, status=self.statuses[preset.status_id],
                name_for_client=preset.name_for_client or None, description=preset.description or None,
                at=_SENTINEL_TIME, by=template_actor(template.name), via="template",
            )
            shown = job.model_copy(update={"client_status": status})
            changes[0] += _status_changes(job, shown, template_actor(template.name), "template")
            job = shown
        for step, stage in enumerate(path):
            at = _SENTINEL_TIME + timedelta(seconds=step)
            context = RuleContext(account, self.statuses, automation_actor(stage.name), at)
            outcome = run_automations(job, stage, context)
            assert not outcome.problems, outcome.problems
            moved = job.model_copy(update={"stage_id": stage.id, "client_status": outcome.client_status})
            changes[step] += _status_changes(job, moved, automation_actor(stage.name), "automation")
            job = moved
        status = job.client_status
        steps = tuple((b"".join(step_changes), len(step_changes)) for step_changes in changes)
        if status.updated_at is None:
            return status, None, steps
        return status, int((status.updated_at - _SENTINEL_TIME).total_seconds()), steps


# What the template and the automations changed at each step of a job's way (0: its creation,
# i: its i-th move), as the format of that step's audit lines (see ``_line_format``) and their count.
_StepChanges = tuple[tuple[bytes, int], ...]


def _line_format(field: str, before: AuditValue, after: AuditValue, actor: bytes, via: str) -> bytes:
    """A change as ``Operation.finish`` records it, as a %-format of three values that differ from job to job:

    the line's head (``{"at":…,"op":…,"operation":…,"user":…,``), the job's id, and the
    version with the rest of the line (``3,"undoes":null}\\n``).
    """
    middle = b'"actor":%s,"via":"%s","job_id":' % (actor, via.encode())
    tail = b',"field":"%s","before":%s,"after":%s,"version":' % (field.encode(), orjson.dumps(before), orjson.dumps(after))
    return b"%s" + middle.replace(b"%", b"%%") + b"%s" + tail.replace(b"%", b"%%") + b"%s"


def _status_changes(old: Job, new: Job, actor: str, via: str) -> list[bytes]:
    """The client-status fields that differ between ``old`` and ``new``, in the order the services record them."""
    actor_json = orjson.dumps(actor)
    return [
        _line_format(name, TRACKED_FIELDS[name](old), TRACKED_FIELDS[name](new), actor_json, via)
        for name in CLIENT_STATUS_FIELDS
        if TRACKED_FIELDS[name](old) != TRACKED_FIELDS[name](new)
    ]


class _Jobs:
    """Draws jobs one after another from the shared dice."""

    def __init__(self, dice: Dice, now: datetime, statuses: _ClientStatuses, history: _History | None = None) -> None:
        self.dice = dice
        self.history = history
        self.now_s = int(now.timestamp())
        self.today = now.date()
        self.tax_year = now.year - 1
        self.statuses = statuses
        self.stage_ids = {pipeline.id: [stage.id for stage in pipeline.stages] for pipeline in statuses.pipelines.values()}
        self.taken: set[tuple[int, str]] = set()  # (account id, job name)
        self.periods: dict[tuple[int, int], int] = {}  # (account id, pipeline id) -> periods back of its next job
        self.fitting: dict[int, tuple[int, ...]] = {}

    # --- What the job is -------------------------------------------------------------

    def plans(self, accounts: list[Account], count: int) -> list[_Plan]:
        """``count`` jobs: a few showcase jobs, then jobs of accounts drawn by how much recurring work they have."""
        plans = self.showcase(accounts)[:count]
        self.taken.update((plan.account.id, plan.name) for plan in plans)
        odds = cumulative([2 if "individual" in account.tags else
                            1 + 3 * ("bookkeeping" in account.tags) + 3 * ("payroll" in account.tags)
                            for account in accounts])
        while len(plans) < count:
            plan = self.plan(self.dice.weighted(accounts, odds))
            self.taken.add((plan.account.id, plan.name))
            plans.append(plan)
        return plans

    def plan(self, account: Account) -> _Plan:
        pipeline_id = self._pipeline_for(account)
        if pipeline_id == TAX_RETURN:
            return self._tax_plan(account)
        if pipeline_id == BOOKKEEPING:
            return self._bookkeeping_plan(account)
        return self._payroll_plan(account)

    def _pipeline_for(self, account: Account) -> int:
        fitting = self.fitting.get(account.id)
        if fitting is None:
            fitting = self.fitting[account.id] = tuple(
                pipeline_id for tag, pipeline_id in (("individual", TAX_RETURN), ("bookkeeping", BOOKKEEPING),
                                                     ("payroll", PAYROLL)) if tag in account.tags)
        # Now and then a job the account's tags do not call for, so that conditions visibly hold a status back.
        if not fitting or self.dice.random() < 0.06:
            return self.dice.pick((TAX_RETURN, BOOKKEEPING, PAYROLL))
        return self.dice.pick(fitting)

    def _next_period(self, account: Account, pipeline_id: int, name_of: Callable[[int], str]) -> int:
        """How many periods back this account's next job of the pipeline is: each account works back from now."""
        periods_back = self.periods.get((account.id, pipeline_id), 0)
        while (account.id, name_of(periods_back)) in self.taken:
            periods_back += 1
        self.periods[account.id, pipeline_id] = periods_back + 1
        return periods_back

    def _tax_plan(self, account: Account) -> _Plan:
        dice, year, today = self.dice, self.tax_year, self.today
        for _ in range(5):  # an account has one return of each kind
            kind = dice.weighted(_TAX_KINDS, _TAX_KIND_ODDS)
            if kind == "1040":
                name = f"{year} Form 1040"
            elif kind == "extension":
                name = f"{year} extension (Form 4868)"
            elif kind == "estimates":
                name = f"{year + 1} estimated taxes, Q{dice.between(1, 4)}"
            else:
                name = kind.format(year=year, last_year=year - 1)
            if (account.id, name) not in self.taken:
                break
        if kind == "{last_year} Form 1040":  # filed long ago; some of these are archived
            due = date(year, 4, 15) if dice.random() < 0.8 else date(year, 10, 15)
            return _Plan(TAX_RETURN, 5, account, name, None, due - timedelta(days=dice.between(30, 90)), due)
        template_id = {"1040": 1 if dice.random() < 0.6 else None, "extension": 2}.get(kind)
        stage = dice.weighted(range(6), _TAX_STAGE_ODDS)
        if stage == 5:
            due = today + timedelta(days=dice.between(-60, 40))
            start = due - timedelta(days=dice.between(40, 100))
        else:
            start = today + timedelta(days=dice.between(-14, 21) if stage == 0 else -dice.between(0, 100))
            due = start + timedelta(days=dice.between(45, 150))
        return _Plan(TAX_RETURN, stage, account, name, template_id, start, due)

    def _bookkeeping_plan(self, account: Account) -> _Plan:
        months_back = self._next_period(account, BOOKKEEPING, lambda back: _month_name(self.today, back)[0])
        if months_back < 3:
            stage = self.dice.between(*((0, 1), (1, 3), (2, 4))[months_back])
        else:
            stage = 3 if self.dice.random() < 0.1 else 4
        name, start = _month_name(self.today, months_back)
        template_id = 3 if self.dice.random() < 0.5 else None
        return _Plan(BOOKKEEPING, stage, account, name, template_id, start, start + timedelta(days=19))

    def _payroll_plan(self, account: Account) -> _Plan:
        # -1: the next pay period, which every payroll client has in Upcoming
        periods_back = self._next_period(account, PAYROLL, lambda back: _pay_period(self.today, back - 1)[0]) - 1
        if periods_back < 2:
            stage = self.dice.between(*((0, 0), (0, 1), (1, 3))[periods_back + 1])
        else:
            stage = 2 if self.dice.random() < 0.08 else 3
        name, due = _pay_period(self.today, periods_back)
        template_id = 4 if self.dice.random() < 0.5 else None
        return _Plan(PAYROLL, stage, account, name, template_id, due - timedelta(days=4), due)

    def showcase(self, accounts: list[Account]) -> list[_Plan]:
        """The first jobs, the same for every seed, so that the README's examples always work."""
        by_name = {account.name: account for account in accounts}
        today, year = self.today, self.tax_year
        soon = today + timedelta(days=30)
        last_month, last_month_start = _month_name(today, 1)
        this_month, this_month_start = _month_name(today, 0)
        next_payroll, payday = _pay_period(today, -1)
        return [
            # In Preparation, so that the README's `wipboard jobs move 1 --stage Review` shows "In review".
            _Plan(TAX_RETURN, 2, by_name[RIVERA_FAMILY], f"{year} Form 1040", 1, today - timedelta(days=40), soon),
            _Plan(BOOKKEEPING, 1, by_name[RIVERA_LANDSCAPING], last_month, 3, last_month_start,
                  last_month_start + timedelta(days=19)),
            _Plan(PAYROLL, 0, by_name[RIVERA_LANDSCAPING], next_payroll, 4, payday - timedelta(days=4), payday),
            _Plan(TAX_RETURN, 4, by_name["Nguyễn Family"], f"{year} Form 1040", 1, today - timedelta(days=60), soon),
            _Plan(TAX_RETURN, 1, by_name["Klaus Müller"], f"{year} Form 1040", None, today - timedelta(days=20), soon),
            _Plan(BOOKKEEPING, 0, by_name["Müller GmbH"], this_month, None, this_month_start,
                  this_month_start + timedelta(days=19)),
        ]

    # --- The job itself ---------------------------------------------------------------

    def job(self, job_id: int, plan: _Plan) -> RawDocument:
        """The job as the firm file stores it; built without a model, as 50 000 models take seconds
        (tests check that every demo job loads, and dumps back to exactly these fields)."""
        dice, now_s = self.dice, self.now_s
        assignees = dice.weighted(_ASSIGNEES, _ASSIGNEE_ODDS) if job_id != 1 else (DEMO_ASSIGNED_EMPLOYEE,)
        # Created (= entering the first stage, R2) before its start date, then one move per later stage,
        # all of it in working hours and before the work was due (give or take a few weeks).
        start_s = (plan.start.toordinal() - _EPOCH_DAY) * _DAY
        due_s = (plan.due.toordinal() - _EPOCH_DAY) * _DAY
        created_s = min(start_s - dice.between(0, 10 * _DAY), now_s - dice.between(3600, 30 * _DAY))
        last_move_s = min(now_s - 60, due_s + 45 * _DAY)
        moved_s = sorted([dice.between(created_s, last_move_s) for _ in range(plan.stage_index)])
        times = [self._working_time(seconds) for seconds in (created_s, *moved_s)]
        stage_ids = self.stage_ids[plan.pipeline_id]
        finished = plan.stage_index == len(stage_ids) - 1
        archived = finished and dice.random() < (0.2 if due_s < now_s - 120 * _DAY else 0.02)
        deleted = not archived and dice.random() < 0.01
        edits = dice.between(0, 2)
        updated_s = moved_s[-1] if moved_s else created_s
        if archived or deleted or edits:
            updated_s = dice.between(updated_s, now_s - 1)
        updated = self._working_time(updated_s)
        client_status, changes = self.statuses.final(plan, times)
        job = {
            "id": job_id, "name": plan.name, "account_id": plan.account.id, "pipeline_id": plan.pipeline_id,
            "stage_id": stage_ids[plan.stage_index], "assignees": list(assignees),
            "priority": dice.weighted(_PRIORITIES, _PRIORITY_ODDS),
            "start_date": plan.start.isoformat(), "due_date": plan.due.isoformat(),
            "notes": self._notes(), "archived": archived, "deleted": deleted,
            # One version per operation: created, one move per later stage, the card edits, archive or delete.
            "version": 1 + plan.stage_index + edits + archived + deleted,
            "created_at": _stored_time(times[0]), "updated_at": _stored_time(updated),
            "template_id": plan.template_id, "client_status": client_status,
        }
        if self.history is not None:
            self.history.record(job, plan.start, stage_ids, changes, times, edits, updated)
        return job

    def _working_time(self, seconds: int) -> int:
        """The same day between 08:00 and 18:00 UTC, order kept, never after ``now``."""
        day_start = seconds - seconds % _DAY
        return min(day_start + 8 * 3600 + (seconds - day_start) * 10 // 24, self.now_s - 1)

    def _notes(self) -> str:
        count = self.dice.pick((0, 0, 1, 1, 2))
        if count == 0:
            return ""
        first = int(self.dice.random() * len(_NOTES))
        if count == 1:
            return _NOTES[first]
        second = (first + 1 + int(self.dice.random() * (len(_NOTES) - 1))) % len(_NOTES)
        return f"{_NOTES[first]} {_NOTES[second]}"


# --- The audit log ------------------------------------------------------------------------

# Staff who may act on any job; an "assigned" employee acts only on jobs assigned to them.
_ANY_JOB_STAFF = (DEMO_OWNER, DEMO_ADMIN, DEMO_EMPLOYEE)
_LOGIN_JSON = {login: orjson.dumps(login) for login in _STAFF}
_MASK_48 = (1 << 48) - 1


class _History:
    """The demo's audit log: the operations that made each job what it is, as the services record them.

    A job is created in its pipeline's first stage — its template's preset and that
    stage's automations in the same operation (R1, R2) — then moved one stage at a
    time to where it is, each move with what the stage's automations changed (R4);
    after the last move it may have been edited on its card and archived or deleted.
    One operation per version, at the job's own times, so the log ends where the job is.

    Lines are built as bytes, in the very layout ``AuditLog.append`` writes (a test
    checks it), and with dice of their own, so the firm file's jobs are the same
    with or without a log.
    """

    def __init__(self, seed: int) -> None:
        self.dice = Dice(f"wipboard demo history {seed}")
        self.ops: list[tuple[int, int, int, bytes]] = []  # (at, job id, n-th operation of the job, its lines)
        self.moves: dict[tuple[bytes, int, int], bytes] = {}  # (user, from stage, to stage) -> line format
        self.days: dict[int, bytes] = {}  # day since 1970 -> b"2026-03-02T"

    def record(self, job: RawDocument, start: date, stage_ids: list[int], changes: _StepChanges, times: list[int],
               edits: int, updated: int) -> None:
        """The operations of ``job``: created at ``times[0]``, moved at ``times[1:]``, last changed at ``updated``."""
        dice, job_id, ops, moves = self.dice, job["id"], self.ops, self.moves
        assignees = job["assignees"]
        job_id_bytes = b"%d" % job_id

        def operation(n: int, at: int, name: bytes, user: bytes, first: bytes, step: tuple[bytes, int] = (b"", 0)) -> None:
            """The ``n``-th operation: the user's own change ``first`` (a line format), then ``step``'s."""
            head = b'{"at":"%s","op":"%012x","operation":"%s","user":%s,' % (self.time(at), _op_id(job_id, n), name, user)
            values = (head, job_id_bytes, b'%d,"undoes":null}\n' % n) * (1 + step[1])
            ops.append((at, job_id, n, (first + step[0]) % values))

        def who() -> bytes:
            return _LOGIN_JSON[dice.pick(assignees) if assignees and dice.random() < 0.7 else dice.pick(_ANY_JOB_STAFF)]

        user, via = who(), dice.pick(("card", "cli"))
        operation(1, times[0], b"create", user, _line_format("created", None, job["name"], user, via), changes[0])
        for step in range(1, len(times)):
            user = who()
            key = (user, stage_ids[step - 1], stage_ids[step])
            moved = moves.get(key)
            if moved is None:
                moved = moves[key] = _line_format("stage_id", key[1], key[2], user, "card")
            operation(step + 1, times[step], b"move", user, moved, changes[step])
        ending = "archived" if job["archived"] else "deleted" if job["deleted"] else None
        later = edits + (ending is not None)
        if not later:
            return
        # In working hours between the last move and the last change, which is the last of them.
        last_move = times[-1]
        day_start = [seconds - seconds % _DAY for seconds in (dice.between(last_move, updated) for _ in range(later - 1))]
        at = sorted(max(last_move, min(updated, day + 8 * 3600 + dice.between(0, 10 * 3600))) for day in day_start)
        at.append(updated)
        editable = ["priority", "due_date", *(("notes",) if job["notes"] else ())]
        n = len(times)
        for edit in range(edits):
            field = editable.pop(int(dice.random() * len(editable)))
            if field == "priority":
                before: AuditValue = dice.pick([priority for priority in _PRIORITIES if priority != job["priority"]])
            elif field == "due_date":  # the due date was moved by a week or a few
                due, shift = date.fromisoformat(job["due_date"]), timedelta(days=7 * dice.between(1, 3))
                before = (due - shift if due - shift >= start else due + shift).isoformat()
            else:
                before = ""  # the notes were written after the job was added
            user = who()
            n += 1
            operation(n, at[edit], b"card save", user, _line_format(field, before, job[field], user, "card"))
        if ending is not None:
            user = who()
            operation(n + 1, updated, b"archive" if ending == "archived" else b"delete", user,
                      _line_format(ending, False, True, user, dice.pick(("card", "cli"))))

    def time(self, seconds: int) -> bytes:
        """A UTC time as the audit log stores it (orjson's ``2026-03-02T14:05:11+00:00``)."""
        day, second = divmod(seconds, _DAY)
        prefix = self.days.get(day)
        if prefix is None:
            prefix = self.days[day] = strftime("%Y-%m-%dT", gmtime(seconds)).encode()
        hours, second = divmod(second, 3600)
        return b"%s%02d:%02d:%02d+00:00" % (prefix, hours, second // 60, second % 60)

    def log(self) -> bytes:
        """Every operation's lines, oldest first (one job's operations keep their order)."""
        self.ops.sort()  # by time, job, n-th operation: never down to the lines, as those three differ
        return b"".join(op[3] for op in self.ops)


def _op_id(job_id: int, n: int) -> int:
    """A 48-bit operation id, unique to (job, n-th operation) and as random-looking as ``secrets.token_hex(6)``."""
    value = ((job_id << 6 | n) * 0x5DEECE66D) & _MASK_48  # odd multipliers and xor-shifts: a bijection
    value ^= value >> 21
    value = (value * 0x2545F4914F6D) & _MASK_48
    return value ^ (value >> 17)


def _stored_time(seconds: int) -> str:
    """A UTC time as pydantic stores it: ``2026-03-02T14:05:11Z``."""
    return strftime("%Y-%m-%dT%H:%M:%SZ", gmtime(seconds))


def _month_name(today: date, months_back: int) -> tuple[str, date]:
    """'March 2026 bookkeeping' for the month ``months_back`` before today's, and the day its work starts."""
    index = today.year * 12 + today.month - 1 - months_back
    year, month = divmod(index, 12)
    next_year, next_month = divmod(index + 1, 12)
    return f"{_MONTHS[month]} {year} bookkeeping", date(next_year, next_month + 1, 1)


def _pay_period(today: date, periods_back: int) -> tuple[str, date]:
    """'Payroll 1–15 March 2026' for the half-month ``periods_back`` before today's, and its pay day."""
    index = today.year * 24 + (today.month - 1) * 2 + (today.day > 15) - periods_back
    year, half = divmod(index, 24)
    month, second = half // 2 + 1, half % 2
    first_day, last_day = (16, calendar.monthrange(year, month)[1]) if second else (1, 15)
    return f"Payroll {first_day}–{last_day} {_MONTHS[month - 1]} {year}", date(year, month, last_day)


def build_demo(jobs: int = DEMO_JOBS, seed: int = 0, now: datetime | None = None) -> schema.RawData:
    """The demo firm file's data: the same ``jobs``, ``seed`` and ``now`` always give the same data.

    ``now`` (default: today at midnight UTC) anchors every date, so the demo's
    due dates look current whenever it is made. Without its audit log (see
    ``build_demo_files``): ``_meta.audit_size`` is 0.
    """
    return _build(jobs, seed, now, None)


def build_demo_files(jobs: int = DEMO_JOBS, seed: int = 0, now: datetime | None = None) -> tuple[schema.RawData, bytes]:
    """The demo firm file's data and its audit log's bytes, whose size ``_meta.audit_size`` holds."""
    history = _History(seed)
    data = _build(jobs, seed, now, history)
    log = history.log()
    data[schema.META][schema.META_DOC]["audit_size"] = len(log)
    return data, log


def _build(jobs: int, seed: int, now: datetime | None, history: _History | None) -> schema.RawData:
    if jobs < 0:
        raise ValueError("the number of demo jobs must not be negative")
    if now is None:
        now = datetime.now(_UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=_UTC)
    dice = Dice(seed)
    pipelines, statuses, templates = demo_pipelines(), demo_statuses(), demo_job_templates(now.year - 1)
    accounts, contacts = demo_clients(max(20, jobs // 5), dice, {user.login for user in demo_staff()})
    maker = _Jobs(dice, now, _ClientStatuses(pipelines, statuses, templates), history)
    plans = maker.plans(accounts, jobs)
    data = raw_firm(Firm(name=DEMO_FIRM_NAME, demo=True, notifications=NotificationSettings(enabled=True)), {
        "users": demo_staff(), "contacts": contacts, "accounts": accounts, "statuses": statuses,
        "pipelines": pipelines, "job_templates": templates,
    })
    data["jobs"] = {str(job_id): maker.job(job_id, plan) for job_id, plan in enumerate(plans, start=1)}
    data[schema.META][schema.META_DOC]["next_ids"]["jobs"] = jobs + 1
    return data


class AuditLogExists(FirmFileError):
    """An audit log is where the new firm file's would go, though no firm file is there."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "an audit log is already here, left by an earlier firm file of that name; it was "
                               "left as it is — move it away (its firm file's backups may need it) or choose another path")


def write_demo(path: str | PathLike[str], jobs: int = DEMO_JOBS, seed: int = 0, *, now: datetime | None = None) -> None:
    """Write a new demo firm file at ``path`` and its audit log beside it.

    An existing firm file is refused (``FirmFileExists``) and left alone. So is an
    audit log without its firm file (``AuditLogExists``): it is the only record of
    who changed what in a firm that may come back from a backup or a rename, so it
    is never removed or appended to. A refused or failed write leaves no log behind.
    """
    data, log = build_demo_files(jobs, seed, now)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    storage = FirmStorage(path)
    audit = AuditLog(storage.path)
    # The firm file's lock (re-entrant: ``create`` takes it again) keeps out anyone who would create
    # the firm file, or use the log, between our checks and the firm file's arrival.
    with storage.locked():
        if storage.path.exists():
            raise FirmFileExists(storage.path)
        _write_new_log(audit, log)
        try:
            storage.create(data)
        except BaseException:
            _remove_log(audit)
            raise


def _write_new_log(audit: AuditLog, log: bytes) -> None:
    """Write ``log`` as a new file, durably, as ``AuditLog.append`` writes; an existing file is refused.

    The firm file's create, which follows, fsyncs the folder.
    """
    try:
        write_durably(audit.path, [log], mode=LOG_MODE, group=os.stat(audit.path.parent).st_gid)
    except FileExistsError:
        raise AuditLogExists(audit.path) from None
    except OSError as error:
        _remove_log(audit)
        raise WriteFailed(audit.path, error) from error


def _remove_log(audit: AuditLog) -> None:
    try:
        os.unlink(audit.path)
    except FileNotFoundError:
        pass
