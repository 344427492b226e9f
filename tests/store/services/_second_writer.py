"""A second staff member's process, writing while a first one runs a big undo (R16).

    python _second_writer.py FIRM_PATH STOP_FILE

Prints ``loaded`` once it has read the firm; at a line on stdin reads it again (the first
process has changed it meanwhile) and prints ``ready``; at a second line adds an account every
tenth of a second until STOP_FILE exists (at least once), and prints one JSON line:
``[[wall-clock start, seconds the write took], …]``. A failed write ends it with exit 1.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(path: str, stop_file: str) -> None:
    from wipboard.store.identity import resolve_actor
    from wipboard.store.repository import Repository
    from wipboard.store.services.people import add_account

    repo = Repository(path)
    actor = resolve_actor(repo.snapshot(), "olivia", None, firm_path=path)
    print("loaded", flush=True)
    sys.stdin.readline()
    repo.snapshot()
    print("ready", flush=True)
    sys.stdin.readline()
    writes: list[tuple[float, float]] = []
    while not writes or not Path(stop_file).exists():
        began, start = time.time(), time.perf_counter()
        add_account(repo, actor, f"Second writer {len(writes) + 1}")
        writes.append((began, time.perf_counter() - start))
        time.sleep(0.1)
    print(json.dumps(writes), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
