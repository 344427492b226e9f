"""The demo firm: a tax and bookkeeping practice with clients, pipelines and jobs to try.

``build_demo`` is a pure function of (jobs, seed, now): the same arguments give
the same bytes. Every job's client status is what the automation engine gives a
job created in its pipeline's first stage and moved stage by stage to where it
is (R1, R2, R4), so the demo never shows a status the rules could not produce.
The engine runs once per distinct (stage path, account tags, template, job
name) and the result is reused with each job's own times and actors, which is
what keeps 50 000 jobs fast.
"""

from __future__ import annotations

import calendar
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from os import PathLike
from pathlib import Path

from wipboard.store import schema
from wipboard.store.firm_file import default_statuses, raw_firm
from wipboard.store.models import (
    Account,
    AccountHasTags,
    ClientStatus,
    ClientStatusPreset,
    Contact,
    Firm,
    Job,
    JobTemplate,
    Pipeline,
    Stage,
    StatusTemplate,
    UpdateClientStatus,
    User,
)
from wipboard.store.prefill import shown_status
from wipboard.store.rules import RuleContext, run_automations
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
RIVERA_FAMILY, RIVERA_LANDSCAPING = "Rivera Family", "Rivera Landscaping LLC"

_UTC = timezone.utc


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
                    client_status=ClientStatusPreset(
                        visible=True, status_id=ON_HOLD, name_for_client=f"Your {tax_year} tax extension",
                        description="We are filing an extension; your return will be due October 15.")),
        JobTemplate(id=3, name="Monthly close", pipeline_id=BOOKKEEPING, stage_id=7, job_name="Monthly bookkeeping",
                    assignees=[DEMO_EMPLOYEE]),
        JobTemplate(id=4, name="Payroll run", pipeline_id=PAYROLL, stage_id=12, job_name="Payroll run",
                    assignees=[DEMO_ASSIGNED_EMPLOYEE], priority="high"),
    ]


# --- Clients ------------------------------------------------------------------------------

# (account name, tags, contacts as (login, name)); a contact named twice belongs to both accounts.
_KNOWN_ACCOUNTS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (RIVERA_FAMILY, ("individual",), (("mrivera", "Maria Rivera"),)),
    (RIVERA_LANDSCAPING, ("business", "payroll", "bookkeeping"), (("mrivera", "Maria Rivera"), ("lpark", "Lena Park"))),
    ("Nguyễn Family", ("individual", "vip"), (("tnguyen", "Thảo Nguyễn"), ("mnguyen", "Minh Nguyễn"))),
    ("Müller GmbH", ("business", "bookkeeping", "payroll", "vip"), (("kmuller", "Klaus Müller"),)),
    ("Klaus Müller", ("individual",), (("kmuller", "Klaus Müller"),)),
    ("Café Lumière LLC", ("business", "bookkeeping"), (("aleroux", "Amélie Leroux"),)),
    ("Søndergaard & Lee Architects", ("business", "payroll", "bookkeeping"),
     (("hsondergaard", "Henrik Søndergaard"), ("jlee", "Jenny Lee"))),
    ("Friends of the Maple Street Library", ("business", "nonprofit", "bookkeeping"), (("rokafor", "Ruth Okafor"),)),
)
_FIRST = ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
          "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
          "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Paul",
          "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "Wei", "Aisha",
          "Hiroshi", "Fatima", "Omar", "Ingrid", "Raj", "Yuki", "Sean", "Noor", "José", "Zoë", "Søren", "Amélie",
          "Björn", "Łucja", "Renée", "Chloé", "Iñaki", "Thảo")
_LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
         "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
         "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
         "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins",
         "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell",
         "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes",
         "Price", "Sanders", "Patel", "Chen", "Kim", "Singh", "Cohen", "Haddad", "Tanaka", "O'Neill", "García",
         "Hernández", "Dubois", "Kowalczyk", "Sørensen", "Novák", "Çelik", "Yılmaz", "Ferreira", "Đặng", "Öztürk")
_PLACES = ("Harbor", "Northside", "Blue Ridge", "Maple Street", "Lakeside", "Summit", "Evergreen", "Riverbend",
           "Oak Hill", "Cedar", "Pinecrest", "Bayview", "Granite", "Sunrise", "Westgate", "Copper Creek")
_TRADES = ("Landscaping", "Plumbing", "Dental", "Bakery", "Consulting", "Auto Repair", "Design Studio", "Roofing",
           "Catering", "Physical Therapy", "Law Office", "Veterinary Clinic", "Coffee Roasters", "Electric",
           "Books", "Fitness", "Florist", "Photography", "Architects", "Imports", "Hardware", "Cleaning Services")
_SUFFIXES = ("LLC", "Inc.", "Co.", "Group", "PLLC", "Ltd.")


def _ascii(text: str) -> str:
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


class _Clients:
    """Accounts and contacts built together, so that a login or an account name is never used twice."""

    def __init__(self) -> None:
        self.accounts: list[Account] = []
        self.contacts: dict[str, tuple[str, list[int]]] = {}  # login -> (name, account ids)
        self.logins = {user.login for user in demo_staff()}

    def add_account(self, name: str, tags: tuple[str, ...]) -> int:
        account_id = len(self.accounts) + 1
        self.accounts.append(Account(id=account_id, name=name, tags=list(tags)))
        return account_id

    def add_contact(self, login: str, name: str, account_id: int) -> None:
        self.logins.add(login)
        self.contacts.setdefault(login, (name, []))[1].append(account_id)

    def new_login(self, first: str, last: str) -> str:
        base = (_ascii(first)[:1] + _ascii(last)).lower()
        login, number = base, 1
        while login in self.logins:
            number += 1
            login = f"{base}{number}"
        return login

    def contact_models(self) -> list[Contact]:
        return [Contact(id=index, login=login, name=name, account_ids=ids)
                for index, (login, (name, ids)) in enumerate(self.contacts.items(), start=1)]


def _unique(name: str, taken: set[str], rng: random.Random) -> str:
    candidate = name
    while candidate in taken:
        candidate = f"{name} ({rng.choice(_PLACES)} {rng.randint(2, 99)})"
    taken.add(candidate)
    return candidate


def demo_clients(count: int, rng: random.Random) -> tuple[list[Account], list[Contact]]:
    """``count`` accounts (at least the well-known ones) with 1–2 contacts each; owners share their company's."""
    clients = _Clients()
    for name, tags, people in _KNOWN_ACCOUNTS:
        account_id = clients.add_account(name, tags)
        for login, person in people:
            clients.add_contact(login, person, account_id)
    taken = {account.name for account in clients.accounts}
    while len(clients.accounts) < count:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        if rng.random() < 0.5:
            tags = ("individual", "vip") if rng.random() < 0.08 else ("individual",)
            name = f"{last} Family" if rng.random() < 0.3 else f"{first} {last}"
            account_id = clients.add_account(_unique(name, taken, rng), tags)
            owner = clients.new_login(first, last)
            clients.add_contact(owner, f"{first} {last}", account_id)
            if name.endswith("Family") and rng.random() < 0.5:
                partner = rng.choice(_FIRST)
                clients.add_contact(clients.new_login(partner, last), f"{partner} {last}", account_id)
            if rng.random() > 0.35 or len(clients.accounts) >= count:
                continue
            trade_name = f"{last} {rng.choice(_TRADES)} {rng.choice(_SUFFIXES)}"
        else:
            owner = None
            trade_name = f"{rng.choice(_PLACES)} {rng.choice(_TRADES)} {rng.choice(_SUFFIXES)}"
        tags = tuple(tag for tag, share in (("business", 1.0), ("bookkeeping", 0.7), ("payroll", 0.55), ("vip", 0.1))
                     if rng.random() < share)
        business_id = clients.add_account(_unique(trade_name, taken, rng), tags)
        if owner is not None:
            clients.add_contact(owner, clients.contacts[owner][0], business_id)
        if owner is None or rng.random() < 0.4:
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            clients.add_contact(clients.new_login(first, last), f"{first} {last}", business_id)
    return clients.accounts, clients.contact_models()


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
_TAX_STAGE_WEIGHTS = (12, 22, 22, 14, 10, 20)
_PRIORITIES = ("low", "medium", "high", "urgent")
_PRIORITY_WEIGHTS = (20, 50, 22, 8)
_STAFF = (DEMO_OWNER, DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_ASSIGNED_EMPLOYEE)
_UNLIMITED_STAFF = (DEMO_OWNER, DEMO_ADMIN, DEMO_EMPLOYEE)
_SENTINEL_TIME = datetime(2000, 1, 1, tzinfo=_UTC)


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
    tags, its template and the stages it entered, never on when or by whom, so
    it runs with placeholder times (second ``i`` = the ``i``-th stage entered)
    that are swapped for the job's own.
    """

    def __init__(self, pipelines: list[Pipeline], statuses: list[StatusTemplate], templates: list[JobTemplate]) -> None:
        self.pipelines = {pipeline.id: pipeline for pipeline in pipelines}
        self.statuses = {status.id: status for status in statuses}
        self.templates = {template.id: template for template in templates}
        self.condition_tags = frozenset(
            tag for pipeline in pipelines for stage in pipeline.stages
            for automation in stage.automations for condition in automation.conditions for tag in condition.tags
        )
        self.cache: dict[tuple[object, ...], tuple[ClientStatus, int | None]] = {}

    def final(self, plan: _Plan, times: list[datetime], actors: list[str]) -> ClientStatus:
        tags = tuple(sorted(self.condition_tags.intersection(plan.account.tags)))
        key = (plan.pipeline_id, plan.stage_index, tags, plan.template_id, plan.name)
        if key not in self.cache:
            self.cache[key] = self._derive(plan, tags)
        status, step = self.cache[key]
        if step is None:
            return status
        return status.model_copy(update={"updated_at": times[step], "updated_by": actors[step]})

    def _derive(self, plan: _Plan, tags: tuple[str, ...]) -> tuple[ClientStatus, int | None]:
        pipeline = self.pipelines[plan.pipeline_id]
        path = pipeline.stages[: plan.stage_index + 1]
        job = Job(id=1, name=plan.name, account_id=1, pipeline_id=pipeline.id, stage_id=path[0].id)
        account = Account(id=1, name="tags only", tags=list(tags))
        if plan.template_id is not None:
            preset = self.templates[plan.template_id].client_status
            if preset.visible:
                assert preset.status_id is not None
                status = shown_status(
                    job, job.client_status, status=self.statuses[preset.status_id],
                    name_for_client=preset.name_for_client or None, description=preset.description or None,
                    at=_SENTINEL_TIME, by="step 0", via="template",
                )
                job = job.model_copy(update={"client_status": status})
        for step, stage in enumerate(path):
            at = _SENTINEL_TIME + timedelta(seconds=step)
            outcome = run_automations(job, stage, RuleContext(account, self.statuses, f"step {step}", at))
            assert not outcome.problems, outcome.problems
            job = job.model_copy(update={"stage_id": stage.id, "client_status": outcome.client_status})
        status = job.client_status
        if status.updated_at is None:
            return status, None
        return status, int((status.updated_at - _SENTINEL_TIME).total_seconds())


def _month_back(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 - months
    return index // 12, index % 12 + 1


def _tax_plan(rng: random.Random, account: Account, tax_year: int, today: date) -> _Plan:
    stage = rng.choices(range(6), _TAX_STAGE_WEIGHTS)[0]
    kind = rng.random()
    template_id: int | None = None
    if kind < 0.72:
        name = f"{tax_year} Form 1040"
        template_id = 1 if rng.random() < 0.6 else None
    elif kind < 0.8:
        name, template_id = f"{tax_year} extension (Form 4868)", 2
    elif kind < 0.9:
        name = f"{tax_year} state return"
    elif kind < 0.95:
        name = f"{tax_year - 1} Form 1040-X (amended)"
    else:
        name = f"{tax_year + 1} estimated taxes, Q{rng.randint(1, 4)}"
    due = today + timedelta(days=rng.randint(-150, -5) if stage == 5 else rng.randint(-40, 90))
    return _Plan(TAX_RETURN, stage, account, name, template_id, due - timedelta(days=rng.randint(20, 100)), due)


def _bookkeeping_plan(rng: random.Random, account: Account, today: date) -> _Plan:
    months_back = min(int(rng.expovariate(0.45)), 11)
    low, high = ((0, 1), (1, 3), (2, 4))[min(months_back, 2)]
    stage = rng.randint(low, high) if months_back < 3 else rng.choices((3, 4), (1, 9))[0]
    year, month = _month_back(today, months_back)
    next_year, next_month = (year + (month == 12), month % 12 + 1)
    start = date(next_year, next_month, 1)
    template_id = 3 if rng.random() < 0.5 else None
    return _Plan(BOOKKEEPING, stage, account, f"{calendar.month_name[month]} {year} bookkeeping", template_id,
                 start, start + timedelta(days=19))


def _payroll_plan(rng: random.Random, account: Account, today: date) -> _Plan:
    halves_back = min(int(rng.expovariate(0.5)), 12) - 1  # -1: the next pay period
    stage = (0, rng.randint(0, 1), rng.randint(1, 3))[halves_back + 1] if halves_back < 2 else rng.choices((2, 3), (1, 12))[0]
    half_index = today.year * 24 + (today.month - 1) * 2 + (today.day > 15) - halves_back
    year, month, second = half_index // 24, half_index % 24 // 2 + 1, half_index % 2
    last_day = calendar.monthrange(year, month)[1]
    first_day, end_day = (16, last_day) if second else (1, 15)
    name = f"Payroll {first_day}–{end_day} {calendar.month_name[month]} {year}"
    due = date(year, month, end_day)
    template_id = 4 if rng.random() < 0.5 else None
    return _Plan(PAYROLL, stage, account, name, template_id, due - timedelta(days=4), due)


def _pipeline_for(rng: random.Random, account: Account) -> int:
    fitting = [pipeline_id for tag, pipeline_id in (("individual", TAX_RETURN), ("bookkeeping", BOOKKEEPING),
                                                    ("payroll", PAYROLL)) if tag in account.tags]
    # Now and then a job the account's tags do not call for, so that conditions visibly hold back a status.
    if not fitting or rng.random() < 0.06:
        return rng.choice((TAX_RETURN, BOOKKEEPING, PAYROLL))
    return rng.choice(fitting)


def _plan(rng: random.Random, account: Account, pipeline_id: int, tax_year: int, today: date) -> _Plan:
    if pipeline_id == TAX_RETURN:
        return _tax_plan(rng, account, tax_year, today)
    if pipeline_id == BOOKKEEPING:
        return _bookkeeping_plan(rng, account, today)
    return _payroll_plan(rng, account, today)


def _showcase(accounts: list[Account], tax_year: int, today: date) -> list[_Plan]:
    """The first jobs, the same for every seed, so that README and SPEC examples always work."""
    by_name = {account.name: account for account in accounts}
    year, month = _month_back(today, 1)
    soon = today + timedelta(days=30)
    return [
        _Plan(TAX_RETURN, 3, by_name[RIVERA_FAMILY], f"{tax_year} Form 1040", 1, today - timedelta(days=40), soon),
        _Plan(BOOKKEEPING, 1, by_name[RIVERA_LANDSCAPING], f"{calendar.month_name[month]} {year} bookkeeping", 3,
              today - timedelta(days=3), today + timedelta(days=17)),
        _Plan(PAYROLL, 0, by_name[RIVERA_LANDSCAPING], "Payroll run", 4, today, today + timedelta(days=7)),
        _Plan(TAX_RETURN, 4, by_name["Nguyễn Family"], f"{tax_year} Form 1040", 1, today - timedelta(days=60), soon),
        _Plan(TAX_RETURN, 1, by_name["Klaus Müller"], f"{tax_year} Form 1040", None, today - timedelta(days=20), soon),
        _Plan(BOOKKEEPING, 0, by_name["Müller GmbH"], f"{calendar.month_name[today.month]} {today.year} bookkeeping",
              None, today, today + timedelta(days=45)),
    ]


def _job(job_id: int, plan: _Plan, rng: random.Random, statuses: _ClientStatuses, now: datetime) -> Job:
    roll = rng.random()
    assignees = [] if roll < 0.08 else sorted(rng.sample(_STAFF, 2 if roll > 0.85 else 1), key=_STAFF.index)
    if job_id == 1:
        assignees = [DEMO_ASSIGNED_EMPLOYEE]
    # Stage entries: created (entering the first stage) up to a few weeks ago, then one move per later stage.
    now_s = int(now.timestamp())
    created_s = min(int(datetime.combine(plan.start, time(9), _UTC).timestamp()) - rng.randint(0, 10 * 86400),
                    now_s - rng.randint(3600, 30 * 86400))
    entered_s = sorted(rng.randint(created_s, now_s - 60) for _ in range(plan.stage_index))
    times = [datetime.fromtimestamp(s, _UTC) for s in (created_s, *entered_s)]
    movers = assignees or _UNLIMITED_STAFF
    actors = [rng.choice(_UNLIMITED_STAFF) if step == 0 else rng.choice(movers) for step in range(len(times))]
    status = statuses.final(plan, times, actors)
    archived = plan.stage_index == len(statuses.pipelines[plan.pipeline_id].stages) - 1 and rng.random() < 0.1
    deleted = not archived and rng.random() < 0.01
    last_s = max(entered_s, default=created_s)
    extra_edits = rng.randint(0, 2)
    if archived or deleted or extra_edits:
        last_s = rng.randint(last_s, now_s - 1)
    notes = " ".join(rng.sample(_NOTES, rng.choice((0, 0, 1, 1, 2))))
    return Job(
        id=job_id, name=plan.name, account_id=plan.account.id, pipeline_id=plan.pipeline_id,
        stage_id=statuses.pipelines[plan.pipeline_id].stages[plan.stage_index].id, assignees=assignees,
        priority=rng.choices(_PRIORITIES, _PRIORITY_WEIGHTS)[0], start_date=plan.start, due_date=plan.due,
        notes=notes, archived=archived, deleted=deleted,
        version=1 + plan.stage_index + extra_edits + archived + deleted,
        created_at=times[0], updated_at=datetime.fromtimestamp(last_s, _UTC),
        template_id=plan.template_id, client_status=status,
    )


def build_demo(jobs: int = DEMO_JOBS, seed: int = 0, now: datetime | None = None) -> schema.RawData:
    """The demo firm file's data: the same ``jobs``, ``seed`` and ``now`` always give the same data.

    ``now`` (default: today at midnight UTC) anchors every date, so the demo's
    due dates look current whenever it is made.
    """
    if jobs < 0:
        raise ValueError("the number of demo jobs must not be negative")
    if now is None:
        now = datetime.now(_UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=_UTC)
    rng = random.Random(seed)
    today, tax_year = now.date(), now.year - 1
    pipelines, statuses, templates = demo_pipelines(), demo_statuses(), demo_job_templates(tax_year)
    accounts, contacts = demo_clients(max(20, jobs // 8), rng)
    client_statuses = _ClientStatuses(pipelines, statuses, templates)
    plans = _showcase(accounts, tax_year, today)[:jobs]
    while len(plans) < jobs:
        account = rng.choice(accounts)
        plans.append(_plan(rng, account, _pipeline_for(rng, account), tax_year, today))
    job_models = [_job(job_id, plan, rng, client_statuses, now) for job_id, plan in enumerate(plans, start=1)]
    return raw_firm(Firm(name=DEMO_FIRM_NAME, demo=True), {
        "users": demo_staff(), "contacts": contacts, "accounts": accounts, "statuses": statuses,
        "pipelines": pipelines, "job_templates": templates, "jobs": job_models,
    })


def write_demo(path: str | PathLike[str], jobs: int = DEMO_JOBS, seed: int = 0, *, now: datetime | None = None) -> None:
    """Write a new demo firm file at ``path``; an existing file is refused (``FirmFileExists``) and left alone."""
    data = build_demo(jobs, seed, now)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    FirmStorage(path).create(data)
