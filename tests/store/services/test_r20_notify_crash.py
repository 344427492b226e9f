"""R20 delivery is at least once: kill -9 `wipboard notify run` at random moments and
every batch still arrives; a repeated message is only ever the same Message-ID."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from wipboard.store.repository import Repository
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.notifications import configure_notifications
from wipboard.store.services.people import NewPerson, add_person

BATCHES = 50
WIPBOARD = [str(Path(sys.executable).parent / "wipboard")]


def _pending(firm) -> int:  # noqa: ANN001
    return sum(1 for entry in Repository(firm.path).snapshot().notifications.values() if entry.state == "pending")


def test_r20_kill_9_of_notify_run_loses_no_batch_and_repeats_only_the_same_message_id(firm, smtp) -> None:  # noqa: ANN001
    jobs = []
    for index in range(BATCHES):
        account = f"Client {index:02d}"
        firm.account(account)
        add_person(firm.repo, firm.owner, NewPerson(
            login=f"c{index:02d}", name=f"Contact {index:02d}", role="contact", accounts=[account],
            email=f"c{index:02d}@clients.example"))
        jobs.append(firm.job(f"Job {index}", account=account))
    configure_notifications(firm.repo, firm.owner, {
        "enabled": True, "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_security": "none",
        "from_address": "wip@firm.example", "quiet_seconds": 0,
    })
    bulk_edit(firm.repo, firm.owner, [job.id for job in jobs], BulkEdit(visibility="show", status="Planned"))
    command = [*WIPBOARD, "notify", "run", "--every", "0.05", "--db", str(firm.path), "--as", "olivia"]
    dice = random.Random(20)
    kills = 0
    for _ in range(8):
        if not _pending(firm):
            break
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(dice.uniform(0.3, 1.5))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
    last = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert last.stdout is not None and "Delivering" in last.stdout.readline()
    deadline = time.monotonic() + 15
    while _pending(firm) and time.monotonic() < deadline:
        time.sleep(0.2)
    last.send_signal(signal.SIGTERM)
    assert last.wait(10) == 0, "SIGTERM stops `notify run` cleanly"
    assert _pending(firm) == 0, f"batches left undelivered after {kills} kills"
    by_contact: dict[str, set[str]] = defaultdict(set)
    for message in smtp.messages:
        by_contact[message["To"]].add(message["Message-ID"])
    assert len(by_contact) == BATCHES, "every batch arrived"
    assert all(len(ids) == 1 for ids in by_contact.values()), "a repeat carries the same Message-ID"
    assert kills >= 1
