"""R11 Status templates: rename/recolour shows everywhere; deleting one in use needs a replacement."""

from __future__ import annotations

import pytest

from wipboard.store.errors import InvalidRequest, NotFound
from wipboard.store.services.client_status import save_card
from wipboard.store.services.statuses import StatusFields, create_status, delete_status, edit_status, move_status


def test_r11_renaming_and_recolouring_a_status_shows_on_every_job(firm):
    firm.contact("mrivera")
    for job in firm.jobs(2):
        firm.shown(job, "In review")

    edit_status(firm.repo, firm.owner, "In review", StatusFields(name="Being checked", color="teal"))

    assert {(item["status"], item["color"]) for item in firm.portal("mrivera")} == {("Being checked", "teal")}


def test_r11_editing_a_description_does_not_rewrite_descriptions_on_jobs(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job(), "In review")
    old = job.client_status.description

    edit_status(firm.repo, firm.owner, "In review", StatusFields(description="A second accountant is checking it."))

    assert firm.get(job.id).client_status.description == old
    assert [item["description"] for item in firm.portal("mrivera")] == [old]


def test_r11_a_new_description_applies_to_jobs_that_choose_the_status_from_now_on(firm):
    edit_status(firm.repo, firm.owner, "In review", StatusFields(description="A second accountant is checking it."))

    job = firm.shown(firm.job(), "In review")

    assert job.client_status.description == "A second accountant is checking it."


def test_r11_create_and_reorder_statuses(firm):
    create_status(firm.repo, firm.owner, "Waiting for you", "red", "We need documents from you.")
    move_status(firm.repo, firm.owner, "Waiting for you", -4)

    ordered = sorted(firm.repo.snapshot().statuses.values(), key=lambda status: status.position)
    assert [status.name for status in ordered] == ["Planned", "Waiting for you", "On hold", "In progress", "In review", "Done"]
    assert [status.position for status in ordered] == list(range(6))


def test_r11_two_statuses_cannot_share_a_name(firm):
    with firm.unchanged(), pytest.raises(InvalidRequest, match="already exists"):
        create_status(firm.repo, firm.owner, "in review", "red")


def test_r11_an_unused_status_is_deleted_without_a_replacement(firm):
    delete_status(firm.repo, firm.owner, "On hold")

    ordered = sorted(firm.repo.snapshot().statuses.values(), key=lambda status: status.position)
    assert [(status.name, status.position) for status in ordered] == [
        ("Planned", 0), ("In progress", 1), ("In review", 2), ("Done", 3),
    ]


def test_r11_deleting_a_status_in_use_without_a_replacement_is_refused_with_the_counts(firm):
    for job in firm.jobs(3):
        firm.shown(job, "In review")
    firm.automation("Review", show="In review")
    firm.automation("Done", show="In review", if_tags=["business"])

    with firm.unchanged(), pytest.raises(InvalidRequest) as refused:
        delete_status(firm.repo, firm.owner, "In review")

    assert "used by 3 jobs and 2 automations;" in str(refused.value)
    assert "replacement" in str(refused.value)


def test_r11_a_hidden_job_keeping_a_status_counts_as_using_it(firm):
    job = firm.shown(firm.job(), "In review")
    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=False))

    with firm.unchanged(), pytest.raises(InvalidRequest, match="used by 1 job"):
        delete_status(firm.repo, firm.owner, "In review")


def test_r11_deleting_with_a_replacement_moves_jobs_automations_and_templates(firm):
    firm.contact("mrivera")
    jobs = [firm.shown(job, "In review") for job in firm.jobs(2)]
    automation = firm.automation("Review", show="In review")
    template = firm.template("1040 return", show="In review")

    use = delete_status(firm.repo, firm.owner, "In review", replacement="Done")

    snapshot = firm.repo.snapshot()
    done = firm.status("Done").id
    assert (use.jobs, use.automations, use.templates) == (2, 1, 1)
    assert "In review" not in {status.name for status in snapshot.statuses.values()}
    assert {firm.get(job.id).client_status.status_id for job in jobs} == {done}
    review = firm.stage("Review")
    assert [(item.id, item.status_id) for item in review.automations] == [(automation.id, done)]
    assert snapshot.job_templates[template.id].client_status.status_id == done
    assert {item["status"] for item in firm.portal("mrivera")} == {"Done"}


def test_r11_a_replacement_must_exist_and_differ(firm):
    firm.shown(firm.job(), "In review")

    with firm.unchanged(), pytest.raises(NotFound, match="replacement status"):
        delete_status(firm.repo, firm.owner, "In review", replacement="Filed")
    with firm.unchanged(), pytest.raises(InvalidRequest, match="different status"):
        delete_status(firm.repo, firm.owner, "In review", replacement="In review")
