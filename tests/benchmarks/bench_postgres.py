"""Benchmark: the firm on PostgreSQL beside the firm file (issue 14, section "Benchmark").

Run it by hand; it is not part of the test suite::

    .venv/bin/python tests/benchmarks/bench_postgres.py [--jobs 10000 100000] [--rounds 5]

For each size it writes the demo firm (``build_demo_files``: realistic jobs, accounts,
automations and a status history) into a firm file on the project's disk and into a
database of a throw-away PostgreSQL server started for the run (durable settings: fsync
and synchronous commit on, as a firm's server would have), then times on both:

1. open: a new repository and its first snapshot (every job validated),
2. one durable move with its automations (``move_jobs``, as the board's ``L``),
3. a bulk edit of 1 000 jobs (``bulk_edit``, one transaction),
4. the reload after another process changed one job (the other writer is a second
   repository, with its own connection or its own file cache),
5. ``wipboard jobs list --json`` as a whole process (start-up included).

Each figure is the median of ``--rounds`` rounds (the open and the whole process: of 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from postgres.pg_server import start_server  # noqa: E402

from wipboard.store.demo import DEMO_OWNER, build_demo_files, write_demo  # noqa: E402
from wipboard.store.identity import Actor, actor_for  # noqa: E402
from wipboard.store.interface import FirmRepository  # noqa: E402
from wipboard.store.open_store import entries_of, open_repository  # noqa: E402
from wipboard.store.postgres.load import load_firm  # noqa: E402
from wipboard.store.services.client_status import BulkEdit, bulk_edit  # noqa: E402
from wipboard.store.services.moves import move_jobs  # noqa: E402

TARGETS_AT_100K = {"move": 10.0, "reload": 20.0, "bulk": 300.0, "open": 2000.0}
WIPBOARD = Path(sys.executable).with_name("wipboard")


def median_ms(operation: Callable[[int], Any], rounds: int) -> float:
    samples = []
    for round_number in range(rounds):
        start = time.perf_counter()
        operation(round_number)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _owner(repo: FirmRepository) -> Actor:
    actor = actor_for(repo.snapshot(), DEMO_OWNER)
    assert actor is not None
    return actor


def _movable(repo: FirmRepository) -> tuple[int, int, int]:
    """A job of the tax-return pipeline and two of its stages with automations, to move it between."""
    snapshot = repo.snapshot()
    pipeline = snapshot.pipelines[1]
    stages = [stage.id for stage in pipeline.stages if stage.automations] or [stage.id for stage in pipeline.stages]
    job = next(job for job in snapshot.jobs.values() if job.pipeline_id == 1 and not job.archived and not job.deleted)
    first, second = stages[0], stages[1] if len(stages) > 1 else pipeline.stages[0].id
    return job.id, first, second


def bench_store(db: str, rounds: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    figures["open"] = median_ms(lambda _: open_repository(db).snapshot(), 3)
    repo, other = open_repository(db), open_repository(db)
    owner = _owner(repo)
    job_id, first, second = _movable(repo)
    figures["move"] = median_ms(lambda n: move_jobs(repo, owner, [job_id], second if n % 2 == 0 else first), rounds)
    active = sorted(job.id for job in repo.snapshot().jobs.values() if not job.archived and not job.deleted)[:1000]
    figures["bulk"] = median_ms(
        lambda n: bulk_edit(repo, owner, active, BulkEdit(description=f"Bulk round {n}")), rounds
    )

    def reload(n: int) -> None:
        with other.transaction() as tx:  # another process's one-job change, outside the timing
            job = tx.jobs[active[n]]
            tx.jobs.save(job.model_copy(update={"notes": f"changed {n}"}), job.version)
        deadline = time.monotonic() + 5
        start = time.perf_counter()
        while not repo.changed_since(generation[0]):
            if time.monotonic() > deadline:
                raise RuntimeError("the other process's change was never seen")
            time.sleep(0.0005)
        snapshot = repo.snapshot()
        reload_times.append((time.perf_counter() - start) * 1000)
        generation[0] = snapshot.generation

    generation = [repo.snapshot().generation]
    reload_times: list[float] = []
    for n in range(rounds):
        reload(n)
    figures["reload"] = statistics.median(reload_times)
    env = {**os.environ, "WIPBOARD_DB": db}

    def whole_process(_: int) -> None:
        subprocess.run([str(WIPBOARD), "--as", DEMO_OWNER, "jobs", "list", "--json"], env=env, check=True,
                       stdout=subprocess.DEVNULL)

    figures["jobs list --json"] = median_ms(whole_process, 3)
    repo.close()
    other.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args(argv)
    server = start_server(durable=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-pg-", dir=Path(__file__).parents[2]))
    results: list[tuple[int, str, dict[str, float]]] = []
    try:
        for count in options.jobs:
            data, log = build_demo_files(count)
            path = folder / f"firm-{count}.json"
            write_demo(path, jobs=count)
            url = server.fresh_database()
            load_firm(url, data, entries_of(log)).close()
            del data, log
            for store, db in (("file", str(path)), ("PostgreSQL", url)):
                results.append((count, store, bench_store(db, options.rounds)))
                print(f"  {count} jobs, {store}: {results[-1][2]}", file=sys.stderr, flush=True)
    finally:
        server.stop()
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    print_table(results)
    return 0


def print_table(results: list[tuple[int, str, dict[str, float]]]) -> None:
    columns = ["open", "move", "bulk", "reload", "jobs list --json"]
    header = ["jobs", "store", "open (first snapshot)", "move + automations", "bulk edit 1 000", "reload after other",
              "jobs list --json"]
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for count, store, figures in results:
        cells = [f"{count:,}".replace(",", " "), store]
        for column in columns:
            value = figures[column]
            target = TARGETS_AT_100K.get(column) if store == "PostgreSQL" and count >= 100_000 else None
            mark = "" if target is None else (" ✓" if value <= target else f" ✗ (target {target:g})")
            cells.append(f"{value:.1f} ms{mark}")
        print(" | ".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
