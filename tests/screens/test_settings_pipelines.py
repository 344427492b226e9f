"""The Pipelines tab of the settings screen: pipelines and their two settings, stages (R9) and
each stage's automations (R4), edited as owner; read-only for an employee, with the People tab
too (R12); another process's change on screen within 2 seconds, the cursor kept (R16).

Demo: *Individual tax return* (id 1) — Intake, Waiting for documents, Preparation, Review
(10 jobs; automation #4: if tags individual, show In review), Client signature (automations
#5, #6), Filed; *Monthly bookkeeping* (id 2) starts with *Not started* (no automations).
"""

from __future__ import annotations

from board_pilot import SMALL
from firms import DemoFirm
from settings_pilot import SettingsPilot
from textual.widgets import Input, Label, OptionList, Select, Switch

from wipboard.screens.automation_form import AutomationForm
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.settings_people import PeoplePane
from wipboard.screens.settings_pipelines import PipelinesPane
from wipboard.screens.stage_delete import StageDeleteScreen
from wipboard.store.demo import BOOKKEEPING, TAX_RETURN
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.pipelines import AutomationFields, add_automation
from wipboard.tui.kit.name_form import NameForm

PLANNED, ON_HOLD, IN_PROGRESS, IN_REVIEW, DONE, WAITING = 1, 2, 3, 4, 5, 6
PREPARATION, REVIEW, CLIENT_SIGNATURE = 3, 4, 5


def pane(settings: SettingsPilot) -> PipelinesPane:
    return settings.settings().query_one(PipelinesPane)


def error_beside(screen: object, field: str) -> str:
    """The error line under ``field`` in one of this tab's forms ('' when the field is fine)."""
    label = screen.query_one(f"#error-{field}", Label)  # type: ignore[attr-defined]
    return str(label.content) if label.display else ""


def stage_names(demo: DemoFirm, pipeline_id: int = TAX_RETURN) -> list[str]:
    return [stage.name for stage in demo.repo.snapshot().pipelines[pipeline_id].stages]


def sentences(settings: SettingsPilot) -> list[str]:
    """The automations the tab shows for the stage under the cursor, as the sentences they read as."""
    options = pane(settings).query_one("#automation-list", OptionList).options
    return [option.prompt.plain for option in options if option.id]  # type: ignore[union-attr]


async def open_pipelines(settings: SettingsPilot) -> PipelinesPane:
    """``4``, then ``]`` twice: the Pipelines tab, its pipeline list focused."""
    await settings.press("4", "right_square_bracket", "right_square_bracket")
    await settings.wait_until(lambda: pane(settings).query_one("#stage-list", OptionList).option_count > 0, "no stages shown")
    assert settings.app.focused is not None and settings.app.focused.id == "pipeline-list"
    return pane(settings)


async def go_to_stage(settings: SettingsPilot, stage_id: int) -> None:
    """Focus the stage list with the cursor on ``stage_id`` (the keys that get there are tested once, below)."""
    stages = pane(settings).query_one("#stage-list", OptionList)
    stages.focus()
    stages.highlighted = stages.get_option_index(f"s{stage_id}")
    await settings.wait_until(lambda: pane(settings).stage_id == stage_id, f"the cursor never reached stage {stage_id}")


class TestAutomationEditor:
    async def test_r4_automation_edited_in_the_form_is_what_the_engine_runs_then_reorder_and_delete(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            await settings.press("l", "down", "down", "down")  # into the stages, down to Review
            assert pane(settings).stage_id == REVIEW
            assert sentences(settings) == ["When a job enters Review, if the account has the tag individual, show status In review."]
            assert "When a job enters Review, if the account has the tag" in settings.text()

            await settings.press("l", "e")
            form = pilot.app.screen
            assert isinstance(form, AutomationForm) and form.automation is not None and form.automation.id == 4
            await settings.press("down", "down", "space")  # bookkeeping, business, individual: untick individual
            form.query_one("#status", Select).value = ON_HOLD
            form.query_one("#description", Input).value = "Checking your"
            form.query_one("#description", Input).focus()
            await settings.press("end")
            await settings.type(" numbers")
            reads = str(form.query_one("#sentence").render())
            assert reads == "When a job enters Review, show status On hold with description “Checking your numbers”."
            await settings.press("ctrl+s")
            assert pilot.app.screen is not form

            stored = demo.repo.snapshot().pipelines[TAX_RETURN].stages[3].automations
            assert [(a.id, a.visible, a.status_id, a.description, a.conditions) for a in stored] == [
                (4, True, ON_HOLD, "Checking your numbers", [])
            ]
            assert "Changed an automation of Review: show 'On hold'" in settings.notifications()
            assert sentences(settings) == [reads]
            assert "show status On hold" in settings.text()

            # What the form said is what a move runs: a business client's job now shows On hold too.
            job = demo.pick(stage=PREPARATION, without={"individual"})
            move_jobs(demo.repo, demo.actor(), [job.id], "Review")
            moved = demo.job(job.id).client_status
            assert (moved.visible, moved.status_id, moved.description) == (True, ON_HOLD, "Checking your numbers")

            # Reordering and deleting: Client signature runs #5, then #6.
            await go_to_stage(settings, CLIENT_SIGNATURE)
            await settings.press("l", "J")

            def order() -> list[int]:
                return [a.id for a in demo.repo.snapshot().pipelines[TAX_RETURN].stages[4].automations]

            assert order() == [6, 5]
            await settings.wait_until(lambda: pane(settings).automation_index == 1, "the cursor did not follow the move")
            await settings.press("K")
            assert order() == [5, 6]
            assert pane(settings).automation_id == 5

            await settings.press("d")
            assert isinstance(pilot.app.screen, ConfirmScreen)
            await settings.press("y")
            assert order() == [6]
            assert "Deleted automation 1 of Client signature" in settings.notifications()  # by place, not id
            await settings.wait_until(lambda: pane(settings).automation_id == 6, "the cursor did not stay in place")


    async def test_r18_automation_form_shows_each_problem_beside_its_field_then_adds_and_hides(self, demo: DemoFirm) -> None:
        before = demo.repo.snapshot().pipelines
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            await settings.press("down")  # Monthly bookkeeping: Not started has no automations
            await settings.wait_until(lambda: pane(settings).pipeline_id == BOOKKEEPING, "bookkeeping not chosen")
            await settings.press("l", "l", "n")
            form = pilot.app.screen
            assert isinstance(form, AutomationForm) and form.stage.name == "Not started"

            form.query_one("#other-tags", Input).value = "t" * 41
            form.query_one("#description", Input).value = "d" * 501
            await settings.press("ctrl+s")
            assert error_beside(form, "if_account_tags") == "must have at most 40 characters"
            assert error_beside(form, "description") == "must have at most 500 characters"
            form.query_one("#other-tags", Input).value = "vip"
            form.query_one("#description", Input).value = ""
            await settings.press("ctrl+s")
            assert error_beside(form, "status") == "an automation that shows the client status must name a status"
            assert error_beside(form, "if_account_tags") == error_beside(form, "description") == ""
            assert demo.repo.snapshot().pipelines == before, "nothing is written on bad input (R18)"

            form.query_one("#visible", Select).value = False
            await pilot.pause()
            assert form.query_one("#status", Select).disabled
            assert str(form.query_one("#sentence").render()) == (
                "When a job enters Not started, if the account has the tag vip, hide the client-facing status."
            )
            await settings.press("ctrl+s")
            stored = demo.repo.snapshot().pipelines[BOOKKEEPING].stages[0].automations
            assert [(a.visible, a.status_id, [c.tags for c in a.conditions]) for a in stored] == [(False, None, [["vip"]])]
            assert "Added automation to Not started: hide the status if the account has the tag vip" in settings.notifications()

class TestStagesAndPipelines:
    async def test_r9_stages_are_added_renamed_reordered_and_deleted_with_a_target_for_their_jobs(self, demo: DemoFirm) -> None:
        review_jobs = [job.id for job in demo.repo.snapshot().jobs.values() if job.stage_id == REVIEW]
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            await go_to_stage(settings, PREPARATION)

            await settings.press("n")
            form = pilot.app.screen
            assert isinstance(form, NameForm)
            form.query_one("#field-name", Input).value = "Review"
            await settings.press("enter")
            assert "stage names must be unique" in error_beside(form, "")
            form.query_one("#field-name", Input).value = ""
            await settings.press("enter")
            assert error_beside(form, "name") == "must have at least 1 character"
            assert stage_names(demo)[2:4] == ["Preparation", "Review"], "nothing is written on bad input (R18)"
            form.query_one("#field-name", Input).value = "Second look"
            await settings.press("enter")
            assert stage_names(demo)[2:5] == ["Preparation", "Second look", "Review"]
            assert "Added stage Second look to Individual tax return after Preparation" in settings.notifications()

            await settings.press("r")
            form = pilot.app.screen
            assert isinstance(form, NameForm) and form.query_one("#field-name", Input).value == "Second look"
            form.query_one("#field-name", Input).value = "Peer check"
            await settings.press("enter")
            await settings.press("K")
            assert stage_names(demo)[1:4] == ["Waiting for documents", "Peer check", "Preparation"]
            await settings.wait_until(lambda: "Peer check" in settings.text(), "the renamed stage is not shown")

            await go_to_stage(settings, REVIEW)
            await settings.press("d")
            dialog = pilot.app.screen
            assert isinstance(dialog, StageDeleteScreen)
            assert "It holds 10 jobs" in settings.text()
            assert dialog.query_one("#target", Select).value == PREPARATION, "the stage before it, by default"
            await settings.press("ctrl+s")
            snapshot = demo.repo.snapshot()
            assert "Review" not in stage_names(demo)
            assert {snapshot.jobs[job_id].stage_id for job_id in review_jobs} == {PREPARATION}
            assert "Deleted stage Review of Individual tax return; moved 10 jobs to Preparation" in settings.notifications()

    async def test_r9_pipeline_settings_switches_a_new_pipeline_and_another_processs_change(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            switch = pane(settings).query_one("#show-status", Switch)
            assert switch.value is True
            await settings.press("tab", "space")
            assert demo.repo.snapshot().pipelines[TAX_RETURN].show_client_status_on_cards is False
            assert "Individual tax return: client status on cards off" in settings.notifications()
            await settings.press("tab", "space")
            assert demo.repo.snapshot().pipelines[TAX_RETURN].confirm_automations_on_move is True

            pane(settings).query_one("#pipeline-list").focus()
            await settings.press("n")
            form = pilot.app.screen
            assert isinstance(form, NameForm)
            form.query_one("#field-name", Input).value = "Payroll"  # taken
            await settings.press("enter")
            assert error_beside(form, "name") == "a pipeline called 'Payroll' already exists"
            form.query_one("#field-name", Input).value = "Quarterly estimates"
            form.query_one("#field-stages", Input).value = "Gather, " + "x" * 61
            await settings.press("enter")
            assert error_beside(form, "stages") == "must have at most 60 characters"
            form.query_one("#field-stages", Input).value = "Gather, Compute, Sent"
            await settings.press("enter")
            created = next(item for item in demo.repo.snapshot().pipelines.values() if item.name == "Quarterly estimates")
            assert [stage.name for stage in created.stages] == ["Gather", "Compute", "Sent"]
            await settings.wait_until(lambda: pane(settings).pipeline_id == created.id, "the new pipeline is not chosen")
            assert "Stages of Quarterly estimates" in settings.text()

            # Another process adds an automation to Review: it shows within 2 s, the cursor stays (R16).
            pane(settings).query_one("#pipeline-list", OptionList).highlighted = 0
            await settings.wait_until(lambda: pane(settings).pipeline_id == TAX_RETURN, "back on the tax pipeline")
            await go_to_stage(settings, REVIEW)
            add_automation(demo.repo, demo.actor("marcus"), TAX_RETURN, REVIEW,
                           AutomationFields(visible=True, status=DONE, if_account_tags=["vip"]))
            added = "When a job enters Review, if the account has the tag vip, show status Done."
            took = await settings.wait_until(lambda: added in sentences(settings), "another process's automation never showed")
            assert took < 2.0
            assert pane(settings).stage_id == REVIEW
            assert pane(settings).query_one("#stage-list", OptionList).highlighted == 3
            review = pane(settings).query_one("#stage-list", OptionList).get_option_at_index(3).prompt
            assert "10 jobs · 2 automations" in str(review)  # read from the list: the notifications cover its row


class TestReadOnly:
    async def test_r12_employee_sees_pipelines_and_people_without_change_keys_and_pressing_them_changes_nothing(self, demo: DemoFirm) -> None:
        before = demo.path.read_bytes()
        async with demo.app("priya").run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await open_pipelines(settings)
            assert "Only the owner and admins change pipelines, stages and automations." in settings.text()
            assert not {"n", "r", "e", "K", "J", "d"} & settings.footer_keys()
            assert pane(settings).query_one("#show-status", Switch).disabled
            await go_to_stage(settings, REVIEW)
            await settings.press("n", "r", "e", "K", "J", "d", "l", "enter", "d")
            assert pilot.app.screen is settings.settings(), "no form or dialog opened"
            assert sentences(settings) == ["When a job enters Review, if the account has the tag individual, show status In review."]

            await settings.press("right_square_bracket")  # People
            people = settings.settings().query_one(PeoplePane)
            await settings.wait_until(lambda: settings.app.focused is people.query_one("#people-table"), "people not focused")
            assert "Only the owner and admins change users, contacts and accounts." in settings.text()
            assert not {"n", "e"} & settings.footer_keys()
            await settings.press("n", "e", "enter", "tab", "e")
            assert pilot.app.screen is settings.settings(), "no form opened"
            assert any("You are priya, an employee who sees all jobs" in note for note in settings.notifications())
        assert demo.path.read_bytes() == before
