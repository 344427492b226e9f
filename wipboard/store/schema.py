"""The shape of the firm file, its schema version and the migrations between versions.

The file is a TinyDB document store: ``{table: {doc_id: document}}``. The first
table, ``_meta``, holds a single document whose first key is ``generation``, so
that a reader can learn whether anything changed from the first bytes alone:

    {"_meta":{"1":{"generation":12,"schema_version":1,...}},"jobs":{"1":{...}},...}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

META = "_meta"
META_DOC = "1"
TABLES: tuple[str, ...] = (
    "firm",
    "users",
    "contacts",
    "accounts",
    "statuses",
    "pipelines",
    "job_templates",
    "jobs",
    "notifications",
)
# Every file since schema version 1 has these tables (a table added later may be absent).
REQUIRED_TABLES: tuple[str, ...] = ("firm", "users", "contacts", "accounts", "statuses", "pipelines", "job_templates", "jobs")
SCHEMA_VERSION = 3
# The largest integer every JSON reader keeps exact (models.fields.MAX_INT, kept apart to import nothing).
MAX_INT = 2**53 - 1
_MAX_ID_DIGITS = len(str(MAX_INT))

RawData = dict[str, dict[str, dict[str, Any]]]

Counter = Annotated[StrictInt, Field(ge=0, le=MAX_INT)]
NextId = Annotated[StrictInt, Field(ge=1, le=MAX_INT)]


class Meta(BaseModel):
    """The ``_meta`` document: validated on every load, like every other document (R18)."""

    model_config = ConfigDict(extra="forbid")

    generation: Counter
    schema_version: Annotated[StrictInt, Field(ge=1, le=MAX_INT)]
    audit_size: Counter
    next_ids: dict[str, NextId]


def empty_meta() -> dict[str, Any]:
    return {
        "generation": 0,
        "schema_version": SCHEMA_VERSION,
        "audit_size": 0,
        "next_ids": {table: 1 for table in TABLES},
    }


def shape_problem(data: object) -> str | None:
    """Why ``data`` is not a firm file of any schema version, or None when it is one."""
    if not isinstance(data, dict):
        return f"expected a JSON object of tables, found {type(data).__name__}"
    meta_table = data.get(META)
    if not isinstance(meta_table, dict) or not isinstance(meta_table.get(META_DOC), dict):
        return "it has no _meta table, so it is not a wipboard firm file"
    problem = meta_problem(meta_table[META_DOC])
    if problem:
        return problem
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"table {name!r} must be an object of documents, found {type(table).__name__}"
        for doc_id, doc in table.items():
            if not is_document_id(doc_id):
                return f"table {name!r} has a document id {doc_id!r} that is not a positive integer"
            if not isinstance(doc, dict):
                return f"table {name!r}, document {doc_id}: expected an object, found {type(doc).__name__}"
    missing = [name for name in REQUIRED_TABLES if name not in data]
    if missing:
        return f"it has no {missing[0]!r} table; the file was damaged or edited by hand — restore a backup beside it"
    return None


def is_document_id(doc_id: str) -> bool:
    """Plain ASCII digits for a positive integer: ``str.isdigit()`` alone also accepts "²" and "١"."""
    return (
        doc_id.isascii()
        and doc_id.isdigit()
        and doc_id[0] != "0"
        and (len(doc_id) < _MAX_ID_DIGITS or (len(doc_id) == _MAX_ID_DIGITS and int(doc_id) <= MAX_INT))
    )


def meta_problem(meta: dict[str, Any]) -> str | None:
    """What is wrong with the ``_meta`` document, in a sentence, or None."""
    try:
        Meta.model_validate(meta)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        found = f", found {first['input']!r}" if first["type"] != "missing" else ""
        return f"_meta.{where}: {first['msg'].lower()}{found}"[:300]
    version = meta["schema_version"]
    gaps = [step for step in range(version, SCHEMA_VERSION) if step not in MIGRATIONS]
    if gaps:
        return f"schema version {version} is older than any this wipboard can migrate from"
    return None


# Migrations, in order: MIGRATIONS[n] turns a schema-n file into a schema-(n+1) file.
# Each takes and returns the raw data and must be a pure function of it.
def _contacts_get_email_and_web_access(data: RawData) -> RawData:
    """Version 2 (R19): every contact has an e-mail address (none yet) and no web access yet."""
    contacts = {
        doc_id: {"email": None, "web_access": {"generation": 0}, **contact}
        for doc_id, contact in data.get("contacts", {}).items()
    }
    return {**data, "contacts": contacts}


# The one status that says "we are on it" changes often and tells the client little: it does not e-mail.
_QUIET_STATUS = "in progress"


def _notifications_outbox(data: RawData) -> RawData:
    """Version 3 (R20): an empty outbox; each status says whether it e-mails clients (all but
    *In progress*); contacts are subscribed; the firm's notifications are off until its mail server is set."""
    statuses = {
        doc_id: {"notify_clients": str(status.get("name", "")).strip().casefold() != _QUIET_STATUS, **status}
        for doc_id, status in data.get("statuses", {}).items()
    }
    contacts = {doc_id: {"unsubscribed": False, **contact} for doc_id, contact in data.get("contacts", {}).items()}
    firm = {doc_id: {"notifications": {"enabled": False}, **doc} for doc_id, doc in data.get("firm", {}).items()}
    meta = data[META][META_DOC]
    next_ids = {"notifications": 1, **meta.get("next_ids", {})}
    migrated = {**data, "statuses": statuses, "contacts": contacts, "firm": firm, "notifications": data.get("notifications", {})}
    migrated[META] = {**data[META], META_DOC: {**meta, "next_ids": next_ids}}
    return migrated


MIGRATIONS: dict[int, Callable[[RawData], RawData]] = {
    1: _contacts_get_email_and_web_access,
    2: _notifications_outbox,
}


def migrate(data: RawData) -> RawData:
    """Bring ``data`` up to SCHEMA_VERSION by applying the migrations in order."""
    version = data[META][META_DOC]["schema_version"]
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data[META][META_DOC]["schema_version"] = version
    return data
