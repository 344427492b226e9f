"""Fixtures of the services' rule tests: ``firm`` on each store (a firm file, then a fresh PostgreSQL
database), and ``new_firm`` where no ``tmp_path`` is at hand. The builder itself is ``tests/firms.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from _smtp_sink import SmtpSink
from firms import Firm, throwaway_firm


@pytest.fixture(scope="session")
def new_firm() -> Callable[[], AbstractContextManager[Firm]]:
    """``with new_firm() as firm:`` — a throw-away firm where no ``tmp_path`` is at hand (inside @given)."""
    return throwaway_firm


@pytest.fixture(params=["file", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a test's firm lives: a firm file, then a fresh PostgreSQL database (the same tests on both)."""
    if request.param == "file":
        yield tmp_path / "firm.json"
        return
    server = request.getfixturevalue("pg_server")
    url = server.fresh_database()
    yield url
    server.drop(url)


@pytest.fixture
def firm(store: Path | str) -> Iterator[Firm]:
    """A fresh firm: owner ``olivia``, the five default statuses, pipeline *Client work*
    (To do → In progress → Review → Done), on each store. Overrides ``tests/conftest.py``'s ``firm`` here."""
    made = Firm.create(store)
    yield made
    made.repo.close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    """A real SMTP server of the test's own (aiosmtpd) that keeps what it receives."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()
