"""Who is acting (R13): the OS login mapped to a staff user or a client contact.

The login is the one of the process's real user id, as the operating system knows it —
never an environment variable such as ``$USER``, which anyone can set.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from typing import Literal

from wipboard.store.errors import PermissionDenied, UnknownLogin
from wipboard.store.models import Contact, User
from wipboard.store.repository import Snapshot

ActorKind = Literal["owner", "admin", "employee", "contact"]


_SEES = {"all": "all jobs", "assigned": "only the jobs assigned to them", "none": "no jobs"}


@dataclass(frozen=True)
class Actor:
    """The person on whose behalf a service runs."""

    login: str
    kind: ActorKind
    user: User | None = None
    contact: Contact | None = None

    @property
    def is_manager(self) -> bool:
        """Owner and admin may do everything (R12)."""
        return self.kind in ("owner", "admin")

    @property
    def is_staff(self) -> bool:
        return self.user is not None

    def describe(self) -> str:
        """Who this is, in a sentence's words: "dana, an employee who sees only the jobs assigned to them"."""
        if self.user and self.user.role == "employee":
            return f"{self.login}, an employee who sees {_SEES[self.user.job_access]}"
        return f"{self.login}, {'an' if self.kind[0] in 'aeiou' else 'a'} {self.kind}"


@dataclass(frozen=True)
class OsUser:
    """Who runs this process, as the operating system says."""

    login: str
    is_root: bool

    @staticmethod
    def current() -> OsUser:
        uid = os.getuid()  # the real uid: who started the process, not what it may have become
        try:
            login = pwd.getpwuid(uid).pw_name
        except KeyError as error:
            raise UnknownLogin(f"your user id {uid} has no login name on this system; ask its administrator") from error
        return OsUser(login=login, is_root=uid == 0)


def actor_for(snapshot: Snapshot, login: str) -> Actor | None:
    for user in snapshot.users.values():
        if user.login == login:
            return Actor(login=login, kind=user.role, user=user)
    for contact in snapshot.contacts.values():
        if contact.login == login:
            return Actor(login=login, kind="contact", contact=contact)
    return None


def resolve_actor(
    snapshot: Snapshot, os_login: str, as_login: str | None, *, firm_path: str, is_root: bool = False
) -> Actor:
    """The acting user: ``os_login``, or ``as_login`` when the OS user may act as someone else.

    ``--as`` is for owner and admin (to preview what a contact or employee sees), for
    root (who can edit the file by hand anyway, and need not be a user of the firm), and
    for anyone in a demo firm, where an unknown login acts as the owner.
    """
    if is_root and as_login is not None and as_login != os_login:
        return _someone(snapshot, as_login, firm_path)
    me = actor_for(snapshot, os_login)
    if me is None and snapshot.firm.demo:
        me = _demo_owner(snapshot)
    if me is None:
        # Also with --as: an unknown login needs to be added first, whoever it wants to act as.
        raise UnknownLogin(
            f"{os_login!r} is not a user of the firm file {firm_path}; ask the owner to add you with "
            f"`wipboard users add {os_login} --name \"Your Name\" --role employee`"
        )
    if as_login is None or as_login == os_login:
        return me
    if not snapshot.firm.demo and not me.is_manager:
        raise PermissionDenied(f"--as is only for the owner and admins; you are {me.describe()}")
    return _someone(snapshot, as_login, firm_path)


def _someone(snapshot: Snapshot, as_login: str, firm_path: str) -> Actor:
    other = actor_for(snapshot, as_login)
    if other is None:
        raise UnknownLogin(
            f"--as {as_login}: no staff user or contact has that login in {firm_path}; "
            "`wipboard users list` shows who does"
        )
    return other


def _demo_owner(snapshot: Snapshot) -> Actor | None:
    owners = sorted((user for user in snapshot.users.values() if user.role == "owner"), key=lambda user: user.id)
    return Actor(login=owners[0].login, kind="owner", user=owners[0]) if owners else None
