"""R7 Archive and delete: out of the portal at once; unarchive brings the status back; delete is soft."""

from __future__ import annotations

import pytest

from wipboard.store.errors import InvalidRequest, PermissionDenied
from wipboard.store.repository import Repository
from wipboard.store.services.jobs import purge_jobs, set_flag
from wipboard.store.services.queries import JobFilter, list_jobs


@pytest.fixture
def shown_job(firm):
    firm.contact("mrivera")
    return firm.shown(firm.job(), "In review", name_for_client="Your tax return")


def test_r7_archiving_takes_the_job_out_of_the_portal_at_once(firm, shown_job):
    set_flag(firm.repo, firm.owner, [shown_job.id], "archive")

    assert firm.portal("mrivera") == []


def test_r7_unarchiving_brings_back_the_same_client_status(firm, shown_job):
    before = firm.portal("mrivera")
    set_flag(firm.repo, firm.owner, [shown_job.id], "archive")

    set_flag(firm.repo, firm.owner, [shown_job.id], "unarchive")

    assert firm.portal("mrivera") == before
    assert firm.get(shown_job.id).client_status == shown_job.client_status


def test_r7_deleting_takes_the_job_out_of_the_portal_at_once(firm, shown_job):
    set_flag(firm.repo, firm.owner, [shown_job.id], "delete")

    assert firm.portal("mrivera") == []


def test_r7_delete_is_soft_the_job_waits_in_the_trash(firm, shown_job):
    set_flag(firm.repo, firm.owner, [shown_job.id], "delete")

    trashed = firm.get(shown_job.id)
    assert trashed.deleted is True
    assert [job.id for job in list_jobs(firm.repo, firm.owner, JobFilter(deleted=True))] == [shown_job.id]
    assert list_jobs(firm.repo, firm.owner, JobFilter()) == []


def test_r7_an_employee_may_delete_but_not_restore(firm, shown_job):
    firm.employee("dana")
    set_flag(firm.repo, firm.as_("dana"), [shown_job.id], "delete")

    with firm.unchanged(), pytest.raises(PermissionDenied, match="only the owner and admins may restore"):
        set_flag(firm.repo, firm.as_("dana"), [shown_job.id], "restore")


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_r7_owner_and_admin_restore_with_the_same_client_status(firm, shown_job, role):
    firm.admin("adam")
    set_flag(firm.repo, firm.owner, [shown_job.id], "delete")
    before = firm.get(shown_job.id).client_status

    set_flag(firm.repo, firm.as_({"owner": "olivia", "admin": "adam"}[role]), [shown_job.id], "restore")

    assert firm.get(shown_job.id).client_status == before
    assert [item["name"] for item in firm.portal("mrivera")] == ["Your tax return"]


def test_r7_only_owner_and_admin_purge(firm, shown_job):
    firm.employee("dana")
    set_flag(firm.repo, firm.owner, [shown_job.id], "delete")

    with firm.unchanged(), pytest.raises(PermissionDenied, match="only the owner and admins may purge"):
        purge_jobs(firm.repo, firm.as_("dana"), [shown_job.id])


def test_r7_purge_removes_the_job_for_good(firm, shown_job):
    firm.admin("adam")
    set_flag(firm.repo, firm.owner, [shown_job.id], "delete")

    assert purge_jobs(firm.repo, firm.as_("adam"), [shown_job.id]) == [shown_job.id]

    assert shown_job.id not in firm.repo.snapshot().jobs


def test_r7_only_jobs_in_the_trash_can_be_purged(firm, shown_job):
    with firm.unchanged(), pytest.raises(InvalidRequest, match=f"delete #{shown_job.id} first"):
        purge_jobs(firm.repo, firm.owner, [shown_job.id])


def test_r7_purged_ids_are_never_reused(firm):
    jobs = firm.jobs(3)
    set_flag(firm.repo, firm.owner, [job.id for job in jobs], "delete")
    purge_jobs(firm.repo, firm.owner, [job.id for job in jobs])

    newest = firm.job("After the purge")

    assert newest.id == max(job.id for job in jobs) + 1


def test_r7_a_purged_id_stays_unused_after_reopening_the_file(firm):
    job = firm.job()
    set_flag(firm.repo, firm.owner, [job.id], "delete")
    purge_jobs(firm.repo, firm.owner, [job.id])
    firm.repo = Repository(firm.path)

    assert firm.job("Next").id > job.id
