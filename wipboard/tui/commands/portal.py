"""``wipboard portal`` (what a client sees) and ``wipboard undo``."""

from __future__ import annotations

import click

from wipboard.store.portal import portal_for
from wipboard.store.services.history import undo_last
from wipboard.tui.commands.context import (
    JSON,
    CliContext,
    firm_options,
    open_session,
    pass_cli,
    refusals_as_exit_1,
)
from wipboard.tui.commands.output import echo_json, echo_messages


@click.command()
@firm_options
@click.argument("ref", metavar="ACCOUNT-OR-CONTACT", required=False)
@click.option("--history", is_flag=True, help="Add each item's status timeline (client-facing fields only).")
@JSON
@pass_cli
@refusals_as_exit_1
def portal(cli: CliContext, ref: str | None, history: bool, as_json: bool) -> None:
    """Exactly what a client sees in Work in progress. A contact needs no argument.

    \b
    Examples:
      wipboard portal "Rivera Family"
      wipboard portal mrivera --json
    """
    repo, actor = open_session(cli)
    view = portal_for(repo, actor, ref, with_history=history)
    if as_json:
        payload = view.model_dump(mode="json", include={"contact_or_account", "work_in_progress"}, exclude_none=True)
        echo_json(payload)
        return
    click.echo(f"Work in progress — {view.contact_or_account}")
    if not view.work_in_progress:
        click.echo("Nothing in progress right now.")
    for item in view.work_in_progress:
        click.echo(f"\n● {item.name}  [{item.status}]  ({item.account}, updated {item.updated_at:%Y-%m-%d %H:%M} UTC)")
        if item.description:
            click.echo(f"  {item.description}")
        for point in item.history or []:
            click.echo(f"    {point.at:%Y-%m-%d}  {point.status}")


@click.command()
@firm_options
@pass_cli
@refusals_as_exit_1
def undo(cli: CliContext) -> None:
    """Undo your last operation (card save, move with its automations, bulk edit…) as one step."""
    repo, actor = open_session(cli)
    echo_messages(undo_last(repo, actor).messages)


COMMANDS = (
    portal,
    undo,
)
