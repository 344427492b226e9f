"""R3 Prefill: an empty name for client becomes the job's name, an empty description the status's."""

from __future__ import annotations

from wipboard.store.services.client_status import BulkEdit, bulk_edit, save_card
from wipboard.store.services.moves import move_jobs


def test_r3_showing_a_status_fills_the_name_for_client_and_description(firm):
    job = firm.job("2025 Form 1040")

    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=True, status="In progress"))

    status = firm.get(job.id).client_status
    assert status.name_for_client == "2025 Form 1040"
    assert status.description == "We are working on this now."


def test_r3_the_prefilled_name_and_description_stay_editable(firm):
    job = firm.shown(firm.job("2025 Form 1040"), "In progress")

    save_card(
        firm.repo, firm.owner, job.id, job.version,
        firm.card(job, name_for_client="Your tax return", description="Waiting for the W-2 from your employer."),
    )

    status = firm.get(job.id).client_status
    assert (status.name_for_client, status.description) == ("Your tax return", "Waiting for the W-2 from your employer.")


def test_r3_an_edited_name_for_client_is_kept_when_the_status_changes(firm):
    job = firm.shown(firm.job("2025 Form 1040"), "In progress", name_for_client="Your tax return")

    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, status="In review", description=""))

    status = firm.get(job.id).client_status
    assert status.name_for_client == "Your tax return"
    assert status.description == firm.status("In review").description


def test_r3_an_automation_prefills_too(firm):
    firm.automation("Review", show="In review")
    job = firm.job("2025 Form 1040")

    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    status = firm.get(job.id).client_status
    assert (status.name_for_client, status.description) == ("2025 Form 1040", firm.status("In review").description)


def test_r3_an_automations_own_description_replaces_the_prefill(firm):
    firm.automation("Review", show="In review", description="Dana is checking your figures.")
    job = firm.job("2025 Form 1040")

    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    assert firm.get(job.id).client_status.description == "Dana is checking your figures."


def test_r3_a_bulk_show_prefills_each_job_from_its_own_name(firm):
    first, second = firm.job("Rivera 1040"), firm.job("Acme payroll Q1")

    bulk_edit(firm.repo, firm.owner, [first.id, second.id], BulkEdit(visibility="show", status="Planned"))

    assert [firm.get(job.id).client_status.name_for_client for job in (first, second)] == ["Rivera 1040", "Acme payroll Q1"]
    assert {firm.get(job.id).client_status.description for job in (first, second)} == {firm.status("Planned").description}
