"""A contact's e-mail address (R19, R20): where invitations and notifications go.

A strict ASCII pattern rather than a full RFC 5322 parser: it is what every
mail client accepts, it keeps control characters and look-alike letters out of
the firm file, and it needs no extra dependency. Addresses compare case-blind.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

EMAIL_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"

Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254, pattern=EMAIL_PATTERN)]
