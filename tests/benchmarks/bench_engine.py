"""Engine benchmark (issues 3 and 12): moves, bulk edits, the CLI, the demo generator, and undo.

    .venv/bin/python tests/benchmarks/bench_engine.py [--jobs 10000] [--repeat 15] [--undo 10000:1000,10000:10000,50000:1000]

Prints a table of medians (and p90) against each target, then a table of bulk edits beside
their undo (``--undo FIRM_JOBS:EDITED_JOBS,…``; ``--undo ""`` skips it). Not part of the test run.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wipboard.store.audit import AuditLog
from wipboard.store.demo import DEMO_OWNER, write_demo
from wipboard.store.identity import resolve_actor
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import status_history, undo_last
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.pipelines import AutomationFields, add_automation

ROOT = Path(__file__).resolve().parents[2]


def timed(action: Callable[[], object], repeat: int, setup: Callable[[], object] | None = None) -> list[float]:
    samples = []
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def row(name: str, samples: list[float], target_ms: float) -> str:
    median = statistics.median(samples)
    p90 = sorted(samples)[max(0, int(len(samples) * 0.9) - 1)]
    verdict = "PASS" if median <= target_ms else "MISS"
    return f"| {name:<52} | {median:>9.1f} | {p90:>9.1f} | {target_ms:>8.0f} | {verdict} |"


def undo_row(folder: Path, firm_jobs: int, edited: int, repeat: int) -> str:
    """A bulk edit of ``edited`` jobs on a firm of ``firm_jobs``, then its undo, ``repeat`` times:
    medians of their times and of the longest lock hold of each.

    Target (R15): the undo takes at most 1.5× its edit, and holds the lock no longer than the edit did.
    """
    path = folder / f"undo-{firm_jobs}-{edited}.json"
    write_demo(path, jobs=firm_jobs)
    repo = Repository(path)
    actor = resolve_actor(repo.snapshot(), DEMO_OWNER, None, firm_path=str(path))
    ids = list(repo.snapshot().jobs)[:edited]  # archived and trashed jobs too: "10 000" means every job

    def measured(action: Callable[[], object]) -> tuple[float, float]:
        repo.storage.lock_holds = []
        gc.collect()
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
        holds, repo.storage.lock_holds = repo.storage.lock_holds, None
        return elapsed * 1000, max(holds) * 1000

    edits, undos = [], []
    for _ in range(repeat):
        edits.append(measured(lambda: bulk_edit(repo, actor, ids, BulkEdit(visibility="show", status="In review"))))
        undos.append(measured(lambda: undo_last(repo, actor)))
    edit_ms, edit_lock_ms = (statistics.median(sample) for sample in zip(*edits))
    undo_ms, undo_lock_ms = (statistics.median(sample) for sample in zip(*undos))
    history_ms = statistics.median(timed(lambda: status_history(repo, actor, ids[-1]), 5))
    verdict = "PASS" if undo_ms <= 1.5 * edit_ms and undo_lock_ms <= edit_lock_ms else "MISS"
    name = f"{len(ids):,} of {firm_jobs:,} jobs".replace(",", " ")
    return (
        f"| {name:<24} | {edit_ms:>9.0f} | {edit_lock_ms:>9.0f} | {undo_ms:>9.0f} | {undo_lock_ms:>9.0f} "
        f"| {undo_ms / edit_ms:>9.2f} | {history_ms:>9.0f} | {verdict} |"
    )


def print_undo_table(folder: Path, sizes: list[tuple[int, int]], repeat: int) -> None:
    print(f"\nbulk edit and its undo (ms, medians of {repeat}; lock: the longest the firm file's lock was held)")
    print("target: undo ≤ 1.5 × edit, undo's lock ≤ edit's lock; history: one job's status history, read from the whole log\n")
    header = ["edit", "edit lock", "undo", "undo lock", " ratio", "history"]
    print(f"| {'bulk edit':<24} | " + " | ".join(f"{name:>9}" for name in header) + " |      |")
    print(f"|{'-' * 26}|" + "|".join("-" * 11 for _ in header) + "|------|", flush=True)
    for firm_jobs, edited in sizes:
        print(undo_row(folder, firm_jobs, edited, repeat), flush=True)  # row by row: an undo may take minutes


def parse_sizes(text: str) -> list[tuple[int, int]]:
    pairs = [part.split(":") for part in text.split(",") if part.strip()]
    return [(int(firm_jobs), int(edited)) for firm_jobs, edited in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--undo", default="10000:1000,10000:10000,50000:1000", help="FIRM_JOBS:EDITED_JOBS,… ('' skips)")
    parser.add_argument("--undo-repeat", type=int, default=3, help="edit-and-undo rounds per row")
    parser.add_argument("--only-undo", action="store_true", help="run only the table of bulk edits and their undo")
    args = parser.parse_args()
    if args.only_undo:
        folder = Path(tempfile.mkdtemp(prefix="wipboard-bench-", dir=ROOT))
        try:
            print_undo_table(folder, parse_sizes(args.undo), args.undo_repeat)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    folder = Path(tempfile.mkdtemp(prefix="wipboard-bench-", dir=ROOT))
    try:
        path = folder / "firm.json"
        audit = AuditLog(path)
        demo_samples = timed(
            lambda: (path.unlink(missing_ok=True), audit.path.unlink(missing_ok=True), write_demo(path, jobs=args.jobs)), 3
        )
        repo = Repository(path)
        actor = resolve_actor(repo.snapshot(), DEMO_OWNER, None, firm_path=str(path))
        snapshot = repo.snapshot()
        pipeline = next(p for p in snapshot.pipelines.values() if p.name == "Individual tax return")
        review = next(s for s in pipeline.stages if s.name == "Review")
        # A second automation on the target stage: "a stage with two automations".
        add_automation(repo, actor, pipeline.id, review.id, AutomationFields(visible=True, status="In review", description="Checking."))
        movable = [job.id for job in repo.snapshot().jobs.values() if job.pipeline_id == pipeline.id and job.stage_id != review.id][: args.repeat * 2]
        moves = iter(movable)
        move_samples = timed(lambda: move_jobs(repo, actor, [next(moves)], review.id), args.repeat)

        ids = [job.id for job in repo.snapshot().jobs.values() if not job.archived and not job.deleted][:1000]
        flip = iter(["In review", "In progress"] * args.repeat)
        bulk_samples = timed(lambda: bulk_edit(repo, actor, ids, BulkEdit(visibility="show", status=next(flip))), max(5, args.repeat // 3))

        environment = {**os.environ, "WIPBOARD_DB": str(path)}
        command = [str(Path(sys.executable).with_name("wipboard")), "--as", DEMO_OWNER, "jobs", "list", "--json"]
        cli_samples = timed(lambda: subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True), 5)

        print(f"\nwipboard engine benchmark — {args.jobs} jobs, {os.cpu_count()} cores, medians of repeated runs (ms)\n")
        print(f"| {'operation':<52} | {'median':>9} | {'p90':>9} | {'target':>8} |      |")
        print(f"|{'-' * 54}|{'-' * 11}|{'-' * 11}|{'-' * 10}|------|")
        print(row("move one job into a stage with two automations", move_samples, 30))
        print(row("bulk edit of 1 000 jobs (validation + audit)", bulk_samples, 150))
        print(row("`wipboard jobs list --json`, whole process", cli_samples, 1500))
        print(row(f"`wipboard demo --jobs {args.jobs}` (write_demo)", demo_samples, 10_000))
        if parse_sizes(args.undo):
            print_undo_table(folder, parse_sizes(args.undo), args.undo_repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
