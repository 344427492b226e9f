"""``wipboard migrate`` and ``wipboard copy``: the store's schema, and moving a firm between stores."""

from __future__ import annotations

from typing import Any

import click

from wipboard.store.errors import StoreError
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.open_store import open_repository
from wipboard.store.portal import portal_for
from wipboard.store.services.queries import JobFilter, list_jobs
from wipboard.store.store_url import is_database_url, redact_url
from wipboard.tui.commands.context import CliContext, db_option_value, firm_options, pass_cli, refusals_as_exit_1
from wipboard.tui.commands.output import say
from wipboard.tui.commands.views import JobViews


class CopyMismatch(StoreError):
    """The copy does not read back as its source did."""


@click.command(short_help="Bring a PostgreSQL database's schema up to date.")
@firm_options
@pass_cli
@refusals_as_exit_1
def migrate(cli: CliContext) -> None:
    """Bring a PostgreSQL database's schema up to this wipboard's version.

    A firm file is migrated as it is opened; a database is migrated here, once,
    by someone whose role may change its tables.

    \b
    Example:
      wipboard migrate --db postgresql://ana@db.example.com/firm
    """
    if not cli.on_database:
        say(f"{cli.where} is a firm file: it is migrated when it is opened; nothing to do.")
        return
    from wipboard.store.postgres.load import prepare

    before, after = prepare(cli.db)
    if before == after:
        say(f"{cli.where} is at schema version {after}; nothing to do.")
    else:
        say(f"Migrated {cli.where} from schema version {before} to {after}.")


@click.command(short_help="Copy a whole firm, with its history, into an empty store.")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@refusals_as_exit_1
def copy(source: str, target: str) -> None:
    """Copy a whole firm, its history and id counters included, into an empty TARGET.

    SOURCE and TARGET are firm files or postgresql:// URLs, in either direction: to move
    a firm up to PostgreSQL, or to export one to a file. A TARGET that already holds a
    firm is refused. The copy is verified: the same counts, the same `jobs list --json`
    and the same `portal --json` for every contact on both sides.

    \b
    Examples:
      wipboard copy ~/firm.json postgresql://ana@db.example.com/firm
      wipboard copy postgresql://ana@db.example.com/firm /backups/firm-2026-03-01.json
    """
    from wipboard.store.firm_copy import export_firm, import_firm

    source, target = db_option_value(source), db_option_value(target)
    origin = open_repository(source)
    try:
        data, entries = export_firm(origin)
        copied = import_firm(target, data, entries)
        try:
            counts = verify_copy(origin, copied)
        finally:
            copied.close()
    finally:
        origin.close()
    described = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
    say(f"Copied {_where(source)} to {_where(target)}: {described}.")
    say("Verified: the same jobs list and the same portal for every contact on both sides.")


def verify_copy(origin: FirmRepository, copied: FirmRepository) -> dict[str, int]:
    """The counts of what was copied, once both sides read back the same; else ``CopyMismatch``."""
    counts = _counts(origin)
    if _counts(copied) != counts:
        raise CopyMismatch(f"the copy holds {_counts(copied)}, its source {counts}; the target should be removed")
    seen, copied_seen = what_clients_see(origin), what_clients_see(copied)
    if seen != copied_seen:
        where = next(name for name, a, b in zip(("jobs lists", "portals"), seen, copied_seen, strict=True) if a != b)
        raise CopyMismatch(f"the copy's {where} differ from its source's: {_first_difference(seen, copied_seen)}; "
                           "the target should be removed")
    return counts


def _first_difference(left: Any, right: Any, path: str = "") -> str:
    """Where two JSON-like values first differ, for a person to look at."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key) != right.get(key):
                return _first_difference(left.get(key), right.get(key), f"{path}.{key}")
    if isinstance(left, list | tuple) and isinstance(right, list | tuple) and len(left) == len(right):
        for index, (one, other) in enumerate(zip(left, right, strict=True)):
            if one != other:
                return _first_difference(one, other, f"{path}[{index}]")
    return f"{path or 'the whole'}: {str(left)[:80]} ≠ {str(right)[:80]}"


def _counts(repo: FirmRepository) -> dict[str, int]:
    snapshot = repo.snapshot()
    return {name: len(items) for name, items in snapshot.tables.items()} | {"audit entries": len(repo.audit_entries())}


def what_clients_see(repo: FirmRepository) -> tuple[Any, ...]:
    """``jobs list --json`` (active, archive, trash) as the owner, and ``portal --json`` of every contact."""
    snapshot = repo.snapshot()
    owner = min((user for user in snapshot.users.values() if user.role == "owner"), key=lambda user: user.id)
    actor = Actor(login=owner.login, kind="owner", user=owner)
    views = JobViews(snapshot)
    listed = [
        views.many(list_jobs(repo, actor, JobFilter(archived=archived, deleted=deleted)))
        for archived, deleted in ((False, False), (True, False), (False, True))
    ]
    portals = [
        portal_for(repo, actor, contact.login).model_dump(mode="json", exclude_none=True)
        for contact in sorted(snapshot.contacts.values(), key=lambda contact: contact.id)
    ]
    return listed, portals


def _where(db: str) -> str:
    return redact_url(db) if is_database_url(db) else db


COMMANDS = (migrate, copy)
