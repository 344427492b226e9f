"""R1 Hidden by default, R2 Creation is entering."""

from __future__ import annotations


def test_r1_a_new_job_is_hidden_from_the_client(firm):
    firm.contact("mrivera", accounts=["Rivera Family"])

    job = firm.job("2025 Form 1040", account="Rivera Family")

    assert job.client_status.visible is False
    assert job.client_status.status_id is None
    assert firm.portal("mrivera") == []


def test_r1_a_template_without_a_visible_preset_gives_a_hidden_job(firm):
    firm.template("1040 return", job_name="Form 1040")

    job = firm.job(None, template="1040 return")

    assert job.name == "Form 1040"
    assert job.client_status.visible is False


def test_r1_a_visible_preset_starts_the_job_visible_with_its_status_name_and_description(firm):
    firm.contact("mrivera")
    firm.template("1040 return", show="Planned", name_for_client="Your tax return", description="We start in March.")

    job = firm.job("2025 Form 1040", template="1040 return")

    status = job.client_status
    assert (status.visible, status.status_id, status.name_for_client, status.description) == (
        True, firm.status("Planned").id, "Your tax return", "We start in March.",
    )
    assert status.via == "template"
    assert [(item["name"], item["status"], item["color"]) for item in firm.portal("mrivera")] == [
        ("Your tax return", "Planned", "blue")
    ]


def test_r1_a_visible_preset_without_name_or_description_uses_the_job_name_and_status_description(firm):
    firm.template("1040 return", job_name="Form 1040", show="Planned")

    job = firm.job("Rivera 2025 return", template="1040 return")

    assert job.client_status.name_for_client == "Rivera 2025 return"
    assert job.client_status.description == firm.status("Planned").description


def test_r2_creating_a_job_in_a_stage_runs_that_stages_automations(firm):
    firm.automation("Review", show="In review")

    job = firm.job(stage="Review")

    assert job.client_status.visible is True
    assert job.client_status.status_id == firm.status("In review").id
    assert job.client_status.via == "automation"


def test_r2_creation_does_not_run_other_stages_automations(firm):
    firm.automation("Review", show="In review")

    job = firm.job(stage="To do")

    assert job.client_status.visible is False


def test_r2_entry_automations_run_after_the_template_preset(firm):
    firm.template("1040 return", stage="Review", show="Planned", name_for_client="Your tax return")
    firm.automation("Review", show="In review")

    job = firm.job(template="1040 return")

    assert job.client_status.status_id == firm.status("In review").id
    assert job.client_status.name_for_client == "Your tax return"  # the preset's name survives the automation
    vias = [(entry.field, entry.via) for entry in firm.audit(job.id) if entry.field == "client_status.status_id"]
    assert vias == [("client_status.status_id", "template"), ("client_status.status_id", "automation")]


def test_r2_an_automation_hiding_on_entry_overrides_a_visible_preset(firm):
    firm.template("1040 return", stage="To do", show="Planned")
    firm.automation("To do", hide=True)

    job = firm.job(template="1040 return")

    assert job.client_status.visible is False


def test_r2_the_preview_of_a_new_job_says_what_its_creation_will_show_the_client_and_writes_nothing(firm):
    from wipboard.store.services.jobs import NewJob, preview_new_job

    firm.account()
    firm.automation("Review", show="In review")
    firm.template("1040 return", show="Planned", name_for_client="Your tax return")
    before = firm.repo.snapshot().generation

    blank = preview_new_job(firm.repo, firm.owner, NewJob(account="Rivera Family", pipeline="Client work", name="Form 1040"))
    in_review = preview_new_job(firm.repo, firm.owner, NewJob(account="Rivera Family", pipeline="Client work", stage="Review", name="Form 1040"))
    templated = preview_new_job(firm.repo, firm.owner, NewJob(account="Rivera Family", template="1040 return"))

    assert (blank.client_status.visible, blank.status_name) == (False, None)
    assert (in_review.status_name, in_review.under_job_name, in_review.client_status.name_for_client) == ("In review", True, "Form 1040")
    assert (templated.status_name, templated.under_job_name) == ("Planned", False)
    assert firm.repo.snapshot().generation == before
    created = firm.job("Form 1040", stage="Review")
    assert (created.client_status.visible, created.client_status.status_id) == (True, firm.status("In review").id)
