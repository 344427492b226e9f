"""``wipboard users …`` and ``wipboard accounts …``: staff, contacts and client accounts."""

from __future__ import annotations

import click

from wipboard.store.models import Contact, User
from wipboard.store.services.people import (
    NewPerson,
    add_account,
    add_person,
    list_people,
)
from wipboard.store.services.web_access import invite_contact, revoke_web_access, set_contact_email
from wipboard.tui.commands.context import (
    JSON,
    CliContext,
    Rows,
    firm_options,
    listing_command,
    open_session,
    pass_cli,
    refusals_as_exit_1,
)
from wipboard.tui.commands.output import echo_json, echo_table, say
from wipboard.tui.commands.views import (
    account_json,
    user_json,
)


@click.group()
def users() -> None:
    """Staff users and client contacts."""


@users.command("list", short_help="Staff and contacts, with the accounts contacts belong to.")
@firm_options
@JSON
@pass_cli
@refusals_as_exit_1
def users_list(cli: CliContext, as_json: bool) -> None:
    """Staff (owner, admin, employee) and contacts with the accounts they belong to."""
    repo, actor = open_session(cli)
    staff, contacts = list_people(repo, actor)
    snapshot = repo.snapshot()
    people: list[User | Contact] = [*staff, *contacts]
    views = [user_json(snapshot, person) for person in people]
    if as_json:
        echo_json(views)
        return
    echo_table(
        ["login", "name", "role", "job access", "accounts"],
        [[v["login"], v["name"], v["role"], v["job_access"] or "", ", ".join(v["accounts"])] for v in views],
    )


@users.command("add")
@firm_options
@click.argument("login")
@click.option("--name", required=True, help="Display name.")
@click.option(
    "--role", type=click.Choice(["owner", "admin", "employee", "contact"]), default="employee", show_default=True,
    help="Owner, admin and employee are staff; a contact is a client's login.",
)
@click.option(
    "--job-access",
    type=click.Choice(["all", "assigned", "none"]),
    help="For employees: which jobs they see (default all).",
)
@click.option(
    "--account", "accounts", multiple=True, help="For contacts: an account they belong to (repeat for several)."
)
@click.option("--email", help="For contacts: their e-mail address (for the web portal and notifications).")
@click.option("--db-role", is_flag=True, help="On PostgreSQL: also create the login role LOGIN acts as.")
@pass_cli
@refusals_as_exit_1
def users_add(
    cli: CliContext, login: str, name: str, role: str, job_access: str | None, accounts: tuple[str, ...],
    email: str | None, db_role: bool,
) -> None:
    """Add a staff user or a client contact (owner and admin).

    \b
    Examples:
      wipboard users add dana --name "Dana Kim" --role employee --job-access assigned
      wipboard users add mrivera --name "Maria Rivera" --role contact --account "Rivera Family" \\
          --email maria@example.com
      wipboard users add dana --name "Dana Kim" --db-role --db postgresql://olivia@db.example.com/firm
    """
    if db_role and not cli.on_database:
        raise click.UsageError("--db-role is for a firm on PostgreSQL (--db postgresql://…)")
    repo, actor = open_session(cli)
    person = add_person(
        repo, actor,
        NewPerson.model_validate(
            {"login": login, "name": name, "role": role, "job_access": job_access, "accounts": list(accounts), "email": email}
        ),
    )
    say(f"Added {person.login} ({role}).")
    if db_role:
        from wipboard.store.postgres.repository import PostgresRepository
        from wipboard.store.postgres.roles import create_login_role

        assert isinstance(repo, PostgresRepository)  # cli.on_database, checked above
        say(f"And its {create_login_role(repo, person.login)}.")


@users.command("edit")
@firm_options
@click.argument("login")
@click.option("--email", required=True, help="The contact's e-mail address; \"\" removes it.")
@pass_cli
@refusals_as_exit_1
def users_edit(cli: CliContext, login: str, email: str) -> None:
    """Change a contact's e-mail address (owner and admin).

    \b
    Example:
      wipboard users edit mrivera --email maria@example.com
    """
    repo, actor = open_session(cli)
    contact = set_contact_email(repo, actor, login, email)
    say(f"{contact.login}'s e-mail address is now {contact.email or 'none'}.")


@users.command("invite", short_help="Print a contact's one-time link to set a portal password.")
@firm_options
@click.argument("login")
@click.option(
    "--url", "portal_url", envvar="WIPBOARD_PORTAL_URL", default="http://127.0.0.1:8080", show_default=True,
    help="The portal's address as clients reach it (or $WIPBOARD_PORTAL_URL).",
)
@pass_cli
@refusals_as_exit_1
def users_invite(cli: CliContext, login: str, portal_url: str) -> None:
    """Print a one-time link, valid 7 days, with which a contact sets their web-portal password.

    A new invitation replaces the previous one; it is also how a contact who forgot
    their password gets a new one. Send the link to the contact yourself.

    \b
    Example:
      wipboard users invite mrivera --url https://portal.example-firm.com
    """
    repo, actor = open_session(cli)
    invitation = invite_contact(repo, actor, login)
    contact = invitation.contact
    say(
        f"Invitation for {contact.name} <{contact.email}>, valid until {invitation.expires_at:%Y-%m-%d %H:%M} UTC "
        "(it works once; a new invitation replaces it):"
    )
    say(f"{portal_url.rstrip('/')}/invite/{invitation.token}")


@users.command("revoke", short_help="End a contact's web-portal access.")
@firm_options
@click.argument("login")
@pass_cli
@refusals_as_exit_1
def users_revoke(cli: CliContext, login: str) -> None:
    """End a contact's web-portal access: their password and invitation stop working, their sessions end."""
    repo, actor = open_session(cli)
    contact = revoke_web_access(repo, actor, login)
    say(f"{contact.login} can no longer log in to the web portal; their open sessions have ended.")


@click.group()
def accounts() -> None:
    """Client accounts: people and companies."""


@listing_command(
    accounts,
    "accounts",
    lambda snapshot: [account_json(snapshot, account_id) for account_id in sorted(snapshot.accounts)],
)
def accounts_list(views: Rows) -> None:
    """Accounts with their tags and contacts."""
    echo_table(
        ["id", "name", "tags", "contacts"],
        [[v["id"], v["name"], ", ".join(v["tags"]), ", ".join(v["contacts"])] for v in views],
    )


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
    say(f"Added account {account.name}.")


COMMANDS = (
    users,
    accounts,
)
