"""Words for people from the services: counts with their plural, the jobs and the people an
outcome is about by name, each automation's effect once, who changed what said once —
never "job(s)" or "automation: Intake via automation"."""

from __future__ import annotations

import pytest

from wipboard.store.errors import InvalidRequest
from wipboard.store.services.history import status_history, undo_last
from wipboard.store.services.jobs import assign_jobs, set_flag
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.statuses import delete_status
from wipboard.store.wording import by_whom, counted, jobs_named, listed


def test_counts_lists_and_jobs_read_as_a_person_writes_them():
    assert [counted(n, "job") for n in (0, 1, 2)] == ["0 jobs", "1 job", "2 jobs"]
    assert counted(1, "automation") == "1 automation" and counted(3, "status") == "3 statuses"
    assert [listed(items) for items in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b", "a, b and c"]
    assert jobs_named([(27, "Payroll")]) == "job #27 Payroll"
    assert jobs_named([(27, "Payroll"), (28, "Audit")]) == "2 jobs"


def test_r14_who_changed_what_is_said_once():
    assert by_whom("automation: Intake", "automation") == "the automations of Intake"
    assert by_whom("template: 1040 return", "template") == "the template 1040 return"
    assert by_whom("olivia", "card") == "olivia via the job card"
    assert by_whom("olivia", "cli") == "olivia via the command line"


def test_r14_a_jobs_history_names_automations_and_templates_without_repeating_itself(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")
    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    changes = status_history(firm.repo, firm.owner, job.id)
    automated = [change for change in changes if change.via == "automation"]
    assert automated and by_whom(automated[-1].actor, automated[-1].via) == "the automations of Review"


def test_r7_trash_and_archive_name_the_job(firm):
    job = firm.job("Payroll March", stage="To do")
    result = set_flag(firm.repo, firm.owner, [job.id], "delete")
    assert result.messages == [f"Moved job #{job.id} Payroll March to the trash"]
    other = firm.job("Audit", stage="To do")
    two = set_flag(firm.repo, firm.owner, [other.id, firm.job("Books", stage="To do").id], "archive")
    assert two.messages == ["Archived 2 jobs"]


def test_r6_assign_says_whom_to_what(firm):
    firm.employee("dana")
    job = firm.job("Payroll March", stage="To do")
    result = assign_jobs(firm.repo, firm.owner, [job.id], add=["dana"])
    assert result.messages == [f"Assigned Dana to job #{job.id} Payroll March"]
    taken = assign_jobs(firm.repo, firm.owner, [job.id], remove=["dana"])
    assert taken.messages == [f"Took Dana off job #{job.id} Payroll March"]


def test_r15_undo_names_the_job_it_gave_back(firm):
    job = firm.job("Payroll March", stage="To do")
    move_jobs(firm.repo, firm.owner, [job.id], "Review")
    assert undo_last(firm.repo, firm.owner).messages == [f"Undid your move of job #{job.id} Payroll March"]


def test_r4_two_automations_showing_one_status_are_reported_once(firm):
    firm.automation("Review", show="In review", description="We are checking it.")
    firm.automation("Review", show="In review", description="We are checking it twice.")
    job = firm.job(stage="To do")
    result = move_jobs(firm.repo, firm.owner, [job.id], "Review")
    assert result.messages == [f"Moved #{job.id} to Review · client status → In review"]


def test_r11_a_status_in_use_counts_only_what_uses_it(firm):
    firm.job(stage="To do")
    firm.shown(firm.job(stage="To do"), "Planned")
    with firm.unchanged(), pytest.raises(InvalidRequest) as refused:
        delete_status(firm.repo, firm.owner, "Planned")
    assert "is used by 1 job;" in str(refused.value) and "(s)" not in str(refused.value)
