"""The demo firm itself: its people, its statuses, its pipelines with their automations, its job templates."""

from __future__ import annotations

from wipboard.store.firm_file import default_statuses
from wipboard.store.models import (
    AccountHasTags,
    ClientStatusPreset,
    JobTemplate,
    Pipeline,
    Stage,
    StatusTemplate,
    UpdateClientStatus,
    User,
)

DEMO_FIRM_NAME = "Demo & Co. Accountants"
DEMO_JOBS = 200
# The app opens the demo as its owner (`wipboard --demo`).
DEMO_OWNER = "olivia"
DEMO_ADMIN = "marcus"
DEMO_EMPLOYEE = "priya"  # job_access "all"
DEMO_ASSIGNED_EMPLOYEE = "dana"  # job_access "assigned"

PLANNED, ON_HOLD, IN_PROGRESS, IN_REVIEW, DONE, WAITING_ON_YOU = 1, 2, 3, 4, 5, 6
TAX_RETURN, BOOKKEEPING, PAYROLL = 1, 2, 3
STAFF = (DEMO_OWNER, DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_ASSIGNED_EMPLOYEE)


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
