"""Shared fixtures: a fresh firm file in ``tmp_path`` (owner ``ana``), built by ``tests/firms.py``;
and for the tests of the screens and of the app shell, a fresh copy of the demo firm and the app on it.

``tests/store/services/conftest.py`` overrides ``firm`` to run on both stores.

    async with demo.app().run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.go_to(demo.pick(stage=3, tags={"individual"}).id)

The demo is written once per session (seed 0, ``now`` = 2026-03-02) and copied
for each test; the app's clock reads the same day (overdue cards, "updated 2 days ago").
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from firms import FAST_FOLDER, NOW, DemoFirm, Firm, make_app

from wipboard.store.demo import write_demo
from wipboard.tui.shell.app import WipboardApp


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


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "firm.json"
    write_demo(path, now=NOW)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> DemoFirm:
    """A fresh copy of the 200-job demo firm (seed 0, ``now`` = 2026-03-02) for this test alone."""
    for file in demo_file.parent.iterdir():  # the firm file and its audit log (the jobs' status history)
        shutil.copyfile(file, tmp_path / file.name)
    return DemoFirm(tmp_path / demo_file.name)


@pytest.fixture(name="make_app")
def make_app_fixture() -> Callable[..., WipboardApp]:
    return make_app
