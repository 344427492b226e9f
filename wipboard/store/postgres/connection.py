"""Opening a connection to the firm's database, and letting go of one that may be broken."""

from __future__ import annotations

import psycopg

CONNECT_TIMEOUT_S = 5


def connect(url: str) -> psycopg.Connection:
    """A connection in autocommit mode (transactions are begun explicitly), given up after a few seconds."""
    return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)


def close_quietly(conn: psycopg.Connection | None) -> None:
    """Close ``conn`` if there is one; a connection already lost has nothing more to say."""
    if conn is not None:
        try:
            conn.close()
        except psycopg.Error:
            pass
