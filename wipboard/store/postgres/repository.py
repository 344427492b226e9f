"""The firm on PostgreSQL as typed models: the same ``FirmRepository`` as the firm file.

- One ``transaction()`` is one database transaction. Writers take turns on a
  transaction-level advisory lock, so versions (R16), never-reused ids, undo order
  and the audit log behave exactly as on the file; a transaction that fails, or
  whose process dies, writes nothing (the server rolls it back).
- Each commit adds one to the generation in ``wipboard_meta``; every row carries
  the generation that last wrote it and a removal leaves a row in ``removed``. A
  snapshot after another process's commit reads only the rows written since the
  generation it holds, never the whole firm again.
- Each commit sends ``NOTIFY wipboard, 'GENERATION'``; ``changed_since`` answers from
  the notifications received on a listening connection (``listen``), not by reading
  the tables.
- The URL is printed only without its password (``store_url``).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

import orjson
import psycopg
from pydantic import ValidationError

from wipboard.store.audit import AuditEntry
from wipboard.store.errors import StoreLocked
from wipboard.store.fields import problems_of
from wipboard.store.gc_pause import gc_paused
from wipboard.store.models import Entity, Firm, Job, Pipeline
from wipboard.store.postgres import schema
from wipboard.store.postgres.connection import close_quietly, connect
from wipboard.store.postgres.errors import DatabaseError, DatabaseMissingFirm, DatabaseUnavailable
from wipboard.store.postgres.history import PostgresAuditHistory
from wipboard.store.postgres.listen import Listener
from wipboard.store.postgres.tables import upsert_sql
from wipboard.store.references import dangling_reference
from wipboard.store.repository import (
    LIST_ADAPTERS,
    MODELS,
    Snapshot,
    Transaction,
    merged_tables,
    refuse_dangling_references,
    table_of,
)
from wipboard.store.store_url import redact_url, scrub

if TYPE_CHECKING:
    from wipboard.store.identity import OsUser

WRITERS_LOCK = 0x77697062  # "wipb": the advisory lock every writer of the firm takes
CHANNEL = "wipboard"
LOCK_TIMEOUT_S = 10.0
_REFERRED = ("accounts", "pipelines", "statuses")
_CHUNK = 5_000


class PostgresRepository:
    """A firm in a PostgreSQL database (a ``FirmRepository``). One instance per process and database."""

    def __init__(self, url: str, *, lock_timeout: float = LOCK_TIMEOUT_S) -> None:
        self.url = url
        self._location = redact_url(url)
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()  # the screens' worker threads share one connection
        self._conn: psycopg.Connection | None = None
        self._login = ""
        self._snapshot: Snapshot | None = None
        self.history = PostgresAuditHistory(self)
        self.listener = Listener(url, CHANNEL, self._location)
        with self._mutex:
            self.connection()

    # --- The connection ---------------------------------------------------------------

    @property
    def location(self) -> str:
        return self._location

    def connection(self) -> psycopg.Connection:
        """The open connection, made again if it was lost. Caller holds the mutex."""
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        self._conn = None
        with self.talking():
            conn = connect(self.url)
            try:
                version = schema.installed_version(conn)
                if version == 0:
                    raise DatabaseMissingFirm(self._location)
                schema.refuse_newer(version, self._location)
                if version < schema.SCHEMA_VERSION:
                    raise DatabaseError(
                        self._location,
                        f"holds schema version {version}; this wipboard needs {schema.SCHEMA_VERSION} — "
                        "run `wipboard migrate --db URL` first",
                    )
                conn.execute(f"SET lock_timeout = '{int(self._lock_timeout * 1000)}ms'")
                row = conn.execute("SELECT current_user").fetchone()
                self._login = str(row[0]) if row else ""
            except BaseException:
                conn.close()
                raise
        self._conn = conn
        return conn

    def talking(self) -> AbstractContextManager[None]:
        """The driver's errors as sentences; a lost connection is dropped, to be made again."""
        return database_errors(self.url, self._lock_timeout, on_lost=self._drop_connection)

    def _drop_connection(self) -> None:
        close_quietly(self._conn)
        self._conn = None

    def rows(self, sql: str, params: Mapping[str, Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """One query's rows, on the shared connection (inside the current transaction, if any)."""
        with self._mutex, self.talking():
            # psycopg types a query as a literal string; ours are built from our own constants and
            # columns (postgres.history), never from user input, which goes in ``params``.
            return self.connection().execute(sql, params).fetchall()  # type: ignore[arg-type]

    def authenticated_user(self) -> OsUser:
        """The database role the server authenticated (``current_user``), never an environment variable."""
        from wipboard.store.identity import OsUser  # identity reads snapshots: imported when asked

        return OsUser(login=self._login, is_root=False)

    def close(self) -> None:
        with self._mutex:
            self._drop_connection()
        self.listener.close()

    # --- Reading ----------------------------------------------------------------------

    def prepare_writes(self) -> None:
        """Nothing to do ahead: each write sends only the rows it changed."""

    def snapshot(self) -> Snapshot:
        """The current generation; after another process's commit only the rows it wrote are read."""
        with self._mutex:
            conn = self.connection()
            with self.talking():
                if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    return self._refresh(conn)[0]  # inside this thread's own transaction: its view
                if self._snapshot is not None:  # the usual case, nothing new: one round trip
                    row = conn.execute("SELECT generation FROM wipboard_meta WHERE id = 1").fetchone()
                    if row is not None and row[0] == self._snapshot.generation:
                        return self._snapshot
                with conn.transaction():
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    snapshot, _ = self._refresh(conn)
            return snapshot

    def changed_since(self, generation: int) -> bool:
        """Answered from the notifications of commits, not by reading the tables."""
        known = self._snapshot.generation if self._snapshot is not None else -1
        return max(known, self.listener.latest(known)) != generation

    def audit_entries(self, job_ids: set[int] | None = None) -> list[AuditEntry]:
        return list(self.history.entries(self.snapshot().audit_size, job_ids))

    def meta(self) -> dict[str, Any]:
        """The meta row of the current generation: schema version, generation, audit size, id counters."""
        row = self.rows("SELECT schema_version, generation, audit_size, next_ids FROM wipboard_meta WHERE id = 1")[0]
        return {"schema_version": row[0], "generation": row[1], "audit_size": row[2], "next_ids": dict(row[3])}

    def _refresh(self, conn: psycopg.Connection) -> tuple[Snapshot, dict[str, Any]]:
        row = conn.execute(
            "SELECT generation, audit_size, next_ids, schema_version FROM wipboard_meta WHERE id = 1"
        ).fetchone()
        if row is None:
            raise DatabaseMissingFirm(self._location)
        generation, audit_size, next_ids, version = row
        schema.refuse_newer(version, self._location)
        meta = {
            "generation": generation, "audit_size": audit_size, "next_ids": dict(next_ids), "schema_version": version
        }
        previous = self._snapshot
        if previous is not None and previous.generation == generation:
            return previous, meta
        since = previous.generation if previous is not None else -1
        with gc_paused():
            snapshot = self._read_since(conn, since, generation, audit_size, previous)
        self._snapshot = snapshot
        return snapshot, meta

    def _read_since(
        self, conn: psycopg.Connection, since: int, generation: int, audit_size: int, previous: Snapshot | None
    ) -> Snapshot:
        documents, removed, firm_text = _changed_rows(conn, since)
        tables: dict[str, Mapping[int, Entity]] = {}
        fresh: dict[str, list[Entity]] = {}
        gone: dict[str, list[int]] = {}
        for table, item_id in removed:
            gone.setdefault(table, []).append(item_id)
        for name in MODELS:
            fresh[name] = [item for chunk in documents[name] for item in self._validate(name, chunk)]
            if previous is not None and not fresh[name] and not gone.get(name):
                tables[name] = previous.tables[name]  # unchanged: shared, never copied
                continue
            merged = dict(previous.tables[name]) if previous is not None else {}
            merged.update((item.id, item) for item in fresh[name])
            for item_id in gone.get(name, ()):
                merged.pop(item_id, None)
            tables[name] = merged
        firm_row = (firm_text,) if firm_text is not None else None
        firm = previous.firm if previous is not None else None
        if firm_row is not None:
            try:
                firm = Firm.model_validate_json(firm_row[0])
            except ValidationError as error:
                raise DatabaseError(self._location, f"firm settings: {problems_of(error)[0]['msg']}") from None
        if firm is None:
            raise DatabaseMissingFirm(self._location)
        referred_changed = previous is None or any(fresh[name] for name in _REFERRED)
        jobs = table_of(tables, "jobs", Job)
        checked = jobs.values() if referred_changed else [job for job in fresh["jobs"] if isinstance(job, Job)]
        dangling = dangling_reference(checked, tables["accounts"], table_of(tables, "pipelines", Pipeline), tables["statuses"])
        if dangling is not None:
            job, where, reason = dangling
            raise DatabaseError(self._location, f"job {job.id}, field {where}: {reason}")
        return Snapshot(generation, audit_size, firm, tables)

    def _validate(self, name: str, documents: str) -> list[Entity]:
        try:
            return LIST_ADAPTERS[name].validate_json(f"[{documents}]")
        except ValidationError as error:
            first = problems_of(error)[0]
            where = ".".join(str(part) for part in first["loc"][1:]) or "document"
            raise DatabaseError(self._location, f"{name}, field {where}: {first['msg']}") from None

    # --- Writing ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One database transaction under the writers' lock; its changes are written at the end."""
        written: Snapshot | None = None
        with self._mutex:
            conn = self.connection()
            with self.talking(), conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITERS_LOCK,))
                snapshot, meta = self._refresh(conn)
                tx = Transaction(snapshot=snapshot, meta=meta, firm=snapshot.firm, history=self.history)
                yield tx
                if tx.changed:
                    tables = merged_tables(tx)
                    refuse_dangling_references(tx, tables)
                    self._write(conn, tx, snapshot.generation + 1)
                    written = Snapshot(snapshot.generation + 1, tx.meta["audit_size"], tx.firm, tables)
            if written is not None:
                # Only now is the commit done: had it failed, we would keep the old snapshot.
                self._snapshot = written

    def _write(self, conn: psycopg.Connection, tx: Transaction, generation: int) -> None:
        """Every change in a few statements (one per changed table, whatever the number of rows),
        sent together in one round trip (psycopg's pipeline mode)."""
        with conn.pipeline():
            self._send_changes(conn, tx, generation)

    def _send_changes(self, conn: psycopg.Connection, tx: Transaction, generation: int) -> None:
        for name, changes in tx.tables.items():
            if changes.raw:
                conn.execute(upsert_sql(name), (orjson.dumps(list(changes.raw.values())).decode(), generation))
                if changes.inserted:
                    conn.execute("DELETE FROM removed WHERE tbl = %s AND id = ANY(%s)", (name, list(changes.inserted)))
            if changes.removed:
                ids = list(changes.removed)
                conn.execute(f"DELETE FROM {name} WHERE id = ANY(%s)", (ids,))  # noqa: S608
                conn.execute(
                    "INSERT INTO removed (tbl, id, generation) SELECT %s, unnest(%s::bigint[]), %s "
                    "ON CONFLICT (tbl, id) DO UPDATE SET generation = EXCLUDED.generation",
                    (name, ids, generation),
                )
        if tx.firm_changed:
            conn.execute(
                "UPDATE firm SET doc = %s::jsonb, generation = %s WHERE id = 1",
                (orjson.dumps(tx.firm.model_dump(mode="json")).decode(), generation),
            )
        tx.meta["audit_size"] = insert_audit(conn, tx.audit, tx.meta["audit_size"])
        conn.execute(
            "UPDATE wipboard_meta SET generation = %s, audit_size = %s, next_ids = %s::jsonb WHERE id = 1",
            (generation, tx.meta["audit_size"], orjson.dumps(tx.meta["next_ids"]).decode()),
        )
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(generation)))


@contextmanager
def database_errors(
    url: str, lock_timeout: float = LOCK_TIMEOUT_S, on_lost: Callable[[], None] | None = None
) -> Iterator[None]:
    """Turn psycopg's errors into sentences that name the database without its password."""
    location = redact_url(url)
    try:
        yield
    except psycopg.errors.LockNotAvailable:
        raise StoreLocked(location, lock_timeout) from None
    except psycopg.OperationalError as error:
        if on_lost is not None:
            on_lost()
        raise DatabaseUnavailable(
            location, f"cannot reach the database ({_first_line(scrub(str(error), url))}); "
            "nothing was written"
        ) from None
    except psycopg.Error as error:
        raise DatabaseError(location, _first_line(scrub(str(error), url))) from None


def _changed_rows(
    conn: psycopg.Connection, since: int
) -> tuple[dict[str, Iterable[str]], list[tuple[str, int]], str | None]:
    """Every document written after ``since`` (comma-joined chunks per table), the removals, and the
    firm's settings if they changed. After a first load every query goes in one round trip."""
    removed_sql = "SELECT tbl, id FROM removed WHERE generation > %s"
    firm_sql = "SELECT doc::text FROM firm WHERE id = 1 AND generation > %s"
    if since < 0:
        # The jobs stay a lazy generator: their chunks are read while the ones before are validated.
        documents: dict[str, Iterable[str]] = {
            name: _documents(conn, name, since) if name == "jobs" else list(_documents(conn, name, since))
            for name in MODELS
        }
        firm = conn.execute(firm_sql, (since,)).fetchone()
        gone = [(str(table), int(item_id)) for table, item_id in conn.execute(removed_sql, (since,)).fetchall()]
        return documents, gone, firm[0] if firm else None
    with conn.pipeline():
        cursors = {name: conn.execute(_changed_sql(name), (since,)) for name in MODELS}
        removed_cursor, firm_cursor = conn.execute(removed_sql, (since,)), conn.execute(firm_sql, (since,))
        rows = {name: cursor.fetchall() for name, cursor in cursors.items()}
        removed, firm = removed_cursor.fetchall(), firm_cursor.fetchone()
    joined: dict[str, Iterable[str]] = {
        name: [",".join(text for (text,) in found)] if found else [] for name, found in rows.items()
    }
    return joined, [(str(t), int(i)) for t, i in removed], firm[0] if firm else None


def _changed_sql(table: str) -> str:
    # By id, as the firm file keeps them: lists and boards show "by id" in the same order on both stores
    # (a table's physical order drifts with updates and reused space).
    return f"SELECT doc::text FROM {table} WHERE generation > %s ORDER BY id"  # noqa: S608 - table names are ours


def _documents(conn: psycopg.Connection, table: str, since: int) -> Iterator[str]:
    """The documents written after ``since``, as comma-joined JSON texts of up to ``_CHUNK`` documents.

    A first load of a big table reads through a server-side cursor in a thread of its own:
    while pydantic validates one chunk, the server turns the next into text (psycopg lets go
    of the GIL while it waits), so the first snapshot costs about the larger of the two.
    """
    sql = _changed_sql(table)
    if since >= 0 or table != "jobs":
        rows = conn.execute(sql, (since,)).fetchall()
        if rows:
            yield ",".join(text for (text,) in rows)
        return
    chunks: queue.Queue[str | BaseException | None] = queue.Queue(maxsize=4)

    def fetch() -> None:
        try:
            with conn.cursor(name="wipboard_first_load") as cursor:
                cursor.execute(sql, (since,))
                while rows := cursor.fetchmany(_CHUNK):
                    chunks.put(",".join(text for (text,) in rows))
        except BaseException as error:  # handed to the reading thread, which raises it
            chunks.put(error)
            return
        chunks.put(None)

    reader = threading.Thread(target=fetch, name="wipboard-first-load", daemon=True)
    reader.start()
    try:
        while (chunk := chunks.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk
    finally:
        while reader.is_alive():  # a validation error stops us early: let the reader finish first
            try:
                chunks.get(timeout=0.05)
            except queue.Empty:
                pass
        reader.join()


def insert_audit(conn: psycopg.Connection, entries: list[AuditEntry], position: int) -> int:
    """Append ``entries`` at ``position`` onwards (as the file writes them); returns the next position."""
    if not entries:
        return position
    payload = orjson.dumps([entry.__dict__ for entry in entries]).decode()
    conn.execute(
        "INSERT INTO audit (position, login, job_id, op, undoes, version, entry) "
        "SELECT %s + n - 1, e->>'user', (e->>'job_id')::bigint, e->>'op', e->>'undoes', (e->>'version')::bigint, e "
        "FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS t(e, n)",
        (position, payload),
    )
    return position + len(entries)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "no reason given"

