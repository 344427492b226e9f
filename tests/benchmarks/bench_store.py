"""Benchmark of the firm-file store (issue 2, section "Benchmark").

Run it by hand; it is not part of the test suite (pyproject's ``norecursedirs``
skips this folder, and ``bench_*.py`` is not a test-file name anyway)::

    /work/.venv/bin/python tests/benchmarks/bench_store.py [--jobs 10000] [--quick]

It builds a firm of ``--jobs`` jobs of realistic size (about 1 KB each as
JSON), a few hundred accounts and contacts, a dozen statuses and a pipeline of
six stages, writes it with ``raw_firm`` + ``FirmStorage.create`` into a
temporary folder on the same disk as the project (never tmpfs: the fsyncs must
reach a real disk) and times, with every safety of the store switched on:

1. opening the file and loading all jobs,
2. one durable job update (one transaction saving one job), beside stock
   TinyDB ``JSONStorage`` doing ``table.update`` of one document,
3. one transaction updating 1 000 jobs,
4. filtering the jobs by stage and client-facing status,
5. the single update again at ``--big-jobs`` jobs (skipped with ``--quick``).

Then it times the pieces of an update itself, on the same data, so that the
cost the disk sets (fsync, rename, unlink) can be told apart from the cost of
Python (pydantic, TinyDB, orjson).

Why one file of a thousand lines: it is one script run by hand, not a test file; its
measurements share the built firm, the load around them (``OtherLoad``, ``Contention``) and
the table they print, and each benchmark script stands alone so it can be copied to another
machine and run there.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pydantic
import tinydb
from filelock import FileLock
from tinydb import TinyDB

from wipboard.store import schema
from wipboard.store import storage as storage_module
from wipboard.store.audit import AuditEntry
from wipboard.store.fields import utc_now
from wipboard.store.firm_file import default_statuses, raw_firm
from wipboard.store.models import (
    Account,
    ClientStatus,
    ClientStatusPreset,
    Contact,
    Firm,
    Job,
    JobTemplate,
    Pipeline,
    Stage,
    StatusTemplate,
    UpdateClientStatus,
    User,
)
from wipboard.store.repository import Repository
from wipboard.store.storage import BACKUPS, FILE_MODE, FirmStorage, serialize

DEFAULT_TMP_BASE = Path("/work/.bench-tmp")

# Targets of issue 2, in milliseconds.
TARGET_LOAD_MS = 200.0
TARGET_UPDATE_MS = 25.0
TARGET_BULK_MS = 100.0
TARGET_FILTER_MS = 10.0

BULK_SIZE = 1_000

# ----------------------------------------------------------------------------------------
# The firm
# ----------------------------------------------------------------------------------------

_NOTES_SOURCE = (
    "client sent the remaining bank statements and the brokerage 1099 composite; waiting on the "
    "K-1 from the partnership before we can finalize. Estimated payments for Q3 and Q4 were made "
    "late, check penalty computation. Spouse started a consulting business mid-year: schedule C, "
    "home office, vehicle mileage log requested twice. Prior-year carryforward of capital loss "
    "applies. Payroll reconciliation done for all four quarters, W-2s match the 941s. Depreciation "
    "schedule updated for the new equipment purchase in March; section 179 elected. Reviewer asked "
    "for support of the charitable contributions over five hundred dollars and the appraisal for the "
    "donated vehicle. Extension filed, balance due paid with the extension request. Call scheduled "
    "with the controller to walk through the adjusting entries and the accrual for the year-end bonus"
)
_WORDS = _NOTES_SOURCE.split()

_SERVICES = (
    "Form 1040 individual tax return",
    "Form 1120-S corporate tax return",
    "Form 1065 partnership return",
    "Monthly bookkeeping and reconciliation",
    "Quarterly payroll filings",
    "Year-end financial statements",
    "Sales tax filing",
    "Form 990 nonprofit return",
    "Estimated tax planning",
    "Audit support",
)

_STAGES = ("Intake", "Waiting on client", "Preparation", "Review", "Signature", "Filed")

_SURNAMES = (
    "Alvarez",
    "Brennan",
    "Chowdhury",
    "Dubois",
    "Eriksen",
    "Fitzgerald",
    "Guerrero",
    "Hoffmann",
    "Ishikawa",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrov",
    "Quintero",
    "Rasmussen",
    "Schneider",
    "Tanaka",
    "Underwood",
    "Vasquez",
    "Whitfield",
    "Yamamoto",
)
_COMPANY_SUFFIXES = ("LLC", "Holdings LLC", "& Sons Inc.", "Partners LP", "Family Trust", "Dental PC", "Farms")


def _sentence_text(rng: random.Random, length: int) -> str:
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(_WORDS)
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def build_firm(job_count: int, seed: int = 2) -> tuple[schema.RawData, dict[str, int]]:
    """A complete raw firm file of ``job_count`` jobs and the shape facts the benchmark needs."""
    rng = random.Random(seed)
    users = [User(id=1, login="owner", name="Olivia Owner", role="owner")]
    users += [
        User(id=index, login=f"staff{index}", name=f"{rng.choice(_SURNAMES)} Staff {index}", role="employee")
        for index in range(2, 19)
    ]
    logins = [user.login for user in users]

    accounts = []
    for index in range(1, 301):
        surname = rng.choice(_SURNAMES)
        name = f"{surname} {rng.choice(_COMPANY_SUFFIXES)}" if index % 3 else f"{surname}, {rng.choice(_SURNAMES)[0]}."
        tags = rng.sample(["individual", "business", "monthly", "quarterly", "vip", "nonprofit", "payroll"], k=2)
        accounts.append(Account(id=index, name=f"{name} #{index}", tags=tags))
    contacts = [
        Contact(id=index, login=f"client{index}", name=f"Contact {index}", account_ids=[index])
        for index in range(1, 201)
    ]

    statuses = default_statuses()
    extra = (
        "Waiting on you",
        "Documents received",
        "Ready to sign",
        "Filed with the IRS",
        "Payment due",
        "Accepted",
        "Rejected - action needed",
    )
    colors = ("red", "teal", "gray", "blue", "orange", "green", "red")
    for name, color in zip(extra, colors, strict=True):
        position = len(statuses)
        statuses.append(
            StatusTemplate(
                id=position + 1, name=name, color=color, description=_sentence_text(rng, 80), position=position
            )
        )
    status_ids = [status.id for status in statuses]

    stages = []
    for index, name in enumerate(_STAGES):
        automations = []
        if index in (1, 3, 5):
            automations.append(
                UpdateClientStatus(
                    id=index + 1, visible=True, status_id=status_ids[index], description=_sentence_text(rng, 60)
                )
            )
        stages.append(Stage(id=index + 1, name=name, automations=automations))
    pipeline = Pipeline(id=1, name="Client work", position=0, stages=stages, show_client_status_on_cards=True)
    stage_ids = [stage.id for stage in stages]

    templates = [
        JobTemplate(
            id=index + 1,
            name=service[:80],
            pipeline_id=1,
            stage_id=1,
            job_name=service,
            assignees=[logins[index + 1]],
            client_status=ClientStatusPreset(visible=True, status_id=1, name_for_client=service[:120]),
        )
        for index, service in enumerate(_SERVICES)
    ]

    base = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    jobs = []
    for job_id in range(1, job_count + 1):
        service_index = rng.randrange(len(_SERVICES))
        account = accounts[rng.randrange(len(accounts))]
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        created = base + timedelta(minutes=rng.randrange(400_000))
        updated = created + timedelta(minutes=rng.randrange(50_000))
        visible = rng.random() < 0.85
        jobs.append(
            Job(
                id=job_id,
                name=f"2025 {_SERVICES[service_index]} - {account.name}",
                account_id=account.id,
                pipeline_id=1,
                stage_id=rng.choice(stage_ids),
                assignees=rng.sample(logins[1:], k=rng.randint(1, 3)),
                priority=rng.choice(("low", "medium", "medium", "high", "urgent")),
                start_date=start,
                due_date=start + timedelta(days=rng.randrange(15, 120)),
                notes=_sentence_text(rng, rng.randint(250, 450)),
                version=rng.randint(1, 12),
                created_at=created,
                updated_at=updated,
                template_id=service_index + 1,
                client_status=ClientStatus(
                    visible=visible,
                    name_for_client=f"Your {_SERVICES[service_index].lower()}" if visible else "",
                    status_id=rng.choice(status_ids) if visible else None,
                    description=_sentence_text(rng, rng.randint(60, 160)) if visible else "",
                    updated_at=updated if visible else None,
                    updated_by=rng.choice(logins) if visible else None,
                    via=rng.choice(("card", "bulk", "automation")) if visible else None,
                ),
            )
        )
    data = raw_firm(
        Firm(name="Benchmark & Co. CPAs"),
        {
            "users": users,
            "contacts": contacts,
            "accounts": accounts,
            "statuses": statuses,
            "pipelines": [pipeline],
            "job_templates": templates,
            "jobs": jobs,
        },
    )
    job_bytes = sum(len(orjson.dumps(doc)) for doc in data["jobs"].values())
    facts = {
        "jobs": job_count,
        "accounts": len(accounts),
        "contacts": len(contacts),
        "statuses": len(statuses),
        "stages": len(stages),
        "mean_job_bytes": round(job_bytes / max(job_count, 1)),
    }
    return data, facts


def write_firm(folder: Path, data: schema.RawData) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "firm.json"
    FirmStorage(path).create(data)
    return path


# ----------------------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def measure(operation: Callable[[int], Any], repetitions: int, warmup: int = 1) -> list[float]:
    """Milliseconds of ``operation(i)`` for each repetition, after ``warmup`` untimed runs."""
    settle()
    for index in range(warmup):
        operation(-1 - index)
        gc.collect()
    samples = []
    for index in range(repetitions):
        gc.collect()
        started = time.perf_counter()
        operation(index)
        samples.append((time.perf_counter() - started) * 1000.0)
    return samples


class Contention:
    """What other processes did to the machine meanwhile: this VM is shared and noisy."""

    cpu_percent: float  # of all CPUs, used by other processes (or stolen by the host)
    disk_mb: float  # written to the disk that holds the benchmark's files, by other processes

    def __init__(self, cpu_percent: float, disk_mb: float, seconds: float) -> None:
        self.cpu_percent = cpu_percent
        self.disk_mb = disk_mb
        self.seconds = seconds

    @property
    def quiet(self) -> bool:
        return self.cpu_percent < QUIET_PERCENT and self.disk_mb < QUIET_DISK_MB_PER_S * max(self.seconds, 1.0)

    @property
    def score(self) -> float:
        return self.cpu_percent + 10.0 * self.disk_mb / max(self.seconds, 1.0)

    def __str__(self) -> str:
        return f"{self.cpu_percent:3.0f}% {self.disk_mb:5.0f}"


class OtherLoad:
    """Counts the CPU time and disk writes of other processes between two calls of ``sample()``."""

    def __init__(self) -> None:
        self.device: tuple[int, int] | None = None
        self._last = self._read()

    def watch_disk_of(self, path: Path) -> None:
        status = os.stat(path)
        self.device = (os.major(status.st_dev), os.minor(status.st_dev))
        self._last = self._read()

    def _read(self) -> tuple[float, float, float, float, float]:
        now = time.monotonic()
        own = os.times()
        busy = 0.0
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                fields = [int(value) for value in stat.readline().split()[1:]]
            # user nice system idle iowait irq softirq steal: all but idle and iowait is busy
            busy = (sum(fields[:3]) + sum(fields[5:8])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError):
            pass
        device_bytes = own_bytes = 0.0
        if self.device is not None:
            try:
                with open("/proc/diskstats", encoding="ascii") as diskstats:
                    for line in diskstats:
                        parts = line.split()
                        if (int(parts[0]), int(parts[1])) == self.device:
                            device_bytes = int(parts[9]) * 512.0  # sectors written
                with open("/proc/self/io", encoding="ascii") as io:
                    own_bytes = float(dict(line.split(": ") for line in io.read().splitlines())["write_bytes"])
            except (OSError, ValueError, KeyError, IndexError):
                pass
        return now, busy, own.user + own.system, device_bytes, own_bytes

    def sample(self) -> Contention:
        """What other processes did since the previous call."""
        now, busy, own, device_bytes, own_bytes = current = self._read()
        last_now, last_busy, last_own, last_device, last_own_bytes = self._last
        self._last = current
        seconds = now - last_now
        cpu_seconds = seconds * (os.cpu_count() or 1)
        cpu = max(0.0, 100.0 * ((busy - last_busy) - (own - last_own)) / cpu_seconds) if cpu_seconds > 0 else 0.0
        disk = max(0.0, (device_bytes - last_device) - (own_bytes - last_own_bytes)) / 1e6
        return Contention(cpu, disk, seconds)


OTHER_LOAD = OtherLoad()
QUIET_PERCENT = 10.0
QUIET_DISK_MB_PER_S = 2.0
MAX_WAIT_S = 0.0  # set from --max-wait
ATTEMPTS = 1  # set from --attempts
T = TypeVar("T")


def settle() -> None:
    """Wait (up to MAX_WAIT_S) until other processes leave the CPUs and the disk alone; restart the count."""
    deadline = time.monotonic() + MAX_WAIT_S
    OTHER_LOAD.sample()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        if OTHER_LOAD.sample().quiet:
            break
    OTHER_LOAD.sample()


def quietly(run: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, Contention]:
    """``run(*args, **kwargs)`` and what other processes did meanwhile.

    When other processes were busy during the measurement it is taken again (up to
    ATTEMPTS times in all) and the quietest attempt is kept.
    """
    best: tuple[T, Contention] | None = None
    for _ in range(ATTEMPTS):
        result = run(*args, **kwargs)  # every measurement settles first, and restarts the count
        others = OTHER_LOAD.sample()
        if best is None or others.score < best[1].score:
            best = (result, others)
        if others.quiet:
            break
    assert best is not None
    return best


class Row:
    def __init__(
        self, label: str, size: str, samples: list[float], target: float | None, others: Contention, note: str = ""
    ) -> None:
        self.label = label
        self.size = size
        self.samples = samples
        self.target = target
        self.note = note
        self.others = others  # what other processes did while this row was measured

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p90(self) -> float:
        return percentile(self.samples, 0.9)

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "info"
        return "PASS" if self.median <= self.target else "MISS"


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'measurement':<52} {'size':>5} {'reps':>5} {'median ms':>10} {'p90 ms':>9} {'target':>8}  "
        f"{'verdict':<7} {'others: CPU MBw':>15}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        target = f"<= {row.target:g}" if row.target is not None else "-"
        print(
            f"{row.label:<52} {row.size:>5} {len(row.samples):>5} {row.median:>10.2f} {row.p90:>9.2f} {target:>8}  "
            f"{row.verdict:<7} {row.others!s:>15}" + (f"  {row.note}" if row.note else "")
        )
    print(
        "others = what other processes did while the row was measured: their share of the machine's CPUs\n"
        "(with what the host stole) and the MB they wrote to the same disk. Above ~10 % CPU or a few MB the\n"
        "figures of that row are inflated by contention (each row is retried up to --attempts times)."
    )


class StepTimer:
    """Collects per-step milliseconds over several runs of a sequence of steps."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}
        self.outside: set[str] = set()  # steps shown for information, not on the operation's path

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.samples.setdefault(step, []).append((time.perf_counter() - started) * 1000.0)

    def print(self, title: str, measured_median: float | None = None, others: Contention | None = None) -> None:
        print(title)
        total = 0.0
        width = max(len(step) for step in self.samples)
        for step, samples in self.samples.items():
            median = statistics.median(samples)
            if step not in self.outside:
                total += median
            mark = "  (not counted)" if step in self.outside else ""
            print(f"    {step:<{width}}  median {median:8.3f} ms   p90 {percentile(samples, 0.9):8.3f} ms{mark}")
        print(f"    {'sum of the counted medians':<{width}}  {total:15.3f} ms")
        if measured_median is not None:
            print(f"    {'measured median of the real operation':<{width}}  {measured_median:15.3f} ms")
        if others is not None:
            print(
                f"    (meanwhile other processes used {others.cpu_percent:.0f} % of the CPUs"
                f" and wrote {others.disk_mb:.0f} MB to the disk)"
            )


# ----------------------------------------------------------------------------------------
# The measurements
# ----------------------------------------------------------------------------------------


def bench_load(path: Path, repetitions: int) -> list[float]:
    def load(_: int) -> None:
        jobs = Repository(path).snapshot().jobs
        assert jobs

    return measure(load, repetitions)


def bench_single_update(path: Path, repetitions: int, *, audited: bool = False) -> list[float]:
    """One transaction saving one job, from a process that already holds the current snapshot.

    With ``audited`` the transaction also records one audit entry, as the services will.
    """
    repo = Repository(path)
    job_ids = sorted(repo.snapshot().jobs)
    rng = random.Random(7)

    def update(_: int) -> None:
        with repo.transaction() as tx:
            job = tx.jobs[rng.choice(job_ids)]
            stage_id = job.stage_id % 6 + 1
            tx.jobs.save(job.model_copy(update={"stage_id": stage_id}), expected_version=job.version)
            if audited:
                tx.record(
                    AuditEntry(
                        at=utc_now(),
                        op=f"bench-{rng.random()}",
                        operation="move",
                        user="staff2",
                        actor="staff2",
                        via="card",
                        job_id=job.id,
                        field="stage_id",
                        before=job.stage_id,
                        after=stage_id,
                    )
                )

    # Enough warm-up commits to fill the backup rotation, so every timed commit also prunes one.
    try:
        return measure(update, repetitions, warmup=BACKUPS + 2)
    finally:
        _settle_storage(repo)


def bench_update_other_writer(path: Path, repetitions: int) -> list[float]:
    """One job update right after another process committed: reload + revalidate + write."""
    repo = Repository(path)
    other = Repository(path)
    job_ids = sorted(repo.snapshot().jobs)
    rng = random.Random(8)

    def bump_from_other(_: int) -> None:
        with other.transaction() as tx:
            job = tx.jobs[rng.choice(job_ids)]
            tx.jobs.save(job.model_copy(update={"priority": "high"}), expected_version=job.version)

    samples = []
    settle()
    for index in range(repetitions + 1):
        bump_from_other(index)
        gc.collect()
        started = time.perf_counter()
        with repo.transaction() as tx:
            job = tx.jobs[rng.choice(job_ids)]
            tx.jobs.save(job.model_copy(update={"stage_id": job.stage_id % 6 + 1}), expected_version=job.version)
        if index:  # the first one is a warm-up
            samples.append((time.perf_counter() - started) * 1000.0)
    _settle_storage(repo)
    _settle_storage(other)
    return samples


def _settle_storage(repo: Repository) -> None:
    """Let the storage's background housekeeping (backup pruning) finish, if it has any."""
    settle_storage = getattr(repo.storage, "settle", None)
    if callable(settle_storage):
        settle_storage()


def bench_stock_tinydb(folder: Path, data: schema.RawData, repetitions: int) -> list[float]:
    """Stock TinyDB (default JSONStorage, which fsyncs each write) updating one document of the same data."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stock.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    db = TinyDB(path)
    table = db.table("jobs")
    job_ids = [int(doc_id) for doc_id in data["jobs"]]
    rng = random.Random(9)

    def update(_: int) -> None:
        table.update({"stage_id": rng.randint(1, 6)}, doc_ids=[rng.choice(job_ids)])

    try:
        return measure(update, repetitions, warmup=2)
    finally:
        db.close()


def bench_bulk_update(path: Path, repetitions: int, count: int = BULK_SIZE) -> list[float]:
    repo = Repository(path)
    job_ids = sorted(repo.snapshot().jobs)
    rng = random.Random(10)

    def update(_: int) -> None:
        chosen = rng.sample(job_ids, min(count, len(job_ids)))
        with repo.transaction() as tx:
            for job_id in chosen:
                job = tx.jobs[job_id]
                tx.jobs.save(job.model_copy(update={"stage_id": job.stage_id % 6 + 1}), expected_version=job.version)

    try:
        return measure(update, repetitions, warmup=BACKUPS + 2)
    finally:
        _settle_storage(repo)


def bench_filter(path: Path, repetitions: int) -> tuple[list[float], int]:
    repo = Repository(path)
    snapshot = repo.snapshot()
    # The busiest (stage, status) pair, so the result is not trivially empty.
    pairs: dict[tuple[int, int | None], int] = {}
    for job in snapshot.jobs.values():
        key = (job.stage_id, job.client_status.status_id)
        pairs[key] = pairs.get(key, 0) + 1
    (stage_id, status_id), _ = max(pairs.items(), key=lambda item: item[1])
    found: list[int] = []

    def run_filter(_: int) -> None:
        # snapshot() is part of what a screen does: it checks the file's generation first.
        jobs = repo.snapshot().jobs.values()
        found[:] = [
            job.id
            for job in jobs
            if job.stage_id == stage_id
            and job.client_status.status_id == status_id
            and not job.archived
            and not job.deleted
        ]

    samples = measure(run_filter, repetitions, warmup=2)
    return samples, len(found)


# ----------------------------------------------------------------------------------------
# Breakdowns: the pieces, timed one by one on the same data
# ----------------------------------------------------------------------------------------


def breakdown_load(path: Path, repetitions: int) -> StepTimer:
    from wipboard.store.repository import _LIST_ADAPTERS

    timer = StepTimer()
    settle()
    for _ in range(repetitions):
        gc.collect()
        with timer("read the file (page cache)"):
            raw = path.read_bytes()
        with timer("orjson.loads"):
            data = orjson.loads(raw)
        with timer("schema.shape_problem"):
            schema.shape_problem(data)
        with timer("pydantic validate jobs (TypeAdapter list[Job])"):
            _LIST_ADAPTERS["jobs"].validate_python(list(data["jobs"].values()))
        with timer("pydantic validate the other tables"):
            for name, adapter in _LIST_ADAPTERS.items():
                if name != "jobs":
                    adapter.validate_python(list(data[name].values()))
        del raw, data
    return timer


def breakdown_update(path: Path, folder: Path, repetitions: int, count: int) -> StepTimer:
    """The steps of a transaction saving ``count`` jobs, replayed one by one on a copy of the file.

    The I/O steps are the same system calls, in the same order, on a file of the
    same size in a folder on the same disk; backups rotate the same way, so the
    pruning unlinks the last name of an old file version, as the real one does.
    Serialization is timed both ways: the whole file through orjson (what a
    commit costs with no per-document cache) and re-encoding only the changed
    documents and joining the cached bytes of the others. Steps the code under
    test does not run on the caller's path are marked and left out of the sum.
    """
    folder.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=folder))  # a fresh one per attempt: its own backups
    target = folder / "firm.json"
    shutil.copyfile(path, target)
    data = orjson.loads(target.read_bytes())
    snapshot = Repository(path).snapshot()
    jobs = snapshot.jobs
    tables = {name: dict(items) for name, items in snapshot.tables.items()}
    del snapshot
    encoded = {
        name: {doc_id: orjson.dumps(doc_id) + b":" + orjson.dumps(doc) for doc_id, doc in table.items()}
        for name, table in data.items()
        if name != schema.META
    }
    caches_documents = hasattr(storage_module, "serialize_parts")  # the per-document cache of the storage
    prunes_in_background = hasattr(FirmStorage, "_prune_backups_in_background")
    job_ids = sorted(jobs)
    lock = FileLock(target.with_name(target.name + ".lock"), mode=FILE_MODE, thread_local=False)
    rng = random.Random(11)
    generation = data[schema.META][schema.META_DOC]["generation"]
    timer = StepTimer()
    whole = "serialize: whole file with orjson" + ("" if not caches_documents else " [no cache: not the path]")
    cached = "serialize: changed docs + join cached docs" + ("" if caches_documents else " [not the path]")
    prune = "prune backups (glob + unlink the oldest)" + (" [background thread]" if prunes_in_background else "")
    timer.outside = {whole if caches_documents else cached}
    if prunes_in_background:
        timer.outside.add(prune)

    settle()
    for index in range(repetitions + BACKUPS + 1):
        chosen = [jobs[job_id] for job_id in rng.sample(job_ids, min(count, len(job_ids)))]
        gc.collect()
        if index == BACKUPS + 1:
            timer.samples.clear()  # the rotation is full from here on: each commit prunes one backup
        with timer("lock acquire (filelock)"):
            lock.acquire()
        with timer("generation check (open + read 64 bytes)"), open(target, "rb") as file:
            file.read(64)
        # As JobChanges.save + TableChanges.put do it: the caller's copy, save's copy, then put's
        # validation from the JSON form and the JSON form of the validated job for the file.
        with timer(f"pydantic: {count} x save (2 model_copy, model_dump json, model_validate)"):
            validated = [
                Job.model_validate(
                    job.model_copy(update={"stage_id": job.stage_id % 6 + 1})
                    .model_copy(update={"version": job.version + 1, "updated_at": utc_now()})
                    .model_dump(mode="json", warnings=False)
                )
                for job in chosen
            ]
        with timer(f"pydantic: {count} x model_dump(mode='json') of the validated job"):
            raws = {str(job.id): job.model_dump(mode="json") for job in validated}
        data["jobs"].update(raws)
        data[schema.META][schema.META_DOC]["generation"] = generation + 1
        with timer(whole):
            payload = serialize(data)
        with timer(cached):
            rows = encoded["jobs"]
            for doc_id, doc in raws.items():
                rows[doc_id] = orjson.dumps(doc_id) + b":" + orjson.dumps(doc)
            meta = data[schema.META][schema.META_DOC]
            parts = [b'{"_meta":{"1":', orjson.dumps({"generation": meta["generation"], **meta}), b"}"]
            for name, table_rows in encoded.items():
                parts += [b",", orjson.dumps(name), b":{", b",".join(table_rows.values()), b"}"]
            parts.append(b"}")
        pieces = parts if caches_documents else [payload]  # the storage writes the parts one after the other
        with timer("sweep stray temporary files (glob)"):
            list(folder.glob(f".{target.name}.*.tmp"))
        temporary = folder / f".{target.name}.{os.getpid()}.{index}.tmp"
        with timer("open + write temporary file (page cache)"):
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.fchmod(descriptor, FILE_MODE)
            for piece in pieces:
                view = memoryview(piece)
                while view:
                    view = view[os.write(descriptor, view) :]
        with timer("fsync temporary file"):
            os.fsync(descriptor)
        with timer("close"):
            os.close(descriptor)
        with timer("hard-link backup of the outgoing file"):
            os.link(target, target.with_name(f"{target.name}.bak-{generation}"))
        with timer("os.replace"):
            os.replace(temporary, target)
        with timer("fsync the folder"):
            folder_descriptor = os.open(folder, os.O_RDONLY)
            os.fsync(folder_descriptor)
            os.close(folder_descriptor)
        with timer("lock release"):
            lock.release()
        with timer("snapshot merge (copy every table)"):
            for name, items in tables.items():
                merged = dict(items)
                if name == "jobs":
                    merged.update((job.id, job) for job in validated)
        with timer(prune):
            found = []
            for candidate in folder.glob(f"{target.name}.bak-*"):
                suffix = candidate.name.rsplit("-", 1)[-1]
                if suffix.isdigit():
                    found.append((int(suffix), candidate))
            for _, stale in sorted(found, reverse=True)[BACKUPS:]:
                os.unlink(stale)
        generation += 1
    return timer


def breakdown_stock(folder: Path, repetitions: int) -> StepTimer:
    """Where stock TinyDB's single update goes: it re-reads, re-parses and re-writes all of it with json."""
    path = folder / "stock.json"
    timer = StepTimer()
    settle()
    for _ in range(repetitions):
        gc.collect()
        with timer("read + json.load (every operation)"), open(path, encoding="utf-8") as file:
            loaded = json.load(file)
        with timer("json.dumps"):
            text = json.dumps(loaded)
        with timer("write in place + flush"), open(path, "r+", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            with timer("fsync"):
                os.fsync(file.fileno())
            file.truncate()
    return timer


# ----------------------------------------------------------------------------------------
# The run
# ----------------------------------------------------------------------------------------


def filesystem_of(path: Path) -> tuple[str, str]:
    """(mount point, filesystem type) that holds ``path``."""
    best = ("/", "?")
    resolved = str(path.resolve())
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                _, mount_point, fs_type, *_ = line.split()
                inside = resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")
                if inside and len(mount_point) >= len(best[0]):
                    best = (mount_point, fs_type)
    except OSError:
        pass
    return best


def code_state() -> str:
    """The commit of the code under test and whether the store has uncommitted changes."""
    import subprocess

    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--", "wipboard/store"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    changed = [line[3:] for line in dirty if line.strip()]
    return f"{head}" + (f" + uncommitted changes in {', '.join(changed)}" if changed else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=10_000, help="jobs in the main firm (default 10000)")
    parser.add_argument("--big-jobs", type=int, default=50_000, help="jobs in the large firm (default 50000)")
    parser.add_argument("--quick", action="store_true", help="skip the large firm")
    parser.add_argument(
        "--tmp-base",
        type=Path,
        default=DEFAULT_TMP_BASE,
        help=f"where to make the temporary folder (default {DEFAULT_TMP_BASE}; must be a real disk, not tmpfs)",
    )
    parser.add_argument("--reps", type=int, default=30, help="repetitions of the single update (default 30, min 15)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--max-wait",
        type=float,
        default=60.0,
        help="before each measurement, wait up to this many "
        f"seconds for other processes to use under {QUIET_PERCENT:g} %% of the CPUs (default 60)",
    )
    parser.add_argument(
        "--attempts",
        type=int,
        default=3,
        help="measure a row again, up to this many times in all, while other processes were busy (default 3)",
    )
    args = parser.parse_args(argv)
    global MAX_WAIT_S, ATTEMPTS
    MAX_WAIT_S = args.max_wait
    ATTEMPTS = max(1, args.attempts)
    args.reps = max(args.reps, 15)

    args.tmp_base.mkdir(parents=True, exist_ok=True)
    mount_point, fs_type = filesystem_of(args.tmp_base)
    if fs_type in ("tmpfs", "ramfs"):
        parser.error(f"{args.tmp_base} is on {fs_type}: fsync costs nothing there; choose a folder on a real disk")
    workdir = Path(tempfile.mkdtemp(prefix="bench-store-", dir=args.tmp_base))

    print(f"wipboard store benchmark  —  {datetime.now().isoformat(timespec='seconds')}")
    print(
        f"python {platform.python_version()}, tinydb {tinydb.__version__}, pydantic {pydantic.VERSION}, "
        f"orjson {orjson.__version__}; {os.cpu_count()} CPUs; {platform.platform()}"
    )
    print(f"code under test: {code_state()}")
    print(f"temporary folder {workdir} on {fs_type} (mounted at {mount_point}); backups kept: {BACKUPS}")
    rows: list[Row] = []
    try:
        started = time.perf_counter()
        data, facts = build_firm(args.jobs)
        path = write_firm(workdir / "main", data)
        print(
            f"firm: {facts['jobs']} jobs (mean {facts['mean_job_bytes']} bytes each as JSON), {facts['accounts']} accounts, "
            f"{facts['contacts']} contacts, {facts['statuses']} statuses, 1 pipeline of {facts['stages']} stages; "
            f"file {path.stat().st_size / 1e6:.1f} MB; built in {time.perf_counter() - started:.1f} s"
        )
        size = f"{args.jobs // 1000}k" if args.jobs % 1000 == 0 else str(args.jobs)
        print("measuring…", flush=True)
        OTHER_LOAD.watch_disk_of(workdir)

        load, others = quietly(bench_load, path, 15)
        rows.append(Row("1. open the file + load all jobs", size, load, TARGET_LOAD_MS, others))

        single, others = quietly(bench_single_update, path, args.reps)
        rows.append(Row("2. one durable job update (1 transaction, 1 job)", size, single, TARGET_UPDATE_MS, others))
        stock, others = quietly(bench_stock_tinydb, workdir / "stock", data, 15)
        ratio = statistics.median(stock) / statistics.median(single)
        rows.append(
            Row(
                "   same on stock TinyDB JSONStorage (table.update)",
                size,
                stock,
                None,
                others,
                f"stock / ours = {ratio:.1f}x",
            )
        )
        audited, others = quietly(bench_single_update, path, args.reps, audited=True)
        rows.append(Row("   same + one audit entry (appended and fsynced)", size, audited, None, others))
        other, others = quietly(bench_update_other_writer, path, 15)
        rows.append(
            Row("   one job update after another process wrote", size, other, None, others, "reload + revalidate")
        )

        bulk, others = quietly(bench_bulk_update, path, 15)
        rows.append(Row(f"3. one transaction updating {BULK_SIZE} jobs", size, bulk, TARGET_BULK_MS, others))

        (filtered, hits), others = quietly(bench_filter, path, 50)
        rows.append(
            Row(
                "4. filter jobs by stage + client status",
                size,
                filtered,
                TARGET_FILTER_MS,
                others,
                f"{hits} jobs match",
            )
        )

        big_data = None
        if not args.quick:
            del data
            gc.collect()
            big_data, _ = build_firm(args.big_jobs)
            big_path = write_firm(workdir / "big", big_data)
            big_size = f"{args.big_jobs // 1000}k" if args.big_jobs % 1000 == 0 else str(args.big_jobs)
            print(f"large firm: {args.big_jobs} jobs, file {big_path.stat().st_size / 1e6:.1f} MB", flush=True)
            big_single, others = quietly(bench_single_update, big_path, max(args.reps, 20))
            rows.append(
                Row("5. one durable job update (1 transaction, 1 job)", big_size, big_single, TARGET_UPDATE_MS, others)
            )
            big_stock, others = quietly(bench_stock_tinydb, workdir / "big-stock", big_data, 7)
            rows.append(
                Row(
                    "   same on stock TinyDB JSONStorage (table.update)",
                    big_size,
                    big_stock,
                    None,
                    others,
                    f"stock / ours = {statistics.median(big_stock) / statistics.median(big_single):.1f}x",
                )
            )
            big_load, others = quietly(bench_load, big_path, 5)
            rows.append(Row("   open the file + load all jobs", big_size, big_load, None, others))
            big_bulk, others = quietly(bench_bulk_update, big_path, 15)
            rows.append(Row(f"   one transaction updating {BULK_SIZE} jobs", big_size, big_bulk, None, others))

        print()
        print_table(rows)

        print()
        print("Where the time goes (each piece timed on its own, same data, same disk; medians):")
        timer, others = quietly(breakdown_load, path, 15)
        timer.print(f"  open + load, {size}:", statistics.median(load), others)
        timer, others = quietly(breakdown_update, path, workdir / "bd-single", args.reps, 1)
        timer.print(f"  one job update, {size}:", statistics.median(single), others)
        timer, others = quietly(breakdown_update, path, workdir / "bd-bulk", 15, BULK_SIZE)
        timer.print(f"  {BULK_SIZE}-job transaction, {size}:", statistics.median(bulk), others)
        timer, others = quietly(breakdown_stock, workdir / "stock", 7)
        timer.print(f"  stock TinyDB single update, {size}:", statistics.median(stock), others)
        if big_data is not None:
            timer, others = quietly(breakdown_update, big_path, workdir / "bd-big", max(args.reps, 20), 1)
            timer.print(f"  one job update, {big_size}:", statistics.median(big_single), others)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            try:
                args.tmp_base.rmdir()  # only if nothing else is in it
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
