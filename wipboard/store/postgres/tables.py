"""The entity tables' real columns, each read from its JSONB document by the server as it is written."""

from __future__ import annotations

from functools import cache

_BIGINT = "(d->>'{0}')::bigint"
_BOOLEAN = "(d->>'{0}')::boolean"
_TEXT = "d->>'{0}'"

# table → column → the expression that reads it from the document ``d``
COLUMNS: dict[str, dict[str, str]] = {
    "users": {"login": _TEXT.format("login"), "role": _TEXT.format("role")},
    "contacts": {"login": _TEXT.format("login")},
    "accounts": {"name": _TEXT.format("name")},
    "statuses": {"name": _TEXT.format("name"), "position": _BIGINT.format("position")},
    "pipelines": {"name": _TEXT.format("name"), "position": _BIGINT.format("position")},
    "job_templates": {
        "name": _TEXT.format("name"),
        "pipeline_id": _BIGINT.format("pipeline_id"),
        "stage_id": _BIGINT.format("stage_id"),
    },
    "jobs": {
        "account_id": _BIGINT.format("account_id"),
        "pipeline_id": _BIGINT.format("pipeline_id"),
        "stage_id": _BIGINT.format("stage_id"),
        "status_id": "(d->'client_status'->>'status_id')::bigint",
        "visible": "(d->'client_status'->>'visible')::boolean",
        "archived": _BOOLEAN.format("archived"),
        "deleted": _BOOLEAN.format("deleted"),
        "version": _BIGINT.format("version"),
    },
    "notifications": {"contact_id": _BIGINT.format("contact_id"), "state": _TEXT.format("state")},
}


@cache
def upsert_sql(table: str) -> str:
    """Insert or replace the documents of one JSON array (parameter 1) at a generation (parameter 2)."""
    columns = COLUMNS[table]
    names = ", ".join(columns)
    expressions = ", ".join(columns.values())
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in [*columns, "doc", "generation"])
    return (
        f"INSERT INTO {table} (id, {names}, doc, generation) "  # noqa: S608 - names are ours, never input
        f"SELECT (d->>'id')::bigint, {expressions}, d, gen FROM jsonb_array_elements(%s::jsonb) AS d, "
        f"(SELECT %s::bigint AS gen) AS g ON CONFLICT (id) DO UPDATE SET {updates}"
    )
