"""R19 with R8: what the pages show — only the contact's own items, only client-facing fields."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.web.conftest import FIRM_NAME, PortalFirm
from wipboard.store.services.jobs import set_flag
from wipboard.store.services.moves import move_jobs


def test_r19_work_in_progress_lists_every_item_of_every_account_newest_first(portal_firm: PortalFirm):
    portal_firm.shown_job("Form 1040", name_for_client="Your 2025 tax return", description="We started.")
    portal_firm.shown_job("Payroll Q1", "In review", account="Rivera Bakery", name_for_client="Bakery payroll")
    portal_firm.shown_job("Hidden one", account="Rivera Family")  # shown…
    hidden = portal_firm.job("Never shown")  # …and one that is not
    page = portal_firm.logged_in().get("/work-in-progress")

    text = page.text
    for shown in ("Your 2025 tax return", "Bakery payroll", "We started.", "In review", "In progress"):
        assert shown in text
    assert hidden.name not in text
    assert "updated" in text and "just now" in text


def test_r19_a_contact_with_nothing_shown_sees_a_clear_empty_state(portal_firm: PortalFirm):
    portal_firm.job("Internal only")
    page = portal_firm.logged_in().get("/work-in-progress")
    assert "Nothing in progress right now" in page.text


def test_r19_a_contact_of_two_accounts_switches_between_them(portal_firm: PortalFirm):
    portal_firm.shown_job("Form 1040", name_for_client="Family return")
    portal_firm.shown_job("Payroll", account="Rivera Bakery", name_for_client="Bakery payroll")
    client = portal_firm.logged_in()
    snapshot = portal_firm.repo.snapshot()
    family, bakery = (next(a.id for a in snapshot.accounts.values() if a.name == name) for name in ("Rivera Family", "Rivera Bakery"))

    everything = client.get("/work-in-progress").text
    assert 'aria-label="Accounts"' in everything and "All accounts" in everything
    only_bakery = client.get(f"/work-in-progress?account={bakery}").text
    assert "Bakery payroll" in only_bakery and "Family return" not in only_bakery
    assert f'href="/work-in-progress?account={bakery}" aria-current="page"' in only_bakery
    only_family = client.get(f"/work-in-progress?account={family}").text
    assert "Family return" in only_family and "Bakery payroll" not in only_family


def test_r19_a_contact_of_one_account_gets_no_switcher(portal_firm: PortalFirm):
    portal_firm.shown_job("Cleaning", account="Park Dental")
    page = portal_firm.logged_in("lpark").get("/work-in-progress")
    assert 'aria-label="Accounts"' not in page.text


def test_r19_another_contacts_item_or_account_is_404_like_one_that_does_not_exist(portal_firm: PortalFirm):
    theirs = portal_firm.shown_job("Dental books", account="Park Dental", name_for_client="Park's books")
    hidden_mine = portal_firm.job("Hidden of mine")
    mine = portal_firm.shown_job("Form 1040", name_for_client="Your return")
    park = next(a.id for a in portal_firm.repo.snapshot().accounts.values() if a.name == "Park Dental")
    client = portal_firm.logged_in()

    assert client.get(f"/items/{mine.id}").status_code == 200
    pages = [client.get(path) for path in (f"/items/{theirs.id}", f"/items/{hidden_mine.id}", "/items/99999",
                                            f"/work-in-progress?account={park}", "/work-in-progress?account=99999",
                                            "/work-in-progress?account=abc")]
    assert [page.status_code for page in pages] == [404] * 6
    assert len({page.text.replace(client.csrf, "") for page in pages}) == 1
    assert all("Park" not in page.text for page in pages)


def test_r19_archived_and_deleted_items_are_404_at_once(portal_firm: PortalFirm):
    archived = portal_firm.shown_job("Old return", name_for_client="Old return")
    deleted = portal_firm.shown_job("Mistake", name_for_client="Mistake")
    client = portal_firm.logged_in()
    set_flag(portal_firm.repo, portal_firm.owner, [archived.id], "archive")
    set_flag(portal_firm.repo, portal_firm.owner, [deleted.id], "delete")
    assert client.get(f"/items/{archived.id}").status_code == 404
    assert client.get(f"/items/{deleted.id}").status_code == 404
    text = client.get("/work-in-progress").text
    assert "Old return" not in text and "Mistake" not in text


def test_r19_an_items_page_shows_its_status_timeline(portal_firm: PortalFirm):
    job = portal_firm.shown_job("Form 1040", "Planned", name_for_client="Your 2025 tax return")
    portal_firm.show(job, "In review", name_for_client="Your 2025 tax return")
    page = portal_firm.logged_in().get(f"/items/{job.id}")
    assert page.status_code == 200
    timeline = page.text[page.text.index('class="timeline"'):]
    assert timeline.index("In review") < timeline.index("Planned"), "newest first"
    assert "Status history" in page.text


def test_r19_only_client_facing_fields_reach_the_pages_and_the_api(portal_firm: PortalFirm):
    portal_firm.repo  # internal values that must never show: job name, stage, assignee, notes, other accounts
    job = portal_firm.shown_job("INTERNAL-JOB-NAME-7", name_for_client="Your return", notes="INTERNAL-NOTE-3")
    move_jobs(portal_firm.repo, portal_firm.owner, [job.id], "Review")
    portal_firm.shown_job("OTHER-ACCOUNT-JOB", account="Park Dental", name_for_client="OTHER-CLIENT-ITEM")
    client = portal_firm.logged_in()
    texts = [client.get(path).text for path in ("/work-in-progress", f"/items/{job.id}", "/api/work-in-progress")]
    for text in texts:
        for secret in ("INTERNAL-JOB-NAME-7", "INTERNAL-NOTE-3", "Review", "olivia", "Olivia", "OTHER-CLIENT-ITEM",
                       "Park Dental", "Client work", "lena@example.com"):
            assert secret not in text, secret


def test_r19_the_firms_name_is_on_every_page(portal_firm: PortalFirm):
    job = portal_firm.shown_job("Form 1040")
    client = portal_firm.client()
    token = portal_firm.invite("mrivera")
    anonymous_pages = [client.get(path) for path in ("/login", f"/invite/{token}", "/invite/bad", "/session-ended", "/nowhere")]
    client.set_password(token)
    pages = anonymous_pages + [client.get(path) for path in ("/work-in-progress", f"/items/{job.id}", "/items/4242")]
    for page in pages:
        assert "Hart &amp; Rivera CPAs" in page.text, page.url
        assert FIRM_NAME not in page.text, "the name is escaped like any other text"


def test_r19_hostile_names_are_shown_as_text(portal_firm: PortalFirm):
    job = portal_firm.shown_job("x", name_for_client='<script>alert("name")</script>',
                                description='<img src=x onerror=alert(1)> & "quotes"')
    client = portal_firm.logged_in()
    for path in ("/work-in-progress", f"/items/{job.id}"):
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text
        assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quotes&#34;" in text


def test_r19_the_api_returns_exactly_what_wipboard_portal_json_prints(portal_firm: PortalFirm):
    portal_firm.shown_job("Form 1040", name_for_client="Your return", description="Working on it")
    portal_firm.shown_job("Payroll", "Done", account="Rivera Bakery", name_for_client="Payroll")
    api = portal_firm.logged_in().get("/api/work-in-progress")
    cli = subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", "--db", str(portal_firm.path), "--as", "olivia",
         "portal", "mrivera", "--json"],
        capture_output=True, text=True, check=True, env={**os.environ, "USER": "olivia"},
    )
    assert api.json() == json.loads(cli.stdout)
    assert api.headers["content-type"] == "application/json"


def test_r19_the_page_works_without_javascript_and_says_how_to_refresh(portal_firm: PortalFirm):
    page = portal_firm.logged_in().get("/work-in-progress")
    assert "<script src=\"/static/live.js\" defer></script>" in page.text
    assert "<script>" not in page.text, "no inline script (the policy forbids it)"
    assert ">Reload</a>" in page.text


def test_r19_the_list_part_for_live_updates_has_the_same_items(portal_firm: PortalFirm):
    portal_firm.shown_job("Form 1040", name_for_client="Your return")
    client = portal_firm.logged_in()
    part = client.get("/work-in-progress?part=list")
    assert part.text.lstrip().startswith('<div id="wip-list" data-version=') and "Your return" in part.text
    assert "<html" not in part.text


def test_r19_the_lists_version_changes_with_what_the_client_sees_and_only_then(portal_firm: PortalFirm):
    job = portal_firm.shown_job("Form 1040", name_for_client="Your return")
    client = portal_firm.logged_in()

    def version() -> str:
        return re.search(r'data-version="([0-9a-f]+)"', client.get("/work-in-progress?part=list").text).group(1)

    first = version()
    portal_firm.job("An internal job nobody sees")
    assert version() == first
    portal_firm.show(job, "Done", name_for_client="Your return")
    assert version() != first


@pytest.mark.parametrize("field", ["label", "autocomplete"])
def test_r19_login_fields_are_labelled_for_assistive_technology(portal_firm: PortalFirm, field):
    page = portal_firm.client().get("/login").text
    if field == "label":
        assert '<label for="identifier">' in page and '<label for="password">' in page
    else:
        assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page


def test_r19_the_webs_items_are_the_portal_read_models_items(portal_firm: PortalFirm):
    from wipboard.store.identity import resolve_actor
    from wipboard.store.portal import portal_for
    from wipboard.store.services.web_portal import contact_portal, jobs_by_account

    for index, account in enumerate(["Rivera Family", "Rivera Bakery", "Park Dental", "Rivera Family"]):
        portal_firm.shown_job(f"Job {index}", ("Planned", "Done", "In review", "On hold")[index], account=account,
                              name_for_client=f"Item {index}")
    portal_firm.job("Hidden")
    snapshot = portal_firm.repo.snapshot()
    for login in ("mrivera", "lpark"):
        actor = resolve_actor(snapshot, login, None, firm_path="")
        expected = portal_for(portal_firm.repo, actor).work_in_progress
        assert [item for _, item in contact_portal(snapshot, actor.contact).items] == expected
        indexed = contact_portal(snapshot, actor.contact, index=jobs_by_account(snapshot))
        assert [item for _, item in indexed.items] == expected


def test_r19_r21_the_portal_serves_a_firm_in_postgresql_alike(portal_firm_on_postgres):
    firm = portal_firm_on_postgres
    firm.shown_job("2025 Form 1040", "In review", name_for_client="Your 2025 tax return", notes="call the IRS")
    firm.shown_job("Park payroll", account="Park Dental")
    client = firm.logged_in("mrivera")

    page = client.get("/work-in-progress")
    api = client.get("/api/work-in-progress").json()

    assert page.status_code == 200 and "Your 2025 tax return" in page.text and "In review" in page.text
    assert "call the IRS" not in page.text and "Park payroll" not in page.text
    assert [item["name"] for item in api["work_in_progress"]] == ["Your 2025 tax return"]
