"""R20 set-up: the schema-3 migration, the SMTP password kept out of the firm file, and the
command line (`notify setup | send | status`, `statuses edit --no-notify`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from wipboard.store import schema
from wipboard.store.errors import InvalidRequest
from wipboard.store.firm_file import create_firm
from wipboard.store.mail.smtp import smtp_password
from wipboard.store.models import NotificationSettings
from wipboard.store.repository import Repository
from wipboard.store.services.people import NewPerson, add_person

WIPBOARD = str(Path(sys.executable).parent / "wipboard")


def test_r20_a_schema_2_file_gets_an_empty_outbox_and_every_status_but_in_progress_notifies(tmp_path: Path) -> None:
    path = tmp_path / "firm.json"
    create_firm(path, owner_login="olivia")
    data = orjson.loads(path.read_bytes())
    data["_meta"]["1"]["schema_version"] = 2
    del data["notifications"], data["_meta"]["1"]["next_ids"]["notifications"], data["firm"]["1"]["notifications"]
    for status in data["statuses"].values():
        del status["notify_clients"]
    path.write_bytes(orjson.dumps(data))
    before = orjson.loads(path.read_bytes())
    migrated = schema.migrate(orjson.loads(path.read_bytes()))
    assert migrated["notifications"] == {} and migrated["firm"]["1"]["notifications"] == {"enabled": False}
    assert {s["name"]: s["notify_clients"] for s in migrated["statuses"].values()} == {
        "Planned": True, "On hold": True, "In progress": False, "In review": True, "Done": True}
    schema.MIGRATIONS[2](before)
    assert before == orjson.loads(path.read_bytes()), "the migration leaves its input as it was"
    snapshot = Repository(path).snapshot()
    assert snapshot.notifications == {} and not snapshot.firm.notifications.enabled


def test_r20_the_smtp_password_comes_from_the_environment_or_a_0600_file_only(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("hunter2\n")
    secret.chmod(0o600)
    settings = NotificationSettings(password_file=str(secret))
    assert smtp_password(settings, {}) == "hunter2"
    assert smtp_password(settings, {"WIPBOARD_SMTP_PASSWORD": "from-env"}) == "from-env"
    secret.chmod(0o640)
    with pytest.raises(InvalidRequest, match="others may read it"):
        smtp_password(settings, {})
    link = tmp_path / "link"
    link.symlink_to(secret)
    with pytest.raises(InvalidRequest, match="symbolic link"):
        smtp_password(NotificationSettings(password_file=str(link)), {})
    with pytest.raises(InvalidRequest, match="not a regular file"):
        smtp_password(NotificationSettings(password_file=str(tmp_path)), {})


def cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "WIPBOARD_SMTP_PASSWORD"}
    return subprocess.run([WIPBOARD, *args, "--db", str(path), "--as", "olivia"], capture_output=True, text=True, env=env, timeout=60)


def test_r20_the_command_line_sets_up_sends_and_shows_the_outbox(firm, smtp) -> None:  # noqa: ANN001
    firm.account("Rivera Family")
    add_person(firm.repo, firm.owner, NewPerson(login="mrivera", name="Maria Rivera", role="contact",
                                                accounts=["Rivera Family"], email="maria@rivera.example"))
    refused = cli(firm.path, "notify", "setup", "--on")
    assert refused.returncode == 1 and "mail server" in refused.stderr
    bad = cli(firm.path, "notify", "setup", "--from", "not an address")
    assert bad.returncode == 1 and "from address" in bad.stderr
    done = cli(firm.path, "notify", "setup", "--smtp-host", "127.0.0.1", "--smtp-port", str(smtp.port), "--smtp-security",
               "none", "--from", "wip@firm.example", "--quiet-minutes", "0", "--on")
    assert done.returncode == 0, done.stderr
    assert "password" not in firm.path.read_text().lower().replace("password_file", "").replace("password_hash", "")
    assert cli(firm.path, "statuses", "edit", "Done", "--no-notify").returncode == 0
    statuses = json.loads(cli(firm.path, "statuses", "list", "--json").stdout)
    assert {s["name"]: s["notify_clients"] for s in statuses}["Done"] is False
    firm.shown(firm.job("Quiet one"), "Done")
    firm.shown(firm.job(), "In review", name_for_client="Your return")
    time.sleep(0.1)
    sent = cli(firm.path, "notify", "send")
    assert sent.returncode == 0 and "sent 1" in sent.stdout, sent.stdout + sent.stderr
    assert len(smtp.messages) == 1 and "Your return" in smtp.messages[0].get_body(("plain",)).get_content()
    assert "Quiet one" not in smtp.messages[0].as_string()
    status = json.loads(cli(firm.path, "notify", "status", "--json").stdout)
    assert [(line["state"], line["contact"], line["items"]) for line in status] == [("sent", "Maria Rivera", 1)]
    assert "Maria Rivera" in cli(firm.path, "notify", "status").stdout
