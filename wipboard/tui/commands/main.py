"""``wipboard``: the command line entry point (SPEC §3).

Every command works through the same services as the screens. A refusal the
user can fix (permission, conflict, validation, a bad firm file) is printed as
one sentence on stderr with exit status 1; a usage error exits with 2.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from pathlib import Path

import click

from wipboard.store.errors import StoreError
from wipboard.store.firm_file import default_path
from wipboard.store.open_store import create_firm_at, write_demo_at
from wipboard.tui.commands.context import (
    CliContext,
    at_most_one,
    db_option_value,
    firm_options,
    open_session,
    pass_cli,
    refusals_as_exit_1,
)
from wipboard.tui.commands.lazy_group import LazyGroup
from wipboard.tui.commands.output import say


# Each subcommand by the module that holds it (its ``COMMANDS``), loaded when it runs.
SUBCOMMANDS = {
    "jobs": "wipboard.tui.commands.jobs",
    **dict.fromkeys(("portal", "undo"), "wipboard.tui.commands.portal"),
    **dict.fromkeys(("users", "accounts"), "wipboard.tui.commands.people"),
    **dict.fromkeys(("pipelines", "statuses", "templates"), "wipboard.tui.commands.settings"),
    "notify": "wipboard.tui.commands.notify",
    **dict.fromkeys(("migrate", "copy"), "wipboard.tui.commands.stores"),
}


@click.group(
    cls=LazyGroup, lazy=SUBCOMMANDS, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    "db_path",
    metavar="PATH|URL",
    envvar="WIPBOARD_DB",
    show_envvar=False,
    help="Firm file, or postgresql://USER@HOST:PORT/DBNAME (default: $WIPBOARD_DB, else firm.json in your user data folder).",
)
@click.option(
    "--as", "as_login", metavar="LOGIN", help="Act as another user (owner, admin and root only, or in a demo firm)."
)
@click.option("--demo", is_flag=True, help="Open a fresh demo firm, as its owner (it says where its file is).")
@click.version_option(package_name="wipboard", message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context, db_path: str | None, as_login: str | None, demo: bool) -> None:
    """wipboard: move jobs through pipelines and keep your clients informed.

    \b
    Examples:
      wipboard init                      create your firm file, you as its owner
      wipboard jobs list --visible       jobs whose status clients can see
      wipboard --demo                    try it on a demo firm
    """
    ctx.obj = CliContext(db=db_option_value(db_path) if db_path else str(default_path()), as_login=as_login)
    if demo:
        # --demo opens a fresh demo firm: a firm file named on the command line, or a command, would be ignored.
        from_command_line = ctx.get_parameter_source("db_path") == click.core.ParameterSource.COMMANDLINE
        at_most_one(("--demo", demo), ("--db", db_path if from_command_line else None))
        at_most_one(("--demo", demo), (f"the command {ctx.invoked_subcommand!r}", ctx.invoked_subcommand))
    if ctx.invoked_subcommand is not None:
        return
    if demo:
        from wipboard.store.demo import (  # only the demo needs the generator
            DEMO_OWNER,
            write_demo,
        )

        demo_path = fresh_demo_path()
        ctx.obj.db = str(demo_path)
        write_demo(demo_path)
        ctx.obj.as_login = as_login or DEMO_OWNER
        say(demo_announcement(demo_path), err=True)  # before the app takes the screen; still there once it quits
        open_app(ctx.obj)
        return
    open_app(ctx.obj)


@main.command(short_help="Create an empty firm, you as its owner.")
@firm_options
@click.option("--owner", "owner_login", metavar="LOGIN", help="Login of the firm's owner (default: your login).")
@click.option("--name", "firm_name", default="Our firm", show_default=True, help="The firm's name.")
@pass_cli
@refusals_as_exit_1
def init(cli: CliContext, owner_login: str | None, firm_name: str) -> None:
    """Create an empty firm: the five default statuses, one pipeline and its owner.

    On PostgreSQL this also creates the schema (the owner defaults to your database role).

    \b
    Examples:
      wipboard init --db ~/firm.json --owner ana
      wipboard init --db postgresql://ana@db.example.com/firm
    """
    if cli.on_database:
        from wipboard.store.postgres.load import database_login

        owner = owner_login or database_login(cli.db)
    else:
        owner = owner_login or cli.os_login()
    create_firm_at(cli.db, owner_login=owner, firm_name=firm_name).close()
    say(f"Created {cli.where} with owner {owner}.")


@main.command("demo", short_help="Write a demo firm to a file or database you name.")
@firm_options
@click.option(
    "--jobs",
    "job_count",
    type=click.IntRange(min=0, max=200_000),
    default=200,
    show_default=True,
    help="How many jobs.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same firm.")
@pass_cli
@refusals_as_exit_1
def demo_command(cli: CliContext, job_count: int, seed: int) -> None:
    """Write a deterministic demo firm (refuses to replace an existing file or a database's firm).

    \b
    Examples:
      wipboard demo --db /tmp/demo.json --jobs 500
      wipboard demo --db postgresql://ana@localhost/demo
      wipboard --db /tmp/demo.json
    """
    from wipboard.store.demo import DEMO_OWNER  # only the demo needs the generator

    if cli.db == str(default_path()) and not os.environ.get("WIPBOARD_DB"):
        raise click.UsageError("say where to write the demo firm: wipboard demo --db PATH")
    write_demo_at(cli.db, jobs=job_count, seed=seed)
    say(f"Wrote a demo firm with {job_count} jobs to {cli.where}; its owner is {DEMO_OWNER}.")


def run() -> None:
    """Console-script entry: exit 1 on a refusal, 2 on a usage error (click's own)."""
    try:
        main(standalone_mode=True)
    except StoreError as error:  # pragma: no cover - commands catch their own
        say(f"wipboard: {error}", err=True)
        sys.exit(1)


def fresh_demo_path() -> Path:
    """A new folder for ``--demo``, so that every demo starts from the same firm; it stays after the
    app quits, so that what was tried can be opened again."""
    return Path(tempfile.mkdtemp(prefix="wipboard-demo-")) / "firm.json"


def demo_announcement(path: Path) -> str:
    """The line ``--demo`` prints as it starts: where its firm file is and how to open it again."""
    return f"Demo firm: {path} (a copy you can change; `wipboard --db {shlex.quote(str(path))}` opens it again)"


def open_app(cli: CliContext) -> None:
    """Open the terminal app on the firm file: the firm and the acting user are checked first
    (errors end here, as a sentence)."""
    from wipboard.tui.shell.launch import launch  # Textual loads only when the app opens

    repo, actor = open_session(cli)
    launch(repo, actor)
