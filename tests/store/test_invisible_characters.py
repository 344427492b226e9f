"""R18: names and client-facing text show as they are written — bidi controls and invisible format
characters are refused, naming the field and the character; emoji keep what they need.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from wipboard.store.models import (
    Account,
    ClientStatus,
    ClientStatusPreset,
    Contact,
    Firm,
    Job,
    JobTemplate,
    Model,
    Pipeline,
    Stage,
    StatusTemplate,
    UpdateClientStatus,
    User,
)
from wipboard.store.validation_messages import describe_validation_error

VALID: dict[type[Model], dict[str, Any]] = {
    Firm: {"name": "Rivera & Co"},
    User: {"id": 1, "login": "dana", "name": "Dana Kim", "role": "employee"},
    Contact: {"id": 1, "login": "mrivera", "name": "Maria Rivera", "account_ids": [1]},
    Account: {"id": 1, "name": "Rivera Family", "tags": ["individual"]},
    StatusTemplate: {"id": 1, "name": "In review", "description": "Being checked.", "color": "orange", "position": 0},
    UpdateClientStatus: {"id": 1, "visible": True, "status_id": 4, "description": "We are on it."},
    Stage: {"id": 1, "name": "Review"},
    Pipeline: {"id": 1, "name": "Individual tax return", "stages": [{"id": 1, "name": "Intake"}]},
    ClientStatusPreset: {"visible": True, "status_id": 1, "name_for_client": "Your tax return"},
    JobTemplate: {"id": 1, "name": "1040 return", "pipeline_id": 1, "stage_id": 1, "job_name": "Form 1040"},
    ClientStatus: {"visible": True, "name_for_client": "Your 2025 tax return", "status_id": 4, "updated_by": "dana"},
    Job: {"id": 1, "name": "2025 Form 1040", "account_id": 1, "pipeline_id": 1, "stage_id": 1, "notes": "a\nb"},
}
# Every text field a person types or a client reads.
TEXT_FIELDS = [
    (Firm, "name"), (User, "name"), (Contact, "name"), (Account, "name"), (StatusTemplate, "name"),
    (StatusTemplate, "description"), (UpdateClientStatus, "description"), (Stage, "name"), (Pipeline, "name"),
    (ClientStatusPreset, "name_for_client"), (ClientStatusPreset, "description"), (JobTemplate, "name"),
    (JobTemplate, "job_name"), (ClientStatus, "name_for_client"), (ClientStatus, "description"),
    (ClientStatus, "updated_by"), (Job, "name"), (Job, "notes"),
]
INVISIBLE = {
    "right-to-left override": "\u202e", "left-to-right embedding": "\u202a", "pop directional formatting": "\u202c",
    "left-to-right isolate": "\u2066", "right-to-left isolate": "\u2067", "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069", "left-to-right mark": "\u200e", "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c", "zero width space": "\u200b", "zero width no-break space": "\ufeff",
    "word joiner": "\u2060", "soft hyphen": "\u00ad", "lone zero width joiner": "\u200d", "lone tag letter": "\U000e0067",
}
EMOJI = {
    "technologist (ZWJ)": "👩‍💻", "family (ZWJ)": "👨‍👩‍👧", "rainbow flag (VS16 + ZWJ)": "🏳️‍🌈",
    "skin tone + ZWJ": "👩🏽‍💻", "heart on fire": "❤️‍🔥", "text presentation (VS15)": "☎︎",
    "flag of England (tags)": "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "keycap": "1️⃣",
}


def with_value(model: type[Model], field: str, value: object) -> dict[str, Any]:
    return {**VALID[model], field: value}


@pytest.mark.parametrize(("model", "field"), TEXT_FIELDS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_text_refuses_bidi_controls_and_invisible_characters_naming_the_field_and_why(model, field):
    model.model_validate(VALID[model])
    for character in INVISIBLE.values():
        with pytest.raises(ValidationError) as error:
            model.model_validate(with_value(model, field, f"invoice{character}fdp.exe"))
        assert {str(problem["loc"][0]) for problem in error.value.errors()} == {field}
        assert describe_validation_error(error.value) == (
            f"{field}: contains an invisible or text-direction character (U+{ord(character):04X})"
        )


@pytest.mark.parametrize(("model", "field"), TEXT_FIELDS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_text_keeps_what_emoji_sequences_need(model, field):
    for emoji in EMOJI.values():
        value = f"Done {emoji}" if field != "updated_by" else f"automation: Done {emoji}"
        assert getattr(model.model_validate(with_value(model, field, value)), field) == value


@pytest.mark.parametrize(("model", "field"), TEXT_FIELDS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_r18_text_keeps_the_joiners_that_persian_and_indic_words_are_spelled_with(model, field):
    for word in ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937"):  # می‌خواهم, क्‍ष
        value = f"Done {word}" if field != "updated_by" else f"automation: {word}"
        assert getattr(model.model_validate(with_value(model, field, value)), field) == value
    with pytest.raises(ValidationError):
        model.model_validate(with_value(model, field, "invoice\u200cfdp.exe"))  # between Latin letters: refused


def test_r18_tags_refuse_control_and_invisible_characters():
    for bad in ("\x1b[2J", "vip\u202e", "a\u200bb"):
        with pytest.raises(ValidationError) as error:
            Account.model_validate(with_value(Account, "tags", [bad]))
        assert describe_validation_error(error.value).startswith("tags: ")
