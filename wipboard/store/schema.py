"""The shape of the firm file, its schema version and the migrations between versions.

The file is a TinyDB document store: ``{table: {doc_id: document}}``. The first
table, ``_meta``, holds a single document whose first key is ``generation``, so
that a reader can learn whether anything changed from the first bytes alone:

    {"_meta":{"1":{"generation":12,"schema_version":1,...}},"jobs":{"1":{...}},...}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
)
SCHEMA_VERSION = 2

RawData = dict[str, dict[str, dict[str, Any]]]


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
    meta = meta_table[META_DOC]
    for key in ("generation", "schema_version", "audit_size"):
        if not isinstance(meta.get(key), int) or isinstance(meta.get(key), bool) or meta[key] < 0:
            return f"_meta.{key} must be a non-negative integer, found {meta.get(key)!r}"
    if not isinstance(meta.get("next_ids"), dict):
        return "_meta.next_ids must be an object"
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"table {name!r} must be an object of documents, found {type(table).__name__}"
        for doc_id, doc in table.items():
            if not doc_id.isdigit() or int(doc_id) <= 0:
                return f"table {name!r} has a document id {doc_id!r} that is not a positive integer"
            if not isinstance(doc, dict):
                return f"table {name!r}, document {doc_id}: expected an object, found {type(doc).__name__}"
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


MIGRATIONS: dict[int, Callable[[RawData], RawData]] = {1: _contacts_get_email_and_web_access}


def migrate(data: RawData) -> RawData:
    """Bring ``data`` up to SCHEMA_VERSION by applying the migrations in order."""
    version = data[META][META_DOC]["schema_version"]
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data[META][META_DOC]["schema_version"] = version
    return data
