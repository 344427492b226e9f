"""The repository factory: ``--db`` (or ``$WIPBOARD_DB``) names a firm file or a PostgreSQL URL.

Everything above the repository asks here and gets a ``FirmRepository``; psycopg is
imported only when a database URL is given.
"""

from __future__ import annotations

import os
from pathlib import Path

from wipboard.store.audit import AuditEntry, parse_line
from wipboard.store.interface import FirmRepository
from wipboard.store.store_url import is_database_url


def open_repository(db: str | os.PathLike[str]) -> FirmRepository:
    """The firm at ``db``: a ``postgresql://`` URL opens the database, anything else the firm file."""
    if isinstance(db, str) and is_database_url(db):
        from wipboard.store.postgres.repository import PostgresRepository

        return PostgresRepository(db)
    from wipboard.store.repository import Repository

    return Repository(Path(db))


def create_firm_at(
    db: str | os.PathLike[str], *, owner_login: str, owner_name: str | None = None, firm_name: str = "Our firm"
) -> FirmRepository:
    """A new firm (default statuses, one pipeline, its owner) at ``db``; an existing firm is refused."""
    from wipboard.store import firm_file

    if isinstance(db, str) and is_database_url(db):
        from wipboard.store.models import Firm, User
        from wipboard.store.postgres.load import load_firm

        owner = User(id=1, login=owner_login, name=owner_name or owner_login, role="owner")
        data = firm_file.raw_firm(
            Firm(name=firm_name),
            {"users": [owner], "statuses": firm_file.default_statuses(), "pipelines": [firm_file.default_pipeline()]},
        )
        return load_firm(db, data, [])
    return firm_file.create_firm(Path(db), owner_login=owner_login, owner_name=owner_name, firm_name=firm_name)


def write_demo_at(db: str | os.PathLike[str], *, jobs: int, seed: int) -> None:
    """The deterministic demo firm at ``db`` (a file and its log, or a database); an existing firm is refused."""
    from wipboard.store import demo

    if isinstance(db, str) and is_database_url(db):
        from wipboard.store.postgres.load import load_firm

        data, log = demo.build_demo_files(jobs, seed)
        load_firm(db, data, entries_of(log)).close()
        return
    demo.write_demo(Path(db), jobs=jobs, seed=seed)


def entries_of(log: bytes) -> list[AuditEntry]:
    """The readable entries of an audit log's bytes, oldest first."""
    entries = (parse_line(line) for line in log.split(b"\n") if line.strip())
    return [entry for entry in entries if entry is not None]
