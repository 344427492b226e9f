"""Contacts' access to the web portal (R19): e-mail, invitations, passwords, revocation.

What the firm file keeps is on ``Contact.web_access``: the SHA-256 of the one
invitation token still open (the token itself is printed once and never
stored; it carries 256 random bits, so a fast hash is enough), when it expires,
the Argon2 hash of the password, and a generation that every session carries —
revoking access or setting a new password bumps it, and every older session
ends at its next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import BaseModel

from wipboard.store.email_address import Email
from wipboard.store.errors import InvalidRequest, StoreError
from wipboard.store.fields import utc_now
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Contact, WebAccess
from wipboard.store.permissions import require_manager
from wipboard.store.repository import Snapshot, Transaction
from wipboard.store.services.people import refuse_taken_email

INVITATION_LIFETIME = timedelta(days=7)
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


class _EmailField(BaseModel):
    email: Email


WEB_EXTRA_MISSING = "the web portal's packages are not installed; install them with: pip install 'wipboard[web]'"

if TYPE_CHECKING:
    from pwdlib import PasswordHash


class WebExtraMissing(StoreError):
    """Passwords need pwdlib (Argon2), which comes with the ``web`` extra."""


class InvitationInvalid(StoreError):
    """An invitation link that cannot be used: unknown, used, replaced, expired or revoked."""


class PasswordRefused(StoreError):
    """A new password that breaks a rule; the message says which."""


@dataclass(frozen=True)
class Invitation:
    contact: Contact
    token: str
    expires_at: datetime


# --- Staff: e-mail, invitations, revocation ----------------------------------------------


def set_contact_email(repo: FirmRepository, actor: Actor, login: str, email: str | None) -> Contact:
    """A contact's e-mail address (``None`` or blank removes it)."""
    require_manager(actor, "change a contact's e-mail address")
    address = _EmailField(email=email).email if email and email.strip() else None
    with repo.transaction() as tx:
        contact = _contact(tx, login)
        if address is not None:
            refuse_taken_email(tx, address, contact.id)
        return tx.contacts.put(contact.model_copy(update={"email": address}))


def invite_contact(repo: FirmRepository, actor: Actor, login: str, *, now: datetime | None = None) -> Invitation:
    """A new one-time invitation, valid 7 days; it replaces the contact's previous one."""
    require_manager(actor, "invite contacts to the web portal")
    token = secrets.token_urlsafe(32)
    expires_at = (now or utc_now()) + INVITATION_LIFETIME
    with repo.transaction() as tx:
        contact = _contact(tx, login)
        if contact.email is None:
            raise InvalidRequest(
                f"email: {login} has no e-mail address yet; add one first "
                f"(wipboard users edit {login} --email ADDRESS)"
            )
        access = contact.web_access.model_copy(update={"invite_hash": token_hash(token), "invite_expires_at": expires_at})
        saved = tx.contacts.put(contact.model_copy(update={"web_access": access}))
    return Invitation(contact=saved, token=token, expires_at=expires_at)


def revoke_web_access(repo: FirmRepository, actor: Actor, login: str) -> Contact:
    """End the contact's web access: password and open invitation gone, every session ended."""
    require_manager(actor, "revoke web access")
    with repo.transaction() as tx:
        contact = _contact(tx, login)
        access = WebAccess(generation=contact.web_access.generation + 1)
        return tx.contacts.put(contact.model_copy(update={"web_access": access}))


def web_access_state(contact: Contact, now: datetime | None = None) -> str:
    """In words, for staff: has a password, invited (until when), or none."""
    access = contact.web_access
    if access.password_hash:
        return "can log in"
    if access.invite_hash and access.invite_expires_at and access.invite_expires_at > (now or utc_now()):
        return f"invited until {access.invite_expires_at:%Y-%m-%d}"
    return "no web access"


# --- The contact: invitation, password, login ---------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invited_contact(snapshot: Snapshot, token: str, *, now: datetime | None = None) -> Contact:
    """The contact an invitation token belongs to, if it can still be used."""
    digest = token_hash(token[:200])
    for contact in snapshot.contacts.values():
        access = contact.web_access
        if access.invite_hash and hmac.compare_digest(access.invite_hash, digest):
            if access.invite_expires_at is None or access.invite_expires_at <= (now or utc_now()):
                raise InvitationInvalid("This invitation has expired. Ask the firm for a new one.")
            return contact
    raise InvitationInvalid(
        "This invitation link is not valid: it was already used, replaced by a newer one, or withdrawn. "
        "Ask the firm for a new one."
    )


def password_problem(password: str, contact: Contact) -> str | None:
    """Why ``password`` may not be used, in a sentence, or None when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password: use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password: use at most {MAX_PASSWORD_LENGTH} characters."
    if any(ord(char) < 32 or ord(char) == 127 for char in password):
        return "Password: control characters cannot be typed on every device; leave them out."
    folded = password.casefold()
    if folded in {(contact.email or "").casefold(), contact.login.casefold()}:
        return "Password: it must not be your e-mail address or login."
    if folded in common_passwords() or len(set(folded)) < 3:
        return "Password: that one is among the most common passwords; choose another."
    return None


def accept_invitation(repo: FirmRepository, token: str, password: str, *, now: datetime | None = None) -> Contact:
    """Set the contact's password from their invitation: the link is used up, older sessions end."""
    with repo.transaction() as tx:
        contact = invited_contact(tx.snapshot, token, now=now)
        contact = tx.contacts[contact.id]
        problem = password_problem(password, contact)
        if problem:
            raise PasswordRefused(problem)
        access = WebAccess(password_hash=_hasher().hash(password), generation=contact.web_access.generation + 1)
        return tx.contacts.put(contact.model_copy(update={"web_access": access}))


def check_login(snapshot: Snapshot, identifier: str, password: str) -> Contact | None:
    """The contact whose e-mail address or login and password these are, or None.

    An unknown account still costs one Argon2 verification, so that a wrong e-mail
    address and a wrong password take the same time.
    """
    wanted = identifier.strip().casefold()
    contact = next(
        (
            item
            for item in snapshot.contacts.values()
            if wanted and wanted in ((item.email or "").casefold(), item.login.casefold())
        ),
        None,
    )
    stored = contact.web_access.password_hash if contact is not None else None
    if stored is None:
        _hasher().verify(password[:MAX_PASSWORD_LENGTH], _dummy_hash())
        return None
    return contact if _hasher().verify(password[:MAX_PASSWORD_LENGTH], stored) else None


def session_contact(snapshot: Snapshot, contact_id: int, generation: int) -> Contact | None:
    """The contact a session belongs to, while that session is still valid."""
    contact = snapshot.contacts.get(contact_id)
    if contact is None or contact.web_access.password_hash is None or contact.web_access.generation != generation:
        return None
    return contact


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("wipboard.store").joinpath("common_passwords.txt").read_text()
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _hasher() -> PasswordHash:
    """Argon2id with pwdlib's defaults; imported only here, so that staff commands work without the extra."""
    try:
        from pwdlib import PasswordHash
        from pwdlib.hashers.argon2 import Argon2Hasher
    except ImportError:
        raise WebExtraMissing(WEB_EXTRA_MISSING) from None
    return PasswordHash((Argon2Hasher(),))


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def _contact(tx: Transaction, login: str) -> Contact:
    contact = next((item for item in tx.contacts.values() if item.login == login), None)
    if contact is None:
        raise InvalidRequest(f"login: {login!r} is not a contact of this firm; `wipboard users list` shows them")
    return contact
