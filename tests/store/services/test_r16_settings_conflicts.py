"""R16 for the settings forms: saving a status, a job template or an automation that someone else
changed since the form opened is refused, naming their change — never a silent overwrite."""

from __future__ import annotations

import pytest

from wipboard.store.errors import Conflict
from wipboard.store.services.pipelines import AutomationFields, edit_automation
from wipboard.store.services.statuses import StatusFields, edit_status, move_status
from wipboard.store.services.templates import TemplateFields, save_template


def test_r16_a_status_renamed_elsewhere_since_the_form_opened_is_not_overwritten(firm):
    opened = firm.status("On hold")
    edit_status(firm.repo, firm.owner, opened.id, StatusFields(name="Paused"))  # someone else, meanwhile

    with firm.unchanged(), pytest.raises(Conflict, match="name 'On hold' → 'Paused'"):
        edit_status(firm.repo, firm.owner, opened.id, StatusFields(color="red"), opened=opened)


def test_r16_a_status_only_moved_elsewhere_still_saves(firm):
    opened = firm.status("Done")
    move_status(firm.repo, firm.owner, opened.id, -1)

    saved = edit_status(firm.repo, firm.owner, opened.id, StatusFields(color="teal"), opened=opened)

    assert (saved.name, saved.color) == ("Done", "teal")


def test_r16_a_job_template_changed_elsewhere_is_not_overwritten(firm):
    opened = firm.template("1040 return")
    fields = TemplateFields(name="1040 return", pipeline="Client work", stage="To do", job_name="Form 1040 (2025)")
    save_template(firm.repo, firm.owner, fields, opened.id)  # someone else

    with firm.unchanged(), pytest.raises(Conflict, match="job name 'Form 1040' → 'Form 1040 \\(2025\\)'"):
        save_template(firm.repo, firm.owner, fields.model_copy(update={"priority": "high"}), opened.id, opened=opened)


def test_r16_an_automation_changed_elsewhere_is_not_overwritten(firm):
    opened = firm.automation("To do", show="Planned")
    edit_automation(firm.repo, firm.owner, opened.id, AutomationFields(visible=True, status="In progress"))

    with firm.unchanged(), pytest.raises(Conflict, match="automation 1 of To do"):
        edit_automation(firm.repo, firm.owner, opened.id, AutomationFields(visible=False), opened=opened)
