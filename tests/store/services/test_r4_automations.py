"""R4 Automations: what a stage's automations do to a job that enters it."""

from __future__ import annotations

import orjson
import pytest
from pydantic import ValidationError

from wipboard.store.models import AccountHasTags
from wipboard.store.open_store import open_repository
from wipboard.store.rules import simplified_conditions
from wipboard.store.services.moves import AutomationProblem, move_jobs, preview_move
from wipboard.store.services.pipelines import AutomationFields, add_automation


def test_r4_entering_a_stage_shows_the_automations_status(firm):
    firm.contact("mrivera")
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")

    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    assert [(item["name"], item["status"], item["color"]) for item in firm.portal("mrivera")] == [
        ("2025 Form 1040", "In review", "orange")
    ]
    assert firm.get(job.id).client_status.via == "automation"


def test_r4_entering_a_stage_can_hide_the_status(firm):
    firm.contact("mrivera")
    firm.automation("Done", hide=True)
    job = firm.shown(firm.job(stage="To do"), "In progress")

    move_jobs(firm.repo, firm.owner, [job.id], "Done")

    assert firm.get(job.id).client_status.visible is False
    assert firm.portal("mrivera") == []


def test_r4_a_condition_needs_all_of_its_tags_on_the_account(firm):
    firm.account("Rivera Family", tags=["individual", "premium"])
    firm.account("Chen Household", tags=["individual"])
    firm.automation("Review", show="In review", if_tags=["individual", "premium"])
    both = firm.job("Rivera return", account="Rivera Family")
    one_missing = firm.job("Chen return", account="Chen Household")

    move_jobs(firm.repo, firm.owner, [both.id, one_missing.id], "Review")

    assert firm.get(both.id).client_status.visible is True
    untouched = firm.get(one_missing.id)
    assert untouched.stage_id == firm.stage("Review").id
    assert untouched.client_status == one_missing.client_status


def test_r4_several_automations_on_a_stage_run_in_order_and_the_last_wins(firm):
    firm.account("Rivera Family", tags=["individual"])
    firm.automation("Review", show="In review")
    firm.automation("Review", show="On hold", if_tags=["individual"])
    job = firm.job(stage="To do")

    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    assert firm.get(job.id).client_status.status_id == firm.status("On hold").id


def test_r4_a_later_automation_sees_what_an_earlier_one_left(firm):
    firm.automation("Review", show="In review")
    firm.automation("Review", hide=True)
    job = firm.job(stage="To do")

    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    status = firm.get(job.id).client_status
    assert status.visible is False
    assert status.status_id == firm.status("In review").id  # hidden, but kept for when it is shown again


def test_r4_moving_to_the_stage_a_job_is_in_runs_nothing(firm):
    job = firm.job(stage="Review")
    firm.automation("Review", show="In review")
    generation = firm.generation

    result = move_jobs(firm.repo, firm.owner, [job.id], "Review")

    assert firm.get(job.id) == job
    assert firm.generation == generation
    assert "already in Review" in result.messages[0]


def test_r4_a_move_may_skip_the_automations(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")

    result = move_jobs(firm.repo, firm.owner, [job.id], "Review", run_automations_on_entry=False)

    moved = firm.get(job.id)
    assert moved.stage_id == firm.stage("Review").id
    assert moved.client_status.visible is False
    assert "automations skipped" in result.messages[0]


def test_r4_a_move_reports_what_its_automations_did(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")

    result = move_jobs(firm.repo, firm.owner, [job.id], "Review")

    assert result.messages == [f"Moved #{job.id} to Review · client status → In review"]


def _delete_status_behind_the_services_back(firm, name: str) -> None:
    """Edit the raw firm file as a person with a text editor might: the status vanishes, its automation stays."""
    raw = orjson.loads(firm.file_bytes())
    status_id = firm.status(name).id
    del raw["statuses"][str(status_id)]
    raw["_meta"]["1"]["generation"] += 1
    firm.path.write_bytes(orjson.dumps(raw))


def test_r4_an_automation_naming_a_deleted_status_is_reported_and_nothing_is_written(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")
    _delete_status_behind_the_services_back(firm, "In review")

    with firm.unchanged(), pytest.raises(AutomationProblem) as refused:
        move_jobs(firm.repo, firm.owner, [job.id], "Review")

    message = str(refused.value)
    assert "automation 1 of 'Review'" in message and "automation #" not in message and "no longer exists" in message
    assert firm.get(job.id).stage_id == firm.stage("To do").id


def test_r4_a_broken_automation_of_one_job_refuses_the_whole_move(firm):
    firm.account("Rivera Family", tags=["individual"])
    firm.account("Acme Corp", tags=["business"])
    firm.automation("Review", show="In review", if_tags=["business"])
    fine = firm.job("Rivera return", account="Rivera Family")
    broken = firm.job("Acme payroll", account="Acme Corp")
    _delete_status_behind_the_services_back(firm, "In review")

    with firm.unchanged(), pytest.raises(AutomationProblem, match=f"#{broken.id}"):
        move_jobs(firm.repo, firm.owner, [fine.id, broken.id], "Review")


def test_r4_a_broken_automation_can_be_bypassed_by_skipping_automations(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")
    _delete_status_behind_the_services_back(firm, "In review")

    move_jobs(firm.repo, firm.owner, [job.id], "Review", run_automations_on_entry=False)

    assert firm.get(job.id).stage_id == firm.stage("Review").id


def test_r4_an_automation_whose_conditions_fail_is_not_a_problem_even_if_broken(firm):
    firm.account("Rivera Family", tags=["individual"])
    firm.automation("Review", show="In review", if_tags=["business"])
    job = firm.job(stage="To do")
    _delete_status_behind_the_services_back(firm, "In review")

    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    assert firm.get(job.id).stage_id == firm.stage("Review").id


def test_r4_preview_lists_the_changes_without_writing(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")

    with firm.unchanged():
        preview = preview_move(firm.repo, firm.owner, job.id, "Review")

    assert preview.summaries == ["client status → In review"]
    assert preview.outcome is not None and preview.outcome.client_status.status_id == firm.status("In review").id
    assert firm.get(job.id).client_status.visible is False


def test_r4_preview_warns_about_a_broken_automation(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")
    _delete_status_behind_the_services_back(firm, "In review")

    with firm.unchanged():
        preview = preview_move(firm.repo, firm.owner, job.id, "Review")

    assert len(preview.summaries) == 1 and preview.summaries[0].startswith("⚠") and "no longer exists" in preview.summaries[0]


def test_r4_preview_of_the_current_stage_is_empty(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="Review")

    assert preview_move(firm.repo, firm.owner, job.id, "Review").summaries == []


def test_r4_preview_shows_what_skipped_conditions_leave_untouched(firm):
    firm.account("Rivera Family", tags=["individual"])
    firm.automation("Review", show="In review", if_tags=["business"])
    job = firm.job(stage="To do")

    preview = preview_move(firm.repo, firm.owner, job.id, "Review")

    assert preview.summaries == []
    assert preview.outcome is not None and len(preview.outcome.skipped) == 1


# --- Tag conditions: the account has all, any or none of the tags ---------------------------------------


def _tag_automation(firm, match: str, tags: list[str]):
    fields = AutomationFields(visible=True, status="In review", if_account_tags=tags, tag_match=match)
    return add_automation(firm.repo, firm.owner, "Client work", "Review", fields)


def _shown_after_entering_review(firm, account_tags: dict[str, list[str]]) -> dict[str, bool]:
    """Each account's job, moved into Review: whether the automation showed its status."""
    jobs = {}
    for name, tags in account_tags.items():
        firm.account(name, tags=tags)
        jobs[name] = firm.job(f"{name} return", account=name)
    move_jobs(firm.repo, firm.owner, [job.id for job in jobs.values()], "Review")
    return {name: firm.get(job.id).client_status.visible for name, job in jobs.items()}


TAGGED = {"Both": ["individual", "premium"], "One": ["premium"], "Other": ["business"], "Untagged": []}


def test_r4_a_condition_with_all_of_its_tags_needs_every_one(firm):
    _tag_automation(firm, "all", ["individual", "premium"])
    assert _shown_after_entering_review(firm, TAGGED) == {"Both": True, "One": False, "Other": False, "Untagged": False}


def test_r4_a_condition_with_any_of_its_tags_needs_one_of_them(firm):
    _tag_automation(firm, "any", ["individual", "premium"])
    assert _shown_after_entering_review(firm, TAGGED) == {"Both": True, "One": True, "Other": False, "Untagged": False}


def test_r4_a_condition_with_none_of_its_tags_needs_the_account_without_them(firm):
    _tag_automation(firm, "none", ["individual", "premium"])
    assert _shown_after_entering_review(firm, TAGGED) == {"Both": False, "One": False, "Other": True, "Untagged": True}


def test_r4_the_kind_of_tag_condition_is_stored_and_read_back_on_each_store(firm):
    saved = _tag_automation(firm, "none", ["vip"])
    firm.repo.close()
    reopened = open_repository(firm.db)
    try:
        stored = next(iter(reopened.snapshot().pipelines.values())).stages[2].automations
    finally:
        reopened.close()
    assert stored == [saved]
    assert stored[0].conditions == [AccountHasTags(match="none", tags=["vip"])]


def test_r4_a_condition_written_before_the_kinds_existed_means_all_of_its_tags():
    condition = AccountHasTags.model_validate({"kind": "account_has_tags", "tags": ["individual", "vip"]})
    assert condition.match == "all"


def test_r4_no_tags_means_no_condition_whatever_the_kind(firm):
    automation = _tag_automation(firm, "any", [])
    assert automation.conditions == []
    assert _shown_after_entering_review(firm, {"Untagged": []}) == {"Untagged": True}


def test_r4_tags_are_compared_without_case_and_said_once(firm):
    automation = _tag_automation(firm, "any", ["VIP", "vip", " Premium "])
    assert automation.conditions == [AccountHasTags(match="any", tags=["vip", "premium"])]
    assert _shown_after_entering_review(firm, {"Loud": ["PREMIUM"], "Quiet": ["other"]}) == {"Loud": True, "Quiet": False}


def test_r4_an_unknown_kind_of_tag_condition_is_refused_by_name(firm):
    with pytest.raises(ValidationError) as refused:
        AutomationFields(visible=False, if_account_tags=["vip"], tag_match="some")  # type: ignore[arg-type]
    assert refused.value.errors()[0]["loc"] == ("tag_match",)


def test_r4_several_conditions_read_as_the_fewest_that_say_the_same():
    conditions = [
        AccountHasTags(tags=["individual"]), AccountHasTags(match="none", tags=["vip"]),
        AccountHasTags(tags=["premium", "individual"]), AccountHasTags(match="any", tags=["a", "b"]),
        AccountHasTags(match="none", tags=["archived"]),
    ]
    assert simplified_conditions(conditions) == [
        AccountHasTags(tags=["individual", "premium"]),
        AccountHasTags(match="none", tags=["vip", "archived"]),
        AccountHasTags(match="any", tags=["a", "b"]),
    ]
