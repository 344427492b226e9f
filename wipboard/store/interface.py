"""What the services need of a store: one interface, two stores (the firm file, PostgreSQL).

The services, the rule engine, the command line and the screens see a
``FirmRepository``: a snapshot per generation, a transaction with the tables'
API and their version checks, the audit entries and a cheap ``changed_since``.
The firm file (``repository.Repository``) and PostgreSQL
(``postgres.repository.PostgresRepository``) implement it; the same contract
tests run on both.

Audit positions: every committed entry has a position that grows with time, and
a snapshot's ``audit_size`` is the position the next entry will get. On the
file a position is the entry's byte offset in the log; on PostgreSQL its row id.
The undo engine and the conflict messages ask for entries by position through
``AuditHistory``, so each store answers with what it is quick at: a backwards
scan of the log's tail, or an indexed query.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from wipboard.store.audit import AuditEntry

if TYPE_CHECKING:
    from wipboard.store.identity import OsUser
    from wipboard.store.repository import Snapshot, Transaction


@dataclass(frozen=True)
class LastOperation:
    """A user's last operation not yet undone: its entries, and the position just past them."""

    op: str
    entries: list[AuditEntry]
    end: int


@runtime_checkable
class AuditHistory(Protocol):
    """Committed audit entries by position; ``upto`` is a snapshot's ``audit_size``."""

    def entries(self, upto: int, job_ids: set[int] | None = None, user: str | None = None) -> Iterator[AuditEntry]:
        """Every entry before ``upto``, oldest first; of ``job_ids`` (or ``user``) only, if given."""
        ...

    def latest_of(self, upto: int, user: str) -> Iterator[AuditEntry]:
        """``user``'s entries before ``upto``, newest first, read only as far as the caller goes."""
        ...

    def entries_after_versions(self, upto: int, versions: Mapping[int, int]) -> dict[int, list[AuditEntry]]:
        """For each job, its entries that saved it past the version given for it, oldest first."""
        ...

    def last_operation(self, upto: int, login: str) -> LastOperation | None:
        """``login``'s last operation before ``upto`` not yet undone (undos and what they undid are stepped over)."""
        ...

    def entries_between(self, start: int, end: int, job_ids: set[int]) -> Iterator[AuditEntry]:
        """The entries of ``job_ids`` at positions in ``[start, end)``, oldest first."""
        ...

    def user_wrote_between(self, login: str, start: int, end: int) -> bool:
        """Whether ``login`` committed any entry at a position in ``[start, end)``."""
        ...


@runtime_checkable
class FirmRepository(Protocol):
    """A firm as typed models, whichever store holds it. One instance per process and firm."""

    @property
    def history(self) -> AuditHistory:
        """The committed audit entries by position (read-only: each store keeps its own kind)."""
        ...

    @property
    def location(self) -> str:
        """Where the firm lives, as it may be printed: a path, or a URL without its password."""
        ...

    def snapshot(self) -> Snapshot:
        """The current generation, validated; rebuilt only when another process committed."""
        ...

    def transaction(self) -> AbstractContextManager[Transaction]:
        """One locked read-modify-write: everything it changed is written at the end, or nothing."""
        ...

    def changed_since(self, generation: int) -> bool:
        """Cheap check for screens: has any process committed since ``generation``?"""
        ...

    def prepare_writes(self) -> None:
        """Do ahead, at a quiet moment, what the first write would otherwise do (nothing, if nothing)."""
        ...

    def audit_entries(self, job_ids: set[int] | None = None) -> list[AuditEntry]:
        """Committed audit entries, oldest first; of ``job_ids`` only, if given."""
        ...

    def authenticated_user(self) -> OsUser:
        """Who the store says is acting: the OS login for the file, the database role on PostgreSQL."""
        ...

    def close(self) -> None:
        """Let go of connections (nothing to do for the file)."""
        ...
