"""R15 Undo: a user's last operation, as one step, unless one of its jobs changed since."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import Conflict, InvalidRequest, NotFound
from wipboard.store.fields import utc_now
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import BulkEdit, bulk_edit, save_card
from wipboard.store.services.history import undo_last
from wipboard.store.services.jobs import set_flag
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.people import StaffAccess, set_staff_access


def _firm_data(firm) -> dict[str, Any]:
    """The firm file as data, without what an undo may rightly leave different:
    the generation and audit size, job versions and times, and who last touched each client status."""
    data = orjson.loads(firm.file_bytes())
    meta = data["_meta"]["1"]
    del meta["generation"], meta["audit_size"]
    for job in data["jobs"].values():
        del job["version"], job["updated_at"]
        for name in ("updated_at", "updated_by", "via"):
            del job["client_status"][name]
    return data


def _arranged(firm):
    """Three jobs in To do, one already shown, and two automations on Review."""
    firm.account("Rivera Family", tags=["individual"])
    firm.automation("Review", show="In review")
    firm.automation("Review", show="On hold", if_tags=["individual"], description="We need your 1099s.")
    jobs = firm.jobs(3)
    jobs[0] = firm.shown(jobs[0], "Planned", name_for_client="Your return")
    return [job.id for job in jobs]


OPERATIONS: dict[str, Callable[[Any, list[int]], object]] = {
    "card save": lambda firm, ids: save_card(
        firm.repo, firm.owner, ids[0], firm.get(ids[0]).version,
        firm.card(
            firm.get(ids[0]), status="Done", name_for_client="Your 2025 return", description="Filed!", notes="e-filed", priority="high",
        ),
    ),
    "card save that hides": lambda firm, ids: save_card(
        firm.repo, firm.owner, ids[0], firm.get(ids[0]).version, firm.card(firm.get(ids[0]), visible=False),
    ),
    "move with automations": lambda firm, ids: move_jobs(firm.repo, firm.owner, ids, "Review"),
    "move without automations": lambda firm, ids: move_jobs(firm.repo, firm.owner, ids, "Done", run_automations_on_entry=False),
    "bulk show": lambda firm, ids: bulk_edit(
        firm.repo, firm.owner, ids, BulkEdit(visibility="show", status="In progress", description="Busy"),
    ),
    "bulk hide": lambda firm, ids: bulk_edit(firm.repo, firm.owner, ids, BulkEdit(visibility="hide")),
    "bulk status only": lambda firm, ids: bulk_edit(firm.repo, firm.owner, ids, BulkEdit(status="Done")),
    "archive": lambda firm, ids: set_flag(firm.repo, firm.owner, ids, "archive"),
    "delete": lambda firm, ids: set_flag(firm.repo, firm.owner, ids, "delete"),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_r15_undo_round_trip_gives_back_the_firm_as_it_was(firm, name):
    job_ids = _arranged(firm)
    before = _firm_data(firm)
    OPERATIONS[name](firm, job_ids)
    assert _firm_data(firm) != before, "the operation must change something for the round trip to mean anything"

    undo_last(firm.repo, firm.owner)

    assert _firm_data(firm) == before


def test_r15_undo_of_a_card_save_restores_every_field(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job(), "Planned", name_for_client="Your return")
    portal_before = firm.portal("mrivera")
    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, status="Done", name_for_client="Filed", description="All done."))

    result = undo_last(firm.repo, firm.owner)

    assert [(item["name"], item["status"], item["description"]) for item in firm.portal("mrivera")] == [
        (item["name"], item["status"], item["description"]) for item in portal_before
    ]
    assert result.messages == [f"Undid your card save of job #{job.id} {job.name}"]


def test_r15_undo_of_a_move_takes_back_its_automations_too(firm):
    firm.contact("mrivera")
    firm.automation("Review", show="In review")
    job = firm.job(stage="To do")
    move_jobs(firm.repo, firm.owner, [job.id], "Review")
    assert firm.portal("mrivera") != []

    undo_last(firm.repo, firm.owner)

    undone = firm.get(job.id)
    assert undone.stage_id == firm.stage("To do").id
    assert undone.client_status.visible is False and undone.client_status.status_id is None
    assert firm.portal("mrivera") == []


def test_r15_undo_of_a_bulk_edit_is_one_step_and_one_write(firm):
    jobs = firm.jobs(5)
    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))
    generation, entries = firm.generation, len(firm.audit())

    result = undo_last(firm.repo, firm.owner)

    assert not any(firm.get(job.id).client_status.visible for job in jobs)
    assert firm.generation == generation + 1
    new = firm.audit()[entries:]
    assert {entry.op for entry in new} == {result.op} and {entry.via for entry in new} == {"undo"}
    assert {entry.undoes for entry in new} == {firm.audit()[entries - 1].op}


def test_r15_undo_is_refused_naming_the_jobs_that_changed_since(firm):
    firm.employee("dana")
    jobs = firm.jobs(3)
    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))
    move_jobs(firm.repo, firm.as_("dana"), [jobs[1].id], "Review")

    with firm.unchanged(), pytest.raises(Conflict) as refused:
        undo_last(firm.repo, firm.owner)

    message = str(refused.value)
    assert f"#{jobs[1].id} Job 2" in message and "changed since" in message
    assert f"#{jobs[0].id}" not in message and f"#{jobs[2].id}" not in message


def test_r15_undo_takes_back_only_your_own_last_operation(firm):
    firm.employee("dana")
    mine, theirs = firm.job("Mine"), firm.job("Theirs")
    save_card(firm.repo, firm.owner, mine.id, mine.version, firm.card(mine, visible=True, status="Planned"))
    save_card(firm.repo, firm.as_("dana"), theirs.id, theirs.version, firm.card(theirs, visible=True, status="Done"))

    undo_last(firm.repo, firm.owner)

    assert firm.get(mine.id).client_status.visible is False
    assert firm.get(theirs.id).client_status.visible is True


def test_r15_undo_twice_takes_back_two_operations_in_reverse_order(firm):
    job = firm.job()
    first = firm.card(job, visible=True, status="Planned")
    save_card(firm.repo, firm.owner, job.id, job.version, first)
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(firm.get(job.id), status="Done", description=""))

    undo_last(firm.repo, firm.owner)
    assert firm.get(job.id).client_status.status_id == firm.status("Planned").id
    undo_last(firm.repo, firm.owner)

    assert firm.get(job.id).client_status.visible is False
    assert firm.get(job.id).client_status.status_id is None


def test_r15_with_nothing_to_undo_says_so(firm):
    firm.employee("dana")

    with firm.unchanged(), pytest.raises(InvalidRequest, match="nothing of yours to undo"):
        undo_last(firm.repo, firm.as_("dana"))


def test_r15_an_employee_who_took_herself_off_a_job_can_undo_that(firm):
    firm.employee("dana", access="assigned")
    job = firm.job(assignees=["dana"])
    dana = firm.as_("dana")
    save_card(firm.repo, dana, job.id, job.version, firm.card(job, assignees=[]))
    assert firm.get(job.id).assignees == []  # she no longer sees the job

    result = undo_last(firm.repo, dana)

    assert firm.get(job.id).assignees == ["dana"]
    assert result.messages == [f"Undid your card save of job #{job.id} {job.name}"]


def test_r15_undoing_her_own_change_does_not_outlast_losing_her_access(firm):
    firm.employee("dana", access="assigned")
    job = firm.job(assignees=["dana"])
    save_card(firm.repo, firm.as_("dana"), job.id, job.version, firm.card(job, assignees=[]))
    set_staff_access(firm.repo, firm.owner, "dana", StaffAccess(role="employee", job_access="none"))

    # A job she may no longer see is refused as if it did not exist (R12, R13).
    with firm.unchanged(), pytest.raises(NotFound, match="there is no job #1 among the jobs you may see"):
        undo_last(firm.repo, firm.as_("dana"))


def test_r15_undoing_an_addition_sends_the_job_to_the_trash_and_says_so_in_its_history(firm):
    firm.contact("mrivera")
    firm.template("1040 return", show="Planned")
    job = firm.job(template="1040 return")
    assert firm.portal_names("mrivera") == ["2025 Form 1040"]

    undo_last(firm.repo, firm.owner)

    assert firm.get(job.id).deleted is True
    assert firm.portal("mrivera") == []
    undo = [(entry.field, entry.before, entry.after) for entry in firm.audit(job.id) if entry.via == "undo"]
    assert ("deleted", False, True) in undo and ("client_status.visible", True, False) in undo


def test_r15_r16_a_job_changed_while_the_undo_waits_for_the_lock_is_named_and_nothing_is_undone(firm):
    """The undo is planned before it takes the lock; what another writer commits meanwhile still counts."""
    jobs = firm.jobs(3)
    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))
    outcome: list[BaseException | object] = []
    undo = threading.Thread(target=lambda: outcome.append(_attempt(lambda: undo_last(firm.repo, firm.owner))))
    other = Repository(firm.path)  # another writer, holding the file's lock
    with other.transaction() as tx:
        undo.start()
        time.sleep(0.5)  # the undo has made its plan and waits for the lock
        job = tx.jobs[jobs[1].id]
        saved = tx.jobs.save(job.model_copy(update={"notes": "called the client"}), job.version)
        tx.record(AuditEntry(
            at=utc_now(), op="other", operation="card save", user="dana", actor="dana", via="card",
            job_id=job.id, field="notes", before="", after="called the client", version=saved.version,
        ))
    undo.join(timeout=30)

    (error,) = outcome
    assert isinstance(error, Conflict) and f"#{jobs[1].id} Job 2" in str(error)
    assert all(firm.get(job.id).client_status.visible for job in jobs)


def _attempt(action: Callable[[], object]) -> BaseException | object:
    try:
        return action()
    except Exception as error:  # the test looks at what was raised
        return error


def test_r15_undo_that_would_give_back_a_deleted_status_is_refused_naming_it(firm):
    """The status a change replaced may be deleted since (no job used it any more): the undo is
    refused in words, with the status's name, not with its internal id, and nothing is written."""
    from wipboard.store.services.statuses import delete_status

    job = firm.shown(firm.job(), "Planned", name_for_client="Your return")
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(firm.get(job.id), status="Done"))
    delete_status(firm.repo, firm.owner, "Planned")

    with firm.unchanged(), pytest.raises(Conflict) as refused:
        undo_last(firm.repo, firm.owner)
    assert "'Planned'" in str(refused.value) and "deleted" in str(refused.value)
    assert "id " not in str(refused.value)


@pytest.mark.parametrize("field", ["client_status.status_id", "client_status.updated"])
def test_r15_r18_undo_of_an_operation_with_an_unreadable_audit_line_is_refused_and_undoes_nothing(firm, field):
    """A line of the operation refused when read (damaged by hand, in the middle or at its end) would
    make the undo take back only part of it: the undo is refused instead, and says why."""
    jobs = firm.jobs(2)
    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))
    path = firm.path.with_name(firm.path.name + ".audit.jsonl")  # the file store's own log
    data = path.read_bytes()
    line = f'"via":"bulk","job_id":{jobs[1].id},"field":"{field}"'.encode()
    assert data.count(line) == 1
    path.write_bytes(data.replace(line, line.replace(b'"bulk"', b'"bulX"')))  # same length: still committed

    with firm.unchanged(), pytest.raises(InvalidRequest, match="cannot be read"):
        undo_last(firm.repo, firm.owner)


def test_r12_r15_a_refused_undo_does_not_name_a_job_she_may_no_longer_see(firm):
    """Her job was renamed and given to someone else since: the refusal reads as for a job that
    does not exist, never with its new name."""
    firm.employee("dana", access="assigned")
    firm.employee("erin")
    job = firm.job(assignees=["dana"])
    save_card(firm.repo, firm.as_("dana"), job.id, job.version, firm.card(job, notes="called the client"))
    stored = firm.get(job.id)
    save_card(firm.repo, firm.owner, job.id, stored.version, firm.card(stored, name="Acme merger (confidential)", assignees=["erin"]))

    with firm.unchanged(), pytest.raises(NotFound, match="there is no job #1 among the jobs you may see") as refused:
        undo_last(firm.repo, firm.as_("dana"))
    assert "Acme" not in str(refused.value)
