"""R6 bulk actions from the job list's marks: assign many jobs in one operation, all or none (R12, R15)."""

from __future__ import annotations

import pytest

from wipboard.store.errors import Conflict, InvalidRequest, NotFound
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import assign_jobs


def test_r6_assign_adds_and_removes_on_every_job_in_one_operation(firm):
    firm.employee("dana")
    firm.employee("priya")
    jobs = [firm.job(f"Job {index}", assignees=["priya"]) for index in range(3)]

    result = assign_jobs(firm.repo, firm.owner, [job.id for job in jobs], add=["dana"], remove=["priya"])

    assert [firm.get(job.id).assignees for job in jobs] == [["dana"]] * 3
    assert len({entry.operation for entry in firm.audit() if entry.field == "assignees"}) == 1
    assert result.messages == ["Assigned Dana to 3 jobs; took Priya off them"]


def test_r15_a_bulk_assign_is_undone_as_one_step(firm):
    firm.employee("dana")
    jobs = firm.jobs(2)
    assign_jobs(firm.repo, firm.owner, [job.id for job in jobs], add=["dana"])

    undo_last(firm.repo, firm.owner)

    assert [firm.get(job.id).assignees for job in jobs] == [job.assignees for job in jobs]


def test_r18_assigning_an_unknown_login_names_it_and_writes_nothing(firm):
    jobs = firm.jobs(2)
    with firm.unchanged(), pytest.raises(InvalidRequest, match="assignees: nobody"):
        assign_jobs(firm.repo, firm.owner, [job.id for job in jobs], add=["nobody"])


def test_r12_an_employee_cannot_assign_jobs_they_may_not_see(firm):
    firm.employee("dana", access="assigned")
    mine = firm.job("Mine", assignees=["dana"])
    other = firm.job("Other")
    with firm.unchanged(), pytest.raises(NotFound, match="^there is no job #2 among the jobs you may see$"):
        assign_jobs(firm.repo, firm.as_("dana"), [mine.id, other.id], add=["dana"])


def test_r16_a_bulk_assign_over_a_changed_job_writes_nothing(firm):
    firm.employee("dana")
    first, second = firm.jobs(2)
    firm.shown(second)  # changed since the list showed it
    with firm.unchanged(), pytest.raises(Conflict):
        assign_jobs(
            firm.repo, firm.owner, [first.id, second.id], add=["dana"],
            expected_versions={first.id: first.version, second.id: second.version},
        )
