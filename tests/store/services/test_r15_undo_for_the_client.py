"""R15 Undo is invisible to the client (R8): what they see, and their timeline, are as before the operation.

Staff history (R14) keeps both the undone change and its undo, each marked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from wipboard.store.portal import portal_for
from wipboard.store.services.client_status import BulkEdit, bulk_edit, save_card
from wipboard.store.services.history import status_history, undo_last
from wipboard.store.services.moves import move_jobs

LONG_AGO = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _client_view(firm) -> dict[str, Any]:
    """Everything the client ``mrivera`` sees, with every item's timeline."""
    return portal_for(firm.repo, firm.as_("mrivera"), with_history=True).model_dump(mode="json")


def _stamped_long_ago(firm, job_ids: list[int]) -> None:
    """Date the jobs' client status back, so an undo stamping its own time would show."""
    with firm.repo.transaction() as tx:
        for job_id in job_ids:
            job = tx.jobs[job_id]
            status = job.client_status.model_copy(update={"updated_at": LONG_AGO})
            tx.jobs.put(job.model_copy(update={"client_status": status}))


def _arranged(firm) -> list[int]:
    """Three jobs of the Rivera Family in To do — one shown as Planned, one shown then hidden,
    one never shown — and Review's automation that shows In review."""
    firm.contact("mrivera")
    firm.automation("Review", show="In review")
    shown, hidden, blank = firm.job("Shown"), firm.job("Hidden"), firm.job("Blank")
    firm.shown(shown, "Planned", name_for_client="Your return")
    firm.shown(hidden, "On hold", name_for_client="Your books")
    save_card(firm.repo, firm.owner, hidden.id, firm.get(hidden.id).version, firm.card(firm.get(hidden.id), visible=False))
    ids = [shown.id, hidden.id, blank.id]
    _stamped_long_ago(firm, ids)
    return ids


OPERATIONS: dict[str, Callable[[Any, list[int]], object]] = {
    "bulk edit": lambda firm, ids: bulk_edit(firm.repo, firm.owner, ids, BulkEdit(visibility="show", status="In review")),
    "card save": lambda firm, ids: save_card(
        firm.repo, firm.owner, ids[0], firm.get(ids[0]).version,
        firm.card(firm.get(ids[0]), status="Done", name_for_client="Filed", description="All done."),
    ),
    "move with automations": lambda firm, ids: move_jobs(firm.repo, firm.owner, ids, "Review"),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_r15_after_an_undo_the_client_sees_exactly_what_they_saw_before(firm, name):
    job_ids = _arranged(firm)
    before = _client_view(firm)
    OPERATIONS[name](firm, job_ids)
    assert _client_view(firm) != before, "the operation must show the client something for the test to mean anything"

    undo_last(firm.repo, firm.owner)

    assert _client_view(firm) == before
    assert all(firm.get(job_id).client_status.updated_at == LONG_AGO for job_id in job_ids)


def test_r15_an_undone_job_gets_back_its_client_status_stamp_exactly(firm):
    firm.employee("dana")
    job = firm.job()
    save_card(firm.repo, firm.as_("dana"), job.id, job.version, firm.card(job, visible=True, status="Planned"))
    _stamped_long_ago(firm, [job.id])
    stamp = firm.get(job.id).client_status

    bulk_edit(firm.repo, firm.owner, [job.id], BulkEdit(visibility="show", status="Done"))
    undo_last(firm.repo, firm.owner)

    undone = firm.get(job.id).client_status
    assert (undone.updated_at, undone.updated_by, undone.via) == (LONG_AGO, "dana", "card")
    assert undone == stamp


def test_r15_moves_undone_one_after_another_show_the_client_no_flip_flops(firm):
    firm.contact("mrivera")
    firm.automation("Review", show="In review")
    firm.automation("Done", show="Done")
    job = firm.shown(firm.job(), "Planned", name_for_client="Your return")
    before = _client_view(firm)

    for stage in ("Review", "Done", "Review", "Done", "Review", "Done"):
        move_jobs(firm.repo, firm.owner, [job.id], stage)
        undo_last(firm.repo, firm.owner)

    assert _client_view(firm) == before
    (item,) = before["work_in_progress"]
    assert [point["status"] for point in item["history"]] == ["Planned"]


def test_r15_an_undo_of_an_older_step_keeps_the_later_ones_on_the_timeline(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job(), "Planned", name_for_client="Your return")
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(firm.get(job.id), status="In progress", description=""))
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(firm.get(job.id), status="Done", description=""))

    undo_last(firm.repo, firm.owner)

    (item,) = _client_view(firm)["work_in_progress"]
    assert [point["status"] for point in item["history"]] == ["Planned", "In progress"]
    assert item["status"] == "In progress"


def test_r14_staff_history_keeps_the_undone_change_and_the_undo_both_marked(firm):
    job = firm.job()
    save_card(firm.repo, firm.owner, job.id, job.version, firm.card(job, visible=True, status="Planned"))
    saved_at = firm.get(job.id).client_status.updated_at

    undo_last(firm.repo, firm.owner)

    history = [item for item in status_history(firm.repo, firm.owner, job.id) if item.field == "client_status.status_id"]
    assert [(item.via, item.before, item.after, item.undone) for item in history] == [
        ("card", "—", "Planned", True),
        ("undo", "Planned", "—", False),
    ]
    assert history[0].undid is None
    assert history[1].undid == f"card save of {saved_at:%Y-%m-%d %H:%M}"
