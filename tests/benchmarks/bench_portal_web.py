"""The web portal under load (R19): a 10 000-job firm, uvicorn with one worker, 50 logged-in clients.

    .venv/bin/python tests/benchmarks/bench_portal_web.py [--jobs 10000] [--clients 50] [--seconds 10]

Prints requests per second and p50 / p99 latency of *Work in progress*, steady and right
after another process changed a job (the server reloads the store), and the in-process
time to build and render the page of a contact with 40 items. Targets: ≥ 800 requests/s,
p99 ≤ 50 ms, the 40-item page in ≤ 5 ms.

The load comes from keep-alive HTTP/1.1 connections written with asyncio streams (a
full HTTP client in Python would measure itself more than the server); it shares the
machine's cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.web.served import serving  # noqa: E402
from wipboard.store.demo import DEMO_OWNER, write_demo  # noqa: E402
from wipboard.store.identity import resolve_actor  # noqa: E402
from wipboard.store.repository import Repository  # noqa: E402
from wipboard.store.services.client_status import BulkEdit, bulk_edit  # noqa: E402
from wipboard.store.services.jobs import NewJob, create_job  # noqa: E402
from wipboard.store.services.people import NewPerson, add_account, add_person  # noqa: E402
from wipboard.store.services.web_access import accept_invitation, invite_contact, set_contact_email  # noqa: E402

PASSWORD = "benchmark pass phrase"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def build_firm(path: Path, jobs: int, clients: int) -> tuple[list[str], str]:
    """The demo firm, 50 contacts with passwords, and one contact whose page has exactly 40 items."""
    write_demo(path, jobs=jobs)
    repo = Repository(path)
    owner = resolve_actor(repo.snapshot(), DEMO_OWNER, None, firm_path=str(path))
    add_account(repo, owner, "Forty Items LLC")
    pipeline = min(repo.snapshot().pipelines)
    job_ids = []
    for index in range(40):
        request = NewJob(account="Forty Items LLC", pipeline=pipeline, name=f"Job {index + 1}")
        job_ids.extend(create_job(repo, owner, request).job_ids)
    status = next(iter(repo.snapshot().statuses.values()))
    bulk_edit(repo, owner, job_ids, BulkEdit(visibility="show", status=status.id))
    add_person(repo, owner, NewPerson(login="forty", name="Forty Items", role="contact", accounts=["Forty Items LLC"],
                                      email="forty@example.com"))
    snapshot = repo.snapshot()
    logins = [contact.login for contact in sorted(snapshot.contacts.values(), key=lambda c: c.id)]
    accounts = sorted(snapshot.accounts.values(), key=lambda a: a.id)
    while len(logins) < clients:
        login = f"bench{len(logins)}"
        add_person(repo, owner, NewPerson(login=login, name=login, role="contact",
                                          accounts=[accounts[len(logins) % len(accounts)].name]))
        logins.append(login)
    logins = logins[:clients]
    for login in logins:
        if repo.snapshot().contacts and not next(c for c in repo.snapshot().contacts.values() if c.login == login).email:
            set_contact_email(repo, owner, login, f"{login}@example.com")
        accept_invitation(repo, invite_contact(repo, owner, login).token, PASSWORD)
    return logins, "forty"


def log_in(url: str, login: str) -> str:
    """The session cookie of ``login``, through the real login form."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{url}/login").read().decode()
    data = urllib.parse.urlencode({"csrf": CSRF.search(page).group(1), "identifier": login, "password": PASSWORD}).encode()
    response = opener.open(urllib.request.Request(f"{url}/login", data=data, headers={"Origin": url}))
    assert response.url.endswith("/work-in-progress"), response.url
    return next(cookie.value for cookie in jar if cookie.name == "wipboard_session")


async def one_client(host: str, port: int, cookie: str, until: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = (f"GET /work-in-progress HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: wipboard_session={cookie}\r\n\r\n").encode()
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
            await reader.readexactly(length)
            assert head.startswith(b"HTTP/1.1 200"), head[:40]
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def load(url: str, cookies: list[str], seconds: float) -> tuple[float, list[float]]:
    parts = urllib.parse.urlsplit(url)
    latencies: list[float] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(one_client(parts.hostname, parts.port, cookie, until, latencies) for cookie in cookies))
    return len(latencies) / (time.perf_counter() - started), latencies


def row(label: str, rate: float, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return f"{label:<44} {rate:>10.0f} {p50:>9.1f} {p99:>9.1f} {len(ordered):>9}"


def in_process_render(path: Path, login: str, repeats: int = 200) -> float:
    """Milliseconds to build and render the page of ``login`` (the same code the server runs)."""
    from markupsafe import Markup

    from wipboard.store.services.web_portal import contact_portal
    from wipboard.web.app import Portal, _version
    from wipboard.web.secret import load_or_create_secret, secret_path_for
    from wipboard.web.sessions import SessionCookies

    repo = Repository(path)
    portal = Portal(repo=repo, cookies=SessionCookies(load_or_create_secret(secret_path_for(path))))
    contact = next(c for c in repo.snapshot().contacts.values() if c.login == login)
    page = portal.templates.get_template("work_in_progress.html")
    part = portal.templates.get_template("wip_list.html")
    timings = []
    for _ in range(repeats):  # the uncached path: what the server does after the store changed
        started = time.perf_counter()
        snapshot = repo.snapshot()
        view = contact_portal(snapshot, contact)
        now = datetime.now(timezone.utc)
        html = part.render(firm=snapshot.firm.name, root="", view=view, chosen=None, now=now, version=_version(view))
        page.render(firm=snapshot.firm.name, csrf="x" * 32, root="", contact=contact, view=view, chosen=None,
                    chosen_name=None, list_html=Markup(html))
        timings.append(time.perf_counter() - started)
    assert len(view.items) == 40, len(view.items)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wipboard-bench-web-"))
    path = folder / "firm.json"
    started = time.perf_counter()
    logins, forty = build_firm(path, options.jobs, options.clients)
    print(f"firm of {options.jobs} jobs and {len(logins)} contacts with passwords built in {time.perf_counter() - started:.1f} s")

    render_ms = in_process_render(path, forty)
    with serving(path, folder / "server.log", ready_path="/login") as url:
        cookies = [log_in(url, login) for login in logins]
        asyncio.run(load(url, cookies, 1.0))  # warm up: every contact's view in the server's cache
        steady_rate, steady = asyncio.run(load(url, cookies, options.seconds))
        job_id = next(iter(Repository(path).snapshot().jobs))
        env = {**os.environ, "USER": DEMO_OWNER}
        after: list[float] = []
        rates = []
        for status in ("Done", "In review", "Done"):
            subprocess.run([sys.executable, "-m", "wipboard.tui.commands", "--db", str(path), "jobs", "client-status",
                            str(job_id), "--show", "--status", status], check=True, env=env, capture_output=True)
            rate, latencies = asyncio.run(load(url, cookies, 1.0))
            after.extend(latencies)
            rates.append(rate)
    print()
    print(f"{'Work in progress, ' + str(len(cookies)) + ' concurrent clients':<44} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'requests':>9}")
    print(row(f"steady, {options.seconds:g} s", steady_rate, steady))
    print(row("first second after another process's change", statistics.mean(rates), after))
    print(f"{'page of a contact with 40 items, in-process':<44} {render_ms:>10.2f} ms (median of 200)")
    print(f"\ntargets: ≥ 800 req/s, p99 ≤ 50 ms, 40-item page ≤ 5 ms   (firm and server log in {folder})")


if __name__ == "__main__":
    main()
