"""``python -m wipboard`` — the same as the ``wipboard`` command."""

from wipboard.entry import run

run()
