"""``wipboard jobs …``: list, show, add, move, change the client status, archive and delete jobs."""

from __future__ import annotations

from datetime import datetime

import click

from wipboard.store.fields import PRIORITIES
from wipboard.store.permissions import visible_job
from wipboard.store.services.change_words import field_label
from wipboard.store.services.client_status import BulkEdit, bulk_edit
from wipboard.store.services.history import status_history
from wipboard.store.services.jobs import (
    FlagAction,
    NewJob,
    create_job,
    jobs_to_purge,
    purge_jobs,
    set_flag,
)
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.queries import JobFilter, list_jobs
from wipboard.store.wording import by_whom, counted
from wipboard.tui.commands.context import (
    CliContext,
    at_most_one,
    firm_options,
    open_session,
    pass_cli,
    refusals_as_exit_1,
)
from wipboard.tui.commands.output import echo_json, echo_messages, echo_table, say
from wipboard.tui.commands.views import JobViews, history_json, job_json

JOB_IDS = click.argument("job_ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="ID...")


@click.group()
def jobs() -> None:
    """List, add, move and update jobs and their client-facing status."""


@jobs.command("list")
@firm_options
@click.option("--pipeline", help="Pipeline name or id.")
@click.option("--stage", help="Stage name or id.")
@click.option("--status", "statuses", multiple=True, help="Client-facing status (repeat for several).")
@click.option("--visible", is_flag=True, help="Only jobs whose status the client sees.")
@click.option("--hidden", is_flag=True, help="Only jobs whose status the client does not see.")
@click.option("--account", help="Account name or id.")
@click.option("--assignee", metavar="LOGIN", help="Jobs assigned to LOGIN.")
@click.option("--archived", is_flag=True, help="The archive instead of active jobs.")
@click.option("--deleted", is_flag=True, help="The trash instead of active jobs.")
@click.option("--text", help="Text in the job name, account or name for client.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (for scripts).")
@pass_cli
@refusals_as_exit_1
def list_command(
    cli: CliContext, statuses: tuple[str, ...], visible: bool, hidden: bool, as_json: bool, **filters: object
) -> None:
    """List jobs, filtered.

    \b
    Examples:
      wipboard jobs list --stage Review --hidden
      wipboard jobs list --status "In review" --status "On hold" --json
    """
    at_most_one(("--visible", visible), ("--hidden", hidden))
    at_most_one(("--archived", filters["archived"]), ("--deleted", filters["deleted"]))
    repo, actor = open_session(cli)
    shown = True if visible else False if hidden else None
    found = list_jobs(repo, actor, JobFilter.model_validate({"statuses": list(statuses), "visible": shown, **filters}))
    views = JobViews(repo.snapshot()).many(found)
    if as_json:
        echo_json(views)
        return
    echo_table(
        ["id", "job", "account", "pipeline", "stage", "client status", "due"],
        [
            [
                view["id"],
                view["name"],
                view["account"],
                view["pipeline"],
                view["stage"],
                view["client_status"]["status"] if view["client_status"]["visible"] else "hidden",
                view["due_date"] or "",
            ]
            for view in views
        ],
        max_width=32,
    )
    say(counted(len(views), "job"))


@jobs.command("show")
@firm_options
@click.argument("job_id", type=click.IntRange(min=1), metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for scripts).")
@pass_cli
@refusals_as_exit_1
def show_command(cli: CliContext, job_id: int, as_json: bool) -> None:
    """One job with its client-facing status and its status history.

    \b
    Example:
      wipboard jobs show 42
    """
    repo, actor = open_session(cli)
    snapshot = repo.snapshot()
    job = visible_job(actor, snapshot.jobs, job_id, "see jobs")
    view = job_json(snapshot, job) | {"history": history_json(status_history(repo, actor, job_id))}
    if as_json:
        echo_json(view)
        return
    client = view["client_status"]
    for label, value in [
        ("Job", f"#{view['id']} {view['name']}"),
        ("Account", view["account"]),
        ("Pipeline", f"{view['pipeline']} · {view['stage']}"),
        ("Assignees", ", ".join(view["assignees"]) or "—"),
        ("Priority", view["priority"]),
        ("Due", view["due_date"] or "—"),
        ("State", "deleted" if view["deleted"] else "archived" if view["archived"] else "active"),
        (
            "Client sees",
            f"{client['status']} — {client['name_for_client']}" if client["visible"] else "nothing (hidden)",
        ),
        ("Description", client["description"] or "—"),
    ]:
        say(f"{label + ':':<13}{value}")
    if view["history"]:
        say("\nHistory:")
        for item in view["history"]:
            say(
                f"  {item['at']}  {by_whom(item['actor'], item['via'])}: {field_label(item['field'])} {item['before']} → {item['after']}"
                + (f"  (undid the {item['undid']})" if item["undid"] else "")
                + ("  (undone)" if item["undone"] else "")
            )


@jobs.command("add")
@firm_options
@click.option("--account", required=True, help="Account name or id.")
@click.option("--pipeline", help="Pipeline name or id (optional with --template).")
@click.option("--stage", help="Stage to start in (default: the template's, else the first).")
@click.option("--name", help="Job name (default: the template's job name).")
@click.option("--template", help="Job template name or id.")
@click.option("--assignee", "assignees", multiple=True, metavar="LOGIN", help="Assignee (repeat for several).")
@click.option(
    "--priority", type=click.Choice(PRIORITIES),
    help="How urgent it is (default: the template's, else medium).",
)
@click.option("--due", "due_date", type=click.DateTime(formats=["%Y-%m-%d"]), help="Due date, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print the new job as JSON.")
@pass_cli
@refusals_as_exit_1
def add_command(cli: CliContext, assignees: tuple[str, ...], due_date: object, as_json: bool, **fields: object) -> None:
    """Add a job. It is hidden from the client unless its template shows it; the
    stage's automations then run as if the job had moved there.

    \b
    Example:
      wipboard jobs add --account "Rivera Family" --pipeline "Individual tax return" --name "2025 Form 1040"
    """
    repo, actor = open_session(cli)
    request = NewJob.model_validate({
        "assignees": list(assignees) or None,
        "due_date": due_date.date() if isinstance(due_date, datetime) else None,
        **{key: value for key, value in fields.items() if value is not None},
    })
    result = create_job(repo, actor, request, via="cli")
    if as_json:
        echo_json(job_json(repo.snapshot(), result.jobs[0]))
    else:
        echo_messages(result.messages)


@jobs.command("move", short_help="Move jobs to a stage, running its automations.")
@firm_options
@JOB_IDS
@click.option("--stage", required=True, help="Target stage (name or id) in each job's pipeline.")
@click.option("--no-automations", is_flag=True, help="Move without running the stage's automations.")
@pass_cli
@refusals_as_exit_1
def move_command(cli: CliContext, job_ids: tuple[int, ...], stage: str, no_automations: bool) -> None:
    """Move jobs to a stage; its automations run unless --no-automations.

    \b
    Example:
      wipboard jobs move 42 43 --stage Review
    """
    repo, actor = open_session(cli)
    result = move_jobs(repo, actor, job_ids, stage, run_automations_on_entry=not no_automations, via="cli")
    echo_messages(result.messages)


@jobs.command("client-status", short_help="Show, hide or change the client-facing status of jobs.")
@firm_options
@JOB_IDS
@click.option("--show", is_flag=True, help="Show the status in the client portal.")
@click.option("--hide", is_flag=True, help="Hide it from the client portal.")
@click.option("--status", help="Status template name or id.")
@click.option("--name-for-client", help="Name the client sees (blank keeps each job's own).")
@click.option("--description", help="Description the client sees (default: the status's own).")
@pass_cli
@refusals_as_exit_1
def client_status_command(
    cli: CliContext,
    job_ids: tuple[int, ...],
    show: bool,
    hide: bool,
    status: str | None,
    name_for_client: str | None,
    description: str | None,
) -> None:
    """Show, hide or change the client-facing status of jobs — all of them or none.

    \b
    Examples:
      wipboard jobs client-status 42 43 --show --status "In review"
      wipboard jobs client-status 42 --hide
    """
    at_most_one(("--show", show), ("--hide", hide))
    edit = BulkEdit(
        visibility="show" if show else "hide" if hide else "unchanged",
        name_for_client=name_for_client or None,
        status=status,
        description=description,
    )
    if edit.is_noop:
        raise click.UsageError("say what to change: --show, --hide, --status, --name-for-client or --description")
    repo, actor = open_session(cli)
    echo_messages(bulk_edit(repo, actor, job_ids, edit, via="cli").messages)


def _flag_command(action: FlagAction, summary: str) -> click.Command:
    @firm_options
    @JOB_IDS
    @pass_cli
    @refusals_as_exit_1
    def command(cli: CliContext, job_ids: tuple[int, ...]) -> None:
        repo, actor = open_session(cli)
        echo_messages(set_flag(repo, actor, job_ids, action, via="cli").messages)

    command.__doc__ = summary
    return jobs.command(action)(command)


_flag_command("archive", "Archive jobs: they leave the client portal at once.")
_flag_command("unarchive", "Unarchive jobs: their client status shows again as it was.")
_flag_command("delete", "Move jobs to the trash: they leave the client portal at once.")
_flag_command("restore", "Restore jobs from the trash (owner and admin).")


@jobs.command("purge")
@firm_options
@JOB_IDS
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_cli
@refusals_as_exit_1
def purge_command(cli: CliContext, job_ids: tuple[int, ...], yes: bool) -> None:
    """Remove jobs from the trash for good (owner and admin). Their ids are not reused."""
    repo, actor = open_session(cli)
    jobs_to_purge(actor, repo.snapshot().jobs, job_ids)  # every refusal comes before the question
    if not yes:
        click.confirm(f"Purge {counted(len(job_ids), 'job')} for good?", abort=True)
    purged = purge_jobs(repo, actor, job_ids)
    say(f"Purged {counted(len(purged), 'job')}")


COMMANDS = (jobs,)
