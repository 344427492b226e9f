"""R5 Card edit: show/hide, name for client, status and description saved at once (with R16's conflict)."""

from __future__ import annotations

import pytest

from wipboard.store.errors import Conflict, InvalidRequest
from wipboard.store.services.client_status import save_card
from wipboard.store.services.moves import move_jobs


def test_r5_save_applies_every_field_at_once(firm):
    firm.contact("mrivera")
    job = firm.job("2025 Form 1040")
    generation = firm.generation

    result = save_card(
        firm.repo, firm.owner, job.id, job.version,
        firm.card(job, visible=True, status="On hold", name_for_client="Your tax return",
                  description="Waiting for your W-2.", priority="high", notes="called on Monday"),
    )

    saved = firm.get(job.id)
    assert (saved.priority, saved.notes, saved.version) == ("high", "called on Monday", job.version + 1)
    assert firm.portal("mrivera") == [
        {"account": "Rivera Family", "name": "Your tax return", "status": "On hold", "color": "yellow",
         "description": "Waiting for your W-2.", "updated_at": firm.portal("mrivera")[0]["updated_at"]}
    ]
    assert firm.generation == generation + 1
    assert len({entry.op for entry in firm.audit(job.id) if entry.operation == "card save"}) == 1
    assert result.messages == [f"Saved #{job.id} 2025 Form 1040 · client sees On hold"]


def test_r5_turning_show_off_hides_the_job_and_keeps_its_fields(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job(), "In progress", name_for_client="Your tax return")

    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=False))

    status = firm.get(job.id).client_status
    assert firm.portal("mrivera") == []
    assert (status.visible, status.name_for_client, status.status_id) == (False, "Your tax return", firm.status("In progress").id)


def test_r5_showing_without_a_status_is_refused(firm):
    job = firm.job()

    with firm.unchanged(), pytest.raises(InvalidRequest, match="status"):
        save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=True))


def test_r5_a_stale_card_is_a_conflict_that_says_what_changed_and_writes_nothing(firm):
    firm.employee("dana")
    job = firm.job("2025 Form 1040", stage="To do")
    opened_at = job.version
    move_jobs(firm.repo, firm.as_("dana"), [job.id], "Review")

    with firm.unchanged(), pytest.raises(Conflict) as refused:
        save_card(firm.repo, firm.owner, job.id, opened_at, firm.card(job, visible=True, status="Done"))

    message = str(refused.value)
    assert "someone else changed this job" in message
    assert "stage To do → Review (by dana)" in message
    assert refused.value.job_ids == (job.id,)
    assert firm.get(job.id).client_status.visible is False


def test_r5_a_conflict_names_the_client_status_change_made_by_an_automation(firm):
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")
    move_jobs(firm.repo, firm.owner, [job.id], "Review")

    with pytest.raises(Conflict) as refused:
        save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, notes="x"))

    assert "status — → In review (by the automations of Review)" in str(refused.value)


def test_r5_saving_with_the_current_version_after_a_reload_works(firm):
    job = firm.job()
    move_jobs(firm.repo, firm.owner, [job.id], "Review")
    reloaded = firm.get(job.id)

    save_card(firm.repo, firm.owner, job.id, reloaded.version, firm.card(reloaded, visible=True, status="Done"))

    assert firm.get(job.id).client_status.status_id == firm.status("Done").id
