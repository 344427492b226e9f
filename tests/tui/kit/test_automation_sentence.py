"""An automation read as the sentence it is (R4), as the pipelines pane and the automation form show it."""

from __future__ import annotations

import pytest

from wipboard.store.models import AccountHasTags, Automation, Stage, StatusTemplate
from wipboard.store.services.pipelines import AutomationFields
from wipboard.tui.kit.automation_sentence import automation_summary, stored_sentence

IN_REVIEW = StatusTemplate(id=2, name="In review", color="purple", position=1)


def test_r4_an_automation_reads_as_the_sentence_it_is():
    automation = Automation(id=3, visible=True, status_id=IN_REVIEW.id, description="Almost done",
                            conditions=[AccountHasTags(tags=["individual"]), AccountHasTags(tags=["vip"])])
    stage = Stage(id=1, name="Review", automations=[automation])
    assert stored_sentence(stage, automation, {IN_REVIEW.id: IN_REVIEW}).plain == (
        "When a job enters Review, if the account has all of the tags individual, vip, show status In review"
        " with description “Almost done”.")
    assert stored_sentence(stage, automation, {}).plain == (
        "When a job enters Review, if the account has all of the tags individual, vip, show a status that no longer"
        " exists with description “Almost done”.")
    hide = Automation(id=4, visible=False)
    assert stored_sentence(stage, hide, {}).plain == "When a job enters Review, hide the client-facing status."


@pytest.mark.parametrize(("match", "tags", "reads"), [
    ("all", ["vip"], "if the account has the tag vip,"),
    ("any", ["vip"], "if the account has the tag vip,"),
    ("none", ["vip"], "if the account does not have the tag vip,"),
    ("all", ["individual", "vip"], "if the account has all of the tags individual, vip,"),
    ("any", ["individual", "vip"], "if the account has any of the tags individual, vip,"),
    ("none", ["individual", "vip"], "if the account has none of the tags individual, vip,"),
])
def test_r4_each_kind_of_tag_condition_reads_as_people_say_it(match, tags, reads):
    automation = Automation(id=3, visible=False, conditions=[AccountHasTags(match=match, tags=tags)])
    stage = Stage(id=1, name="Review", automations=[automation])
    assert stored_sentence(stage, automation, {}).plain == f"When a job enters Review, {reads} hide the client-facing status."


def test_r4_conditions_of_different_kinds_read_one_after_the_other():
    automation = Automation(id=3, visible=False, conditions=[
        AccountHasTags(match="any", tags=["individual", "business"]), AccountHasTags(match="none", tags=["vip"]),
    ])
    stage = Stage(id=1, name="Review", automations=[automation])
    assert stored_sentence(stage, automation, {}).plain == (
        "When a job enters Review, if the account does not have the tag vip and has any of the tags individual,"
        " business, hide the client-facing status.")


def test_r4_the_notification_after_a_save_sums_the_automation_up():
    statuses = {IN_REVIEW.id: IN_REVIEW}
    shown = AutomationFields(visible=True, status=IN_REVIEW.id, if_account_tags=["individual", "vip"])
    assert automation_summary(shown, statuses) == "show 'In review' if the account has all of the tags individual, vip"
    hidden = AutomationFields(visible=False, if_account_tags=["vip"], tag_match="none")
    assert automation_summary(hidden, statuses) == "hide the status if the account does not have the tag vip"
    assert automation_summary(AutomationFields(visible=False), statuses) == "hide the status"
