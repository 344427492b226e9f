"""The Job templates tab of the settings screen: create and edit a template with its
client-status preset (R1) — each refusal beside its field (R18) — and delete it, as owner;
read-only for an employee (R12), following the file (R16).

Demo templates, by name: 1040 return (Individual tax return · Intake, shows Planned),
Monthly close (hidden), Payroll run (hidden), Tax extension (shows Planned).
"""

from __future__ import annotations

from board_pilot import SMALL
from firms import DemoFirm
from settings_pilot import SettingsPilot
from textual.widgets import Input, Label, Select, SelectionList, Switch

from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.settings import SettingsScreen
from wipboard.screens.template_form import TemplateFormScreen
from wipboard.store.demo import PAYROLL, TAX_RETURN
from wipboard.store.models import ClientStatusPreset
from wipboard.store.services.templates import TemplateFields, save_template

TEMPLATES_TAB = 1
RETURN_1040, TAX_EXTENSION, MONTHLY_CLOSE, PAYROLL_RUN = 1, 2, 3, 4
PLANNED, IN_PROGRESS = 1, 3


def error_beside(screen: object, field: str) -> str:
    """The error line under ``field`` in a form ('' when the field is fine)."""
    label = screen.query_one(f"#{field}-error", Label)  # type: ignore[attr-defined]
    return str(label.content) if label.has_class("-shown") else ""


class TestTemplateForm:
    async def test_r1_new_template_shows_each_error_beside_its_field_then_saves_its_preset(
        self, demo: DemoFirm
    ) -> None:
        before = demo.repo.snapshot().job_templates
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open(TEMPLATES_TAB)
            await settings.press("n")
            form = pilot.app.screen
            assert isinstance(form, TemplateFormScreen)

            await settings.press("ctrl+s")
            assert error_beside(form, "name") == "must have at least 1 character"
            assert error_beside(form, "job_name") == "must have at least 1 character"
            assert error_beside(form, "status") == ""
            assert demo.repo.snapshot().job_templates == before, "nothing is written on bad input (R18)"

            await settings.type("Payroll review")  # the name field has the focus
            form.query_one("#pipeline", Select).value = PAYROLL
            await pilot.pause()
            stage = form.query_one("#stage", Select)
            payroll = demo.repo.snapshot().pipelines[PAYROLL]
            assert [value for _, value in stage._options] == [item.id for item in payroll.stages], (
                "the entry stages follow the pipeline"
            )
            assert stage.value == payroll.stages[0].id
            stage.value = payroll.stages[1].id
            form.query_one("#job_name", Input).value = "Quarterly payroll review"
            form.query_one("#assignees", SelectionList).select("dana")
            form.query_one("#priority", Select).value = "urgent"
            assert form.query_one("#status", Select).disabled, "a hidden preset's status is not asked for"
            form.query_one("#visible", Switch).value = True
            form.query_one("#name_for_client", Input).value = "n" * 121
            await settings.press("ctrl+s")
            assert error_beside(form, "name") == ""
            assert error_beside(form, "name_for_client") == "must have at most 120 characters"
            assert demo.repo.snapshot().job_templates == before

            form.query_one("#name_for_client", Input).value = "Your payroll review"
            await settings.press("ctrl+s")
            assert error_beside(form, "name_for_client") == ""
            assert error_beside(form, "status") == "a template that shows the client status must name a status"
            assert demo.repo.snapshot().job_templates == before

            form.query_one("#status", Select).value = IN_PROGRESS
            await pilot.pause()
            assert form.query_one("#description", Input).value == "We are working on this now.", (
                "choosing a status fills the empty description (R3)"
            )
            await settings.press("ctrl+s")
            assert isinstance(pilot.app.screen, SettingsScreen)
            created = [item for item in demo.repo.snapshot().job_templates.values() if item.name == "Payroll review"]
            assert len(created) == 1
            template = created[0]
            assert (template.pipeline_id, template.stage_id, template.job_name, template.assignees, template.priority) == (
                PAYROLL, payroll.stages[1].id, "Quarterly payroll review", ["dana"], "urgent"
            )
            assert template.client_status == ClientStatusPreset(
                visible=True, status_id=IN_PROGRESS, name_for_client="Your payroll review",
                description="We are working on this now.",
            )
            assert "Created job template 'Payroll review'" in settings.notifications()
            assert settings.cursor_key() == template.id, "the cursor goes to the new template"
            cells = settings.row_cells(template.id)
            assert (cells[0], cells[1], cells[3]) == ("Payroll review", "Payroll · Processing", "shows  In progress ")

    async def test_r1_edit_template_preset_to_hidden_then_delete_a_template(self, demo: DemoFirm) -> None:
        async with demo.app().run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open(TEMPLATES_TAB)
            assert settings.row_keys() == [RETURN_1040, MONTHLY_CLOSE, PAYROLL_RUN, TAX_EXTENSION]
            await settings.press("enter")
            form = pilot.app.screen
            assert isinstance(form, TemplateFormScreen)
            stored = demo.repo.snapshot().job_templates[RETURN_1040]
            assert form.query_one("#name", Input).value == "1040 return"
            assert form.query_one("#pipeline", Select).value == TAX_RETURN
            assert form.query_one("#stage", Select).value == stored.stage_id
            assert form.query_one("#job_name", Input).value == "2025 Form 1040"
            assert form.query_one("#visible", Switch).value is True
            assert form.query_one("#status", Select).value == PLANNED
            assert form.query_one("#name_for_client", Input).value == "Your 2025 tax return"
            assert form.query_one("#description", Input).value == "", "opening the form prefills nothing"

            form.query_one("#visible", Switch).value = False
            await pilot.pause()
            assert form.query_one("#name_for_client", Input).disabled
            await settings.press("ctrl+s")
            assert isinstance(pilot.app.screen, SettingsScreen)
            saved = demo.repo.snapshot().job_templates[RETURN_1040]
            assert saved.client_status.visible is False
            assert saved.model_copy(update={"client_status": stored.client_status}) == stored, "the rest is kept"
            assert "Saved job template '1040 return'" in settings.notifications()
            cells = settings.row_cells(RETURN_1040)
            assert (cells[0], cells[1].endswith(" · Intake"), cells[3]) == ("1040 return", True, "hidden")

            await settings.press("j")
            assert settings.cursor_key() == MONTHLY_CLOSE
            pilot.app.clear_notifications()
            await settings.press("d")
            assert isinstance(pilot.app.screen, ConfirmScreen)
            assert "Delete job template 'Monthly close'? Its jobs stay." in settings.text()
            await settings.press("y")
            assert MONTHLY_CLOSE not in demo.repo.snapshot().job_templates
            assert "Deleted job template 'Monthly close'" in settings.notifications()
            assert settings.row_keys() == [RETURN_1040, PAYROLL_RUN, TAX_EXTENSION]
            assert settings.cursor_key() == PAYROLL_RUN, "the cursor stays on the same line"


class TestTemplatesForEmployees:
    async def test_r12_employee_sees_templates_read_only_and_they_follow_the_file(self, demo: DemoFirm) -> None:
        async with demo.app("dana").run_test(size=SMALL, notifications=True) as pilot:
            settings = SettingsPilot(pilot)
            await settings.open(TEMPLATES_TAB)
            assert "Only the owner and admins change job templates." in settings.text()
            assert not {"n", "e", "d"} & settings.footer_keys()
            file_before = demo.path.read_bytes()
            await settings.press("n", "e", "d", "j", "d")
            assert isinstance(pilot.app.screen, SettingsScreen), "no form or question opened"
            assert demo.path.read_bytes() == file_before, "the firm file is untouched"

            # R16: another process (the admin) adds a template; it shows within 2 seconds.
            fields = TemplateFields(name="Bookkeeping catch-up", pipeline="Monthly bookkeeping", job_name="Catch-up")
            created = save_template(demo.repo, demo.actor("marcus"), fields)
            seconds = await settings.wait_until(
                lambda: created.id in settings.row_keys(), "another process's template never showed"
            )
            assert seconds <= 2.0
            cells = settings.row_cells(created.id)
            assert (cells[0], cells[1].endswith(" · Not started"), cells[3]) == ("Bookkeeping catch-up", True, "hidden")
            assert settings.cursor_key() == MONTHLY_CLOSE, "the cursor stays on the same template"
