"""R19: ``wipboard portal serve`` as the README runs it behind a TLS reverse proxy.

The proxy (nginx's ``proxy_pass http://127.0.0.1:8080/;`` under ``location /portal/``, or
Caddy's ``handle_path /portal/*``) strips the prefix and says the client's address and
scheme in X-Forwarded-For / X-Forwarded-Proto; these requests are what it sends.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

from tests.web.conftest import PortalFirm
from tests.web.served import serving


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()


def test_r19_behind_a_proxy_the_cookie_is_secure_links_carry_the_prefix_and_the_log_has_no_token(
    portal_firm: PortalFirm, tmp_path: Path
):
    log = tmp_path / "server.log"
    token = portal_firm.invite("mrivera")
    options = ("--proxy-headers", "--forwarded-allow-ips", "127.0.0.1", "--root-path", "/portal")
    with serving(portal_firm.path, log, *options) as url:
        proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Host": "portal.example.com"}
        status, headers, body = fetch(f"{url}/invite/{token}", proxy)
        assert status == 200 and "Set your password" in body
        assert "Secure" in headers["set-cookie"] and "Path=/portal" in headers["set-cookie"]
        assert 'action="/portal/invite/' in body and 'href="/portal/static/portal.css"' in body
        assert headers["x-content-type-options"] == "nosniff"

        _, plain_headers, _ = fetch(f"{url}/login", {})
        assert "Secure" not in plain_headers["set-cookie"], "plain HTTP from the proxy's own machine"
    lines = log.read_text()
    assert '203.0.113.9 "GET /portal/invite/…" 200' in lines
    assert token not in lines


def test_r19_portal_serve_says_where_it_listens(portal_firm: PortalFirm, tmp_path: Path):
    log = tmp_path / "server.log"
    with serving(portal_firm.path, log):
        pass
    assert f"wipboard portal for {portal_firm.path} on http://127.0.0.1:" in log.read_text()
