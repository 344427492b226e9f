"""R12 Permissions: every service × every role, checked in the services; a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import pytest

from wipboard.store.errors import InvalidRequest, NotFound, PermissionDenied
from wipboard.store.identity import Actor
from wipboard.store.models import Job
from wipboard.store.portal import portal_for
from wipboard.store.services.client_status import BulkEdit, CardEdit, bulk_edit, save_card
from wipboard.store.services.history import status_history, undo_last
from wipboard.store.services.jobs import NewJob, create_job, purge_jobs, set_flag
from wipboard.store.services.moves import move_jobs, preview_move
from wipboard.store.services.people import NewPerson, add_account, add_person
from wipboard.store.services.pipelines import (
    AutomationFields,
    PipelineSettings,
    add_automation,
    add_stage,
    create_pipeline,
    delete_automation,
    delete_stage,
    edit_automation,
    move_automation,
    move_stage,
    rename_stage,
    update_pipeline,
)
from wipboard.store.services.queries import JobFilter, list_jobs
from wipboard.store.services.statuses import StatusFields, create_status, delete_status, edit_status, move_status
from wipboard.store.services.templates import TemplateFields, delete_template, save_template

Needs = Literal["job", "create", "staff", "manager"]


@dataclass
class StaffedFirm:
    """A firm with one person of every role and two jobs: A (assigned to ava) and B (assigned to emma)."""

    firm: Any
    jobs: dict[str, Job]
    automation_ids: list[int]


@pytest.fixture
def staffed(new_firm) -> Iterator[StaffedFirm]:
    with new_firm() as firm:
        firm.admin("adam")
        firm.employee("emma", access="all")
        firm.employee("ava", access="assigned")
        firm.employee("nick", access="none")
        firm.account("Rivera Family", tags=["individual"])
        firm.account("Acme Corp", tags=["business"])
        firm.contact("mrivera", accounts=["Rivera Family"])
        automations = [firm.automation("Review", show="In review"), firm.automation("Review", show="On hold", if_tags=["business"])]
        firm.template("1040 return", show="Planned")
        jobs = {
            "A": firm.job("Rivera 1040", account="Rivera Family", assignees=["ava"]),
            "B": firm.job("Acme payroll", account="Acme Corp", assignees=["emma"]),
        }
        yield StaffedFirm(firm, jobs, [automation.id for automation in automations])


@dataclass(frozen=True)
class Service:
    name: str
    needs: Needs
    call: Callable[[StaffedFirm, Actor, Job], object]
    writes: bool = True
    setup: Callable[[StaffedFirm, Job], object] | None = None


def _account_of(staffed: StaffedFirm, job: Job) -> str:
    return staffed.firm.repo.snapshot().accounts[job.account_id].name


def _flag(action: str) -> Callable[[StaffedFirm, Job], object]:
    return lambda s, job: set_flag(s.firm.repo, s.firm.owner, [job.id], action)  # type: ignore[arg-type]


SERVICES = [
    # Jobs: allowed when the actor may see the job (R12 job_access).
    Service("move", "job", lambda s, a, job: move_jobs(s.firm.repo, a, [job.id], "Review")),
    Service("preview move", "job", lambda s, a, job: preview_move(s.firm.repo, a, job.id, "Review"), writes=False),
    Service(
        "card save", "job",
        lambda s, a, job: save_card(s.firm.repo, a, job.id, job.version, s.firm.card(job, visible=True, status="In progress")),
    ),
    Service(
        "bulk edit", "job",
        lambda s, a, job: bulk_edit(s.firm.repo, a, [job.id], BulkEdit(visibility="show", status="Planned")),
    ),
    Service("archive", "job", lambda s, a, job: set_flag(s.firm.repo, a, [job.id], "archive")),
    Service(
        "unarchive", "job",
        lambda s, a, job: set_flag(s.firm.repo, a, [job.id], "unarchive"),
        setup=_flag("archive"),
    ),
    Service("delete", "job", lambda s, a, job: set_flag(s.firm.repo, a, [job.id], "delete")),
    Service("status history", "job", lambda s, a, job: status_history(s.firm.repo, a, job.id), writes=False),
    Service("portal preview", "job", lambda s, a, job: portal_for(s.firm.repo, a, _account_of(s, job)), writes=False),
    # Any staff member.
    Service(
        "add job", "create",
        lambda s, a, job: create_job(s.firm.repo, a, NewJob(account="Rivera Family", pipeline="Client work", name="New job")),
    ),
    Service("list jobs", "staff", lambda s, a, job: list_jobs(s.firm.repo, a, JobFilter()), writes=False),
    # The trash and the settings: owner and admin only.
    Service(
        "restore", "manager",
        lambda s, a, job: set_flag(s.firm.repo, a, [job.id], "restore"),
        setup=_flag("delete"),
    ),
    Service("purge", "manager", lambda s, a, job: purge_jobs(s.firm.repo, a, [job.id]), setup=_flag("delete")),
    Service("create status", "manager", lambda s, a, job: create_status(s.firm.repo, a, "Waiting for you", "red")),
    Service(
        "edit status", "manager",
        lambda s, a, job: edit_status(s.firm.repo, a, "Planned", StatusFields(color="red")),
    ),
    Service("reorder statuses", "manager", lambda s, a, job: move_status(s.firm.repo, a, "Done", -1)),
    Service("delete status", "manager", lambda s, a, job: delete_status(s.firm.repo, a, "Done")),
    Service(
        "create pipeline", "manager",
        lambda s, a, job: create_pipeline(s.firm.repo, a, "Payroll", ["Collect", "Run"]),
    ),
    Service(
        "pipeline settings", "manager",
        lambda s, a, job: update_pipeline(s.firm.repo, a, "Client work", PipelineSettings(show_client_status_on_cards=True)),
    ),
    Service("add stage", "manager", lambda s, a, job: add_stage(s.firm.repo, a, "Client work", "Signature")),
    Service("rename stage", "manager", lambda s, a, job: rename_stage(s.firm.repo, a, "Client work", "Done", "Filed")),
    Service("reorder stages", "manager", lambda s, a, job: move_stage(s.firm.repo, a, "Client work", "Done", -1)),
    Service("delete stage", "manager", lambda s, a, job: delete_stage(s.firm.repo, a, "Client work", "Done")),
    Service(
        "add automation", "manager",
        lambda s, a, job: add_automation(s.firm.repo, a, "Client work", "Done", AutomationFields(visible=True, status="Done")),
    ),
    Service(
        "edit automation", "manager",
        lambda s, a, job: edit_automation(s.firm.repo, a, s.automation_ids[0], AutomationFields(visible=False)),
    ),
    Service(
        "reorder automations", "manager",
        lambda s, a, job: move_automation(s.firm.repo, a, s.automation_ids[1], -1),
    ),
    Service("delete automation", "manager", lambda s, a, job: delete_automation(s.firm.repo, a, s.automation_ids[0])),
    Service(
        "save job template", "manager",
        lambda s, a, job: save_template(s.firm.repo, a, TemplateFields(name="Payroll run", pipeline="Client work", job_name="Payroll")),
    ),
    Service("delete job template", "manager", lambda s, a, job: delete_template(s.firm.repo, a, "1040 return")),
    Service(
        "add user", "manager",
        lambda s, a, job: add_person(s.firm.repo, a, NewPerson(login="newbie", name="New Person", role="employee")),
    ),
    Service(
        "add contact", "manager",
        lambda s, a, job: add_person(s.firm.repo, a, NewPerson(login="chen", name="Chen", role="contact", accounts=["Acme Corp"])),
    ),
    Service("add account", "manager", lambda s, a, job: add_account(s.firm.repo, a, "Chen Household", ["individual"])),
]

# role → (login, the job a job service is aimed at)
ROLES = {
    "owner": ("olivia", "A"),
    "admin": ("adam", "A"),
    "employee (all jobs)": ("emma", "A"),
    "employee (assigned) on their job": ("ava", "A"),
    "employee (assigned) on another job": ("ava", "B"),
    "employee (no jobs)": ("nick", "A"),
    "contact": ("mrivera", "A"),
}
ALLOWED: dict[Needs, set[str]] = {
    "job": {"owner", "admin", "employee (all jobs)", "employee (assigned) on their job"},
    "create": {"owner", "admin", "employee (all jobs)", "employee (assigned) on their job", "employee (assigned) on another job"},
    "staff": set(ROLES) - {"contact"},
    "manager": {"owner", "admin"},
}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("service", SERVICES, ids=[service.name for service in SERVICES])
def test_r12_permission_matrix(staffed, service, role):
    login, target = ROLES[role]
    job = staffed.jobs[target]
    if service.setup is not None:
        service.setup(staffed, job)
    job = staffed.firm.get(job.id)
    actor = staffed.firm.as_(login)
    before = staffed.firm.file_bytes()

    if role in ALLOWED[service.needs]:
        service.call(staffed, actor, job)
        assert (staffed.firm.file_bytes() != before) == service.writes
    elif service.needs == "job" and actor.is_staff:
        # R13: a job (or a client) the employee may not see is refused as if it did not exist.
        with staffed.firm.unchanged(), pytest.raises(NotFound) as refused:
            service.call(staffed, actor, job)
        assert str(refused.value) in (
            f"there is no job #{job.id} among the jobs you may see",
            f"no contact login or account called {_account_of(staffed, job)!r}; `wipboard accounts list` shows them",
        )
    else:
        with staffed.firm.unchanged(), pytest.raises(PermissionDenied) as refused:
            service.call(staffed, actor, job)
        assert login in str(refused.value) or "only the owner and admins" in str(refused.value)


JOB_SERVICES = [
    Service("card save", "job", lambda s, a, job: save_card(s.firm.repo, a, job.id, 1, CardEdit(visible=False))),
    *(service for service in SERVICES if service.needs == "job" and service.name not in ("card save", "portal preview")),
]


@pytest.mark.parametrize("login", ["ava", "nick"])
@pytest.mark.parametrize("service", JOB_SERVICES, ids=[service.name for service in JOB_SERVICES])
def test_r13_a_job_you_may_not_see_is_refused_exactly_like_a_job_that_does_not_exist(staffed, service, login):
    """Looping over ids teaches an employee nothing: #B (real, not hers) and #999 (never existed) read alike."""
    firm = staffed.firm
    actor = firm.as_(login)
    unseen = staffed.jobs["B"]
    never = unseen.model_copy(update={"id": 999})

    refusals = []
    for job in (unseen, never):
        with firm.unchanged(), pytest.raises(NotFound) as refused:
            service.call(staffed, actor, job)
        refusals.append(str(refused.value).replace(f"#{job.id}", "#N"))

    assert refusals[0] == refusals[1] == "there is no job #N among the jobs you may see"


def test_r13_a_client_you_may_not_preview_is_refused_like_one_that_does_not_exist(staffed):
    firm = staffed.firm
    acme = _account_of(staffed, staffed.jobs["B"])
    for login in ("ava", "nick"):
        refusals = []
        for ref in (acme, str(firm.repo.snapshot().jobs[staffed.jobs["B"].id].account_id), "Nobody & Co", "999"):
            with pytest.raises(NotFound) as refused:
                portal_for(firm.repo, firm.as_(login), ref)
            refusals.append(str(refused.value).replace(repr(ref), "REF"))
        assert len(set(refusals)) == 1, refusals


def test_r12_an_employee_previews_only_the_items_of_her_jobs_and_how_many_more_the_client_sees(staffed):
    firm = staffed.firm
    rivera = staffed.jobs["A"]  # ava's
    theirs = [firm.job(f"Rivera extra {n}", account="Rivera Family", assignees=["emma"]) for n in range(4)]
    for job in (rivera, *theirs):
        firm.shown(job, name_for_client=f"For the client: {job.name}")

    preview = portal_for(firm.repo, firm.as_("ava"), "Rivera Family", with_history=True)
    client = portal_for(firm.repo, firm.as_("mrivera"))

    assert [item.name for item in preview.work_in_progress] == ["For the client: Rivera 1040"]
    assert preview.more_items_you_cannot_see == 4 and len(client.work_in_progress) == 5
    assert preview.unseen_note(after_items=True) == "and 4 more items you cannot see"
    assert portal_for(firm.repo, firm.owner, "Rivera Family").more_items_you_cannot_see == 0


def test_r13_a_manager_is_told_plainly_that_a_job_does_not_exist(staffed):
    with pytest.raises(NotFound, match="^there are no jobs #998, #999$"):
        move_jobs(staffed.firm.repo, staffed.firm.owner, [998, staffed.jobs["A"].id, 999], "Review")


def test_r12_settings_refusal_names_the_rule(staffed):
    with pytest.raises(PermissionDenied, match=r"only the owner and admins may create statuses; you are emma, an employee who sees"):
        create_status(staffed.firm.repo, staffed.firm.as_("emma"), "Waiting for you", "red")


def test_r12_an_assigned_employee_lists_only_their_jobs(staffed):
    firm = staffed.firm

    assert [job.name for job in list_jobs(firm.repo, firm.as_("ava"), JobFilter())] == ["Rivera 1040"]
    assert list_jobs(firm.repo, firm.as_("nick"), JobFilter()) == []
    assert len(list_jobs(firm.repo, firm.as_("emma"), JobFilter())) == 2


def test_r12_an_assigned_employee_adding_a_job_is_assigned_to_it(staffed):
    firm = staffed.firm

    result = create_job(firm.repo, firm.as_("ava"), NewJob(account="Acme Corp", pipeline="Client work", name="Acme 941", assignees=["emma"]))

    assert firm.get(result.job_ids[0]).assignees == ["emma", "ava"]


def test_r12_a_contact_sees_their_own_portal_and_nothing_else(staffed):
    firm = staffed.firm
    contact = firm.as_("mrivera")
    firm.shown(staffed.jobs["A"], name_for_client="Your tax return")

    assert [item.name for item in portal_for(firm.repo, contact).work_in_progress] == ["Your tax return"]
    with firm.unchanged(), pytest.raises(PermissionDenied, match="client contact and may only see the portal"):
        undo_last(firm.repo, contact)


def test_r12_undo_is_refused_when_the_job_is_no_longer_yours(staffed):
    firm = staffed.firm
    job = staffed.jobs["A"]
    move_jobs(firm.repo, firm.as_("ava"), [job.id], "In progress")
    # The owner takes ava off the job behind her back; her own change is still the last on it.
    with firm.repo.transaction() as tx:
        tx.jobs.put(tx.jobs[job.id].model_copy(update={"assignees": []}))

    with firm.unchanged(), pytest.raises(NotFound, match=f"there is no job #{job.id} among the jobs you may see"):
        undo_last(firm.repo, firm.as_("ava"))


def test_r12_employees_may_not_add_an_owner_and_admins_may_not_either(staffed):
    with staffed.firm.unchanged(), pytest.raises(InvalidRequest, match="only an owner may add another owner"):
        add_person(staffed.firm.repo, staffed.firm.as_("adam"), NewPerson(login="boss2", name="Boss", role="owner"))
