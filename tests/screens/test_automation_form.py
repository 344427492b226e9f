"""The automation form's tag condition (R4): the account has all, any or none of the ticked tags,
chosen from the keyboard, read back in the sentence, saved as the engine runs it.

Demo: *Individual tax return*, Review (stage 4) has automation #4 "if the account has the tag
individual, show In review"; the firm's tags are bookkeeping, business, individual.
"""

from __future__ import annotations

from board_pilot import SMALL
from firms import DemoFirm
from settings_pilot import SettingsPilot
from textual.widgets import OptionList, Select

from wipboard.screens.automation_form import AutomationForm
from wipboard.screens.settings_pipelines import PipelinesPane
from wipboard.store.demo import TAX_RETURN
from wipboard.store.models import AccountHasTags
from wipboard.store.services.moves import move_jobs

IN_REVIEW = 4
PREPARATION, REVIEW = 3, 4


def pane(settings: SettingsPilot) -> PipelinesPane:
    return settings.settings().query_one(PipelinesPane)


async def edit_review_automation(settings: SettingsPilot) -> AutomationForm:
    """The Pipelines tab, Review's automation opened with ``e``."""
    await settings.press("4", "right_square_bracket", "right_square_bracket")
    await settings.wait_until(lambda: pane(settings).query_one("#stage-list", OptionList).option_count > 0, "no stages")
    await settings.press("l", "down", "down", "down", "l", "e")
    form = settings.app.screen
    assert isinstance(form, AutomationForm) and form.automation is not None
    return form


def sentence(form: AutomationForm) -> str:
    return str(form.query_one("#sentence").render())


async def test_r4_the_form_chooses_none_of_the_tags_from_the_keyboard_and_the_engine_runs_it(demo: DemoFirm) -> None:
    async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
        settings = SettingsPilot(pilot)
        form = await edit_review_automation(settings)
        assert form.query_one("#tag-match", Select).value == "all"
        assert sentence(form) == "When a job enters Review, if the account has the tag individual, show status In review."

        await settings.press("down", "space")  # tick business beside individual
        assert sentence(form) == (
            "When a job enters Review, if the account has all of the tags individual, business, show status In review."
        )
        await settings.press("down", "space")  # untick individual: business alone
        await settings.press("shift+tab")  # from the tags back to the kind of condition
        assert pilot.app.focused is form.query_one("#tag-match", Select)
        await settings.press("enter", "down", "down", "enter")  # has all → any → none
        await pilot.pause()
        assert form.query_one("#tag-match", Select).value == "none"
        assert sentence(form) == (
            "When a job enters Review, if the account does not have the tag business, show status In review."
        )
        await settings.press("ctrl+s")
        assert pilot.app.screen is not form

        stored = demo.repo.snapshot().pipelines[TAX_RETURN].stages[3].automations[0]
        assert stored.conditions == [AccountHasTags(match="none", tags=["business"])]
        assert "Changed an automation of Review: show 'In review' if the account does not have the tag business" in (
            settings.notifications()
        )

        # What the form said is what a move runs: a business client's job is left alone, an individual's shown.
        business = demo.pick(stage=PREPARATION, tags={"business"})
        individual = demo.pick(stage=PREPARATION, tags={"individual"}, without={"business"})
        before = demo.job(business.id).client_status
        move_jobs(demo.repo, demo.actor(), [business.id, individual.id], "Review")
        assert demo.job(business.id).client_status == before
        shown = demo.job(individual.id).client_status
        assert (shown.visible, shown.status_id) == (True, IN_REVIEW)


async def test_r4_the_form_opens_a_stored_any_condition_as_it_is(demo: DemoFirm) -> None:
    pipeline = demo.repo.snapshot().pipelines[TAX_RETURN]
    with demo.repo.transaction() as tx:
        stages = list(pipeline.stages)
        review = stages[3]
        changed = review.automations[0].model_copy(update={"conditions": [AccountHasTags(match="any", tags=["vip", "business"])]})
        stages[3] = review.model_copy(update={"automations": [changed, *review.automations[1:]]})
        tx.pipelines.put(pipeline.model_copy(update={"stages": stages}))
    async with demo.app().run_test(size=SMALL) as pilot:
        settings = SettingsPilot(pilot)
        form = await edit_review_automation(settings)
        assert form.query_one("#tag-match", Select).value == "any"
        assert form.tags() == ["business", "vip"]
        assert sentence(form) == (
            "When a job enters Review, if the account has any of the tags business, vip, show status In review."
        )
