"""Which store ``--db`` names, and how a database URL is printed: never with its password.

A path is a firm file; ``postgresql://USER@HOST:PORT/DBNAME`` (or ``postgres://``) a
PostgreSQL database. libpq's own ways to give a password (``PGPASSFILE``, ``~/.pgpass``,
a service file, ``PGPASSWORD``) all work; a password written into the URL works too,
but no message, log or listing ever shows it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

_SCHEMES = ("postgresql://", "postgres://")
_HIDDEN = "***"
_PASSWORD_PARAMETER = re.compile(r"(?i)(password=)[^&\s]*")


def is_database_url(db: str) -> bool:
    return db.lower().startswith(_SCHEMES)


def redact_url(url: str) -> str:
    """``url`` with any password (in the user part or as ``?password=``) replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _SCHEMES[0] + "…"  # not even a URL: show nothing of it
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = f"{userinfo.split(':', 1)[0]}:{_HIDDEN}@{host}"
    query = _PASSWORD_PARAMETER.sub(rf"\g<1>{_HIDDEN}", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def password_in(url: str) -> str | None:
    """The password written into ``url``, to scrub it from messages that quote it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.password:
        return unquote(parts.password)
    found = _PASSWORD_PARAMETER.search(parts.query)
    return unquote(found.group(0).split("=", 1)[1]) if found and found.group(0).split("=", 1)[1] else None


def scrub(text: str, url: str) -> str:
    """``text`` with the URL's password removed wherever it appears (a driver's error may quote it)."""
    password = password_in(url)
    text = text.replace(url, redact_url(url))
    return text.replace(password, _HIDDEN) if password else text
