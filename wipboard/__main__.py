"""``python -m wipboard`` — the same as the ``wipboard`` command."""

from wipboard.tui.commands.main import run

run()
