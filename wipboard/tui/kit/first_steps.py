"""The first five minutes on an empty firm (``wipboard init``): what to do next, step by step,
until the first job is shown to a client — and, for ``n`` with no account yet, where to make one.

Plain sentences from the snapshot; the board shows them above its columns.
"""

from __future__ import annotations

from itertools import islice

from wipboard.store.identity import Actor
from wipboard.store.repository import Snapshot

# Past this many jobs a firm is under way: the steps are no longer shown, whatever the statuses.
STARTED_FIRM = 3

PEOPLE_TAB = "Settings › People (4, ] to the People tab, tab to Accounts, n)"


def no_accounts_hint(actor: Actor) -> str:
    """Why ``n`` opens no form on a firm without client accounts, and where to add one."""
    if actor.is_manager:
        return f"A job is for a client account, and this firm has none yet: add one in {PEOPLE_TAB}."
    return "A job is for a client account, and this firm has none yet: ask an owner or admin to add one in Settings › People."


def first_steps(snapshot: Snapshot, actor: Actor) -> str | None:
    """The steps to a firm's first job on a client's portal, each marked done (✓) or next (→);
    None once a job is shown to a client, or the firm has more than a few jobs."""
    live = (job for job in snapshot.jobs.values() if not job.deleted and not job.archived)
    jobs = list(islice(live, STARTED_FIRM + 1))  # a firm under way is told by its first few jobs
    shown = any(job.client_status.visible for job in jobs)
    if shown or len(jobs) > STARTED_FIRM:
        return None
    add_account = (
        f"Add a client account in {PEOPLE_TAB}." if actor.is_manager
        else "An owner or admin adds a client account in Settings › People."
    )
    steps = [
        (bool(snapshot.accounts), add_account),
        (bool(jobs), "Back on the board (1), press n for a new job for that account."),
        (shown, "Press enter on the job, set its client status, ctrl+s; then 3 and c show it as the client sees it."),
    ]
    lines = ["Your firm has no job shown to a client yet. To get there:"]
    upcoming = next((index for index, (done, _) in enumerate(steps) if not done), len(steps))
    for index, (done, words) in enumerate(steps):
        mark = "✓" if done else "→" if index == upcoming else " "
        lines.append(f" {mark} {index + 1}. {words}")
    return "\n".join(lines)
