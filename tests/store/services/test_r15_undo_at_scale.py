"""R15 An undo costs about what its operation cost; R16 meanwhile, others keep writing.

A 10 000-job firm from the demo generator, a bulk edit of every job, and its undo
while a second real OS process writes to the same file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wipboard.store.demo import DEMO_OWNER, write_demo
from wipboard.store.identity import resolve_actor
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import undo_last
from wipboard.store.wording import number

WRITER = Path(__file__).with_name("_second_writer.py")
# Durability is proven in tests/store; a memory-backed folder keeps fsync out of these timings.
FAST_FOLDER = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


@pytest.fixture
def big_firm() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="wipboard-undo-", dir=FAST_FOLDER) as folder:
        path = Path(folder) / "firm.json"
        write_demo(path, jobs=10_000)
        yield path


def test_r15_r16_undo_of_a_10_000_job_bulk_edit_lets_another_process_write_meanwhile(big_firm: Path):
    repo = Repository(big_firm)
    owner = resolve_actor(repo.snapshot(), DEMO_OWNER, None, firm_path=str(big_firm))
    stop = big_firm.with_name("stop")
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(big_firm), str(stop)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdin is not None
        before = {job.id: job.client_status for job in repo.snapshot().jobs.values()}
        bulk_edit(repo, owner, list(before), BulkEdit(visibility="show", status="In review"))
        for expected in ("loaded", "ready"):
            assert writer.stdout.readline().strip() == expected
            writer.stdin.write("go\n")
            writer.stdin.flush()
        time.sleep(0.2)  # the second process is writing by the time the undo starts

        began = time.time()
        result = undo_last(repo, owner)
        ended = time.time()
        stop.touch()
        writes = json.loads(writer.stdout.readline())
        assert writer.wait(timeout=30) == 0
    finally:
        writer.kill()

    assert result.messages == [f"Undid your bulk edit of {number(len(result.jobs))} jobs"]
    assert {job.id: job.client_status for job in repo.snapshot().jobs.values()} == before
    assert any(start < ended and start + took > began for start, took in writes), "a write overlapped the undo"
    # Planning happens outside the lock: the other process gets whole writes done while the undo runs,
    # and none waits for more than the undo's own write (well under the 10 s that ends in "locked").
    assert any(began <= start and start + took <= ended for start, took in writes), f"no write got through: {writes}"
    assert max(took for _, took in writes) < 5.0, f"the second process waited: {writes}"
    accounts = [account.name for account in repo.snapshot().accounts.values() if account.name.startswith("Second writer")]
    assert len(accounts) == len(writes)
