"""R8 Portal: a contact sees the visible, unarchived, undeleted jobs of their accounts — and nothing else."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from wipboard.store.errors import PermissionDenied, StoreError
from wipboard.store.portal import portal_for
from wipboard.store.services.client_status import BulkEdit, bulk_edit, save_card
from wipboard.store.services.jobs import set_flag
from wipboard.store.services.moves import move_jobs

ALLOWED_KEYS = {"account", "name", "status", "color", "description", "updated_at"}


def test_r8_the_portal_lists_only_visible_unarchived_undeleted_jobs(firm):
    firm.contact("mrivera")
    firm.shown(firm.job("Shown"), name_for_client="Shown")
    firm.job("Hidden")
    set_flag(firm.repo, firm.owner, [firm.shown(firm.job("Archived"), name_for_client="Archived").id], "archive")
    set_flag(firm.repo, firm.owner, [firm.shown(firm.job("Deleted"), name_for_client="Deleted").id], "delete")

    assert firm.portal_names("mrivera") == ["Shown"]


def test_r8_an_item_carries_exactly_the_allowed_fields(firm):
    firm.contact("mrivera")
    firm.shown(firm.job("2025 Form 1040"), "In review", name_for_client="Your tax return")

    (item,) = portal_for(firm.repo, firm.as_("mrivera")).model_dump(mode="json", exclude_none=True)["work_in_progress"]

    assert set(item) == ALLOWED_KEYS
    assert (item["account"], item["name"], item["status"], item["color"]) == ("Rivera Family", "Your tax return", "In review", "orange")
    assert item["description"] == firm.status("In review").description


def test_r8_nothing_internal_reaches_the_client(firm):
    firm.employee("dana")
    firm.account("Acme Corp")
    firm.contact("mrivera")
    firm.shown(
        firm.job("INTERNAL-JOB-NAME", stage="Review", assignees=["dana"], notes="SECRET-NOTE: client is late paying"),
        name_for_client="Your tax return",
    )
    firm.shown(firm.job("Acme payroll", account="Acme Corp"), name_for_client="ACME-ONLY")

    text = portal_for(firm.repo, firm.as_("mrivera"), with_history=True).model_dump_json()

    for secret in ("INTERNAL-JOB-NAME", "SECRET-NOTE", "dana", "Review", "ACME-ONLY", "Acme", "olivia", "priority", "stage"):
        assert secret not in text


def test_r8_history_points_carry_only_status_colour_and_time(firm):
    firm.contact("mrivera")
    job = firm.shown(firm.job(), "Planned")
    firm.shown(job, "In review")

    (item,) = portal_for(firm.repo, firm.as_("mrivera"), with_history=True).model_dump(mode="json")["work_in_progress"]

    assert set(item) == ALLOWED_KEYS | {"history"}
    assert (item["history"][-1]["status"], item["history"][-1]["color"]) == ("In review", "orange")
    assert all(set(point) == {"status", "color", "at"} for point in item["history"])


def test_r8_a_contact_of_several_accounts_sees_each_accounts_jobs(firm):
    firm.contact("mrivera", accounts=["Rivera Family", "Rivera Bakery LLC"])
    firm.contact("baker", accounts=["Rivera Bakery LLC"])
    firm.account("Chen Household")
    firm.shown(firm.job("Home", account="Rivera Family"), name_for_client="Your tax return")
    firm.shown(firm.job("Shop", account="Rivera Bakery LLC"), name_for_client="Your payroll")
    firm.shown(firm.job("Other", account="Chen Household"), name_for_client="Chen's return")

    view = portal_for(firm.repo, firm.as_("mrivera"))

    assert view.accounts == ["Rivera Family", "Rivera Bakery LLC"]
    assert sorted((item.account, item.name) for item in view.work_in_progress) == [
        ("Rivera Bakery LLC", "Your payroll"), ("Rivera Family", "Your tax return"),
    ]
    assert firm.portal_names("baker") == ["Your payroll"]


def test_r8_a_contact_sees_only_their_own_portal(firm):
    firm.contact("mrivera", accounts=["Rivera Family"])
    firm.contact("chen", accounts=["Chen Household"])

    with pytest.raises(PermissionDenied, match="only their own portal"):
        portal_for(firm.repo, firm.as_("mrivera"), "chen")
    with pytest.raises(PermissionDenied):
        portal_for(firm.repo, firm.as_("mrivera"), "Chen Household")


def test_r8_an_account_portal_is_what_its_contacts_see(firm):
    firm.contact("mrivera")
    firm.shown(firm.job(), name_for_client="Your tax return")

    assert firm.portal("Rivera Family") == firm.portal("mrivera")


# --- The portal-leak property --------------------------------------------------------

TAGS = ("individual", "business", "premium")
STATUSES = ("Planned", "On hold", "In progress", "In review", "Done")
STAGES = ("To do", "In progress", "Review", "Done")
MAX_JOBS = 6

job_index = st.integers(0, MAX_JOBS - 1)
status_name = st.sampled_from(STATUSES)
firm_plans = st.fixed_dictionaries(
    {
        "accounts": st.lists(st.sets(st.sampled_from(TAGS)), min_size=1, max_size=3),
        "contacts": st.lists(st.sets(st.integers(0, 2), min_size=1, max_size=3), min_size=1, max_size=3),
        "automations": st.lists(
            st.tuples(st.sampled_from(STAGES), st.one_of(st.none(), status_name), st.sets(st.sampled_from(TAGS), max_size=2)),
            max_size=4,
        ),
        "jobs": st.lists(st.tuples(st.integers(0, 2), st.sampled_from(STAGES)), min_size=1, max_size=MAX_JOBS),
    }
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("show"), job_index, status_name),
        st.tuples(st.just("hide"), job_index),
        st.tuples(
            st.just("bulk"), st.sets(job_index, min_size=1, max_size=4),
            st.sampled_from(("show", "hide", "unchanged")), st.one_of(st.none(), status_name),
        ),
        st.tuples(st.just("move"), job_index, st.sampled_from(STAGES), st.booleans()),
        st.tuples(st.sampled_from(("archive", "unarchive", "delete", "restore")), job_index),
    ),
    max_size=12,
)


def _arrange(firm: Any, plan: dict) -> list[int]:
    names = [f"Account {index}" for index in range(len(plan["accounts"]))]
    for name, tags in zip(names, plan["accounts"], strict=True):
        firm.account(name, tags=sorted(tags))
    for index, account_indices in enumerate(plan["contacts"]):
        firm.contact(f"contact{index}", accounts=sorted({names[i % len(names)] for i in account_indices}))
    for stage, shows, tags in plan["automations"]:
        firm.automation(stage, show=shows, hide=shows is None, if_tags=sorted(tags))
    return [
        firm.job(f"Job {index}", account=names[account % len(names)], stage=stage, notes="SECRET-NOTE").id
        for index, (account, stage) in enumerate(plan["jobs"])
    ]


def _apply(firm: Any, job_ids: list[int], operation: tuple) -> None:
    kind, *arguments = operation
    owner = firm.owner
    if kind == "show":
        job = firm.get(job_ids[arguments[0] % len(job_ids)])
        save_card(firm.repo, owner, job.id, job.version, firm.card(job, visible=True, status=arguments[1]))
    elif kind == "hide":
        job = firm.get(job_ids[arguments[0] % len(job_ids)])
        save_card(firm.repo, owner, job.id, job.version, firm.card(job, visible=False))
    elif kind == "bulk":
        indices, visibility, status = arguments
        bulk_edit(firm.repo, owner, sorted({job_ids[i % len(job_ids)] for i in indices}), BulkEdit(visibility=visibility, status=status))
    elif kind == "move":
        index, stage, run = arguments
        move_jobs(firm.repo, owner, [job_ids[index % len(job_ids)]], stage, run_automations_on_entry=run)
    else:
        set_flag(firm.repo, owner, [job_ids[arguments[0] % len(job_ids)]], kind)


def _expected_portal(firm: Any, login: str) -> list[tuple]:
    snapshot = firm.repo.snapshot()
    contact = next(contact for contact in snapshot.contacts.values() if contact.login == login)
    rows = []
    for job in snapshot.jobs.values():
        status = job.client_status
        if job.account_id in contact.account_ids and status.visible and not job.archived and not job.deleted:
            template = snapshot.statuses[status.status_id]
            rows.append((
                snapshot.accounts[job.account_id].name, status.name_for_client, template.name, template.color,
                status.description, (status.updated_at or job.created_at).isoformat(),
            ))
    return sorted(rows)


def _assert_every_portal_is_exact(firm: Any) -> None:
    for contact in firm.repo.snapshot().contacts.values():
        view = portal_for(firm.repo, firm.as_(contact.login))
        items = [orjson.loads(item.model_dump_json(exclude_none=True)) for item in view.work_in_progress]
        for item in items:
            assert set(item) <= ALLOWED_KEYS, f"{contact.login} sees {set(item) - ALLOWED_KEYS}"
        actual = sorted(
            (item["account"], item["name"], item["status"], item["color"], item["description"],
             view.work_in_progress[index].updated_at.isoformat())
            for index, item in enumerate(items)
        )
        assert actual == _expected_portal(firm, contact.login), f"portal of {contact.login}"
        assert "SECRET-NOTE" not in view.model_dump_json()


@settings(max_examples=60, deadline=None, database=None)
@given(plan=firm_plans, steps=operations)
def test_r8_every_contact_sees_exactly_the_visible_live_jobs_of_their_accounts(new_firm, plan, steps):
    with new_firm() as firm:
        job_ids = _arrange(firm, plan)
        _assert_every_portal_is_exact(firm)
        for step in steps:
            before = firm.file_bytes()
            try:
                _apply(firm, job_ids, step)
                event(f"{step[0]} applied")
            except StoreError:
                event(f"{step[0]} refused")
                assert firm.file_bytes() == before, f"a refused {step[0]} wrote to the file"
            _assert_every_portal_is_exact(firm)


def test_r8_history_keeps_two_status_changes_made_in_the_same_second(firm):
    firm.contact("mrivera")
    job = firm.job()
    firm.shown(job, "Planned")
    firm.shown(firm.get(job.id), "In review")
    (item,) = portal_for(firm.repo, firm.as_("mrivera"), with_history=True).work_in_progress
    assert [point.status for point in item.history] == ["Planned", "In review"]
