"""The ``wipboard`` command's entry point (and ``python -m wipboard``'s).

Its modules load with Python's cycle collector paused: importing makes hundreds of thousands
of objects that live as long as the process and no garbage, and the collector walked them
again and again (a twentieth of the app's start). Once loaded they are frozen, so no later
collection walks them either (``store/gc_pause.py``).
"""

from __future__ import annotations

from wipboard.store.gc_pause import gc_paused


def run() -> None:
    with gc_paused():
        from wipboard.tui.commands.main import run as main
    main()
