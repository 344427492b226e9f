"""Board benchmark (issues 4 and 17): process start to the board's settled first frame (columns at
their final width, cards drawn), whether a column widened after it, cursor and `L` moves (the
first apart from the later ones) and memory, with 1 000 and 10 000 jobs, beside a bare Textual app.

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

# Runs in a fresh interpreter: time from process start to the board's *settled* first frame
# (every column at its final width, cards drawn), whether any column was laid out at another
# width first, then cursor moves and `L` moves measured inside the app (the first apart from
# the later ones), then peak RSS.
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
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            first = time.perf_counter() - STARTED
            t = time.perf_counter(); await pilot.press("x"); floor = time.perf_counter() - t
        print(json.dumps({"start": first, "pilot_floor": floor}))
        return
    from wipboard.store.gc_pause import gc_paused
    with gc_paused():  # as the wipboard command loads its modules (wipboard/entry.py)
        from wipboard.store.identity import resolve_actor
        from wipboard.store.repository import Repository
        from wipboard.tui.shell.app import WipboardApp
        from wipboard.tui.kit.session import Session
        from wipboard.tui.kit.widgets.card_column import CardColumn
        from wipboard.screens.board import column_width
    widths = set()  # every width a column was painted at: more than one is a visible jump
    render_line = CardColumn.render_line
    def recorded(column, y):
        widths.add(column.size.width)
        return render_line(column, y)
    CardColumn.render_line = recorded
    repo = Repository(path)
    actor = resolve_actor(repo.snapshot(), "olivia", None, firm_path=path)
    app = WipboardApp(Session(repo, actor), keymap={})
    async with app.run_test(size=(160, 48)) as pilot:
        def settled():
            screen = app.screen
            columns = list(screen.query(CardColumn)) if hasattr(screen, "pipeline") else []
            if not columns or not any(column.cards for column in columns):
                return False
            box = columns[0].parent
            final = column_width(box.parent.size.width, len(columns)) if box.parent.size.width else -1
            return all(column.parent.size.width == final for column in columns)
        while not settled():
            await pilot.pause(0.002)
        first = time.perf_counter() - STARTED
        board = app.screen
        await pilot.pause(0.3)  # the user reads the board a moment before the first key
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
    later = sorted(moves[1:])
    print(json.dumps({
        "start": first, "widened": len(widths) > 1, "widths": sorted(widths),
        "cursor": sorted(cursor)[len(cursor) // 2],
        "first_move": moves[0] if moves else None, "later_moves": later[len(later) // 2] if later else None,
        "rss": rss,
    }))

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
        firms = {}
        for jobs in (1_000, 10_000):
            firms[jobs] = folder / f"firm-{jobs}.json"
            one_pipeline_firm(firms[jobs], jobs)
        # One run: the bare app and both firms interleaved, so a busy moment of the machine weighs on all alike.
        bare: list[dict[str, float]] = []
        runs: dict[int, list[dict[str, float]]] = {jobs: [] for jobs in firms}
        for _ in range(args.runs):
            bare.append(probe(folder / "none", "bare"))
            for jobs, path in firms.items():
                runs[jobs].append(probe(path, "board"))
        floor = statistics.median(r["pilot_floor"] for r in bare) * 1000
        bare_start = statistics.median(r["start"] for r in bare) * 1000
        print(f"\nwipboard board benchmark — {os.cpu_count()} cores (shared: other work runs beside it), "
              f"medians of {args.runs} fresh processes, 160×48\n")
        print(f"bare Textual app, one label: start {bare_start:.0f} ms; "
              f"Pilot press-to-frame floor {floor:.0f} ms (below: Pilot time − floor = in-app time)\n")
        print("| jobs   | start→settled frame (≤400 ms) | widened after first frame | cursor key (≤50 ms) "
              "| first L move | later L moves | peak RSS |")
        print("|--------|-------------------------------|---------------------------|---------------------"
              "|--------------|---------------|----------|")
        for jobs, results in runs.items():
            start = statistics.median(r["start"] for r in results) * 1000
            widened = sum(bool(r["widened"]) for r in results)
            cursor = statistics.median(r["cursor"] for r in results) * 1000 - floor
            first = statistics.median(r["first_move"] for r in results if r["first_move"] is not None) * 1000 - floor
            later = statistics.median(r["later_moves"] for r in results if r["later_moves"] is not None) * 1000 - floor
            rss = statistics.median(r["rss"] for r in results)
            print(f"| {jobs:>6} | {start:>29.0f} | {f'{widened} of {len(results)} runs':>25} | {cursor:>16.1f} ms "
                  f"| {first:>9.1f} ms | {later:>10.1f} ms | {rss:>5.0f} MB |")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
