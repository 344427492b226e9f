"""Opening the terminal app from the command line."""

from __future__ import annotations

from wipboard.tui.commands.context import CliContext, open_session


def launch(cli: CliContext) -> None:
    """Check the firm (a file or a database) and the acting user (errors end here, as a sentence), then run the app."""
    from wipboard.tui.kit.session import Session
    from wipboard.tui.shell.app import WipboardApp  # Textual loads only when the app opens

    repo, actor = open_session(cli)
    try:
        WipboardApp(Session(repo, actor)).run()
    finally:
        repo.close()  # a database's connections go with the app; nothing to close for a file
