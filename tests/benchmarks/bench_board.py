"""Board benchmark (issue 4): start, cursor move, `L` move and memory with 1 000 and 10 000 jobs.

    .venv/bin/python tests/benchmarks/bench_board.py [--runs 5]

Each figure is the median of fresh processes, headless (``App.run_test``).
Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: time from process start to the board's first frame,
# then a cursor move and an `L` move measured inside the app, then peak RSS.
PROBE = r"""
import time
STARTED = time.perf_counter()
import asyncio, json, resource, sys
from pathlib import Path

async def main(path, mode):
    from textual.app import App
    from textual.widgets import Label
    if mode == "bare":
        class Bare(App):
            def compose(self):
                yield Label("hello")
        app = Bare()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            first = time.perf_counter() - STARTED
            t = time.perf_counter(); await pilot.press("x"); floor = time.perf_counter() - t
        print(json.dumps({"start": first, "pilot_floor": floor}))
        return
    from wipboard.store.identity import resolve_actor
    from wipboard.store.repository import Repository
    from wipboard.tui.shell.app import WipboardApp
    from wipboard.tui.kit.session import Session
    from wipboard.tui.kit.widgets.card_column import CardColumn
    repo = Repository(path)
    actor = resolve_actor(repo.snapshot(), "olivia", None, firm_path=path)
    app = WipboardApp(Session(repo, actor), keymap={})
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        board = app.screen
        while not any(column.cards for column in board.query(CardColumn)):
            await pilot.pause(0.01)
        first = time.perf_counter() - STARTED
        # Key to repainted frame, through Pilot (its own press-and-pause floor is printed beside).
        cursor = []
        for key in "jjjjjkkkkkjjjjj":
            t = time.perf_counter(); await pilot.press(key); cursor.append(time.perf_counter() - t)
        moves = []
        await pilot.press("g")
        for _ in range(9):
            column = board.focused_column()
            if column is None or not column.cards:
                break
            if column.stage_id == board.pipeline.stages[-1].id:
                await pilot.press("h", "h", "h", "h", "h")
                continue
            t = time.perf_counter(); await pilot.press("L"); moves.append(time.perf_counter() - t)
            await pilot.press("h")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"start": first, "cursor": sorted(cursor)[len(cursor) // 2], "move": sorted(moves)[len(moves) // 2] if moves else None, "rss": rss}))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def one_pipeline_firm(path: Path, jobs: int) -> None:
    """A demo firm with ``jobs`` jobs, all moved into the first pipeline (the board's worst case)."""
    from wipboard.store.demo import build_demo
    from wipboard.store.storage import FirmStorage

    data = build_demo(jobs=jobs, seed=1)
    first_stage = {1: 1, 2: 7, 3: 12}
    for document in data["jobs"].values():
        if document["pipeline_id"] != 1:
            document["pipeline_id"] = 1
            document["stage_id"] = first_stage[1] + (document["id"] % 5)
            document["template_id"] = None
    FirmStorage(path).create(data)


def probe(path: Path, mode: str) -> dict[str, float]:
    environment = {**os.environ, "TEXTUAL": ""}
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), mode], capture_output=True, text=True, env=environment, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wipboard-bench-board-", dir=ROOT))
    try:
        bare = [probe(folder / "none", "bare") for _ in range(args.runs)]
        print(f"\nwipboard board benchmark — {os.cpu_count()} cores, medians of {args.runs} fresh processes\n")
        floor = statistics.median(r["pilot_floor"] for r in bare) * 1000
        print(f"bare Textual app, one label: start {statistics.median(r['start'] for r in bare) * 1000:.0f} ms; "
              f"Pilot press-to-frame floor {floor:.0f} ms (in the columns below: Pilot time − floor = in-app time)\n")
        print("| jobs   | start→first frame (≤1000 ms) | cursor key→frame, in app (≤50 ms) | L move + write, in app (≤100 ms) | peak RSS (≤250 MB) |")
        print("|--------|------------------------------|-----------------------------------|----------------------------------|--------------------|")
        for jobs in (1_000, 10_000):
            path = folder / f"firm-{jobs}.json"
            one_pipeline_firm(path, jobs)
            runs = [probe(path, "board") for _ in range(args.runs)]
            start = statistics.median(r["start"] for r in runs) * 1000
            cursor = statistics.median(r["cursor"] for r in runs) * 1000 - floor
            move = statistics.median(r["move"] for r in runs if r["move"] is not None) * 1000 - floor
            rss = statistics.median(r["rss"] for r in runs)
            print(f"| {jobs:>6} | {start:>28.0f} | {cursor:>20.1f} | {move:>24.1f} | {rss:>18.0f} |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
