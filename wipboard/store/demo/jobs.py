"""The demo's jobs: what each one is (its plan: pipeline, stage, account, name, dates), then the job as stored."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import combinations

from wipboard.store.demo.client_statuses import ClientStatuses
from wipboard.store.demo.clients import RIVERA_FAMILY, RIVERA_LANDSCAPING
from wipboard.store.demo.dice import Dice, cumulative
from wipboard.store.demo.firm import BOOKKEEPING, DEMO_ASSIGNED_EMPLOYEE, PAYROLL, STAFF, TAX_RETURN
from wipboard.store.demo.history import History
from wipboard.store.demo.plan import JobPlan
from wipboard.store.demo.stored import DAY, EPOCH_DAY, RawDocument, stored_time
from wipboard.store.fields import PRIORITIES
from wipboard.store.models import Account

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
# Each pool of choices comes with its cumulative weights (how often each is drawn).
_ASSIGNEES = ((), *((login,) for login in STAFF), *combinations(STAFF, 2))
_ASSIGNEE_ODDS = cumulative((8, *(77 / 4,) * 4, *(15 / 6,) * 6))
_PRIORITY_ODDS = cumulative((20, 50, 22, 8))
_TAX_STAGE_ODDS = cumulative((12, 22, 22, 14, 10, 20))
# A kind with {year} in it is its job's name.
_TAX_KINDS = ("1040", "extension", "{year} state return", "{last_year} Form 1040", "{last_year} Form 1040-X (amended)",
              "estimates", "{year} FBAR (FinCEN 114)", "{year} gift tax return (Form 709)")
_TAX_KIND_ODDS = cumulative((55, 6, 10, 12, 4, 8, 3, 2))
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # not calendar.month_name: that follows the locale


class JobMaker:
    """Draws jobs one after another from the shared dice."""

    def __init__(self, dice: Dice, now: datetime, statuses: ClientStatuses, history: History | None = None) -> None:
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

    def plans(self, accounts: list[Account], count: int) -> list[JobPlan]:
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

    def plan(self, account: Account) -> JobPlan:
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

    def _tax_plan(self, account: Account) -> JobPlan:
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
            return JobPlan(TAX_RETURN, 5, account, name, None, due - timedelta(days=dice.between(30, 90)), due)
        template_id = {"1040": 1 if dice.random() < 0.6 else None, "extension": 2}.get(kind)
        stage = dice.weighted(range(6), _TAX_STAGE_ODDS)
        if stage == 5:
            due = today + timedelta(days=dice.between(-60, 40))
            start = due - timedelta(days=dice.between(40, 100))
        else:
            start = today + timedelta(days=dice.between(-14, 21) if stage == 0 else -dice.between(0, 100))
            due = start + timedelta(days=dice.between(45, 150))
        return JobPlan(TAX_RETURN, stage, account, name, template_id, start, due)

    def _bookkeeping_plan(self, account: Account) -> JobPlan:
        months_back = self._next_period(account, BOOKKEEPING, lambda back: _month_name(self.today, back)[0])
        if months_back < 3:
            stage = self.dice.between(*((0, 1), (1, 3), (2, 4))[months_back])
        else:
            stage = 3 if self.dice.random() < 0.1 else 4
        name, start = _month_name(self.today, months_back)
        template_id = 3 if self.dice.random() < 0.5 else None
        return JobPlan(BOOKKEEPING, stage, account, name, template_id, start, start + timedelta(days=19))

    def _payroll_plan(self, account: Account) -> JobPlan:
        # -1: the next pay period, which every payroll client has in Upcoming
        periods_back = self._next_period(account, PAYROLL, lambda back: _pay_period(self.today, back - 1)[0]) - 1
        if periods_back < 2:
            stage = self.dice.between(*((0, 0), (0, 1), (1, 3))[periods_back + 1])
        else:
            stage = 2 if self.dice.random() < 0.08 else 3
        name, due = _pay_period(self.today, periods_back)
        template_id = 4 if self.dice.random() < 0.5 else None
        return JobPlan(PAYROLL, stage, account, name, template_id, due - timedelta(days=4), due)

    def showcase(self, accounts: list[Account]) -> list[JobPlan]:
        """The first jobs, the same for every seed, so that the README's examples always work."""
        by_name = {account.name: account for account in accounts}
        today, year = self.today, self.tax_year
        soon = today + timedelta(days=30)
        last_month, last_month_start = _month_name(today, 1)
        this_month, this_month_start = _month_name(today, 0)
        next_payroll, payday = _pay_period(today, -1)
        return [
            # In Preparation, so that the README's `wipboard jobs move 1 --stage Review` shows "In review".
            JobPlan(TAX_RETURN, 2, by_name[RIVERA_FAMILY], f"{year} Form 1040", 1, today - timedelta(days=40), soon),
            JobPlan(BOOKKEEPING, 1, by_name[RIVERA_LANDSCAPING], last_month, 3, last_month_start,
                  last_month_start + timedelta(days=19)),
            JobPlan(PAYROLL, 0, by_name[RIVERA_LANDSCAPING], next_payroll, 4, payday - timedelta(days=4), payday),
            JobPlan(TAX_RETURN, 4, by_name["Nguyễn Family"], f"{year} Form 1040", 1, today - timedelta(days=60), soon),
            JobPlan(TAX_RETURN, 1, by_name["Klaus Müller"], f"{year} Form 1040", None, today - timedelta(days=20), soon),
            JobPlan(BOOKKEEPING, 0, by_name["Müller GmbH"], this_month, None, this_month_start,
                  this_month_start + timedelta(days=19)),
        ]

    # --- The job itself ---------------------------------------------------------------

    def job(self, job_id: int, plan: JobPlan) -> RawDocument:
        """The job as the firm file stores it; built without a model, as 50 000 models take seconds
        (tests check that every demo job loads, and dumps back to exactly these fields)."""
        dice, now_s = self.dice, self.now_s
        assignees = dice.weighted(_ASSIGNEES, _ASSIGNEE_ODDS) if job_id != 1 else (DEMO_ASSIGNED_EMPLOYEE,)
        # Created (= entering the first stage, R2) before its start date, then one move per later stage,
        # all of it in working hours and before the work was due (give or take a few weeks).
        start_s = (plan.start.toordinal() - EPOCH_DAY) * DAY
        due_s = (plan.due.toordinal() - EPOCH_DAY) * DAY
        created_s = min(start_s - dice.between(0, 10 * DAY), now_s - dice.between(3600, 30 * DAY))
        last_move_s = min(now_s - 60, due_s + 45 * DAY)
        moved_s = sorted([dice.between(created_s, last_move_s) for _ in range(plan.stage_index)])
        times = [self._working_time(seconds) for seconds in (created_s, *moved_s)]
        stage_ids = self.stage_ids[plan.pipeline_id]
        finished = plan.stage_index == len(stage_ids) - 1
        archived = finished and dice.random() < (0.2 if due_s < now_s - 120 * DAY else 0.02)
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
            "priority": dice.weighted(PRIORITIES, _PRIORITY_ODDS),
            "start_date": plan.start.isoformat(), "due_date": plan.due.isoformat(),
            "notes": self._notes(), "archived": archived, "deleted": deleted,
            # One version per operation: created, one move per later stage, the card edits, archive or delete.
            "version": 1 + plan.stage_index + edits + archived + deleted,
            "created_at": stored_time(times[0]), "updated_at": stored_time(updated),
            "template_id": plan.template_id, "client_status": client_status,
        }
        if self.history is not None:
            self.history.record(job, plan.start, stage_ids, changes, times, edits, updated)
        return job

    def _working_time(self, seconds: int) -> int:
        """The same day between 08:00 and 18:00 UTC, order kept, never after ``now``."""
        day_start = seconds - seconds % DAY
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
