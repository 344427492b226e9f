"""R8 for the job card's live preview: an unsaved job is shown exactly as the portal would show it once saved."""

from __future__ import annotations

from wipboard.store.models import ClientStatus
from wipboard.store.portal import build_portal, preview_item
from wipboard.store.services.jobs import set_flag


def test_r8_the_preview_of_a_saved_job_is_its_portal_item(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job("2025 Form 1040"), "In review", name_for_client="Your tax return", description="Nearly done.")
    snapshot = firm.repo.snapshot()

    (portal_item,) = build_portal(snapshot, "mrivera").work_in_progress

    assert preview_item(snapshot, job) == portal_item
    assert (portal_item.name, portal_item.status, portal_item.color, portal_item.description) == (
        "Your tax return", "In review", "orange", "Nearly done.",
    )


def test_r8_the_preview_shows_unsaved_edits_and_nothing_internal(firm):
    job = firm.job("Internal name", notes="secret notes")
    edited = job.model_copy(
        update={"client_status": ClientStatus(visible=True, name_for_client="For the client", status_id=firm.status("Done").id)}
    )

    item = preview_item(firm.repo.snapshot(), edited)

    assert item is not None
    assert (item.account, item.name, item.status, item.color) == ("Rivera Family", "For the client", "Done", "green")
    assert "Internal name" not in item.model_dump_json() and "secret" not in item.model_dump_json()


def test_r8_r7_a_hidden_archived_or_deleted_job_previews_as_nothing(firm):
    job = firm.shown(firm.job("Shown"))
    assert preview_item(firm.repo.snapshot(), job) is not None

    hidden = job.model_copy(update={"client_status": job.client_status.model_copy(update={"visible": False})})
    assert preview_item(firm.repo.snapshot(), hidden) is None

    set_flag(firm.repo, firm.owner, [job.id], "archive")
    assert preview_item(firm.repo.snapshot(), firm.get(job.id)) is None
