"""R14 History: every change to a job's client status is recorded, with who and through what."""

from __future__ import annotations

from wipboard.store.portal import portal_for
from wipboard.store.services.client_status import BulkEdit, bulk_edit, save_card
from wipboard.store.services.history import status_history, undo_last
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.statuses import delete_status
from wipboard.store.tracked_fields import STAMP_FIELD


def _client_changes(firm, job_id: int) -> list[tuple[str, str, str, str]]:
    return [
        (item.via, item.actor, item.field, item.after)
        for item in status_history(firm.repo, firm.owner, job_id)
        if item.field.startswith("client_status.")
    ]


def test_r14_a_card_save_records_each_changed_field_via_card(firm):
    job = firm.job("2025 Form 1040")

    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=True, status="Planned", name_for_client="Your return"))

    assert _client_changes(firm, job.id) == [
        ("card", "olivia", "client_status.visible", "yes"),
        ("card", "olivia", "client_status.name_for_client", "Your return"),
        ("card", "olivia", "client_status.status_id", "Planned"),
        ("card", "olivia", "client_status.description", firm.status("Planned").description),
    ]


def test_r14_a_bulk_edit_records_via_bulk(firm):
    jobs = firm.jobs(2)

    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="On hold"))

    for job in jobs:
        assert {via for via, *_ in _client_changes(firm, job.id)} == {"bulk"}
        assert ("bulk", "olivia", "client_status.status_id", "On hold") in _client_changes(firm, job.id)


def test_r14_an_automation_records_via_automation_naming_its_stage(firm):
    firm.employee("dana")
    firm.automation("Review", show="In review")
    job = firm.job()

    move_jobs(firm.repo, firm.as_("dana"), [job.id], "Review")

    history = status_history(firm.repo, firm.owner, job.id)
    status_change = next(item for item in history if item.field == "client_status.status_id")
    assert (status_change.via, status_change.actor, status_change.user, status_change.after) == (
        "automation", "automation: Review", "dana", "In review",
    )
    stage_change = next(item for item in history if item.field == "stage_id")
    assert (stage_change.before, stage_change.after, stage_change.actor) == ("To do", "Review", "dana")


def test_r14_a_template_records_via_template(firm):
    firm.template("1040 return", show="Planned")

    job = firm.job(template="1040 return")

    assert ("template", "template: 1040 return", "client_status.status_id", "Planned") in _client_changes(firm, job.id)


def test_r14_an_undo_records_via_undo(firm):
    job = firm.job()
    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=True, status="Planned"))

    undo_last(firm.repo, firm.owner)

    undone = [change for change in _client_changes(firm, job.id) if change[0] == "undo"]
    assert ("undo", "olivia", "client_status.visible", "no") in undone
    assert ("undo", "olivia", "client_status.status_id", "—") in undone


def test_r14_an_entry_holds_time_actor_via_job_field_before_after_and_op(firm):
    job = firm.shown(firm.job(), "Planned")

    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, status="Done", description=""))

    saves = [entry for entry in firm.audit(job.id) if entry.operation == "card save"]
    entries = [entry for entry in saves if entry.op == saves[-1].op]  # the last save's, one op
    changes = [(entry.field, entry.before, entry.after) for entry in entries]
    assert changes[:2] == [
        ("client_status.status_id", firm.status("Planned").id, firm.status("Done").id),
        ("client_status.description", firm.status("Planned").description, firm.status("Done").description),
    ]
    # Then the status's stamp (when, who, how), if it changed: not when both saves fell in the same second.
    assert [field for field, _, _ in changes[2:]] in ([], [STAMP_FIELD])
    assert all(entry.at and entry.via == "card" for entry in entries)


def test_r14_no_change_no_entry(firm):
    job = firm.shown(firm.job(), "Planned")
    entries = len(firm.audit())

    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job))

    assert len(firm.audit()) == entries
    assert firm.get(job.id).version == job.version


def test_r14_history_names_a_deleted_status_by_the_name_it_had(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job(), "Planned", name_for_client="Your return")
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(firm.get(job.id), status="On hold", description=""))
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(firm.get(job.id), status="In progress", description=""))

    delete_status(firm.repo, firm.owner, "On hold")

    statuses = [(item.before, item.after) for item in status_history(firm.repo, firm.owner, job.id) if item.field == "client_status.status_id"]
    assert statuses == [("—", "Planned"), ("Planned", "On hold (deleted)"), ("On hold (deleted)", "In progress")]
    (item,) = portal_for(firm.repo, firm.as_("mrivera"), with_history=True).work_in_progress
    assert [(point.status, point.color) for point in item.history or []] == [
        ("Planned", "blue"), ("On hold", "yellow"), ("In progress", "purple"),
    ]


def test_r14_a_status_replaced_as_it_is_deleted_is_a_settings_change_by_whoever_deleted_it(firm):
    firm.admin("adam")
    job = firm.shown(firm.job(), "On hold", name_for_client="Your return")

    delete_status(firm.repo, firm.as_("adam"), "On hold", replacement="Planned")

    last = status_history(firm.repo, firm.owner, job.id)[-1]
    assert (last.via, last.user, last.actor, last.before, last.after) == ("settings", "adam", "adam", "On hold (deleted)", "Planned")
