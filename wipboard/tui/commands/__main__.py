"""``python -m wipboard.tui.commands`` — the same as the ``wipboard`` command."""

from wipboard.entry import run

run()
