"""Opening the terminal app once the command line has found the firm and the acting user."""

from __future__ import annotations

from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository


def launch(repo: FirmRepository, actor: Actor) -> None:
    """Run the app on an open firm (a file or a database) as ``actor``, then close the firm."""
    from wipboard.tui.kit.session import Session
    from wipboard.tui.shell.app import WipboardApp  # Textual loads only when the app opens

    try:
        WipboardApp(Session(repo, actor)).run()
    finally:
        repo.close()  # a database's connections go with the app; nothing to close for a file
