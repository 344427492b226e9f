"""R19 with R8, as a property: whatever staff do, every page and API answer a contact gets holds
exactly their own visible, unarchived, undeleted items — and not one internal value.

Random sequences of operations (add a job, show it, hide it, move it, archive, unarchive,
delete, restore) run through the services on a firm of three accounts and three contacts
(one of them in two accounts); then each contact logs in over HTTP and every page is read.
Internal values carry unique markers (``INTERNAL7X`` for job 7's name, ``NOTE7Y`` for its
notes, ``ASSIGNEE``), so a leak anywhere in a page shows up as a substring.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import OWNER, PASSWORD, PortalClient
from wipboard.web.sessions import COOKIE
from wipboard.store.firm_file import create_firm
from wipboard.store.identity import resolve_actor
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.jobs import NewJob, create_job, set_flag
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.people import NewPerson, add_account, add_person
from wipboard.store.services.web_access import accept_invitation, invite_contact
from wipboard.web.app import create_app

ACCOUNTS = ("Alpha Co", "Beta LLC", "Gamma Inc")
CONTACTS = {"calpha": ["Alpha Co"], "cbeta": ["Beta LLC"], "cboth": ["Alpha Co", "Gamma Inc"]}
STATUSES = ("Planned", "On hold", "In progress", "In review", "Done")
STAGES = ("To do", "In progress", "Review", "Done")

operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(ACCOUNTS)),
        st.tuples(st.just("show"), st.integers(0, 7), st.sampled_from(STATUSES)),
        st.tuples(st.just("hide"), st.integers(0, 7)),
        st.tuples(st.just("move"), st.integers(0, 7), st.sampled_from(STAGES)),
        st.tuples(st.sampled_from(["archive", "unarchive", "delete", "restore"]), st.integers(0, 7)),
    ),
    min_size=1,
    max_size=14,
)


@cache
def template_firm() -> Path:
    """A firm whose contacts have set their passwords, built once (Argon2 is slow on purpose)."""
    folder = Path(tempfile.mkdtemp(prefix="wipboard-leaks-"))
    repo = create_firm(folder / "firm.json", owner_login=OWNER, firm_name="Leak Test CPAs")
    owner = resolve_actor(repo.snapshot(), OWNER, None, firm_path="")
    add_person(repo, owner, NewPerson(login="assignee", name="ASSIGNEE Staff", role="employee"))
    for name in ACCOUNTS:
        add_account(repo, owner, name)
    for login, accounts in CONTACTS.items():
        add_person(repo, owner, NewPerson(login=login, name=f"Contact {login}", role="contact", accounts=accounts,
                                          email=f"{login}@example.com"))
        accept_invitation(repo, invite_contact(repo, owner, login).token, PASSWORD)
    return folder


@cache
def session_cookies() -> dict[str, str]:
    """Each contact logged in once, on the template: its copies share its signing secret and its
    contacts, so the cookie opens every copy's portal (each login costs an Argon2 check)."""
    client = PortalClient(create_app(template_firm() / "firm.json"), base_url="http://testserver")
    cookies = {}
    with client:
        for login in CONTACTS:
            client.cookies.clear()
            assert client.log_in(login).url.path == "/work-in-progress"
            cookies[login] = client.cookies[COOKIE]
    return cookies


def apply(repo: Repository, steps: list[tuple]) -> None:  # type: ignore[type-arg]
    owner = resolve_actor(repo.snapshot(), OWNER, None, firm_path="")
    for step in steps:
        kind, *args = step
        job_ids = sorted(repo.snapshot().jobs)
        if kind == "add":
            number = (job_ids[-1] + 1) if job_ids else 1
            create_job(repo, owner, NewJob(account=args[0], pipeline="Client work", name=f"INTERNAL{number}X",
                                           notes=f"NOTE{number}Y", assignees=["assignee"]))
            continue
        if not job_ids:
            continue
        job = repo.snapshot().jobs[job_ids[args[0] % len(job_ids)]]
        if kind == "show" and not (job.archived or job.deleted):
            status_id = next(s.id for s in repo.snapshot().statuses.values() if s.name == args[1])
            save_card(repo, owner, job.id, job.version,
                      CardEdit(visible=True, status_id=status_id, name_for_client=f"CLIENT{job.id}Z"))
        elif kind == "hide" and not (job.archived or job.deleted):
            save_card(repo, owner, job.id, job.version, CardEdit(visible=False))
        elif kind == "move" and not (job.archived or job.deleted):
            move_jobs(repo, owner, [job.id], args[1])
        elif kind in ("archive", "unarchive", "delete", "restore"):
            set_flag(repo, owner, [job.id], kind)  # type: ignore[arg-type]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=operations)
def test_r19_every_page_of_every_contact_holds_only_their_own_shown_items_and_nothing_internal(steps):
    cookies = session_cookies()  # first: the template's portal writes the signing secret the copy takes
    folder = Path(tempfile.mkdtemp(prefix="wipboard-leak-case-"))
    try:
        for name in ("firm.json", "firm.json.audit.jsonl", "firm.json.web-secret"):
            if (template_firm() / name).exists():
                shutil.copy2(template_firm() / name, folder / name)
        repo = Repository(folder / "firm.json")
        apply(repo, steps)
        snapshot = repo.snapshot()
        account_ids = {account.name: account.id for account in snapshot.accounts.values()}
        app = create_app(folder / "firm.json")
        for login, accounts in CONTACTS.items():
            mine = {account_ids[name] for name in accounts}
            expected = {job.id for job in snapshot.jobs.values() if job.account_id in mine and job.in_portal}
            # One event loop for all of this contact's requests (outside ``with``, one per request).
            with PortalClient(app, base_url="http://testserver", cookies={COOKIE: cookies[login]}) as client:
                pages = [client.get("/work-in-progress"), client.get("/api/work-in-progress")]
                assert pages[0].url.path == "/work-in-progress" and pages[1].status_code == 200, "logged in"
                pages += [client.get(f"/work-in-progress?account={account_ids[name]}") for name in accounts]
                for job_id in snapshot.jobs:
                    item = client.get(f"/items/{job_id}")
                    assert item.status_code == (200 if job_id in expected else 404), (login, job_id)
                    pages.append(item)
                for name in ACCOUNTS:
                    if name not in accounts:
                        assert client.get(f"/work-in-progress?account={account_ids[name]}").status_code == 404
                listed = pages[0].text + pages[1].text
                assert {job_id for job_id in snapshot.jobs if f"CLIENT{job_id}Z" in listed} == expected, login
                for page in pages:
                    for job_id in snapshot.jobs:
                        assert f"INTERNAL{job_id}X" not in page.text and f"NOTE{job_id}Y" not in page.text
                        if job_id not in expected:
                            assert f"CLIENT{job_id}Z" not in page.text
                    assert "ASSIGNEE" not in page.text and "assignee" not in page.text
                    assert not any(name in page.text for name in ACCOUNTS if name not in accounts)
                    assert "Review" not in page.text and "Client work" not in page.text  # stage, pipeline
    finally:
        shutil.rmtree(folder, ignore_errors=True)
