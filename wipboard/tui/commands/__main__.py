"""``python -m wipboard.tui.commands`` — the same as the ``wipboard`` command."""

from wipboard.tui.commands.main import run

run()
