"""What the job card's form holds and how its input is read and explained — no widgets here.

The card screen (``wipboard/screens/job_card.py``) reads its fields into a ``CardForm``;
this module compares it with the stored job (only what the user edited is saved, R5),
turns it into the save request with every field's problem at once (R18), and words
what the card shows beside the fields: why it is read-only, why the client sees
nothing, the status history (R14).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from itertools import groupby
from typing import Any

from pydantic import ValidationError

from wipboard.store.models import ClientStatus, Job, StatusTemplate, User
from wipboard.store.prefill import shown_status
from wipboard.store.services.change_words import field_label
from wipboard.store.services.client_status import CardEdit
from wipboard.store.services.history import HistoryItem
from wipboard.store.validation_messages import field_errors
from wipboard.store.wording import by_whom
from wipboard.tui.kit.markup import literal

INTERNAL_FIELDS = ("name", "assignees", "priority", "start_date", "due_date", "notes")
FORM_ORDER = (*INTERNAL_FIELDS, "visible", "name_for_client", "status", "description")


@dataclass(frozen=True)
class CardForm:
    """What the card's fields hold, as typed: compared with the stored job to know what the user edited."""

    name: str
    assignees: tuple[str, ...]
    priority: str
    start_date: str
    due_date: str
    notes: str
    visible: bool
    name_for_client: str
    status_id: int | None
    description: str

    @classmethod
    def of(cls, job: Job) -> CardForm:
        client = job.client_status
        return cls(
            name=job.name, assignees=tuple(sorted(job.assignees)), priority=job.priority,
            start_date=job.start_date.isoformat() if job.start_date else "",
            due_date=job.due_date.isoformat() if job.due_date else "",
            notes=job.notes, visible=client.visible, name_for_client=client.name_for_client,
            status_id=client.status_id, description=client.description,
        )

    def merged(self, base: CardForm, theirs: CardForm) -> CardForm:
        """These edits on top of ``theirs``: a field the user left as ``base`` takes their value."""
        return replace(self, **{item.name: getattr(theirs, item.name) for item in fields(self) if getattr(self, item.name) == getattr(base, item.name)})


# --- Reading the input ------------------------------------------------------------------


def card_edit(form: CardForm, base: CardForm) -> CardEdit | dict[str, str]:
    """The save request, or every field's problem (all at once, not one per try).

    Only the internal fields the user edited (``form`` differs from ``base``) are sent:
    a field left alone stays as stored."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in INTERNAL_FIELDS:
        value = getattr(form, name)
        if value == getattr(base, name):
            continue
        if name.endswith("_date"):
            try:
                values[name] = read_date(value)
            except ValueError as error:
                values[name], errors[name] = None, str(error)
        else:
            values[name] = list(value) if name == "assignees" else value
    if form.visible and form.status_id is None:
        errors["status"] = "choose the status the client sees"
    try:
        edit = CardEdit(**values, visible=form.visible, name_for_client=form.name_for_client, status_id=form.status_id,
                        description=form.description)
    except ValidationError as error:
        errors.update((key, message) for key, message in field_errors(error).items() if key not in errors)
        return errors
    return errors or edit


def client_status_on_save(
    job: Job, form: CardForm, statuses: Mapping[int, StatusTemplate], *, at: datetime, by: str,
) -> ClientStatus:
    """The client status a save of ``form`` would store: the same prefill (R3) as the service applies.
    ``form`` names one of ``statuses`` (else ``why_client_sees_nothing`` says so instead)."""
    assert form.status_id is not None
    renamed = job.model_copy(update={"name": form.name.strip() or job.name})
    return shown_status(renamed, job.client_status, status=statuses[form.status_id], at=at, by=by, via="card",
                        name_for_client=form.name_for_client.strip() or None, description=form.description)


def read_date(text: str) -> date | None:
    """A typed date: blank is none; anything but YYYY-MM-DD is refused with a sentence saying what to type."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date: use YYYY-MM-DD, e.g. 2026-04-15 (blank for none)") from None


def description_for_status(text: str, before: StatusTemplate | None, after: StatusTemplate | None) -> str | None:
    """The description a newly chosen status brings (R3), or None to keep ``text``: an empty
    description, or one still as the previous status wrote it, takes the new status's."""
    if after is not None and (not text.strip() or (before is not None and text == before.description)):
        return after.description
    return None


def assignee_choices(users: Iterable[User], assigned: Collection[str]) -> list[tuple[str, str, bool]]:
    """(label, login, ticked) for each user by name, then for each assigned login that is no longer a user."""
    staff = sorted(users, key=lambda user: user.name.casefold())
    known = {user.login for user in staff}
    return [
        *((f"{escape_markup(user.name)} [dim]({user.login})[/]", user.login, user.login in assigned) for user in staff),
        *((former_user(login), login, True) for login in assigned if login not in known),
    ]


def former_user(login: str) -> str:
    return f"{login} [dim](no longer a user)[/]"


# --- Explaining it ------------------------------------------------------------------------


def beside_fields(errors: dict[str, str]) -> dict[str, str]:
    """A whole-job refusal that starts with a field's name ('due_date must not be before start_date') goes beside it."""
    general = errors.get("", "")
    field = general.split(" ", 1)[0]
    if field in INTERNAL_FIELDS:
        errors = {key: value for key, value in errors.items() if key}
        errors[field] = general.removeprefix(field).strip().replace("start_date", "the start date")
    return errors


def first_error(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{key or 'job'}: {message}" for key, message in field_errors(error).items())
    return str(error)


def read_only_reason(job: Job) -> str:
    if job.deleted:
        return f"This job is in the trash, so its card is read-only; an owner or admin can restore it (wipboard jobs restore {job.id})."
    return f"This job is archived, so its card is read-only; unarchive it to edit (wipboard jobs unarchive {job.id})."


def why_client_sees_nothing(job: Job, form: CardForm, statuses: Mapping[int, StatusTemplate]) -> str | None:
    """What the preview says instead of the client's view, or None when the client would see the job."""
    if job.deleted:
        return "In the trash — the client sees nothing."
    if job.archived:
        return "Archived — the client sees nothing."
    if not form.visible:
        return "Hidden — the client sees nothing."
    if form.status_id not in statuses:
        return "Choose a status to show it to the client."
    return None


def history_text(history: list[HistoryItem], notified: Sequence[tuple[datetime, str]] = ()) -> str:
    """Newest first; the changes one person (or automation) made at once are one entry.
    ``notified``: when the client was e-mailed about the job, and who ("notified Maria Rivera")."""
    if not history and not notified:
        return "[dim]No changes recorded yet.[/]"
    entries = [
        list(group) for _, group in groupby(history[-200:], key=lambda item: (item.at, item.actor, item.via, item.undone))
    ]
    blocks: list[tuple[datetime, str]] = []
    for group in reversed(entries):
        first = group[0]
        changes = [
            "  created the job" if item.field == "created"
            else f"  {field_label(item.field)}: {escape_markup(item.before)} → {escape_markup(item.after)}"
            for item in group
        ]
        marks = f"  [i]undid the {escape_markup(first.undid)}[/]" if first.undid else ""
        marks += "  [i]undone[/]" if first.undone else ""
        header = f"[b]{first.at:%Y-%m-%d %H:%M}[/]  {escape_markup(by_whom(first.actor, first.via))}{marks}"
        blocks.append((first.at, "\n".join([header, *changes])))
    blocks += [(at, f"[b]{at:%Y-%m-%d %H:%M}[/]  [i]{escape_markup(what)}[/]") for at, what in notified]
    blocks.sort(key=lambda block: block[0], reverse=True)  # stable: changes at one time keep their order
    return "\n".join(text for _, text in blocks)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def escape_markup(text: str) -> str:
    """The firm's names and descriptions are text, not markup."""
    return literal(text)
