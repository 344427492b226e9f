"""The database's schema version and its numbered migrations (``migrations/NNNN_name.sql``).

``wipboard init`` and ``wipboard migrate`` apply the migrations a database lacks, each in
the transaction that records its number; a database of a newer version than this
wipboard knows is refused and left unchanged, as a newer firm file is.
"""

from __future__ import annotations

import re
from importlib import resources

import psycopg

from wipboard.store.postgres.errors import DatabaseError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
MIGRATIONS_LOCK = 0x77697061  # "wipa": two `wipboard migrate` at once take turns


def migrations() -> dict[int, str]:
    """Migration number → SQL, from the package's ``migrations`` folder."""
    found = {}
    for item in resources.files("wipboard.store.postgres").joinpath("migrations").iterdir():
        match = _NAME.match(item.name)
        if match:
            found[int(match.group(1))] = item.read_text(encoding="utf-8")
    return dict(sorted(found.items()))


SCHEMA_VERSION = max(migrations())


def installed_version(conn: psycopg.Connection) -> int:
    """The schema version of the database, 0 when it holds no wipboard schema."""
    exists = conn.execute("SELECT to_regclass('wipboard_meta') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT schema_version FROM wipboard_meta WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def refuse_newer(version: int, location: str) -> None:
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            location,
            f"was written by a newer wipboard (schema version {version}; this program knows up to "
            f"{SCHEMA_VERSION}); upgrade wipboard — the database was not changed",
        )


def migrate(conn: psycopg.Connection, location: str) -> tuple[int, int]:
    """Apply the missing migrations; returns (version before, version after)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATIONS_LOCK,))
        before = installed_version(conn)
        refuse_newer(before, location)
        for number, sql in migrations().items():
            if number <= before:
                continue
            conn.execute(sql)  # type: ignore[arg-type]  # our own files, not user input
            if number == 1:
                conn.execute(
                    "INSERT INTO wipboard_meta (id, schema_version, generation, audit_size, next_ids) "
                    "VALUES (1, 1, 0, 1, '{}')"
                )
            conn.execute("UPDATE wipboard_meta SET schema_version = %s WHERE id = 1", (number,))
        return before, SCHEMA_VERSION
