"""Benchmark of e-mail notifications (issue 15, section "Benchmark").

Run by hand (not part of the test suite)::

    .venv/bin/python tests/benchmarks/bench_notify.py [--jobs 5000] [--contacts 1000] [--runs 3]

1. A bulk edit that changes the client-facing status of ``--jobs`` visible jobs spread over
   ``--contacts`` accounts (one contact each), on two identical firm files: notifications off
   (nothing queued) and on (the outbox gets one entry per contact and operation, written in the
   same transaction). The median of ``--runs`` edits each; the target is ≤ 20 % extra.
2. ``notify send`` throughput: the batches queued by the edits above, delivered to a real local
   SMTP server (aiosmtpd) — messages per second, marking included.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store" / "services"))

from _smtp_sink import free_port  # noqa: E402

from wipboard.store.firm_file import default_pipeline, default_statuses, raw_firm  # noqa: E402
from wipboard.store.identity import resolve_actor  # noqa: E402
from wipboard.store.models import Account, ClientStatus, Contact, Firm, Job, NotificationSettings, User  # noqa: E402
from wipboard.store.repository import Repository  # noqa: E402
from wipboard.store.services import operation as operation_module  # noqa: E402
from wipboard.store.services.client_status import BulkEdit, bulk_edit  # noqa: E402
from wipboard.store.services.notifications import send_due  # noqa: E402
from wipboard.store.storage import FirmStorage  # noqa: E402

STATUSES = ("In review", "Done", "Planned")


def build(path: Path, jobs: int, contacts: int, *, enabled: bool, port: int) -> Repository:
    settings = NotificationSettings(
        enabled=enabled, quiet_seconds=0, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
        from_address="wip@firm.example", portal_url="https://portal.firm.example",
    )
    accounts = [Account(id=index, name=f"Client {index:04d}") for index in range(1, contacts + 1)]
    people = [
        Contact(id=index, login=f"c{index:04d}", name=f"Contact {index:04d}", account_ids=[index], email=f"c{index:04d}@clients.example")
        for index in range(1, contacts + 1)
    ]
    data = raw_firm(Firm(name="Bench & Co", notifications=settings), {
        "users": [User(id=1, login="olivia", name="Olivia Owner", role="owner")],
        "statuses": default_statuses(), "pipelines": [default_pipeline()], "accounts": accounts, "contacts": people,
    })
    data["jobs"] = {
        str(index): Job(
            id=index, name=f"Internal job {index}", account_id=(index - 1) % contacts + 1, pipeline_id=1, stage_id=2,
            notes="Some internal notes " * 5,
            client_status=ClientStatus(visible=True, name_for_client=f"Your item {index}", status_id=1, description="We have it."),
        ).model_dump(mode="json")
        for index in range(1, jobs + 1)
    }
    data["_meta"]["1"]["next_ids"]["jobs"] = jobs + 1
    FirmStorage(path).create(data)
    return Repository(path)


def time_edit(repo: Repository, path: Path, run: int) -> float:
    """One bulk edit that changes every job's status (a different status each run)."""
    actor = resolve_actor(repo.snapshot(), "olivia", None, firm_path=str(path))
    ids = sorted(repo.snapshot().jobs)
    started = time.perf_counter()
    result = bulk_edit(repo, actor, ids, BulkEdit(visibility="show", status=STATUSES[run % len(STATUSES)]))
    elapsed = time.perf_counter() - started
    assert len(result.jobs) == len(ids), "every job changed"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # The SMTP server in a process of its own, as a real one would be (in this process it would
    # share the interpreter lock with the sender and halve what both can do).
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"])
    _wait_for(port)
    with tempfile.TemporaryDirectory(prefix="bench-notify-", dir=Path(__file__).resolve().parent) as folder:
        off_path, on_path = Path(folder) / "off.json", Path(folder) / "on.json"
        off = build(off_path, args.jobs, args.contacts, enabled=False, port=port)
        on = build(on_path, args.jobs, args.contacts, enabled=True, port=port)
        off_times, on_times = [], []
        for run in range(args.runs):  # interleaved, so that the machine's ups and downs hit both alike
            first, second = ((off, off_path, off_times), (on, on_path, on_times))[:: 1 if run % 2 else -1]
            for repo, path, times in (first, second):
                times.append(time_edit(repo, path, run))
        queued = len(on.snapshot().notifications)
        actor = resolve_actor(on.snapshot(), "olivia", None, firm_path=str(on_path))
        started = time.perf_counter()
        report = send_due(on, actor, "b" * 64)
        sending = time.perf_counter() - started
    server.terminate()
    server.wait()
    off_median, on_median = statistics.median(off_times), statistics.median(on_times)
    print(f"bulk edit of {args.jobs} visible jobs over {args.contacts} contacts (median of {args.runs})")
    print(f"{'case':<38}{'seconds':>10}")
    print(f"{'notifications off':<38}{off_median:>10.3f}")
    print(f"{'notifications on (outbox written)':<38}{on_median:>10.3f}")
    print(f"{'extra cost of the outbox':<38}{(on_median / off_median - 1) * 100:>9.1f}%")
    print(f"{'outbox entries queued':<38}{queued:>10}")
    print(f"{'notify send: messages':<38}{report.sent:>10}")
    print(f"{'notify send: seconds':<38}{sending:>10.3f}")
    print(f"{'notify send: messages per second':<38}{report.sent / sending:>10.1f}")
    print(f"{'queue_notifications alone (median)':<38}{statistics.median(QUEUE_TIMES):>10.3f}")


QUEUE_TIMES: list[float] = []


def _timed_queue(original):  # noqa: ANN001, ANN202
    def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            if args[0].firm.notifications.enabled:
                QUEUE_TIMES.append(time.perf_counter() - started)
    return timed


operation_module.queue_notifications = _timed_queue(operation_module.queue_notifications)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the local SMTP server did not start")


if __name__ == "__main__":
    main()
