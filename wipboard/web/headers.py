"""Security headers on every response, and an access log that never holds a token or a password."""

from __future__ import annotations

import logging
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
_SECRET_IN_PATH = re.compile(r"^(.*/invite/)[^/?]+")
access_log = logging.getLogger("wipboard.web.access")


def loggable_path(path: str) -> str:
    """The path with an invitation token replaced by ``…`` (query strings are left out)."""
    return _SECRET_IN_PATH.sub(r"\1…", path)


def add_security_headers(headers: MutableHeaders) -> None:
    for name, value in SECURITY_HEADERS.items():
        headers[name] = value
    headers.setdefault("Cache-Control", "no-store")


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers above and writes one access-log line per request.

    Starlette answers an unhandled error outside every middleware: its page adds the headers itself
    (``add_security_headers``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                add_security_headers(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_headers)
        client = scope.get("client") or ("-", 0)
        access_log.info('%s "%s %s" %s', client[0], scope["method"], loggable_path(scope["path"]), status)
