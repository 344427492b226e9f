"""R12 People: owner and admin change staff roles and job access, accounts' names and tags,
and which accounts a contact belongs to; only an owner touches owners, the firm keeps one,
and a refused change writes nothing."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wipboard.store.errors import InvalidRequest, NotFound, PermissionDenied
from wipboard.store.portal import portal_for
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.people import (
    AccountEdit,
    StaffAccess,
    edit_account,
    set_contact_accounts,
    set_staff_access,
)


def user(firm, login: str):
    return next(item for item in firm.repo.snapshot().users.values() if item.login == login)


def test_r12_admin_changes_an_employees_job_access_and_role(firm):
    firm.admin("adam")
    firm.employee("emma", access="all")

    set_staff_access(firm.repo, firm.as_("adam"), "emma", StaffAccess(role="employee", job_access="assigned"))
    assert (user(firm, "emma").role, user(firm, "emma").job_access) == ("employee", "assigned")

    set_staff_access(firm.repo, firm.as_("adam"), "emma", StaffAccess(role="admin"))
    assert (user(firm, "emma").role, user(firm, "emma").job_access) == ("admin", "all")
    assert firm.as_("emma").is_manager


def test_r12_an_employee_may_not_change_roles_and_nothing_is_written(firm):
    firm.employee("emma", access="all")
    firm.employee("ava", access="assigned")
    with firm.unchanged(), pytest.raises(PermissionDenied, match="only the owner and admins"):
        set_staff_access(firm.repo, firm.as_("emma"), "ava", StaffAccess(role="employee", job_access="all"))
    with firm.unchanged(), pytest.raises(PermissionDenied, match="only the owner and admins"):
        set_staff_access(firm.repo, firm.as_("emma"), "emma", StaffAccess(role="admin"))


def test_r12_only_an_owner_makes_or_changes_an_owner(firm):
    firm.admin("adam")
    firm.employee("emma")
    with firm.unchanged(), pytest.raises(PermissionDenied, match="role: only an owner"):
        set_staff_access(firm.repo, firm.as_("adam"), "emma", StaffAccess(role="owner"))
    with firm.unchanged(), pytest.raises(PermissionDenied, match="role: only an owner"):
        set_staff_access(firm.repo, firm.as_("adam"), "olivia", StaffAccess(role="admin"))

    set_staff_access(firm.repo, firm.owner, "emma", StaffAccess(role="owner"))
    assert user(firm, "emma").role == "owner"


def test_r12_the_firm_never_loses_its_last_owner(firm):
    with firm.unchanged(), pytest.raises(InvalidRequest, match="only owner"):
        set_staff_access(firm.repo, firm.owner, "olivia", StaffAccess(role="admin"))

    firm.admin("adam")
    set_staff_access(firm.repo, firm.owner, "adam", StaffAccess(role="owner"))
    set_staff_access(firm.repo, firm.owner, "olivia", StaffAccess(role="admin"))  # adam is still owner
    assert [item.login for item in firm.repo.snapshot().users.values() if item.role == "owner"] == ["adam"]


def test_r18_job_access_is_for_employees_and_must_be_known(firm):
    with pytest.raises(ValidationError, match="applies to employees only"):
        StaffAccess(role="admin", job_access="assigned")
    with pytest.raises(ValidationError):
        StaffAccess(role="employee", job_access="some")  # type: ignore[arg-type]
    with firm.unchanged(), pytest.raises(InvalidRequest, match="login: 'ghost'"):
        set_staff_access(firm.repo, firm.owner, "ghost", StaffAccess(role="employee"))


def test_r12_edit_account_name_and_tags_which_automations_then_see(firm):
    firm.account("Rivera Family", tags=["individual"])
    firm.account("Acme Corp")
    firm.automation("Review", show="In review", if_tags=["vip"])
    job = firm.job(account="Rivera Family")

    saved = edit_account(firm.repo, firm.owner, "Rivera Family", AccountEdit(name="Rivera Household", tags=["individual", "VIP", "vip"]))
    assert (saved.name, saved.tags) == ("Rivera Household", ["individual", "vip"])

    move_jobs(firm.repo, firm.owner, [job.id], "Review")
    assert firm.get(job.id).client_status.status_id == firm.status("In review").id

    with firm.unchanged(), pytest.raises(InvalidRequest, match="name: an account called 'acme corp'"):
        edit_account(firm.repo, firm.owner, "Rivera Household", AccountEdit(name="acme corp"))
    with pytest.raises(ValidationError, match="tags"):
        AccountEdit(name="Rivera", tags=["two words"])
    firm.employee("emma")
    with firm.unchanged(), pytest.raises(PermissionDenied):
        edit_account(firm.repo, firm.as_("emma"), "Acme Corp", AccountEdit(name="Acme"))


def test_r8_set_a_contacts_accounts_changes_their_portal(firm):
    firm.account("Rivera Family")
    firm.account("Rivera Landscaping")
    firm.contact("mrivera", accounts=["Rivera Family"])
    firm.shown(firm.job("Payroll run", account="Rivera Landscaping"), "In progress")

    set_contact_accounts(firm.repo, firm.owner, "mrivera", ["Rivera Family", "Rivera Landscaping", "rivera family"])
    contact = next(iter(firm.repo.snapshot().contacts.values()))
    assert len(contact.account_ids) == 2
    assert firm.portal_names("mrivera") == ["Payroll run"]
    assert [item.name for item in portal_for(firm.repo, firm.owner, "mrivera").work_in_progress] == ["Payroll run"]

    with firm.unchanged(), pytest.raises(InvalidRequest, match="accounts: a contact belongs to at least one"):
        set_contact_accounts(firm.repo, firm.owner, "mrivera", [])
    with firm.unchanged(), pytest.raises(NotFound, match="unknown account"):
        set_contact_accounts(firm.repo, firm.owner, "mrivera", ["Nobody Inc"])
    firm.employee("emma")
    with firm.unchanged(), pytest.raises(PermissionDenied):
        set_contact_accounts(firm.repo, firm.as_("emma"), "mrivera", ["Rivera Family"])
