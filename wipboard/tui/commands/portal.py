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
from wipboard.tui.commands.notify import start_delivering
from wipboard.tui.commands.output import echo_json, echo_messages, say


class _PortalGroup(click.Group):
    """``wipboard portal REF`` shows a portal; ``wipboard portal serve`` serves the web portal."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("portal", cls=_PortalGroup, short_help="What a client sees, in the terminal or on the web.")
def portal_group() -> None:
    """What a client sees: in the terminal (wipboard portal REF), or on the web (wipboard portal serve)."""


@portal_group.command("show", hidden=True)
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


@portal_group.command("serve", short_help="Serve the web portal, where clients log in.")
@firm_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port to listen on.")
@click.option("--https-only", is_flag=True, help="Mark the session cookie Secure even if the proxy does not say HTTPS.")
@click.option("--proxy-headers", is_flag=True, help="Trust X-Forwarded-For/-Proto from the proxy (see --forwarded-allow-ips).")
@click.option("--forwarded-allow-ips", metavar="IPS", help="Proxies whose X-Forwarded headers are trusted (default 127.0.0.1).")
@click.option("--root-path", default="", help="The path the proxy serves the portal under, e.g. /portal.")
@click.option("--notify", "deliver", is_flag=True, help="Also deliver the e-mails to clients (as `wipboard notify run`).")
@pass_cli
@refusals_as_exit_1
def serve(cli: CliContext, host: str, port: int, https_only: bool, proxy_headers: bool,
          forwarded_allow_ips: str | None, root_path: str, deliver: bool) -> None:
    """The web portal for clients: they log in and see their Work in progress.

    \b
    Put it behind a reverse proxy that serves HTTPS (see the README), e.g.:
      wipboard portal serve --port 8080 --proxy-headers --https-only
    """
    try:
        from wipboard.web.server import serve as run_server
    except ImportError as error:
        raise click.ClickException(
            f"the web portal needs its extra packages ({error.name} is missing); "
            "install them with: pip install 'wipboard[web]'"
        ) from None
    stop = start_delivering(cli) if deliver else None
    try:
        run_server(cli.db, host=host, port=port, https_only=https_only, proxy_headers=proxy_headers,
                   forwarded_allow_ips=forwarded_allow_ips, root_path=root_path.rstrip("/"))
    finally:
        if stop is not None:
            stop.set()


@click.command(short_help="Undo your last operation, as one step.")
@firm_options
@pass_cli
@refusals_as_exit_1
def undo(cli: CliContext) -> None:
    """Undo your last operation (card save, move with its automations, bulk edit…) as one step."""
    repo, actor = open_session(cli)
    echo_messages(undo_last(repo, actor).messages)


COMMANDS = (
    portal_group,
    undo,
)
