"""Session cookies (R19): signed, expiring, and no longer valid once staff revoke access.

The cookie holds the contact's id, their web-access generation at login, and a
random token that every form of the session carries (CSRF); itsdangerous signs
it with a timestamp. It expires 14 days after the last request (a response signs
it anew when it is more than an hour old: a sliding expiry) and, whatever its age, ends as soon as the
contact's generation moves on (revoked, or a new password set). Anonymous visitors
get a cookie with the token only, so the login form is protected too.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "wipboard_session"
MAX_AGE = 14 * 24 * 3600
REISSUE_AFTER = 3600  # the cookie is signed anew at most hourly: the expiry slides, each request stays cheap


@dataclass(frozen=True)
class Session:
    csrf: str
    contact_id: int | None = None
    generation: int | None = None
    was_logged_in: bool = False  # the cookie named a contact (maybe an ended session)
    signed_at: float | None = None  # when the browser's cookie was signed; None: not sent yet


class SessionCookies:
    def __init__(self, secret: str, *, https_only: bool = False) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="wipboard-portal-session")
        self.https_only = https_only

    def read(self, request: Request) -> Session | None:
        """The request's session if its cookie is genuine and not expired, else None."""
        raw = request.cookies.get(COOKIE)
        if not raw or len(raw) > 1000:
            return None
        try:
            data, signed_at = self._serializer.loads(raw, max_age=MAX_AGE, return_timestamp=True)
        except SignatureExpired as expired:  # genuine but too old: say "your session ended" if it was one
            old = self._serializer.load_payload(expired.payload) if expired.payload is not None else None
            return Session(csrf=secrets.token_urlsafe(24), was_logged_in=isinstance(old, dict) and "c" in old)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("t"), str):
            return None
        contact_id, generation = data.get("c"), data.get("v")
        if isinstance(contact_id, int) and isinstance(generation, int):
            return Session(csrf=data["t"], contact_id=contact_id, generation=generation, was_logged_in=True,
                           signed_at=signed_at.timestamp())
        return Session(csrf=data["t"], signed_at=signed_at.timestamp())

    def write(self, request: Request, response: Response, session: Session) -> None:
        """Send the session's cookie, unless the browser holds this very session signed within the hour."""
        if session.signed_at is not None and time.time() - session.signed_at < REISSUE_AFTER:
            return
        payload: dict[str, object] = {"t": session.csrf}
        if session.contact_id is not None:
            payload.update(c=session.contact_id, v=session.generation)
        response.set_cookie(
            COOKIE,
            self._serializer.dumps(payload),
            max_age=MAX_AGE,
            path=request.scope.get("root_path") or "/",
            httponly=True,
            samesite="lax",
            secure=self.https_only or request.url.scheme == "https",
        )


def anonymous() -> Session:
    return Session(csrf=secrets.token_urlsafe(24))


def csrf_matches(session: Session | None, sent: object) -> bool:
    return session is not None and isinstance(sent, str) and hmac.compare_digest(session.csrf, sent)
