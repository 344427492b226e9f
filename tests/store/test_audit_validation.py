"""R18 for the audit log: a line is validated as strictly as the firm file when it is read, and a
line that fails (escape sequences in its actor or values, an odd field name) is skipped — it never
reaches the history of a screen or of ``wipboard jobs show``.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wipboard.store.audit import AuditEntry

HOSTILE = {
    "clipboard (OSC 52)": "\x1b]52;c;cm0gLXJmIH4K\x07",
    "clear screen": "\x1b[2J\x1b[H",
    "window title (OSC 0)": "\x1b]0;you have been hacked\x07",
    "8-bit CSI": "\x9b2J",
    "bidi override": "invoice\u202efdp.exe",
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def planted(firm, job_id: int, **fields: Any) -> None:  # type: ignore[no-untyped-def]
    """A colleague appends lines of their own through the store (past any check a service makes)."""
    values = {
        "at": "2026-03-02T14:05:11Z", "op": "f00d", "operation": "card save", "user": "ana", "actor": "ana",
        "via": "card", "job_id": job_id, "field": "client_status.name_for_client", "before": "", "after": "x",
    } | fields
    with firm.repo.transaction() as tx:
        job = tx.jobs[job_id]
        tx.jobs.save(job.model_copy(update={"notes": job.notes + "."}), job.version)  # a write, so that it commits
        tx.record(AuditEntry.model_construct(**values))


@pytest.mark.parametrize("where", ["actor", "before", "after", "operation", "user", "field", "op"])
@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_r18_an_audit_line_holding_terminal_controls_is_never_read(firm, where, text):
    job = firm.with_job()
    planted(firm, job.id)  # a well-formed line, read back
    planted(firm, job.id, **{where: f"ana{text}"})

    for reader in (firm.repo, firm.reopen()):
        read = reader.audit_entries({job.id})
        assert [(entry.actor, entry.after) for entry in read] == [("ana", "x")]


@pytest.mark.parametrize(
    "fields",
    [
        {"job_id": 0}, {"job_id": -3}, {"job_id": 2**64}, {"version": 0}, {"at": "2026-03-02T14:05:11"},
        {"field": "Notes; rm"}, {"op": ""}, {"op": "a b"}, {"undoes": "\x1b"}, {"user": "ana smith"},
        {"actor": ""}, {"actor": "x" * 121}, {"after": "x" * 10_001}, {"after": ["dana", "\x1b[2J"]},
        {"after": {"nested": 1}}, {"before": -1}, {"via": "telnet"}, {"extra": 1},
    ],
    ids=str,
)
def test_r18_an_audit_entry_of_the_wrong_shape_is_refused(fields):
    valid = {"at": "2026-03-02T14:05:11Z", "op": "ab12", "operation": "move", "user": "ana", "actor": "automation: Review",
             "via": "automation", "job_id": 1, "field": "stage_id", "before": 1, "after": 2, "version": 3}
    assert AuditEntry.model_validate(valid).after == 2
    with pytest.raises(ValidationError):
        AuditEntry.model_validate(valid | fields)


def test_r18_audit_values_keep_their_types_and_line_breaks():
    base = {"at": "2026-03-02T14:05:11Z", "op": "ab12", "operation": "card save", "user": "ana", "actor": "ana",
            "via": "card", "job_id": 1, "field": "notes"}
    for before, after in [(False, True), (0, 4), ("Line one\nLine two\tend", ""), ([], ["dana", "ana"]), (None, "👩‍💻")]:
        entry = AuditEntry.model_validate(orjson.loads(orjson.dumps(base | {"before": before, "after": after})))
        assert (entry.before, entry.after) == (before, after)
        assert type(entry.before) is type(before) and type(entry.after) is type(after)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
KEYS = ["at", "op", "operation", "user", "actor", "via", "job_id", "field", "before", "after", "version", "undoes"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), JSON_VALUES | st.sampled_from(
    ["2026-03-02T14:05:11Z", "cli", "ab12", "ana", "notes", "card save"]), max_size=14))
def test_r18_any_line_is_a_valid_entry_with_printable_text_or_a_validation_error(document):
    try:
        entry = AuditEntry.model_validate(document)
    except ValidationError:
        return
    texts = [entry.op, entry.operation, entry.user, entry.actor, entry.field, entry.undoes or ""]
    for value in (entry.before, entry.after):
        texts += value if isinstance(value, list) else [value] if isinstance(value, str) else []
    assert not any(CONTROL.search(text) for text in texts)
    assert 0 < entry.job_id <= 2**53 - 1
