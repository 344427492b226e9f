"""Live screens on PostgreSQL: every commit sends ``NOTIFY wipboard, 'GENERATION'``.

A connection of its own listens; ``latest()`` takes what has arrived without
waiting and without reading any table. A lost connection is reported (the screens
say it once) and made again at the next call, which then reads the generation
once: a commit missed while it was down is not lost.
"""

from __future__ import annotations

import threading

import psycopg

from wipboard.store.postgres.connection import close_quietly, connect
from wipboard.store.postgres.errors import DatabaseUnavailable


class Listener:
    def __init__(self, url: str, channel: str, location: str) -> None:
        self._url = url
        self._channel = channel
        self._location = location
        self._conn: psycopg.Connection | None = None
        self._latest = -1
        self._mutex = threading.Lock()

    def latest(self, known: int) -> int:
        """The newest generation notified (or read, after connecting), at least ``known``."""
        with self._mutex:
            try:
                if self._conn is None or self._conn.closed or self._conn.broken:
                    self._connect()
                assert self._conn is not None
                for notification in self._conn.notifies(timeout=0):
                    if notification.payload.isdigit():
                        self._latest = max(self._latest, int(notification.payload))
            except psycopg.OperationalError:
                # One sentence whatever the reason (closed, refused, timed out), so a screen says it once.
                self._drop_connection()
                raise DatabaseUnavailable(
                    self._location, "lost the connection to the database; trying again — nothing you saved is lost"
                ) from None
            return max(self._latest, known)

    def _connect(self) -> None:
        conn = connect(self._url)
        conn.execute(f"LISTEN {self._channel}")
        # Listening first, then reading: a commit in between is in one or the other.
        row = conn.execute("SELECT generation FROM wipboard_meta WHERE id = 1").fetchone()
        self._latest = max(self._latest, int(row[0]) if row else -1)
        self._conn = conn

    def _drop_connection(self) -> None:
        close_quietly(self._conn)
        self._conn = None

    def close(self) -> None:
        with self._mutex:
            self._drop_connection()
