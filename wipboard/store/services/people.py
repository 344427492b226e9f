"""Staff users, client contacts and accounts (adding them is for owner and admin)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from wipboard.store.email_address import Email
from wipboard.store.errors import InvalidRequest, PermissionDenied
from wipboard.store.fields import AccountName, JobAccess, Login, PersonName, Role, Tag
from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Account, Contact, User
from wipboard.store.permissions import require_manager, require_staff
from wipboard.store.repository import Transaction
from wipboard.store.services.lookup import find


class NewPerson(BaseModel):
    """``wipboard users add``: a staff member, or a contact of one or more accounts."""

    model_config = ConfigDict(extra="forbid")

    login: Login
    name: PersonName
    role: Literal["owner", "admin", "employee", "contact"] = "employee"
    job_access: JobAccess | None = None
    accounts: list[str] = []
    email: Email | None = None

    @model_validator(mode="after")
    def _fits_the_role(self) -> NewPerson:
        if self.role == "contact" and not self.accounts:
            raise ValueError("accounts: a contact belongs to at least one account (--account NAME)")
        if self.role != "contact" and self.accounts:
            raise ValueError("accounts: only contacts belong to accounts")
        if self.role != "employee" and self.job_access is not None:
            raise ValueError("job_access: applies to employees only")
        if self.role != "contact" and self.email is not None:
            raise ValueError("email: only client contacts have an e-mail address here")
        return self


def add_person(repo: FirmRepository, actor: Actor, person: NewPerson) -> User | Contact:
    require_manager(actor, "add users")
    with repo.transaction() as tx:
        _refuse_taken_login(tx, person.login)
        if person.role == "contact":
            account_ids = [find(tx.accounts.values(), ref, "account").id for ref in person.accounts]
            if person.email is not None:
                refuse_taken_email(tx, person.email, None)
            return tx.contacts.put(
                Contact(
                    id=tx.contacts.new_id(), login=person.login, name=person.name,
                    account_ids=list(dict.fromkeys(account_ids)), email=person.email,
                )
            )
        if person.role == "owner" and actor.kind != "owner":
            raise InvalidRequest("role: only an owner may add another owner")
        return tx.users.put(
            User(id=tx.users.new_id(), login=person.login, name=person.name, role=person.role, job_access=person.job_access or "all")
        )


def add_account(repo: FirmRepository, actor: Actor, name: AccountName, tags: list[Tag] | None = None) -> Account:
    require_manager(actor, "add accounts")
    with repo.transaction() as tx:
        if any(item.name.casefold() == name.strip().casefold() for item in tx.accounts.values()):
            raise InvalidRequest(f"name: an account called {name.strip()!r} already exists")
        return tx.accounts.put(Account(id=tx.accounts.new_id(), name=name, tags=list(dict.fromkeys(tags or []))))


class StaffAccess(BaseModel):
    """A staff user's role and, for an employee, which jobs they see (R12)."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    job_access: JobAccess | None = None

    @model_validator(mode="after")
    def _access_is_for_employees(self) -> StaffAccess:
        if self.role != "employee" and self.job_access not in (None, "all"):
            raise ValueError("job_access: applies to employees only; owners and admins see all jobs")
        return self


class AccountEdit(BaseModel):
    """An account's name and tags (the tags automation conditions look at)."""

    model_config = ConfigDict(extra="forbid")

    name: AccountName
    tags: list[Tag] = []


def set_staff_access(repo: FirmRepository, actor: Actor, login: str, access: StaffAccess) -> User:
    """Change a staff user's role and job access. Only an owner makes or changes an owner, and
    the firm always keeps at least one owner (someone must be able to change everything)."""
    require_manager(actor, "change users' roles")
    with repo.transaction() as tx:
        user = _staff_user(tx, login)
        if "owner" in (user.role, access.role) and actor.kind != "owner":
            raise PermissionDenied(f"role: only an owner may make or change an owner; you are {actor.describe()}")
        other_owners = [item for item in tx.users.values() if item.role == "owner" and item.id != user.id]
        if user.role == "owner" and access.role != "owner" and not other_owners:
            raise InvalidRequest(f"role: {user.login} is the firm's only owner; make someone else owner first")
        job_access = (access.job_access or "all") if access.role == "employee" else "all"
        return tx.users.put(user.model_copy(update={"role": access.role, "job_access": job_access}))


def edit_account(repo: FirmRepository, actor: Actor, account_ref: str | int, edit: AccountEdit) -> Account:
    require_manager(actor, "edit accounts")
    with repo.transaction() as tx:
        account = find(tx.accounts.values(), account_ref, "account")
        if any(item.id != account.id and item.name.casefold() == edit.name.casefold() for item in tx.accounts.values()):
            raise InvalidRequest(f"name: an account called {edit.name!r} already exists")
        return tx.accounts.put(account.model_copy(update={"name": edit.name, "tags": list(dict.fromkeys(edit.tags))}))


def set_contact_accounts(repo: FirmRepository, actor: Actor, login: str, accounts: list[str | int]) -> Contact:
    """The accounts whose portal a contact sees (R8): at least one."""
    require_manager(actor, "change a contact's accounts")
    with repo.transaction() as tx:
        contact = next((item for item in tx.contacts.values() if item.login == login), None)
        if contact is None:
            raise InvalidRequest(f"login: {login!r} is not a contact of this firm")
        if not accounts:
            raise InvalidRequest("accounts: a contact belongs to at least one account")
        account_ids = [find(tx.accounts.values(), ref, "account").id for ref in accounts]
        return tx.contacts.put(contact.model_copy(update={"account_ids": list(dict.fromkeys(account_ids))}))


def list_people(repo: FirmRepository, actor: Actor) -> tuple[list[User], list[Contact]]:
    require_staff(actor, "list users")
    snapshot = repo.snapshot()
    return sorted(snapshot.users.values(), key=lambda user: user.id), sorted(snapshot.contacts.values(), key=lambda contact: contact.id)


def _staff_user(tx: Transaction, login: str) -> User:
    user = next((item for item in tx.users.values() if item.login == login), None)
    if user is None:
        raise InvalidRequest(f"login: {login!r} is not a staff user of this firm")
    return user


def _refuse_taken_login(tx: Transaction, login: str) -> None:
    if any(item.login == login for item in [*tx.users.values(), *tx.contacts.values()]):
        raise InvalidRequest(f"login: {login!r} is already a user or contact of this firm")


def refuse_taken_email(tx: Transaction, email: str, contact_id: int | None) -> None:
    """Contacts log in to the web portal with their e-mail address (R19): one contact per address."""
    wanted = email.casefold()
    if any(item.email and item.email.casefold() == wanted and item.id != contact_id for item in tx.contacts.values()):
        raise InvalidRequest(f"email: another contact already has the address {email}")
