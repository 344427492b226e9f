"""Opening the terminal app from the command line."""

from __future__ import annotations

import click

from wipboard.tui.commands.context import CliContext, open_session


def launch(cli: CliContext) -> None:
    """Check the firm file and the acting user, then open the app on them."""
    repo, actor = open_session(cli)
    click.echo(
        f"{repo.path}: {len(repo.snapshot().jobs)} jobs, acting as {actor.describe()}.\n"
        "The full-screen board is not built yet; use the command line meanwhile — `wipboard --help`."
    )
