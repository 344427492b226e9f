"""A command group whose subcommands' modules load only when one of them runs (or help lists them).

``wipboard jobs list`` then loads the jobs commands, not the e-mail sender, the people forms or
the copying of a firm: each process of a script saves their import. As click's documentation
shows (*Lazily Loading Subcommands*).
"""

from __future__ import annotations

import importlib
from typing import Any

import click


class LazyGroup(click.Group):
    """``lazy`` maps a subcommand's name to the module whose ``COMMANDS`` holds it."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # click.Group's own arguments, passed on as given
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module = importlib.import_module(self.lazy[cmd_name])
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)
