"""Shared fixtures: a fresh firm file in ``tmp_path`` and small helpers to fill it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.fields import utc_now
from wipboard.store.firm_file import create_firm
from wipboard.store.models import Account, Job
from wipboard.store.repository import Repository


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A throw-away PostgreSQL server of the session's own (skipped, or failed in CI, when none starts)."""
    from postgres.pg_server import server_or_skip

    yield from server_or_skip()


def audit_entry(job_id: int, field_name: str = "notes", before: Any = None, after: Any = None, **extra: Any) -> AuditEntry:
    """An audit entry as a service would record it for one changed field."""
    values = {
        "at": utc_now(),
        "op": "op-test",
        "operation": "test edit",
        "user": "ana",
        "actor": "ana",
        "via": "cli",
        "job_id": job_id,
        "field": field_name,
        "before": before,
        "after": after,
    }
    values.update(extra)
    return AuditEntry(**values)


@dataclass
class FirmFixture:
    """A firm file made by ``create_firm`` (5 statuses, pipeline 1 with stages 1..4, owner ``ana``)."""

    path: Path
    repo: Repository
    _account_id: int | None = field(default=None, repr=False)

    def reopen(self, **options: Any) -> Repository:
        """A new Repository on the same file, as another process would have (no shared cache)."""
        return Repository(self.path, **options)

    def bytes(self) -> bytes:
        return self.path.read_bytes()

    @property
    def audit_path(self) -> Path:
        return self.repo.audit_log.path

    def account_id(self) -> int:
        if self._account_id is None:
            with self.repo.transaction() as tx:
                account = tx.accounts.put(Account(id=tx.accounts.new_id(), name="Rivera Family", tags=["individual"]))
            self._account_id = account.id
        return self._account_id

    entry = staticmethod(audit_entry)

    def with_job(self, stage_id: int = 1, *, name: str = "2025 Form 1040", **fields: Any) -> Job:
        """Add a job in pipeline 1 (one transaction) and return it as stored."""
        account_id = self.account_id()
        with self.repo.transaction() as tx:
            job = tx.jobs.add(
                Job(id=1, name=name, account_id=account_id, pipeline_id=1, stage_id=stage_id, **fields)
            )
        return job

    def stray_files(self) -> list[str]:
        """Temporary files of this firm file left in its folder."""
        return sorted(p.name for p in self.path.parent.glob(f".{self.path.name}.*.tmp"))


@pytest.fixture
def firm(tmp_path: Path) -> FirmFixture:
    path = tmp_path / "firm.json"
    repo = create_firm(path, owner_login="ana")
    return FirmFixture(path=path, repo=repo)


@pytest.fixture
def firm_in_memory() -> Iterator[FirmFixture]:
    """A firm file in a memory-backed folder, for tests of many writers: thousands of fsyncs on a
    disk that other tests keep busy would time the disk, not the lock. Durability has its own tests."""
    folder = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="wipboard-", dir=folder) as directory:
        path = Path(directory) / "firm.json"
        yield FirmFixture(path=path, repo=create_firm(path, owner_login="ana"))
