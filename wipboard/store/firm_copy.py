"""A whole firm from one store to another (``wipboard copy``): the entities, the id counters and
the audit history, into a target that holds no firm yet.

A firm file is written as ``write_demo`` writes one (the log first, then the file, which
refuses to replace anything); a database is loaded in one transaction that refuses a
database already holding a firm.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from wipboard.store import schema
from wipboard.store.audit import AuditEntry
from wipboard.store.firm_file import create_firm_with_log
from wipboard.store.interface import FirmRepository
from wipboard.store.open_store import open_repository
from wipboard.store.repository import Repository
from wipboard.store.store_url import is_database_url


def export_firm(repo: FirmRepository) -> tuple[schema.RawData, list[AuditEntry]]:
    """The firm as a firm file's raw data (its ``audit_size`` still to be set) and its audit entries, oldest first."""
    snapshot = repo.snapshot()
    meta = schema.empty_meta()
    meta["next_ids"] = dict(_id_counters(repo))
    data: schema.RawData = {schema.META: {schema.META_DOC: meta}, "firm": {"1": snapshot.firm.model_dump(mode="json")}}
    for name in schema.TABLES:
        if name != "firm":
            items = sorted(snapshot.tables[name].values(), key=lambda item: item.id)
            data[name] = {str(item.id): item.model_dump(mode="json") for item in items}
    return data, list(repo.history.entries(snapshot.audit_size))


def _id_counters(repo: FirmRepository) -> dict[str, int]:
    if isinstance(repo, Repository):
        return dict(repo.storage.meta["next_ids"])
    from wipboard.store.postgres.repository import PostgresRepository  # loaded only for a database

    assert isinstance(repo, PostgresRepository), f"no id counters known for {type(repo).__name__}"
    return dict(repo.meta()["next_ids"])


def import_firm(target: str, data: schema.RawData, entries: list[AuditEntry]) -> FirmRepository:
    """Write the firm into ``target``, which must hold no firm yet; returns the target opened."""
    if is_database_url(target):
        from wipboard.store.postgres.load import load_firm

        return load_firm(target, data, entries)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    log = b"".join(orjson.dumps(entry.__dict__) + b"\n" for entry in entries)
    data[schema.META][schema.META_DOC]["audit_size"] = len(log)
    create_firm_with_log(path, data, log)
    return open_repository(str(path))
