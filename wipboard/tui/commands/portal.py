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
from wipboard.tui.commands.output import echo_json, echo_messages, say


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
        shown = {"contact_or_account", "work_in_progress"} | ({"more_items_you_cannot_see"} if view.more_items_you_cannot_see else set())
        echo_json(view.model_dump(mode="json", include=shown, exclude_none=True))
        return
    say(f"Work in progress — {view.contact_or_account}")
    if not view.work_in_progress and not view.more_items_you_cannot_see:
        say("Nothing in progress right now.")
    for item in view.work_in_progress:
        say(f"\n● {item.name}  [{item.status}]  ({item.account}, updated {item.updated_at:%Y-%m-%d %H:%M} UTC)")
        if item.description:
            say(f"  {item.description}")
        for point in item.history or []:
            say(f"    {point.at:%Y-%m-%d}  {point.status}")
    if note := view.unseen_note(after_items=bool(view.work_in_progress)):
        say(f"\n{note}")


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
