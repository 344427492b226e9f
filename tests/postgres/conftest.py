"""Fixtures of the PostgreSQL store's own tests: a fresh database per test on the session's server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres.pg_server import PgServer

from wipboard.store.open_store import create_firm_at
from wipboard.store.postgres.repository import PostgresRepository

OWNER = "olivia"


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh database with the schema and no firm yet."""
    url = pg_server.fresh_database()
    yield url
    pg_server.drop(url)


@pytest.fixture
def pg_repo(pg_url: str) -> Iterator[PostgresRepository]:
    """A new firm (owner ``olivia``, default statuses and pipeline) in a fresh database."""
    repo = create_firm_at(pg_url, owner_login=OWNER)
    yield repo  # type: ignore[misc]
    repo.close()


@pytest.fixture(params=["file", "postgres"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a contract test's firm lives: a firm file, then a database."""
    if request.param == "file":
        yield str(tmp_path / "firm.json")
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.fresh_database()
    yield url
    server.drop(url)
