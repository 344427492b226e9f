"""Fixtures: a fresh copy of the demo firm for each test, and the app on it.

    async with demo.app().run_test(size=SMALL) as pilot:
        board = BoardPilot(pilot)
        await board.go_to(demo.pick(stage=3, tags={"individual"}).id)

The demo is written once per session (seed 0, ``now`` = 2026-03-02) and copied
for each test; the app's clock reads the same day (overdue cards, "updated 2 days ago").
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from firms import NOW, DemoFirm, make_app

from wipboard.store.demo import write_demo
from wipboard.tui.shell.app import WipboardApp


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
