"""``wipboard pipelines|statuses|templates …``: the firm's settings."""

from __future__ import annotations

import click

from wipboard.store.fields import COLORS, Color
from wipboard.store.services.statuses import (
    StatusFields,
    create_status,
    delete_status,
    edit_status,
    move_status,
)
from wipboard.store.services.tag_condition_words import tag_condition_words
from wipboard.store.wording import counted
from wipboard.tui.commands.context import (
    CliContext,
    Rows,
    at_most_one,
    firm_options,
    listing_command,
    open_session,
    pass_cli,
    refusals_as_exit_1,
)
from wipboard.tui.commands.output import echo_table, say
from wipboard.tui.commands.views import (
    pipeline_json,
    status_json,
    template_json,
)


@click.group()
def pipelines() -> None:
    """Pipelines, their stages and automations."""


@listing_command(
    pipelines,
    "pipelines",
    lambda snapshot: [
        pipeline_json(snapshot, item) for item in sorted(snapshot.pipelines.values(), key=lambda item: item.position)
    ],
)
def pipelines_list(views: Rows) -> None:
    """Pipelines with their stages and each stage's automations."""
    for view in views:
        cards = "status on cards" if view["show_client_status_on_cards"] else "status not on cards"
        say(f"{view['name']} ({cards})")
        for stage in view["stages"]:
            say(f"  {stage['name']} — {counted(stage['jobs'], 'job')}")
            for position, automation in enumerate(stage["automations"], start=1):
                condition = "".join(
                    (", if the account " if index == 0 else " and ") + tag_condition_words(item["match"], item["tags"])
                    for index, item in enumerate(automation["tag_conditions"])
                )
                action = f"show status {automation['status']}" if automation["visible"] else "hide the status"
                say(f"    {position}: when a job enters {stage['name']}{condition}, {action}")


@click.group()
def statuses() -> None:
    """Client-facing status templates."""


@listing_command(
    statuses,
    "statuses",
    lambda snapshot: [
        status_json(snapshot, item) for item in sorted(snapshot.statuses.values(), key=lambda item: item.position)
    ],
)
def statuses_list(views: Rows) -> None:
    """Status templates in order, with how many jobs use each.

    Name, colour, description and the count of jobs, in the order the app lists them.
    """
    echo_table(
        ["id", "name", "color", "jobs", "description"],
        [[v["id"], v["name"], v["color"], v["jobs"], v["description"]] for v in views],
        max_width=60,
    )


@statuses.command("add")
@firm_options
@click.argument("name")
@click.option("--color", type=click.Choice(COLORS), required=True, help="The colour of its badge.")
@click.option("--description", default="", help="What the client reads (up to 500 characters).")
@pass_cli
@refusals_as_exit_1
def statuses_add(cli: CliContext, name: str, color: Color, description: str) -> None:
    """Add a status template (owner and admin).

    \b
    Example:
      wipboard statuses add "Waiting on you" --color yellow --description "We need documents from you."
    """
    repo, actor = open_session(cli)
    status = create_status(repo, actor, name, color, description)  # click.Choice(COLORS) gave a Color
    say(f"Added status {status.name}.")


@statuses.command("edit", short_help="Rename, recolour, re-describe or reorder a status.")
@firm_options
@click.argument("ref", metavar="STATUS")
@click.option("--name", help="A new name; it shows on every job that uses the status.")
@click.option("--color", type=click.Choice(COLORS), help="A new colour; it shows on every job that uses the status.")
@click.option(
    "--description",
    help="A new description (up to 500 characters) for jobs that choose the status from now on; jobs keep their own.",
)
@click.option("--notify/--no-notify", "notify", default=None, help="E-mail clients when a job changes to this status.")
@click.option("--up", is_flag=True, help="Move one place up in the order.")
@click.option("--down", is_flag=True, help="Move one place down in the order.")
@pass_cli
@refusals_as_exit_1
def statuses_edit(
    cli: CliContext, ref: str, name: str | None, color: str | None, description: str | None, notify: bool | None,
    up: bool, down: bool,
) -> None:
    """Rename, recolour, re-describe or reorder a status, or say whether it e-mails clients.

    A new name or colour shows on every job that uses the status; a new description is
    for jobs that choose the status from now on (jobs keep the description they have).
    """
    at_most_one(("--up", up), ("--down", down))
    offset = -1 if up else 1 if down else 0
    repo, actor = open_session(cli)
    if name is not None or color is not None or description is not None or notify is not None:
        fields = StatusFields.model_validate(
            {"name": name, "color": color, "description": description, "notify_clients": notify}
        )
        edit_status(repo, actor, ref, fields)
        ref = name or ref
    if offset:
        move_status(repo, actor, ref, offset)
    say("Saved.")


@statuses.command("delete", short_help="Delete a status; --replacement takes over its jobs.")
@firm_options
@click.argument("ref", metavar="STATUS")
@click.option("--replacement", help="Status that jobs, automations and templates using it move to.")
@pass_cli
@refusals_as_exit_1
def statuses_delete(cli: CliContext, ref: str, replacement: str | None) -> None:
    """Delete a status; if it is in use, --replacement names where its users go."""
    repo, actor = open_session(cli)
    use = delete_status(repo, actor, ref, replacement)
    moved = (
        f"; moved {use} to {replacement}"
        if use.total
        else ""
    )
    say(f"Deleted {ref}{moved}.")


@click.group()
def templates() -> None:
    """Job templates and their client-status preset."""


@listing_command(
    templates,
    "job templates",
    lambda snapshot: [
        template_json(snapshot, item) for item in sorted(snapshot.job_templates.values(), key=lambda item: item.id)
    ],
)
def templates_list(views: Rows) -> None:
    """Job templates with their client-status preset."""
    echo_table(
        ["id", "name", "pipeline", "stage", "client status"],
        [
            [
                v["id"],
                v["name"],
                v["pipeline"],
                v["stage"],
                f"shows {v['client_status']['status']}" if v["client_status"]["visible"] else "hidden",
            ]
            for v in views
        ],
    )


COMMANDS = (
    pipelines,
    statuses,
    templates,
)
