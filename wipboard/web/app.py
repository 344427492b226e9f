"""The portal's ASGI application: routes, their checks, and the pages they render (R19).

Every page reads the firm through the services: the session's contact is looked
up again at each request (``session_contact``), so a revoked contact's next
request ends the session; every item and account in a URL is checked against
that contact's accounts, and anything that is not theirs is the same 404 as
anything that does not exist.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from wipboard.store.errors import NotFound
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Contact, Job
from wipboard.store.open_store import open_repository
from wipboard.store.repository import Snapshot
from wipboard.store.services.notifications import contact_of_link, unsubscribe
from wipboard.store.services.web_access import (
    MAX_PASSWORD_LENGTH,
    InvitationInvalid,
    PasswordRefused,
    accept_invitation,
    check_login,
    invited_contact,
    session_contact,
)
from wipboard.store.services.web_portal import (
    ContactPortal,
    contact_item,
    contact_portal,
    contact_portal_json,
    jobs_by_account,
)
from wipboard.web.headers import SecurityHeaders, add_security_headers
from wipboard.web.secret import key_path_for, load_or_create_secret
from wipboard.web.sessions import Session, SessionCookies, anonymous, csrf_matches
from wipboard.web.throttle import LoginThrottle
from wipboard.web.time_words import ago, day

HERE = Path(__file__).parent
MAX_IDENTIFIER_LENGTH = 254
LIST_FRESH_SECONDS = 30.0
PAGES_KEPT_PER_LIST = 64
Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class RenderedList:
    view: ContactPortal
    version: str
    html: Markup
    rendered_at: float
    pages: dict[tuple[str, str], str] = field(default_factory=dict)  # whole pages, by (form token, contact's name)


@dataclass
class Portal:
    """What the routes share: the firm, the cookies, the throttle, the templates."""

    repo: FirmRepository
    cookies: SessionCookies
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    templates: Jinja2Templates = field(init=False)

    def __post_init__(self) -> None:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("wipboard.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # templates ship in the wheel: no stat() of each at every request
        )
        env.filters["ago"] = ago
        env.filters["day"] = day
        self.templates = Jinja2Templates(env=env)

    _lists: dict[tuple[int, int | None], RenderedList] = field(default_factory=dict)
    _lists_generation: int = -1
    _jobs_by_account: dict[int, list[Job]] = field(default_factory=dict)

    def snapshot(self, request: Request) -> Snapshot:
        """One generation of the firm for the whole request (read once, however many parts need it)."""
        if not hasattr(request.state, "snapshot"):
            request.state.snapshot = self.repo.snapshot()
        snapshot: Snapshot = request.state.snapshot  # Starlette's request state is untyped; only this method sets it
        return snapshot

    def work_in_progress(self, request: Request, contact: Contact, account_id: int | None) -> RenderedList:
        """The contact's items and their list as HTML, kept until the firm file's next generation
        (a 10 000-job firm is not scanned at every request) or for 30 s ("updated 3 minutes ago")."""
        snapshot = self.snapshot(request)
        if snapshot.generation != self._lists_generation or len(self._lists) > 10_000:
            self._lists.clear()
            self._jobs_by_account = jobs_by_account(snapshot)
            self._lists_generation = snapshot.generation
        key = (contact.id, account_id)
        found = self._lists.get(key)
        if found is None or time.monotonic() - found.rendered_at > LIST_FRESH_SECONDS:
            view = found.view if found is not None else contact_portal(snapshot, contact, account_id, index=self._jobs_by_account)  # NotFound → 404
            version = _version(view)
            html = self.templates.get_template("wip_list.html").render(
                firm=snapshot.firm.name, root=request.scope.get("root_path", ""), view=view, chosen=account_id,
                now=datetime.now(timezone.utc), version=version,
            )
            found = self._lists[key] = RenderedList(view, version, Markup(html), time.monotonic())
        return found

    def page(self, request: Request, name: str, session: Session, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("contact", None)
        values = {"firm": self.snapshot(request).firm.name, "csrf": session.csrf,
                  "root": request.scope.get("root_path", ""), **context}
        response = self.templates.TemplateResponse(request, name, values, status_code=status_code)
        self.cookies.write(request, response, session)
        return response

    def session(self, request: Request) -> Session:
        return self.cookies.read(request) or anonymous()

    def logged_in(self, request: Request) -> tuple[Session, Contact] | None:
        session = self.cookies.read(request)
        if session is None or session.contact_id is None or session.generation is None:
            return None
        contact = session_contact(self.snapshot(request), session.contact_id, session.generation)
        return (session, contact) if contact is not None else None


def create_app(db_path: Path | str, *, https_only: bool = False, secret_path: Path | None = None,
               throttle: LoginThrottle | None = None) -> Starlette:
    repo = open_repository(db_path)  # a firm file, or postgresql://…
    repo.snapshot()  # a firm file that cannot be read is reported now, not at the first request
    secret = load_or_create_secret(secret_path or key_path_for(repo))  # beside the real file, as the lock is
    portal = Portal(repo=repo, cookies=SessionCookies(secret, https_only=https_only),
                    throttle=throttle or LoginThrottle())

    def contact_page(handler: Callable[[Request, Session, Contact], Awaitable[Response]]) -> Handler:
        """A page for a logged-in contact: anyone else goes to the login page or 'session ended'."""

        async def endpoint(request: Request) -> Response:
            found = portal.logged_in(request)
            if found is None:
                session = portal.cookies.read(request)
                if session is not None and session.was_logged_in:
                    return _redirect(request, "/session-ended", anonymous(), portal)
                return _redirect(request, "/login", session or anonymous(), portal)
            return await handler(request, *found)

        return endpoint

    async def home(request: Request) -> Response:
        return _redirect(request, "/work-in-progress" if portal.logged_in(request) else "/login", portal.session(request), portal)

    async def login_form(request: Request) -> Response:
        if portal.logged_in(request):
            return _redirect(request, "/work-in-progress", portal.session(request), portal)
        notice = "You are logged out." if request.query_params.get("logged_out") else None
        return portal.page(request, "login.html", portal.session(request), notice=notice, identifier="", error=None)

    async def login(request: Request) -> Response:
        session = portal.session(request)
        form = await _form(request, session, portal)
        if isinstance(form, Response):
            return form
        identifier, password = form.get("identifier", ""), form.get("password", "")
        if len(identifier) > MAX_IDENTIFIER_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
            return portal.page(request, "login.html", session, 400, notice=None, identifier="",
                               error="E-mail or login, or password: too long. Check what you typed.")
        address = request.client.host if request.client else "-"
        wait = portal.throttle.begin(identifier, address)
        if wait:
            minutes = max(1, round(wait / 60))
            return portal.page(request, "login.html", session, 429, notice=None, identifier=identifier,
                               error=f"Too many failed logins. Try again in {minutes} minute{'s' if minutes != 1 else ''}.")
        contact = None
        try:
            contact = await run_in_threadpool(check_login, portal.snapshot(request), identifier, password)
        finally:
            portal.throttle.end(identifier, address, succeeded=contact is not None)
        if contact is None:
            return portal.page(request, "login.html", session, 401, notice=None, identifier=identifier,
                               error="That e-mail address or login and password do not match an account. Check them and try again.")
        fresh = Session(csrf=anonymous().csrf, contact_id=contact.id, generation=contact.web_access.generation)
        return _redirect(request, "/work-in-progress", fresh, portal)

    async def logout(request: Request) -> Response:
        session = portal.session(request)
        form = await _form(request, session, portal)
        if isinstance(form, Response):
            return form
        return _redirect(request, "/login?logged_out=1", anonymous(), portal)

    async def unsubscribe_form(request: Request) -> Response:
        token = request.path_params["token"]
        contact = contact_of_link(portal.repo, secret, token)
        if contact is None:
            return portal.page(request, "error.html", anonymous(), 404, title="This link cannot be used",
                               message="The link is not one of ours, or it was cut short; copy the whole link from the e-mail.")
        return portal.page(request, "unsubscribe.html", anonymous(), done=contact.unsubscribed, who=contact.name, token=token)

    async def unsubscribe_now(request: Request) -> Response:
        """A click on the page's button, or a mail program's one-click POST (RFC 8058): the signed link is the proof."""
        token = request.path_params["token"]
        contact = await run_in_threadpool(unsubscribe, portal.repo, secret, token)
        if contact is None:
            return portal.page(request, "error.html", anonymous(), 404, title="This link cannot be used",
                               message="The link is not one of ours, or it was cut short; copy the whole link from the e-mail.")
        return portal.page(request, "unsubscribe.html", anonymous(), done=True, who=contact.name, token=token)

    async def session_ended(request: Request) -> Response:
        return portal.page(request, "session_ended.html", anonymous())

    async def invitation_form(request: Request) -> Response:
        session = portal.session(request)
        token = request.path_params["token"]
        try:
            contact = invited_contact(portal.snapshot(request), token)
        except InvitationInvalid as error:
            return portal.page(request, "error.html", session, 410, title="This link cannot be used", message=str(error))
        return portal.page(request, "set_password.html", session, invited=contact, token=token, error=None)

    async def set_password(request: Request) -> Response:
        session = portal.session(request)
        token = request.path_params["token"]
        form = await _form(request, session, portal)
        if isinstance(form, Response):
            return form
        password, again = form.get("password", ""), form.get("password_again", "")
        try:
            contact = invited_contact(portal.snapshot(request), token)
            if password != again:
                raise PasswordRefused("Password: the two passwords differ; type the same one twice.")
            contact = await run_in_threadpool(accept_invitation, portal.repo, token, password)
        except InvitationInvalid as error:
            return portal.page(request, "error.html", session, 410, title="This link cannot be used", message=str(error))
        except PasswordRefused as error:
            return portal.page(request, "set_password.html", session, 400, invited=contact, token=token, error=str(error))
        fresh = Session(csrf=anonymous().csrf, contact_id=contact.id, generation=contact.web_access.generation)
        return _redirect(request, "/work-in-progress", fresh, portal)

    @contact_page
    async def work_in_progress(request: Request, session: Session, contact: Contact) -> Response:
        chosen = _int_param(request.query_params.get("account"))
        rendered = portal.work_in_progress(request, contact, chosen)
        if request.query_params.get("part") == "list":  # what the live page polls for
            response: Response = HTMLResponse(rendered.html)
            portal.cookies.write(request, response, session)
            return response
        key = (session.csrf, contact.name)
        html = rendered.pages.get(key)
        if html is None:  # a page polled or reloaded again is served as it was, until the list changes
            chosen_name = next((choice.name for choice in rendered.view.accounts if choice.id == chosen), None)
            html = portal.templates.get_template("work_in_progress.html").render(
                firm=portal.snapshot(request).firm.name, csrf=session.csrf, root=request.scope.get("root_path", ""),
                contact=contact, view=rendered.view, chosen=chosen, chosen_name=chosen_name, list_html=rendered.html,
            )
            if len(rendered.pages) < PAGES_KEPT_PER_LIST:
                rendered.pages[key] = html
        page = HTMLResponse(html)
        portal.cookies.write(request, page, session)
        return page

    @contact_page
    async def item(request: Request, session: Session, contact: Contact) -> Response:
        found = contact_item(portal.repo, contact, request.path_params["job_id"])
        return portal.page(request, "item.html", session, contact=contact, item=found, now=datetime.now(timezone.utc))

    async def api_work_in_progress(request: Request) -> Response:
        found = portal.logged_in(request)
        if found is None:
            return JSONResponse({"error": "not logged in"}, status_code=401)
        response = JSONResponse(contact_portal_json(portal.repo, found[1]))
        portal.cookies.write(request, response, found[0])
        return response

    async def not_found(request: Request, exc: Exception) -> Response:
        found = portal.logged_in(request)
        session = found[0] if found else portal.session(request)
        return portal.page(request, "error.html", session, 404, contact=found[1] if found else None,
                           title="Page not found", message="There is nothing here, or it is not yours to see.")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return await not_found(request, exc)
        return portal.page(request, "error.html", portal.session(request), exc.status_code,
                           title="Something went wrong", message=str(exc.detail))

    async def server_error(request: Request, exc: Exception) -> Response:
        """Sent outside the middleware, and perhaps because the firm file cannot be read: needs neither."""
        try:
            firm = portal.snapshot(request).firm.name
        except Exception:
            firm = ""
        values = {"firm": firm, "csrf": "", "root": request.scope.get("root_path", ""), "contact": None,
                  "title": "Something went wrong", "message": "The portal could not show this page. Try again in a moment."}
        response = portal.templates.TemplateResponse(request, "error.html", values, status_code=500)
        add_security_headers(response.headers)
        return response

    routes = [
        Route("/", home),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/session-ended", session_ended),
        Route("/unsubscribe/{token}", unsubscribe_form, methods=["GET"]),
        Route("/unsubscribe/{token}", unsubscribe_now, methods=["POST"]),
        Route("/invite/{token}", invitation_form, methods=["GET"]),
        Route("/invite/{token}", set_password, methods=["POST"]),
        Route("/work-in-progress", work_in_progress),
        Route("/items/{job_id:int}", item),
        Route("/api/work-in-progress", api_work_in_progress),
        Mount("/static", StaticFiles(packages=[("wipboard.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={NotFound: not_found, HTTPException: http_error, 500: server_error},
    )
    app.state.location = repo.location  # the firm file, or the database with no password in it
    return app


async def _form(request: Request, session: Session, portal: Portal) -> dict[str, str] | Response:
    """The POSTed form, if it comes from one of our pages (same origin, the session's token)."""
    if not _same_origin(request):
        return portal.page(request, "error.html", session, 403, title="Form refused",
                           message="This form was sent from another site. Open the portal's own page and try again.")
    try:
        form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    except Exception:  # a malformed or over-large body: multipart's own errors vary by version
        return portal.page(request, "error.html", session, 400, title="Form refused",
                           message="The form could not be read. Reload the page and try again.")
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    if not csrf_matches(portal.cookies.read(request), values.get("csrf")):
        return portal.page(request, "error.html", session, 403, title="Form expired",
                           message="This form has expired. Reload the page and try again.")
    return values


def _same_origin(request: Request) -> bool:
    """Refuse what a browser says came from another site (browsers send Origin with every POST);
    a client that sends no Origin still needs the session's form token."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme == request.url.scheme and parts.netloc == request.url.netloc


def _redirect(request: Request, path: str, session: Session, portal: Portal) -> Response:
    response = RedirectResponse(request.scope.get("root_path", "") + path, status_code=303)
    portal.cookies.write(request, response, session)
    return response


def _version(view: ContactPortal) -> str:
    """A fingerprint of the items shown: the live page swaps in a fresh list when it changes."""
    digest = hashlib.sha256()
    for job_id, item in view.items:
        digest.update(f"{job_id}:".encode() + item.model_dump_json().encode() + b"\n")
    return digest.hexdigest()[:24]


def _int_param(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 15:
        raise NotFound("no such account")
    return int(value)
