"""PostgreSQL's answer to ``AuditHistory``: positions are the audit rows' ids, found by index.

The audit table is indexed by (login, position) and (job_id, position): the user's
last operation and the later entries of its jobs are a few indexed queries, however
long the firm's history.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from wipboard.store.audit import AuditEntry, parse_line
from wipboard.store.interface import LastOperation

if TYPE_CHECKING:
    from wipboard.store.postgres.repository import PostgresRepository

_BATCH = 500


class PostgresAuditHistory:
    """``AuditHistory`` over the ``audit`` table; every entry is validated as the file's are."""

    def __init__(self, repo: PostgresRepository) -> None:
        self._repo = repo

    def _entries(self, sql: str, params: tuple[Any, ...]) -> list[AuditEntry]:
        entries = (parse_line(text.encode()) for (text,) in self._repo.rows(sql, params))
        return [entry for entry in entries if entry is not None]

    def entries(self, upto: int, job_ids: set[int] | None = None, user: str | None = None) -> Iterator[AuditEntry]:
        where, params = ["position < %s"], [upto]
        if job_ids is not None:
            where.append("job_id = ANY(%s)")
            params.append(sorted(job_ids))
        if user is not None:
            where.append("login = %s")
            params.append(user)
        sql = f"SELECT entry::text FROM audit WHERE {' AND '.join(where)} ORDER BY position"  # noqa: S608
        return iter(self._entries(sql, tuple(params)))

    def latest_of(self, upto: int, user: str) -> Iterator[AuditEntry]:
        before = upto
        while True:
            rows = self._repo.rows(
                "SELECT position, entry::text FROM audit WHERE login = %s AND position < %s "
                "ORDER BY position DESC LIMIT %s",
                (user, before, _BATCH),
            )
            for position, text in rows:
                before = position
                entry = parse_line(text.encode())
                if entry is not None and entry.user == user:
                    yield entry
            if len(rows) < _BATCH:
                return

    def entries_after_versions(self, upto: int, versions: Mapping[int, int]) -> dict[int, list[AuditEntry]]:
        if not versions:
            return {}
        found: dict[int, list[AuditEntry]] = {}
        sql = (
            "SELECT a.entry::text FROM audit a JOIN unnest(%s::bigint[], %s::bigint[]) AS v(job_id, version) "
            "ON a.job_id = v.job_id AND a.version > v.version WHERE a.position < %s ORDER BY a.position"
        )
        for entry in self._entries(sql, (list(versions), list(versions.values()), upto)):
            found.setdefault(entry.job_id, []).append(entry)
        return found

    def last_operation(self, upto: int, login: str) -> LastOperation | None:
        undone: set[str] = set()
        stepped_over: str | None = None
        for entry in self.latest_of(upto, login):
            if entry.op == stepped_over:
                continue
            stepped_over = entry.op
            if entry.undoes is not None:
                undone.add(entry.undoes)
            elif entry.op not in undone:
                rows = self._repo.rows(
                    "SELECT max(position) FROM audit WHERE op = %s AND position < %s", (entry.op, upto)
                )
                entries = self._entries(
                    "SELECT entry::text FROM audit WHERE op = %s AND position < %s ORDER BY position", (entry.op, upto)
                )
                return LastOperation(entry.op, entries, int(rows[0][0]) + 1)
        return None

    def entries_between(self, start: int, end: int, job_ids: set[int]) -> Iterator[AuditEntry]:
        sql = (
            "SELECT entry::text FROM audit WHERE job_id = ANY(%s) AND position >= %s AND position < %s "
            "ORDER BY position"
        )
        return iter(self._entries(sql, (sorted(job_ids), start, end)))

    def user_wrote_between(self, login: str, start: int, end: int) -> bool:
        rows = self._repo.rows(
            "SELECT EXISTS (SELECT 1 FROM audit WHERE login = %s AND position >= %s AND position < %s)",
            (login, start, end),
        )
        return bool(rows[0][0])
