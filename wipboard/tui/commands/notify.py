"""``wipboard notify send | run | status | setup``: the e-mails that tell clients of changes [R20]."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from wipboard.store.errors import StoreError
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.services.notifications import (
    DeliveryReport,
    configure_notifications,
    outbox_lines,
    send_due,
)
from wipboard.store.services.portal_key import key_path_for, load_or_create_secret
from wipboard.tui.commands.context import JSON, CliContext, firm_options, open_session, pass_cli, refusals_as_exit_1
from wipboard.tui.commands.output import echo_json, echo_table, say


@click.group("notify", short_help="E-mails that tell clients what changed in their work.")
def notify() -> None:
    """E-mails to clients when what they see changes: send what is due, keep sending, see the outbox."""


def _key(repo: FirmRepository) -> str:
    """The web portal's key signs the unsubscribe links, so the portal can check them."""
    return load_or_create_secret(key_path_for(repo))


def _describe(report: DeliveryReport) -> str:
    parts = [f"sent {report.sent}"]
    if report.retrying:
        parts.append(f"{report.retrying} will be retried ({'; '.join(report.errors)})")
    if report.cancelled:
        parts.append(f"{report.cancelled} had nothing left to tell")
    return "E-mails: " + ", ".join(parts) + "."


@notify.command("send", short_help="Deliver the e-mails that are due, once (for cron).")
@firm_options
@pass_cli
@refusals_as_exit_1
def notify_send(cli: CliContext) -> None:
    """Deliver the e-mails that are due, once, and exit (for cron or a systemd timer).

    \b
    Example (crontab, every minute):
      * * * * * wipboard notify send --db /srv/firm/firm.json
    """
    repo, actor = open_session(cli)
    report = send_due(repo, actor, _key(repo))
    say(_describe(report))


@notify.command("run", short_help="Keep delivering e-mails as they fall due, until stopped.")
@firm_options
@click.option("--every", type=click.FloatRange(0.05, 3600), default=15.0, show_default=True, help="Seconds between rounds.")
@pass_cli
@refusals_as_exit_1
def notify_run(cli: CliContext, every: float) -> None:
    """Keep delivering e-mails as they fall due, until stopped (ctrl+c or SIGTERM)."""
    repo, actor = open_session(cli)
    key = _key(repo)
    stop = threading.Event()

    def _stop(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    say(f"Delivering e-mails every {every:g} s; ctrl+c stops.")
    deliver_until(stop, repo, actor, key, every)
    say("Stopped.")


def deliver_until(stop: threading.Event, repo: FirmRepository, actor: Actor, key: str, every: float) -> None:
    """Send what is due every ``every`` seconds until ``stop`` is set (`notify run`, `portal serve --notify`)."""
    while not stop.is_set():
        try:
            report = send_due(repo, actor, key)
        except StoreError as error:  # a refusal (settings, password file) is said and tried again next round
            say(f"E-mails not sent: {error}", err=True)
        else:
            if report.sent or report.retrying or report.cancelled:
                say(_describe(report))
        stop.wait(every)


def start_delivering(cli: CliContext, every: float = 15.0) -> threading.Event:
    """`portal serve --notify`: deliver in a thread of the server process; set the event to stop."""
    repo, actor = open_session(cli)
    key = _key(repo)
    stop = threading.Event()
    threading.Thread(target=deliver_until, args=(stop, repo, actor, key, every), name="notify", daemon=True).start()
    return stop


@notify.command("status", short_help="The outbox: e-mails pending, retrying, sent and failed.")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def notify_status(cli: CliContext, as_json: bool) -> None:
    """The outbox: e-mails pending, retrying, sent and failed, with the contact and the time."""
    repo, actor = open_session(cli)
    lines = outbox_lines(repo, actor)
    if as_json:
        echo_json([
            {"state": line.state, "contact": line.contact, "email": line.email, "items": line.items,
             "at": line.at.isoformat(), "attempts": line.attempts, "error": line.error}
            for line in lines
        ])
        return
    settings = repo.snapshot().firm.notifications
    say(f"E-mails to clients are {'on' if settings.enabled else 'off'}; quiet period {settings.quiet_seconds} s.")
    if not lines:
        say("Nothing in the outbox.")
        return
    echo_table(
        ["state", "contact", "e-mail", "items", "time (UTC)", "problem"],
        [[line.state, line.contact, line.email, line.items, f"{line.at:%Y-%m-%d %H:%M}", line.error] for line in lines],
    )


@notify.command("setup", short_help="Set the mail server; switch e-mails to clients on or off.")
@firm_options
@click.option("--on/--off", "enabled", default=None, help="Switch the e-mails to clients on or off.")
@click.option("--smtp-host", help="The mail server's host name, e.g. mail.example.com")
@click.option("--smtp-port", type=int, help="The mail server's port (587 until set).")
@click.option("--smtp-user", help="The login on the mail server.")
@click.option(
    "--smtp-security", type=click.Choice(["starttls", "tls", "none"]),
    help="How the connection is encrypted (starttls until set).",
)
@click.option("--password-file", help="A file only you can read (chmod 600) holding the SMTP password.")
@click.option("--from", "from_address", help="The address the e-mails come from.")
@click.option("--portal-url", help="The web portal's address, e.g. https://portal.example.com")
@click.option("--quiet-minutes", type=click.FloatRange(0, 7 * 24 * 60), help="Wait this long after a client's last change.")
@pass_cli
@refusals_as_exit_1
def notify_setup(cli: CliContext, enabled: bool | None, quiet_minutes: float | None, **fields: object) -> None:
    """Set the mail server and switch e-mails to clients on or off (owner and admin).

    \b
    The password is never stored in the firm file: set WIPBOARD_SMTP_PASSWORD for
    `notify send`/`notify run`, or give --password-file.
    Example:
      wipboard notify setup --smtp-host mail.example.com --smtp-user wip --from wip@example.com \\
        --password-file ~/.wipboard-smtp --portal-url https://portal.example.com --on
    """
    repo, actor = open_session(cli)
    changes = {name: value for name, value in fields.items() if value is not None}
    if enabled is not None:
        changes["enabled"] = enabled
    if quiet_minutes is not None:
        changes["quiet_seconds"] = round(quiet_minutes * 60)
    settings = configure_notifications(repo, actor, changes)
    say(f"Saved. E-mails to clients are {'on' if settings.enabled else 'off'}.")


COMMANDS = (notify,)


