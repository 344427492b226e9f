"""A small firm with client contacts, and a browser-like client of the portal's ASGI app.

    firm = portal_firm                      # Rivera Family & Rivera Bakery (contact mrivera), Park Dental (lpark)
    job = firm.shown_job("Form 1040", account="Rivera Family", name_for_client="Your 2025 tax return")
    token = firm.invite("mrivera")
    client = firm.client(); client.set_password(token, "a long and odd phrase"); client.get("/work-in-progress")

The firm is a ``tests/firms.py`` ``Firm``, arranged through the services as its owner; the client is
httpx against the real ASGI app (starlette's TestClient), cookies and all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from firms import Firm
from starlette.testclient import TestClient

from wipboard.store.identity import Actor
from wipboard.store.models import Job
from wipboard.store.services.people import NewPerson, add_account, add_person
from wipboard.store.services.web_access import invite_contact
from wipboard.web.app import create_app
from wipboard.web.throttle import LoginThrottle

OWNER = "olivia"
FIRM_NAME = "Hart & Rivera CPAs"
PASSWORD = "plum tree in autumn"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class PortalClient(TestClient):
    """A browser: keeps cookies, and fills in the form token the page it last read carried."""

    csrf: str = ""

    def request(self, method: str, url: httpx._types.URLTypes, **kwargs):  # type: ignore[override]
        kwargs.setdefault("follow_redirects", True)
        response = super().request(method, url, **kwargs)
        found = _CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        if found:
            self.csrf = found.group(1)
        return response

    def submit(self, url: str, data: dict[str, str], **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        """POST a form as the page's own form would (with its token, from the same origin)."""
        headers = {"origin": "http://testserver", **kwargs.pop("headers", {})}
        return self.post(url, data={"csrf": self.csrf, **data}, headers=headers, **kwargs)

    def set_password(self, token: str, password: str = PASSWORD, again: str | None = None) -> httpx.Response:
        self.get("/login")  # the form token, even when the invitation page shows no form
        self.get(f"/invite/{token}")
        return self.submit(f"/invite/{token}", {"password": password, "password_again": password if again is None else again})

    def log_in(self, identifier: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/login")
        return self.submit("/login", {"identifier": identifier, "password": password})

    def log_out(self) -> httpx.Response:
        self.get("/work-in-progress")
        return self.submit("/logout", {})


class PortalFirm:
    def __init__(self, path: Path | str, key_folder: Path | None = None) -> None:
        self.path = path  # the firm file, or a postgresql:// URL
        self.key = key_folder / "portal.web-secret" if key_folder is not None else None
        self.firm = Firm.create(path, owner=OWNER, firm_name=FIRM_NAME)
        self.repo = self.firm.repo
        for name in ("Rivera Family", "Rivera Bakery", "Park Dental"):
            add_account(self.repo, self.owner, name)
        self.contact("mrivera", "Maria Rivera", ["Rivera Family", "Rivera Bakery"], "maria@example.com")
        self.contact("lpark", "Lena Park", ["Park Dental"], "lena@example.com")
        self.throttle = LoginThrottle(clock=self.clock)
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    @property
    def owner(self) -> Actor:
        return self.firm.owner

    def contact(self, login: str, name: str, accounts: list[str], email: str | None) -> None:
        add_person(self.repo, self.owner, NewPerson(login=login, name=name, role="contact", accounts=accounts, email=email))

    def job(self, name: str, *, account: str = "Rivera Family", notes: str = "", assignees: list[str] | None = None) -> Job:
        return self.firm.job(name, account=account, notes=notes, assignees=assignees)

    def show(self, job: Job, status: str = "In progress", *, name_for_client: str = "", description: str = "") -> Job:
        return self.firm.shown(job, status, name_for_client=name_for_client, description=description)

    def shown_job(self, name: str, status: str = "In progress", *, account: str = "Rivera Family",
                  name_for_client: str = "", description: str = "", notes: str = "") -> Job:
        return self.show(self.job(name, account=account, notes=notes), status,
                         name_for_client=name_for_client, description=description)

    def invite(self, login: str) -> str:
        return invite_contact(self.repo, self.owner, login).token

    def client(self, **options) -> PortalClient:  # type: ignore[no-untyped-def]
        if self.key is not None:
            options.setdefault("secret_path", self.key)
        app = create_app(self.path, throttle=self.throttle, **options)
        return PortalClient(app, base_url="http://testserver")

    def logged_in(self, login: str = "mrivera") -> PortalClient:
        client = self.client()
        response = client.set_password(self.invite(login))
        assert response.url.path == "/work-in-progress", response.text
        return client


@pytest.fixture
def portal_firm(tmp_path: Path) -> Iterator[PortalFirm]:
    yield PortalFirm(tmp_path / "firm.json")


@pytest.fixture
def portal_firm_on_postgres(pg_server, tmp_path: Path) -> Iterator[PortalFirm]:  # type: ignore[no-untyped-def]
    """The same firm in a fresh PostgreSQL database (the portal's key in the test's folder)."""
    url = pg_server.fresh_database()
    firm = PortalFirm(url, key_folder=tmp_path)
    yield firm
    firm.repo.close()
    pg_server.drop(url)
