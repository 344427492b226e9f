"""``wipboard portal``, ``undo``, and the lists and settings: users, accounts, pipelines, statuses, templates."""

from __future__ import annotations

import click

from wipboard.store.fields import COLORS
from wipboard.store.permissions import require_staff
from wipboard.store.portal import portal_for
from wipboard.store.services.history import undo_last
from wipboard.store.services.people import (
    NewPerson,
    add_account,
    add_person,
    list_people,
)
from wipboard.store.services.statuses import (
    StatusFields,
    create_status,
    delete_status,
    edit_status,
    move_status,
)
from wipboard.tui.commands.context import (
    CliContext,
    firm_options,
    open_session,
    pass_cli,
    refusals_as_exit_1,
)
from wipboard.tui.commands.output import echo_json, echo_messages, echo_table
from wipboard.tui.commands.views import (
    account_json,
    pipeline_json,
    status_json,
    template_json,
    user_json,
)

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")


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


@click.group()
def users() -> None:
    """Staff users and client contacts."""


@users.command("list")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def users_list(cli: CliContext, as_json: bool) -> None:
    """Staff (owner, admin, employee) and contacts with the accounts they belong to."""
    repo, actor = open_session(cli)
    staff, contacts = list_people(repo, actor)
    snapshot = repo.snapshot()
    views = [user_json(snapshot, person) for person in [*staff, *contacts]]
    if as_json:
        echo_json(views)
        return
    echo_table(["login", "name", "role", "job access", "accounts"],
               [[v["login"], v["name"], v["role"], v["job_access"] or "", ", ".join(v["accounts"])] for v in views])


@users.command("add")
@firm_options
@click.argument("login")
@click.option("--name", required=True, help="Display name.")
@click.option("--role", type=click.Choice(["owner", "admin", "employee", "contact"]), default="employee", show_default=True)
@click.option("--job-access", type=click.Choice(["all", "assigned", "none"]), help="For employees: which jobs they see (default all).")
@click.option("--account", "accounts", multiple=True, help="For contacts: an account they belong to (repeat for several).")
@pass_cli
@refusals_as_exit_1
def users_add(cli: CliContext, login: str, name: str, role: str, job_access: str | None, accounts: tuple[str, ...]) -> None:
    """Add a staff user or a client contact (owner and admin).

    \b
    Examples:
      wipboard users add dana --name "Dana Kim" --role employee --job-access assigned
      wipboard users add mrivera --name "Maria Rivera" --role contact --account "Rivera Family"
    """
    repo, actor = open_session(cli)
    person = add_person(repo, actor, NewPerson(login=login, name=name, role=role, job_access=job_access, accounts=list(accounts)))  # type: ignore[arg-type]
    click.echo(f"Added {person.login} ({role}).")


@click.group()
def accounts() -> None:
    """Client accounts: people and companies."""


@accounts.command("list")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def accounts_list(cli: CliContext, as_json: bool) -> None:
    """Accounts with their tags and contacts."""
    repo, actor = open_session(cli)
    require_staff(actor, "list accounts")
    snapshot = repo.snapshot()
    views = [account_json(snapshot, account_id) for account_id in sorted(snapshot.accounts)]
    if as_json:
        echo_json(views)
        return
    echo_table(["id", "name", "tags", "contacts"], [[v["id"], v["name"], ", ".join(v["tags"]), ", ".join(v["contacts"])] for v in views])


@accounts.command("add")
@firm_options
@click.argument("name")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several), used by automation conditions.")
@pass_cli
@refusals_as_exit_1
def accounts_add(cli: CliContext, name: str, tags: tuple[str, ...]) -> None:
    """Add a client account (owner and admin).

    \b
    Example:
      wipboard accounts add "Rivera Family" --tag individual
    """
    repo, actor = open_session(cli)
    account = add_account(repo, actor, name, list(tags))
    click.echo(f"Added account #{account.id} {account.name}.")


@click.group()
def pipelines() -> None:
    """Pipelines, their stages and automations."""


@pipelines.command("list")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def pipelines_list(cli: CliContext, as_json: bool) -> None:
    """Pipelines with their stages and each stage's automations."""
    repo, actor = open_session(cli)
    require_staff(actor, "list pipelines")
    snapshot = repo.snapshot()
    views = [pipeline_json(snapshot, pipeline) for pipeline in sorted(snapshot.pipelines.values(), key=lambda item: item.position)]
    if as_json:
        echo_json(views)
        return
    for view in views:
        cards = "status on cards" if view["show_client_status_on_cards"] else "status not on cards"
        click.echo(f"{view['name']} (#{view['id']}, {cards})")
        for stage in view["stages"]:
            click.echo(f"  {stage['name']} — {stage['jobs']} job(s)")
            for automation in stage["automations"]:
                condition = f" if the account has tags {', '.join(automation['if_account_tags'])}" if automation["if_account_tags"] else ""
                action = f"show status {automation['status']}" if automation["visible"] else "hide the status"
                click.echo(f"    #{automation['id']}: when a job enters{condition}, {action}")


@click.group()
def statuses() -> None:
    """Client-facing status templates."""


@statuses.command("list")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def statuses_list(cli: CliContext, as_json: bool) -> None:
    """Status templates in order: name, colour, description and how many jobs use each."""
    repo, actor = open_session(cli)
    require_staff(actor, "list statuses")
    snapshot = repo.snapshot()
    views = [status_json(snapshot, status) for status in sorted(snapshot.statuses.values(), key=lambda item: item.position)]
    if as_json:
        echo_json(views)
        return
    echo_table(["id", "name", "color", "jobs", "description"], [[v["id"], v["name"], v["color"], v["jobs"], v["description"]] for v in views], max_width=60)


@statuses.command("add")
@firm_options
@click.argument("name")
@click.option("--color", type=click.Choice(COLORS), required=True)
@click.option("--description", default="", help="What the client reads (up to 500 characters).")
@pass_cli
@refusals_as_exit_1
def statuses_add(cli: CliContext, name: str, color: str, description: str) -> None:
    """Add a status template (owner and admin).

    \b
    Example:
      wipboard statuses add "Waiting on you" --color yellow --description "We need documents from you."
    """
    repo, actor = open_session(cli)
    status = create_status(repo, actor, name, color, description)  # type: ignore[arg-type]
    click.echo(f"Added status #{status.id} {status.name}.")


@statuses.command("edit")
@firm_options
@click.argument("ref", metavar="STATUS")
@click.option("--name")
@click.option("--color", type=click.Choice(COLORS))
@click.option("--description")
@click.option("--up", "offset", flag_value=-1, type=int, help="Move one place up in the order.")
@click.option("--down", "offset", flag_value=1, type=int, help="Move one place down in the order.")
@pass_cli
@refusals_as_exit_1
def statuses_edit(cli: CliContext, ref: str, name: str | None, color: str | None, description: str | None, offset: int | None) -> None:
    """Rename, recolour, re-describe or reorder a status. A new name or colour shows on every job."""
    repo, actor = open_session(cli)
    if name is not None or color is not None or description is not None:
        edit_status(repo, actor, ref, StatusFields(name=name, color=color, description=description))  # type: ignore[arg-type]
        ref = name or ref
    if offset:
        move_status(repo, actor, ref, offset)
    click.echo("Saved.")


@statuses.command("delete")
@firm_options
@click.argument("ref", metavar="STATUS")
@click.option("--replacement", help="Status that jobs, automations and templates using it move to.")
@pass_cli
@refusals_as_exit_1
def statuses_delete(cli: CliContext, ref: str, replacement: str | None) -> None:
    """Delete a status; if it is in use, --replacement names where its users go."""
    repo, actor = open_session(cli)
    use = delete_status(repo, actor, ref, replacement)
    moved = f"; moved {use.jobs} job(s), {use.automations} automation(s), {use.templates} template(s) to {replacement}" if use.total else ""
    click.echo(f"Deleted {ref}{moved}.")


@click.group()
def templates() -> None:
    """Job templates and their client-status preset."""


@templates.command("list")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def templates_list(cli: CliContext, as_json: bool) -> None:
    """Job templates with their client-status preset."""
    repo, actor = open_session(cli)
    require_staff(actor, "list job templates")
    snapshot = repo.snapshot()
    views = [template_json(snapshot, template) for template in sorted(snapshot.job_templates.values(), key=lambda item: item.id)]
    if as_json:
        echo_json(views)
        return
    echo_table(["id", "name", "pipeline", "stage", "client status"],
               [[v["id"], v["name"], v["pipeline"], v["stage"],
                 f"shows {v['client_status']['status']}" if v["client_status"]["visible"] else "hidden"] for v in views])


COMMANDS = (portal, undo, users, accounts, pipelines, statuses, templates)
