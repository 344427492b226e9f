"""``wipboard``: the command line entry point (SPEC §3).

Every command works through the same services as the screens. A refusal the
user can fix (permission, conflict, validation, a bad firm file) is printed as
one sentence on stderr with exit status 1; a usage error exits with 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wipboard.store.errors import StoreError
from wipboard.store.firm_file import create_firm, default_path
from wipboard.tui.commands.context import CliContext, firm_options, pass_cli, refusals_as_exit_1


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="WIPBOARD_DB",
              help="Firm file to use (default: $WIPBOARD_DB, else firm.json in your user data folder).")
@click.option("--as", "as_login", metavar="LOGIN", help="Act as another user (owner and admin only, or in a demo firm).")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, as_login: str | None) -> None:
    """wipboard: move jobs through pipelines and keep your clients informed.

    \b
    Examples:
      wipboard init --owner $USER        create your firm file
      wipboard jobs list --visible       jobs whose status clients can see
      wipboard --demo                    try it on a demo firm
    """
    ctx.obj = CliContext(db_path=db_path or default_path(), as_login=as_login)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command()
@firm_options
@click.option("--owner", "owner_login", metavar="LOGIN", help="Login of the firm's owner (default: your login).")
@click.option("--name", "firm_name", default="Our firm", show_default=True, help="The firm's name.")
@pass_cli
@refusals_as_exit_1
def init(cli: CliContext, owner_login: str | None, firm_name: str) -> None:
    """Create an empty firm file: the five default statuses, one pipeline and its owner.

    \b
    Example:
      wipboard init --db ~/firm.json --owner ana
    """
    owner = owner_login or cli.os_login()
    create_firm(cli.db_path, owner_login=owner, firm_name=firm_name)
    click.echo(f"Created {cli.db_path} with owner {owner}.")


def run() -> None:
    """Console-script entry: exit 1 on a refusal, 2 on a usage error (click's own)."""
    try:
        main(standalone_mode=True)
    except StoreError as error:  # pragma: no cover - commands catch their own
        click.echo(f"wipboard: {error}", err=True)
        sys.exit(1)
