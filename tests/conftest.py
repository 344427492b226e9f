"""Shared fixtures: a fresh firm file in ``tmp_path`` (owner ``ana``), built by ``tests/firms.py``.

``tests/store/services/conftest.py`` overrides ``firm`` to run on both stores; the screens' tests use
``demo`` (``tests/screens/conftest.py``), a copy of the demo firm.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from firms import FAST_FOLDER, Firm


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported and collected is kept for the whole run: the garbage collector stops
    walking it again on each collection (an eighth of the time of the tests that run the app).
    And it waits for 50 000 new objects, not 700, before a collection: a test's app makes
    millions and keeps most of them to its end (another twentieth of their CPU, 10 % more memory)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


STORE_OWNER = "ana"


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A throw-away PostgreSQL server of the session's own (skipped, or failed in CI, when none starts)."""
    from postgres.pg_server import server_or_skip

    yield from server_or_skip()


@pytest.fixture
def firm(tmp_path: Path) -> Firm:
    """A new firm file (5 statuses, pipeline 1 with stages 1..4, owner ``ana``)."""
    return Firm.create(tmp_path / "firm.json", owner=STORE_OWNER, owner_name=None)


@pytest.fixture
def firm_in_memory() -> Iterator[Firm]:
    """A firm file in a memory-backed folder, for tests of many writers: thousands of fsyncs on a
    disk that other tests keep busy would time the disk, not the lock. Durability has its own tests."""
    with tempfile.TemporaryDirectory(prefix="wipboard-", dir=FAST_FOLDER) as directory:
        yield Firm.create(Path(directory) / "firm.json", owner=STORE_OWNER, owner_name=None)
