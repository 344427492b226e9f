"""R19: invitations, passwords, logging in and out, sessions, throttling — over HTTP against the real app."""

from __future__ import annotations

import re
from datetime import timedelta

import orjson
import pytest

from tests.web.conftest import PASSWORD, PortalFirm
from wipboard.store.fields import utc_now
from wipboard.store.services.web_access import invite_contact, revoke_web_access, token_hash
from wipboard.web.sessions import COOKIE

# --- Invitations ----------------------------------------------------------------------------


def test_r19_an_invitation_sets_a_password_and_logs_the_contact_in(portal_firm: PortalFirm):
    portal_firm.shown_job("Form 1040", name_for_client="Your 2025 tax return")
    client = portal_firm.client()
    token = portal_firm.invite("mrivera")

    form = client.get(f"/invite/{token}")
    assert form.status_code == 200
    assert "Set your password" in form.text and "maria@example.com" in form.text
    page = client.set_password(token)

    assert page.status_code == 200 and page.url.path == "/work-in-progress"
    assert "Your 2025 tax return" in page.text


def test_r19_only_a_hash_of_the_invitation_token_is_stored(portal_firm: PortalFirm):
    token = portal_firm.invite("mrivera")
    stored = portal_firm.path.read_bytes()
    assert token.encode() not in stored
    assert token_hash(token).encode() in stored


def test_r19_an_invitation_works_once(portal_firm: PortalFirm):
    token = portal_firm.invite("mrivera")
    portal_firm.client().set_password(token)

    again = portal_firm.client().get(f"/invite/{token}")
    assert again.status_code == 410
    assert "already used" in again.text and "Set your password" not in again.text
    reused = portal_firm.client().set_password(token, "another long phrase here")
    assert reused.status_code == 410
    assert portal_firm.client().log_in("maria@example.com", "another long phrase here").status_code == 401


def test_r19_a_new_invitation_revokes_the_old_one(portal_firm: PortalFirm):
    old = portal_firm.invite("mrivera")
    new = portal_firm.invite("mrivera")
    assert portal_firm.client().get(f"/invite/{old}").status_code == 410
    assert portal_firm.client().get(f"/invite/{new}").status_code == 200


def test_r19_an_invitation_expires_after_7_days(portal_firm: PortalFirm):
    almost = invite_contact(portal_firm.repo, portal_firm.owner, "lpark", now=utc_now() - timedelta(days=6, hours=23))
    assert portal_firm.client().get(f"/invite/{almost.token}").status_code == 200

    expired = invite_contact(portal_firm.repo, portal_firm.owner, "mrivera", now=utc_now() - timedelta(days=7, seconds=1))
    page = portal_firm.client().get(f"/invite/{expired.token}")
    assert page.status_code == 410 and "expired" in page.text
    assert portal_firm.client().set_password(expired.token).status_code == 410


def test_r19_a_made_up_invitation_token_is_refused(portal_firm: PortalFirm):
    page = portal_firm.client().get("/invite/not-a-real-token")
    assert page.status_code == 410 and "not valid" in page.text


def test_r19_revoking_access_withdraws_an_open_invitation(portal_firm: PortalFirm):
    token = portal_firm.invite("mrivera")
    revoke_web_access(portal_firm.repo, portal_firm.owner, "mrivera")
    assert portal_firm.client().get(f"/invite/{token}").status_code == 410


# --- Password rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short one", "at least 10 characters"),
        ("maria@example.com", "must not be your e-mail address"),
        ("MRIVERA", "at least 10 characters"),
        ("password123", "most common passwords"),
        ("QwertyUiop", "most common passwords"),
        ("aaaaaaaaaaaa", "most common passwords"),
        ("x" * 201, "at most 200 characters"),
        ("tab\tin the middle", "control characters"),
    ],
)
def test_r19_a_weak_password_is_refused_with_the_reason_and_nothing_is_written(portal_firm: PortalFirm, password, reason):
    token = portal_firm.invite("mrivera")
    before = portal_firm.path.read_bytes()
    page = portal_firm.client().set_password(token, password)
    assert page.status_code == 400
    assert reason in page.text
    assert portal_firm.path.read_bytes() == before
    assert portal_firm.client().get(f"/invite/{token}").status_code == 200, "the link still works"


def test_r19_the_two_passwords_must_match(portal_firm: PortalFirm):
    page = portal_firm.client().set_password(portal_firm.invite("mrivera"), PASSWORD, PASSWORD + "!")
    assert page.status_code == 400 and "differ" in page.text


def test_r19_the_password_is_stored_as_an_argon2_hash_only(portal_firm: PortalFirm):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    stored = portal_firm.path.read_bytes()
    assert PASSWORD.encode() not in stored
    contact = next(c for c in orjson.loads(stored)["contacts"].values() if c["login"] == "mrivera")
    assert contact["web_access"]["password_hash"].startswith("$argon2id$")
    assert contact["web_access"]["invite_hash"] is None


# --- Logging in and out -----------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["maria@example.com", "MARIA@Example.com", "mrivera"])
def test_r19_a_contact_logs_in_with_email_or_login(portal_firm: PortalFirm, identifier):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    page = portal_firm.client().log_in(identifier)
    assert page.status_code == 200 and page.url.path == "/work-in-progress"
    assert "Maria Rivera" in page.text


def test_r19_a_wrong_password_and_an_unknown_account_get_the_same_page(portal_firm: PortalFirm):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    wrong_password = portal_firm.client().log_in("maria@example.com", "not the password at all")
    unknown = portal_firm.client().log_in("nobody@example.com", "not the password at all")
    not_set_up = portal_firm.client().log_in("lena@example.com", "not the password at all")

    pages = [wrong_password, unknown, not_set_up]
    assert {page.status_code for page in pages} == {401}

    def without_what_was_typed(page):
        text = re.sub(r'name="csrf" value="[^"]+"', "", page.text)
        return re.sub(r'(id="identifier"[^>]*value=")[^"]*"', r"\1", text)

    assert len({without_what_was_typed(page) for page in pages}) == 1
    assert "do not match an account" in unknown.text


def test_r19_logging_out_ends_the_session(portal_firm: PortalFirm):
    client = portal_firm.logged_in()
    page = client.log_out()
    assert page.url.path == "/login" and "You are logged out" in page.text
    assert client.get("/work-in-progress").url.path == "/login"
    assert client.get("/api/work-in-progress").status_code == 401


def test_r19_pages_need_a_login(portal_firm: PortalFirm):
    job = portal_firm.shown_job("Form 1040")
    for path in ("/work-in-progress", f"/items/{job.id}", "/"):
        assert portal_firm.client().get(path).url.path == "/login"
    assert portal_firm.client().get("/api/work-in-progress").status_code == 401


def test_r19_the_login_page_says_how_to_get_a_forgotten_password(portal_firm: PortalFirm):
    page = portal_firm.client().get("/login")
    assert "Forgot your password" in page.text and "new invitation" in page.text


def test_r19_a_new_invitation_lets_a_contact_who_forgot_set_a_new_password_and_ends_old_sessions(portal_firm: PortalFirm):
    old_session = portal_firm.logged_in()
    portal_firm.client().set_password(portal_firm.invite("mrivera"), "a brand new long phrase")

    assert old_session.get("/work-in-progress").url.path == "/session-ended"
    assert portal_firm.client().log_in("mrivera", PASSWORD).status_code == 401
    assert portal_firm.client().log_in("mrivera", "a brand new long phrase").status_code == 200


# --- Sessions ------------------------------------------------------------------------------------


def test_r19_revoking_access_ends_the_session_at_the_next_request(portal_firm: PortalFirm):
    client = portal_firm.logged_in()
    assert client.get("/work-in-progress").url.path == "/work-in-progress"

    revoke_web_access(portal_firm.repo, portal_firm.owner, "mrivera")

    page = client.get("/work-in-progress")
    assert page.url.path == "/session-ended" and "Your session ended" in page.text
    assert client.get("/api/work-in-progress").status_code == 401
    assert portal_firm.client().log_in("mrivera").status_code == 401, "the password no longer works"


def test_r19_a_session_cookie_is_signed(portal_firm: PortalFirm):
    client = portal_firm.logged_in()
    cookie = client.cookies.get(COOKIE)
    forged = portal_firm.client()
    forged.cookies.set(COOKIE, cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB"))
    assert forged.get("/work-in-progress").url.path == "/login"


def test_r19_a_session_expires_14_days_after_the_last_request(portal_firm: PortalFirm, monkeypatch):
    client = portal_firm.logged_in()
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 13 * 86400)
    assert client.get("/work-in-progress").url.path == "/work-in-progress", "sliding: still valid"
    cookie = client.cookies.get(COOKIE)
    monkeypatch.setattr(time, "time", lambda: real() + 13 * 86400 + 15 * 86400)
    assert client.get("/work-in-progress").url.path == "/login", "the browser dropped the cookie"
    replayed = portal_firm.client()
    replayed.cookies.set(COOKIE, cookie)
    page = replayed.get("/work-in-progress")
    assert page.url.path == "/session-ended" and "Your session ended" in page.text, "the server refuses it too"


def test_r19_the_session_cookie_is_httponly_lax_and_secure_over_https(portal_firm: PortalFirm):
    client = portal_firm.client()
    response = client.get("/login")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    over_https = portal_firm.client()
    over_https.base_url = "https://testserver"
    assert "Secure" in over_https.get("/login").headers["set-cookie"]
    forced = portal_firm.client(https_only=True)
    assert "Secure" in forced.get("/login").headers["set-cookie"]


def test_r19_the_signing_key_lives_beside_the_firm_with_mode_0600(portal_firm: PortalFirm):
    portal_firm.client()
    key_file = portal_firm.path.with_name("firm.json.web-secret")
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text() not in portal_firm.path.read_text()


# --- Throttling -----------------------------------------------------------------------------------


def test_r19_five_failed_logins_lock_the_account_for_15_minutes(portal_firm: PortalFirm):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    client = portal_firm.client()
    for _ in range(5):
        assert client.log_in("mrivera", "wrong password here").status_code == 401
    locked = client.log_in("mrivera")
    assert locked.status_code == 429 and "Too many failed logins" in locked.text and "15 minutes" in locked.text

    portal_firm.now += 14 * 60
    assert client.log_in("mrivera").status_code == 429
    portal_firm.now += 61
    assert client.log_in("mrivera").status_code == 200


def test_r19_an_unknown_account_is_throttled_exactly_like_a_known_one(portal_firm: PortalFirm):
    client = portal_firm.client()
    for _ in range(5):
        assert client.log_in("ghost@example.com", "wrong password here").status_code == 401
    assert client.log_in("ghost@example.com").status_code == 429


def test_r19_twenty_failures_from_one_address_lock_that_address(portal_firm: PortalFirm):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    client = portal_firm.client()
    for index in range(20):
        client.log_in(f"someone{index}@example.com", "wrong password here")
    assert client.log_in("mrivera").status_code == 429


# --- CSRF, headers, bad input ------------------------------------------------------------------------


def test_r19_a_post_without_or_with_a_wrong_form_token_is_refused(portal_firm: PortalFirm):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    client = portal_firm.client()
    client.get("/login")
    missing = client.post("/login", data={"identifier": "mrivera", "password": PASSWORD})
    wrong = client.post("/login", data={"identifier": "mrivera", "password": PASSWORD, "csrf": "forged"})
    assert missing.status_code == wrong.status_code == 403
    assert "expired" in missing.text
    assert client.get("/work-in-progress").url.path == "/login"


def test_r19_a_cross_origin_post_is_refused(portal_firm: PortalFirm):
    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    client = portal_firm.client()
    client.get("/login")
    evil = client.submit("/login", {"identifier": "mrivera", "password": PASSWORD}, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403 and "another site" in evil.text
    fetch_site = client.submit("/login", {"identifier": "mrivera", "password": PASSWORD}, headers={"sec-fetch-site": "cross-site"})
    assert fetch_site.status_code == 403


def test_r19_a_logout_needs_the_form_token(portal_firm: PortalFirm):
    client = portal_firm.logged_in()
    client.post("/logout", data={})
    assert client.get("/work-in-progress").url.path == "/work-in-progress"


@pytest.mark.parametrize("path", ["/login", "/", "/work-in-progress", "/items/1", "/nowhere", "/static/portal.css",
                                  "/invite/nope", "/session-ended", "/api/work-in-progress"])
def test_r19_every_response_carries_the_security_headers(portal_firm: PortalFirm, path):
    response = portal_firm.client().get(path, follow_redirects=False)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_r19_over_long_login_fields_get_a_clear_message(portal_firm: PortalFirm):
    page = portal_firm.client().log_in("m" * 300, PASSWORD)
    assert page.status_code == 400 and "too long" in page.text


def test_r19_the_access_log_never_shows_an_invitation_token(portal_firm: PortalFirm, caplog):
    token = portal_firm.invite("mrivera")
    with caplog.at_level("INFO", logger="wipboard.web.access"):
        portal_firm.client().set_password(token)
    lines = [record.getMessage() for record in caplog.records if record.name == "wipboard.web.access"]
    assert any("/invite/…" in line for line in lines)
    assert not any(token in line for line in lines)
    assert not any(PASSWORD in line for line in lines)


def test_r19_a_form_with_a_file_or_too_many_fields_is_refused_and_writes_nothing(portal_firm: PortalFirm):
    token = portal_firm.invite("mrivera")
    client = portal_firm.client()
    client.get("/login")
    before = portal_firm.path.read_bytes()
    with_file = client.post(f"/invite/{token}", data={"csrf": client.csrf}, files={"password": ("p.txt", b"x" * 20)},
                            headers={"origin": "http://testserver"})
    assert with_file.status_code == 400 and "could not be read" in with_file.text
    many = client.post(f"/invite/{token}", data={"csrf": client.csrf, **{f"f{i}": "x" for i in range(20)}},
                       headers={"origin": "http://testserver"})
    assert many.status_code == 400
    assert portal_firm.path.read_bytes() == before


def test_r19_a_wrong_email_and_a_wrong_password_take_about_the_same_time(portal_firm: PortalFirm):
    import statistics
    import time

    from wipboard.store.services.web_access import check_login

    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    snapshot = portal_firm.repo.snapshot()

    def median_seconds(identifier: str) -> float:
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            assert check_login(snapshot, identifier, "not the password at all") is None
            timings.append(time.perf_counter() - started)
        return statistics.median(timings)

    check_login(snapshot, "warm@example.com", "x")
    unknown, wrong = median_seconds("nobody@example.com"), median_seconds("maria@example.com")
    assert 0.5 < unknown / wrong < 2, (unknown, wrong)


def test_r19_concurrent_failed_logins_cannot_outrun_the_throttle(portal_firm: PortalFirm):
    """Tries sent all at once are counted as they start, not as their password check ends:
    a burst of 30 gets no more guesses than 5 tries one after another."""
    import asyncio

    import httpx

    from wipboard.web.app import create_app

    portal_firm.client().set_password(portal_firm.invite("mrivera"))
    browser = portal_firm.client()
    browser.get("/login")
    cookies, csrf = dict(browser.cookies), browser.csrf
    app = create_app(portal_firm.path, throttle=portal_firm.throttle)

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=cookies) as client:
            form = {"csrf": csrf, "identifier": "mrivera", "password": "wrong password here"}
            tries = [client.post("/login", data=form, headers={"origin": "http://testserver"}) for _ in range(30)]
            return [response.status_code for response in await asyncio.gather(*tries)]

    codes = asyncio.run(burst())
    assert codes.count(401) == 5 and codes.count(429) == 25, codes


def test_r19_a_server_error_page_carries_the_security_headers_too(portal_firm: PortalFirm):
    """A firm file that breaks while the portal runs gives the portal's own error page, with the same headers."""
    from starlette.testclient import TestClient

    from wipboard.web.app import create_app

    client = TestClient(create_app(portal_firm.path, throttle=portal_firm.throttle), raise_server_exceptions=False)
    assert client.get("/login").status_code == 200
    portal_firm.path.write_bytes(b"{not json")
    page = client.get("/login")
    assert page.status_code == 500 and "Something went wrong" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "not json" not in page.text and "firm.json" not in page.text


def test_r19_a_key_file_planted_by_someone_else_is_refused(portal_firm: PortalFirm):
    """A colleague who can write the shared folder must not choose the key that signs clients' sessions."""
    import os

    import pytest as _pytest

    from wipboard.web.secret import SecretFileError, load_or_create_secret

    key_file = portal_firm.path.with_name("firm.json.web-secret")
    key_file.write_text("k" * 64)
    key_file.chmod(0o600)
    if os.geteuid() == 0:
        os.chown(key_file, 65534, 65534)  # nobody's
    elif key_file.stat().st_uid == os.geteuid():
        _pytest.skip("needs root, to give the file to another user")
    with _pytest.raises(SecretFileError, match="belongs to another user"):
        load_or_create_secret(key_file)


def test_r19_a_fifo_as_the_key_file_is_refused_at_once(portal_firm: PortalFirm):
    import os
    import subprocess
    import sys

    key_file = portal_firm.path.with_name("firm.json.web-secret")
    os.mkfifo(key_file, 0o600)
    script = "import sys; from pathlib import Path; from wipboard.web.secret import load_or_create_secret; load_or_create_secret(Path(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", script, str(key_file)], capture_output=True, text=True, timeout=20)
    assert done.returncode != 0 and "not a regular file" in done.stderr
