"""What every command shares: the chosen firm (a file or a database), the acting login, and how refusals end a command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from pydantic import ValidationError

from wipboard.store.errors import StoreError
from wipboard.store.identity import Actor, OsUser, resolve_actor
from wipboard.store.interface import FirmRepository
from wipboard.store.open_store import open_repository
from wipboard.store.permissions import require_staff
from wipboard.store.refusals import describe_refusal
from wipboard.store.repository import Snapshot
from wipboard.store.store_url import is_database_url, redact_url
from wipboard.tui.commands.output import echo_json, say

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class CliContext:
    db: str  # a firm file's path or a postgresql:// URL
    as_login: str | None

    @property
    def db_path(self) -> Path:
        """The firm file (for the commands that only work on a file)."""
        if is_database_url(self.db):
            raise click.UsageError("this command works on a firm file, not on a database URL")
        return Path(self.db)

    @property
    def on_database(self) -> bool:
        return is_database_url(self.db)

    @property
    def where(self) -> str:
        """The firm's location as it may be printed: a database URL never shows its password."""
        return redact_url(self.db) if self.on_database else self.db

    @staticmethod
    def os_login() -> str:
        """The login of the process's real user id [R13], whatever ``$USER`` says."""
        return OsUser.current().login


pass_cli = click.make_pass_decorator(CliContext)


def _cli_of(ctx: click.Context) -> CliContext:
    cli = ctx.find_object(CliContext)
    assert cli is not None, "the wipboard group makes its CliContext before any option is read"
    return cli


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        _cli_of(ctx).db = db_option_value(value)


def db_option_value(value: str) -> str:
    """A path as given (``~`` expanded), or a database URL as it is."""
    return value if is_database_url(value) else str(Path(value).expanduser())


def _set_as(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        _cli_of(ctx).as_login = value


def firm_options(command: Callable[P, R]) -> Callable[P, R]:
    """Accept ``--db`` and ``--as`` after the sub-command too (``wipboard init --db PATH``)."""
    command = click.option(
        "--as",
        "as_login",
        metavar="LOGIN",
        expose_value=False,
        callback=_set_as,
        help="Act as another user (owner, admin and root only, or in a demo firm).",
    )(command)
    return click.option(
        "--db",
        metavar="PATH|URL",
        expose_value=False,
        callback=_set_db,
        help="Firm file, or postgresql://USER@HOST:PORT/DBNAME, to use.",
    )(command)


def at_most_one(*options: tuple[str, object]) -> None:
    """A usage error (exit 2) naming the options given together that contradict each other."""
    given = [name for name, value in options if value not in (None, False, ())]
    if len(given) > 1:
        raise click.UsageError(f"{' and '.join(given)} cannot be used together; choose one")


def refusals_as_exit_1(command: Callable[P, R]) -> Callable[P, R]:
    """Print a refusal as one sentence on stderr and exit with status 1: nothing was written."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (StoreError, ValidationError) as error:
            say(f"wipboard: {describe_refusal(error)}", err=True)
        sys.exit(1)

    return wrapper


def open_session(cli: CliContext) -> tuple[FirmRepository, Actor]:
    """Open the firm and resolve who is acting [R13]: the OS login on a file, the database role on PostgreSQL."""
    repo = open_repository(cli.db)
    me: OsUser = repo.authenticated_user()
    actor = resolve_actor(repo.snapshot(), me.login, cli.as_login, firm_path=repo.location, is_root=me.is_root)
    return repo, actor


JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")


Rows = list[dict[str, Any]]


def staff_listing(cli: CliContext, what: str, build: Callable[[Snapshot], Rows]) -> Rows:
    """Open the firm as the acting user, refuse contacts, and build the rows to list."""
    repo, actor = open_session(cli)
    require_staff(actor, f"list {what}")
    return build(repo.snapshot())


def listing_command(
    group: click.Group, what: str, build: Callable[[Snapshot], Rows]
) -> Callable[[Callable[[Rows], None]], click.Command]:
    """``GROUP list [--json] [--db] [--as]`` for staff: JSON for scripts, else the decorated function
    prints the rows for people (its docstring is the command's help)."""

    def decorate(show: Callable[[Rows], None]) -> click.Command:
        @firm_options
        @JSON
        @pass_cli
        @refusals_as_exit_1
        def command(cli: CliContext, as_json: bool) -> None:
            rows = staff_listing(cli, what, build)
            if as_json:
                echo_json(rows)
            else:
                show(rows)

        command.__doc__ = show.__doc__
        return group.command("list")(command)

    return decorate
