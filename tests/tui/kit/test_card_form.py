"""The job card's form without the screen: what it sends, how it reads typed input, what it says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from wipboard.store.models import ClientStatus, Job, StatusTemplate, User
from wipboard.store.services.client_status import CardEdit
from wipboard.store.services.history import HistoryItem
from wipboard.tui.kit.card_form import (
    CardForm,
    assignee_choices,
    beside_fields,
    card_edit,
    client_status_on_save,
    description_for_status,
    history_text,
    read_date,
    read_only_reason,
    sentence,
    why_client_sees_nothing,
)

AT = datetime(2026, 4, 15, 9, 30, tzinfo=UTC)
IN_REVIEW = StatusTemplate(id=2, name="In review", description="We are reviewing your return.", color="purple", position=1)
PLANNED = StatusTemplate(id=1, name="Planned", description="Planned for next week.", color="blue", position=0)


def a_job(**fields: object) -> Job:
    values: dict[str, object] = {"id": 7, "name": "2025 Form 1040", "account_id": 1, "pipeline_id": 1, "stage_id": 1,
                                 "assignees": ["priya"], "start_date": date(2026, 4, 1)}
    return Job(**(values | fields))  # type: ignore[arg-type]


def test_r5_only_the_fields_the_user_edited_are_sent():
    base = CardForm.of(a_job())
    edit = card_edit(replace(base, notes="Waiting on the W-2", assignees=("dana", "priya")), base)
    assert isinstance(edit, CardEdit)
    assert (edit.notes, edit.assignees) == ("Waiting on the W-2", ["dana", "priya"])
    assert (edit.name, edit.priority, edit.start_date, edit.due_date) == (None, None, None, None)  # left as stored
    cleared = card_edit(replace(base, start_date=" "), base)
    assert isinstance(cleared, CardEdit) and cleared.start_date is None and "start_date" in cleared.model_fields_set


def test_r18_a_bad_date_is_named_beside_its_field():
    assert read_date("") is None
    assert read_date(" 2026-04-15 ") == date(2026, 4, 15)
    base = CardForm.of(a_job())
    errors = card_edit(replace(base, due_date="15/04/2026"), base)
    assert errors == {"due_date": "'15/04/2026' is not a date: use YYYY-MM-DD, e.g. 2026-04-15 (blank for none)"}


def test_r18_every_problem_is_named_at_once():
    base = CardForm.of(a_job())
    errors = card_edit(replace(base, name="", start_date="soon", visible=True, status_id=None), base)
    assert isinstance(errors, dict)
    assert set(errors) == {"name", "start_date", "status"}
    assert errors["status"] == "choose the status the client sees"


def test_r18_a_whole_job_refusal_that_names_a_field_goes_beside_it():
    assert beside_fields({"": "due_date must not be before start_date"}) == {
        "due_date": "must not be before the start date"}
    assert beside_fields({"": "the job was deleted"}) == {"": "the job was deleted"}


def test_r16_keeping_my_edits_takes_their_change_where_i_left_a_field_alone():
    opened = CardForm.of(a_job())
    mine = replace(opened, notes="my note")
    theirs = replace(opened, priority="urgent", notes="their note")
    merged = mine.merged(opened, theirs)
    assert (merged.notes, merged.priority) == ("my note", "urgent")


def test_r3_a_chosen_status_brings_its_description_unless_the_user_wrote_their_own():
    assert description_for_status("", PLANNED, IN_REVIEW) == IN_REVIEW.description
    assert description_for_status(PLANNED.description, PLANNED, IN_REVIEW) == IN_REVIEW.description
    assert description_for_status("Your own words", PLANNED, IN_REVIEW) is None
    assert description_for_status("", IN_REVIEW, None) is None


def test_r3_a_save_prefills_the_name_for_client_from_the_job_name():
    job = a_job()
    form = replace(CardForm.of(job), name=" 2025 Form 1040-X ", visible=True, status_id=IN_REVIEW.id)
    shown = client_status_on_save(job, form, {IN_REVIEW.id: IN_REVIEW}, at=AT, by="priya")
    assert shown == ClientStatus(visible=True, name_for_client="2025 Form 1040-X", status_id=IN_REVIEW.id,
                                 description=IN_REVIEW.description, updated_at=AT, updated_by="priya", via="card")


def test_r8_the_preview_says_why_the_client_sees_nothing():
    job = a_job()
    shown = replace(CardForm.of(job), visible=True, status_id=IN_REVIEW.id)
    statuses = {IN_REVIEW.id: IN_REVIEW}
    assert why_client_sees_nothing(job, shown, statuses) is None
    assert why_client_sees_nothing(job, replace(shown, visible=False), statuses) == "Hidden — the client sees nothing."
    assert why_client_sees_nothing(job, replace(shown, status_id=99), statuses) == "Choose a status to show it to the client."
    assert why_client_sees_nothing(a_job(archived=True), shown, statuses) == "Archived — the client sees nothing."
    assert why_client_sees_nothing(a_job(deleted=True), shown, statuses) == "In the trash — the client sees nothing."


def test_r7_an_archived_or_deleted_job_says_why_its_card_is_read_only_and_how_to_reopen_it():
    assert read_only_reason(a_job(archived=True)).endswith("unarchive it to edit (wipboard jobs unarchive 7).")
    assert "restore it (wipboard jobs restore 7)" in read_only_reason(a_job(deleted=True))


def test_r12_a_refused_card_says_why_as_a_sentence():
    assert sentence("you may not see job #7") == "You may not see job #7."
    assert sentence("No such job.") == "No such job."


def test_r14_history_is_newest_first_one_entry_per_change_and_names_are_not_markup():
    def item(at: datetime, field: str, before: str, after: str) -> HistoryItem:
        return HistoryItem(at=at, user="ana", actor="ana [admin]", via="card", field=field, before=before, after=after)

    later = AT.replace(hour=11)
    text = history_text([
        item(AT, "created", "", ""),
        item(later, "client_status.status_id", "Planned", "In review"),
        item(later, "client_status.name_for_client", "", "[b]Your return"),
    ])
    assert text.splitlines() == [
        r"[b]2026-04-15 11:30[/]  ana \[admin] via the job card",
        "  status: Planned → In review",
        r"  name for client:  → \[b]Your return",
        r"[b]2026-04-15 09:30[/]  ana \[admin] via the job card",
        "  created the job",
    ]
    assert history_text([]) == "[dim]No changes recorded yet.[/]"


def test_r5_assignees_list_the_staff_by_name_then_logins_that_are_no_longer_users():
    staff = [User(id=1, login="priya", name="Priya Shah", role="employee"),
             User(id=2, login="dana", name="dana Cole", role="employee")]
    assert assignee_choices(staff, ("gone", "priya")) == [
        ("dana Cole [dim](dana)[/]", "dana", False),
        ("Priya Shah [dim](priya)[/]", "priya", True),
        ("gone [dim](no longer a user)[/]", "gone", True),
    ]
