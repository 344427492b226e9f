"""R19 for staff: contacts' e-mail, invitations and revocation on the command line; the schema-2 migration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.web.conftest import PortalFirm
from wipboard.store import schema
from wipboard.store.errors import PermissionDenied
from wipboard.store.firm_file import create_firm
from wipboard.store.identity import resolve_actor
from wipboard.store.repository import Repository
from wipboard.store.services.people import NewPerson, add_person
from wipboard.store.services.web_access import invite_contact, revoke_web_access, set_contact_email


def wipboard(firm: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wipboard.tui.commands", "--db", str(firm), "--as", "olivia", *args],
        capture_output=True, text=True, env={**os.environ, "USER": "olivia"}, timeout=60,
    )


def test_r19_users_add_and_edit_set_a_contacts_email(portal_firm: PortalFirm):
    added = wipboard(portal_firm.path, "users", "add", "jdoe", "--name", "Jo Doe", "--role", "contact",
                     "--account", "Park Dental", "--email", "jo@example.com")
    assert added.returncode == 0, added.stderr
    edited = wipboard(portal_firm.path, "users", "edit", "lpark", "--email", "lena.park@example.com")
    assert edited.returncode == 0 and "lena.park@example.com" in edited.stdout
    contacts = {c.login: c.email for c in Repository(portal_firm.path).snapshot().contacts.values()}
    assert contacts["jdoe"] == "jo@example.com" and contacts["lpark"] == "lena.park@example.com"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "edit", "lpark", "--email", "not an address"), "email: must be an e-mail address"),
        (("users", "edit", "lpark", "--email", "MARIA@example.com"), "email: another contact already has the address"),
        (("users", "edit", "nobody", "--email", "x@example.com"), "login: 'nobody' is not a contact"),
        (("users", "add", "dana", "--name", "Dana", "--email", "d@example.com"), "email: only client contacts"),
        (("users", "invite", "olivia"), "is not a contact"),
    ],
)
def test_r19_bad_email_requests_are_refused_and_write_nothing(portal_firm: PortalFirm, args, message):
    before = portal_firm.path.read_bytes()
    result = wipboard(portal_firm.path, *args)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert portal_firm.path.read_bytes() == before


def test_r19_users_invite_prints_a_one_time_link_valid_7_days(portal_firm: PortalFirm):
    result = wipboard(portal_firm.path, "users", "invite", "mrivera", "--url", "https://portal.example.com/")
    assert result.returncode == 0, result.stderr
    link = result.stdout.strip().splitlines()[-1]
    assert link.startswith("https://portal.example.com/invite/")
    assert "Maria Rivera <maria@example.com>" in result.stdout and "valid until" in result.stdout
    token = link.rsplit("/", 1)[1]
    assert portal_firm.client().get(f"/invite/{token}").status_code == 200
    assert token not in portal_firm.path.read_text()


def test_r19_a_contact_without_email_cannot_be_invited(portal_firm: PortalFirm):
    add_person(portal_firm.repo, portal_firm.owner, NewPerson(login="noemail", name="No Mail", role="contact", accounts=["Park Dental"]))
    result = wipboard(portal_firm.path, "users", "invite", "noemail")
    assert result.returncode == 1 and "has no e-mail address yet" in result.stderr


def test_r19_users_revoke_ends_web_access(portal_firm: PortalFirm):
    client = portal_firm.logged_in()
    result = wipboard(portal_firm.path, "users", "revoke", "mrivera")
    assert result.returncode == 0, result.stderr
    assert client.get("/work-in-progress").url.path == "/session-ended"


def test_r19_only_owner_and_admin_invite_revoke_and_change_emails(portal_firm: PortalFirm):
    add_person(portal_firm.repo, portal_firm.owner, NewPerson(login="dana", name="Dana", role="employee"))
    dana = resolve_actor(portal_firm.repo.snapshot(), "dana", None, firm_path="")
    maria = resolve_actor(portal_firm.repo.snapshot(), "mrivera", None, firm_path="")
    for actor in (dana, maria):
        with pytest.raises(PermissionDenied):
            invite_contact(portal_firm.repo, actor, "mrivera")
        with pytest.raises(PermissionDenied):
            revoke_web_access(portal_firm.repo, actor, "mrivera")
        with pytest.raises(PermissionDenied):
            set_contact_email(portal_firm.repo, actor, "mrivera", "m@example.com")


def test_r19_users_list_never_shows_hashes(portal_firm: PortalFirm):
    portal_firm.logged_in()
    listing = wipboard(portal_firm.path, "users", "list", "--json")
    assert listing.returncode == 0 and "argon2" not in listing.stdout and "invite" not in listing.stdout


def test_r19_portal_serve_refuses_a_missing_firm_file_in_a_sentence(tmp_path: Path):
    result = wipboard(tmp_path / "none.json", "portal", "serve", "--port", "1")
    assert result.returncode == 1 and "no firm file here" in result.stderr


def test_r19_wipboard_portal_still_shows_a_portal_beside_portal_serve(portal_firm: PortalFirm):
    portal_firm.shown_job("Form 1040", name_for_client="Your return")
    result = wipboard(portal_firm.path, "portal", "mrivera")
    assert result.returncode == 0 and "Your return" in result.stdout
    assert "serve" in wipboard(portal_firm.path, "portal", "--help").stdout


# --- The schema-2 migration ----------------------------------------------------------------------


def test_r19_a_schema_1_file_is_migrated_contacts_get_an_email_field_and_no_web_access(tmp_path: Path):
    path = tmp_path / "firm.json"
    repo = create_firm(path, owner_login="olivia")
    owner = resolve_actor(repo.snapshot(), "olivia", None, firm_path=str(path))
    from wipboard.store.services.people import add_account

    add_account(repo, owner, "Rivera Family")
    add_person(repo, owner, NewPerson(login="mrivera", name="Maria", role="contact", accounts=["Rivera Family"]))
    # Write the file as wipboard 1 wrote it: schema 1, contacts without the new fields.
    data = orjson.loads(path.read_bytes())
    data["_meta"]["1"]["schema_version"] = 1
    for contact in data["contacts"].values():
        del contact["email"], contact["web_access"]
    path.write_bytes(orjson.dumps(data))

    migrated = schema.migrate(orjson.loads(path.read_bytes()))
    assert migrated["_meta"]["1"]["schema_version"] == schema.SCHEMA_VERSION  # 2 then every later migration
    assert migrated["contacts"]["1"]["email"] is None and migrated["contacts"]["1"]["web_access"] == {"generation": 0}

    reopened = Repository(path)
    contact = next(iter(reopened.snapshot().contacts.values()))
    assert contact.email is None and contact.web_access.password_hash is None
    set_contact_email(reopened, owner, "mrivera", "maria@example.com")
    assert orjson.loads(path.read_bytes())["_meta"]["1"]["schema_version"] == schema.SCHEMA_VERSION


def test_r19_the_migration_is_pure(tmp_path: Path):
    old = {"_meta": {"1": {"generation": 1, "schema_version": 1, "audit_size": 0, "next_ids": {}}},
           "contacts": {"1": {"id": 1, "login": "m", "name": "M", "account_ids": [1]}}}
    copy = orjson.loads(orjson.dumps(old))
    schema.MIGRATIONS[1](old)
    assert old == copy, "the input is left as it was"


BLOCK_THE_WEB_EXTRA = r"""
import sys
class BlockWebExtra:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pwdlib", "starlette", "uvicorn", "itsdangerous", "multipart", "python_multipart"):
            raise ImportError(f"{name} is blocked in this test", name=name)
        return None
sys.meta_path.insert(0, BlockWebExtra())
sys.argv = ["wipboard", *sys.argv[1:]]
from wipboard.tui.commands.main import run
run()
"""


def without_the_web_extra(firm: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCK_THE_WEB_EXTRA, "--db", str(firm), "--as", "olivia", *args],
                          capture_output=True, text=True, env={**os.environ, "USER": "olivia"}, timeout=60)


def test_r19_without_the_web_extra_staff_commands_work_and_portal_serve_says_how_to_install_it(portal_firm: PortalFirm):
    assert without_the_web_extra(portal_firm.path, "users", "list").returncode == 0
    invited = without_the_web_extra(portal_firm.path, "users", "invite", "mrivera")
    assert invited.returncode == 0 and "/invite/" in invited.stdout, invited.stderr
    served = without_the_web_extra(portal_firm.path, "portal", "serve")
    assert served.returncode == 1
    assert "pip install 'wipboard[web]'" in served.stderr
