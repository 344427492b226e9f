"""R6 Bulk edit: one transaction over many jobs — all of them or none."""

from __future__ import annotations

import pytest

from wipboard.store.errors import Conflict, InvalidRequest, NotFound
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.moves import move_jobs


def test_r6_show_with_a_status_for_many_jobs(firm):
    firm.contact("mrivera")
    jobs = firm.jobs(3)
    named = firm.shown(jobs[0], "Planned", name_for_client="Your tax return")

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="In progress"))

    assert sorted((item["name"], item["status"], item["description"]) for item in firm.portal("mrivera")) == [
        ("Job 2", "In progress", "We are working on this now."),
        ("Job 3", "In progress", "We are working on this now."),
        (named.client_status.name_for_client, "In progress", "We are working on this now."),
    ]


def test_r6_a_name_for_client_given_in_bulk_applies_to_every_job(firm):
    jobs = firm.jobs(2)

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned", name_for_client="Your books"))

    assert {firm.get(job.id).client_status.name_for_client for job in jobs} == {"Your books"}


def test_r6_a_blank_name_for_client_keeps_each_jobs_own(firm):
    jobs = [firm.shown(job, "Planned", name_for_client=f"Return {index}") for index, job in enumerate(firm.jobs(2))]

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Done", name_for_client=""))

    assert [firm.get(job.id).client_status.name_for_client for job in jobs] == ["Return 0", "Return 1"]


def test_r6_a_description_given_in_bulk_replaces_each_jobs_own(firm):
    jobs = firm.jobs(2)

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="On hold", description="Waiting for the IRS."))

    assert {firm.get(job.id).client_status.description for job in jobs} == {"Waiting for the IRS."}


def test_r6_hide_takes_every_job_out_of_the_portal(firm):
    firm.contact("mrivera")
    jobs = [firm.shown(job) for job in firm.jobs(3)]

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="hide"))

    assert firm.portal("mrivera") == []
    assert {firm.get(job.id).client_status.status_id for job in jobs} == {firm.status("In progress").id}


def test_r6_unchanged_visibility_with_a_status_changes_only_the_status(firm):
    shown = firm.shown(firm.job("Shown"), "Planned")
    hidden = firm.job("Hidden")

    bulk_edit(firm.repo, firm.owner, [shown.id, hidden.id], BulkEdit(visibility="unchanged", status="In review"))

    after_shown, after_hidden = firm.get(shown.id).client_status, firm.get(hidden.id).client_status
    assert (after_shown.visible, after_shown.status_id) == (True, firm.status("In review").id)
    assert (after_hidden.visible, after_hidden.status_id) == (False, firm.status("In review").id)
    assert after_shown.description == firm.status("In review").description


def test_r6_show_without_a_status_uses_each_jobs_own_status(firm):
    jobs = firm.jobs(2)
    bulk_edit(firm.repo, firm.owner, [jobs[0].id], BulkEdit(visibility="unchanged", status="Planned"))
    bulk_edit(firm.repo, firm.owner, [jobs[1].id], BulkEdit(visibility="unchanged", status="On hold"))

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show"))

    assert [firm.get(job.id).client_status.status_id for job in jobs] == [firm.status("Planned").id, firm.status("On hold").id]
    assert all(firm.get(job.id).client_status.visible for job in jobs)


def test_r6_one_job_without_a_status_refuses_a_show_without_status_for_all(firm):
    with_status = firm.shown(firm.job("Has a status"))
    hidden_with_status = firm.job("Hidden, has one")
    bulk_edit(firm.repo, firm.owner, [hidden_with_status.id], BulkEdit(visibility="unchanged", status="Planned"))
    without = firm.job("Never had one")

    with firm.unchanged(), pytest.raises(InvalidRequest) as refused:
        bulk_edit(firm.repo, firm.owner, [with_status.id, hidden_with_status.id, without.id], BulkEdit(visibility="show"))

    assert f"#{without.id}" in str(refused.value) and f"#{with_status.id}" not in str(refused.value)
    assert firm.get(hidden_with_status.id).client_status.visible is False


def test_r6_one_job_the_user_may_not_edit_refuses_the_whole_bulk_edit(firm):
    firm.employee("dana", access="assigned")
    mine = firm.jobs(3, assignees=["dana"])
    not_mine = firm.job("Someone else's", assignees=[])

    with firm.unchanged(), pytest.raises(NotFound) as refused:
        bulk_edit(firm.repo, firm.as_("dana"), [*(job.id for job in mine), not_mine.id], BulkEdit(visibility="show", status="Planned"))

    assert str(refused.value) == f"there is no job #{not_mine.id} among the jobs you may see"  # R13: as if it did not exist
    assert not any(firm.get(job.id).client_status.visible for job in mine)


def test_r6_an_unknown_status_refuses_the_whole_bulk_edit(firm):
    jobs = firm.jobs(2)

    with firm.unchanged(), pytest.raises(NotFound, match="unknown status 'Filed'"):
        bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Filed"))


def test_r6_a_bulk_edit_is_one_write_with_one_operation_id(firm):
    jobs = firm.jobs(25)
    generation, audit_before = firm.generation, len(firm.audit())

    result = bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))

    assert firm.generation == generation + 1
    new_entries = firm.audit()[audit_before:]
    assert {entry.op for entry in new_entries} == {result.op}
    assert {entry.via for entry in new_entries} == {"bulk"}
    assert {entry.job_id for entry in new_entries} == {job.id for job in jobs}
    assert {firm.get(job.id).version for job in jobs} == {2}


def test_r6_one_job_changed_since_the_selection_refuses_the_whole_bulk_edit(firm):
    firm.employee("dana")
    jobs = firm.jobs(3)
    selected_at = {job.id: job.version for job in jobs}
    move_jobs(firm.repo, firm.as_("dana"), [jobs[2].id], "Review")

    with firm.unchanged(), pytest.raises(Conflict) as refused:
        bulk_edit(firm.repo, firm.owner, list(selected_at), BulkEdit(visibility="show", status="Planned"), expected_versions=selected_at)

    assert refused.value.job_ids == (jobs[2].id,)
    assert "stage To do → Review (by dana)" in str(refused.value)
