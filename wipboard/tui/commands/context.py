"""What every command shares: the chosen firm file, the acting login, and how refusals end a command."""

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
from wipboard.store.permissions import require_staff
from wipboard.store.repository import Repository, Snapshot
from wipboard.store.validation_messages import describe_validation_error
from wipboard.tui.commands.output import echo_json, say

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class CliContext:
    db_path: Path
    as_login: str | None

    @staticmethod
    def os_login() -> str:
        """The login of the process's real user id (R13), whatever ``$USER`` says."""
        return OsUser.current().login


pass_cli = click.make_pass_decorator(CliContext)


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.find_object(CliContext).db_path = value  # type: ignore[union-attr]


def _set_as(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_object(CliContext).as_login = value  # type: ignore[union-attr]


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
        type=click.Path(path_type=Path, readable=False),  # the store says what is wrong with it (exit 1)
        expose_value=False,
        callback=_set_db,
        help="Firm file to use.",
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
        except StoreError as error:
            say(f"wipboard: {error}", err=True)
        except ValidationError as error:
            say(f"wipboard: {describe_validation_error(error)}", err=True)
        sys.exit(1)

    return wrapper


def open_session(cli: CliContext) -> tuple[Repository, Actor]:
    """Open the firm file and resolve who is acting (R13)."""
    repo = Repository(cli.db_path)
    me = OsUser.current()
    actor = resolve_actor(repo.snapshot(), me.login, cli.as_login, firm_path=str(cli.db_path), is_root=me.is_root)
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
