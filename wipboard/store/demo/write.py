"""Writing the demo firm out: a new firm file and its audit log beside it."""

from __future__ import annotations

from datetime import datetime
from os import PathLike
from pathlib import Path

from wipboard.store.demo.build import build_demo_files
from wipboard.store.demo.firm import DEMO_JOBS
from wipboard.store.firm_file import create_firm_with_log


def write_demo(path: str | PathLike[str], jobs: int = DEMO_JOBS, seed: int = 0, *, now: datetime | None = None) -> None:
    """Write a new demo firm file at ``path`` and its audit log beside it (see ``create_firm_with_log``:
    an existing firm file or a log without its firm file is refused, and a failed write leaves no log)."""
    data, log = build_demo_files(jobs, seed, now)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    create_firm_with_log(Path(path), data, log)
