"""A whole firm into an empty database (``init``, ``demo``, ``copy``).

Loading is one transaction under the writers' lock: a database that already holds a
firm is refused and left as it is, and a load that fails or is killed leaves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson
import psycopg

from wipboard.store import schema as file_schema
from wipboard.store.audit import AuditEntry
from wipboard.store.postgres import schema
from wipboard.store.postgres.connection import connect
from wipboard.store.postgres.errors import DatabaseNotEmpty
from wipboard.store.postgres.repository import WRITERS_LOCK, PostgresRepository, database_errors, insert_audit
from wipboard.store.postgres.tables import COLUMNS, upsert_sql
from wipboard.store.store_url import redact_url

_FIRST_GENERATION = 1
_AUDIT_BATCH = 5_000


def prepare(url: str) -> tuple[int, int]:
    """Create or migrate the schema; returns (version before, version after)."""
    with database_errors(url), connect(url) as conn:
        return schema.migrate(conn, redact_url(url))


def load_firm(url: str, data: file_schema.RawData, audit: Iterable[AuditEntry]) -> PostgresRepository:
    """Write ``data`` (a firm file's raw data, of the current schema) and its audit entries into ``url``."""
    prepare(url)
    repo = PostgresRepository(url)
    with repo._mutex, repo.talking():  # noqa: SLF001 - the loader is the repository's own part
        conn = repo.connection()
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITERS_LOCK,))
            _refuse_non_empty(conn, repo.location)
            _load(conn, data, audit)
    return repo


def _refuse_non_empty(conn: psycopg.Connection, location: str) -> None:
    row = conn.execute("SELECT generation FROM wipboard_meta WHERE id = 1").fetchone()
    holds = conn.execute("SELECT EXISTS (SELECT 1 FROM firm) OR EXISTS (SELECT 1 FROM audit)").fetchone()
    if (row and row[0] > 0) or (holds and holds[0]):
        raise DatabaseNotEmpty(location)


def _load(conn: psycopg.Connection, data: file_schema.RawData, audit: Iterable[AuditEntry]) -> None:
    meta = data[file_schema.META][file_schema.META_DOC]
    conn.execute(
        "INSERT INTO firm (id, doc, generation) VALUES (1, %s::jsonb, %s)",
        (orjson.dumps(data["firm"]["1"]).decode(), _FIRST_GENERATION),
    )
    for name in COLUMNS:  # in the order of their references: accounts and pipelines before jobs
        documents = list(data.get(name, {}).values())
        for start in range(0, len(documents), 10_000):
            batch = orjson.dumps(documents[start : start + 10_000]).decode()
            conn.execute(upsert_sql(name), (batch, _FIRST_GENERATION))
    position, batch = 1, []
    for entry in audit:
        batch.append(entry)
        if len(batch) == _AUDIT_BATCH:
            position, batch = insert_audit(conn, batch, position), []
    position = insert_audit(conn, batch, position)
    conn.execute(
        "UPDATE wipboard_meta SET generation = %s, audit_size = %s, next_ids = %s::jsonb WHERE id = 1",
        (_FIRST_GENERATION, position, orjson.dumps(meta["next_ids"]).decode()),
    )


def database_login(url: str) -> str:
    """The role the server authenticates us as: the firm's owner when ``init`` is given none."""
    with database_errors(url), connect(url) as conn:
        row = conn.execute("SELECT current_user").fetchone()
        return str(row[0]) if row else ""
