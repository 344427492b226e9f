"""Staff users, client contacts and accounts (adding them is for owner and admin)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from wipboard.store.errors import InvalidRequest
from wipboard.store.fields import AccountName, JobAccess, Login, PersonName, Tag
from wipboard.store.identity import Actor
from wipboard.store.models import Account, Contact, User
from wipboard.store.permissions import require_manager, require_staff
from wipboard.store.repository import Repository, Transaction
from wipboard.store.services.lookup import find


class NewPerson(BaseModel):
    """``wipboard users add``: a staff member, or a contact of one or more accounts."""

    model_config = ConfigDict(extra="forbid")

    login: Login
    name: PersonName
    role: Literal["owner", "admin", "employee", "contact"] = "employee"
    job_access: JobAccess | None = None
    accounts: list[str] = []

    @model_validator(mode="after")
    def _fits_the_role(self) -> NewPerson:
        if self.role == "contact" and not self.accounts:
            raise ValueError("accounts: a contact belongs to at least one account (--account NAME)")
        if self.role != "contact" and self.accounts:
            raise ValueError("accounts: only contacts belong to accounts")
        if self.role != "employee" and self.job_access is not None:
            raise ValueError("job_access: applies to employees only")
        return self


def add_person(repo: Repository, actor: Actor, person: NewPerson) -> User | Contact:
    require_manager(actor, "add users")
    with repo.transaction() as tx:
        _refuse_taken_login(tx, person.login)
        if person.role == "contact":
            account_ids = [find(tx.accounts.values(), ref, "account").id for ref in person.accounts]
            return tx.contacts.put(
                Contact(id=tx.contacts.new_id(), login=person.login, name=person.name, account_ids=list(dict.fromkeys(account_ids)))
            )
        if person.role == "owner" and actor.kind != "owner":
            raise InvalidRequest("role: only an owner may add another owner")
        return tx.users.put(
            User(id=tx.users.new_id(), login=person.login, name=person.name, role=person.role, job_access=person.job_access or "all")
        )


def add_account(repo: Repository, actor: Actor, name: AccountName, tags: list[Tag] | None = None) -> Account:
    require_manager(actor, "add accounts")
    with repo.transaction() as tx:
        if any(item.name.casefold() == name.strip().casefold() for item in tx.accounts.values()):
            raise InvalidRequest(f"name: an account called {name.strip()!r} already exists")
        return tx.accounts.put(Account(id=tx.accounts.new_id(), name=name, tags=list(dict.fromkeys(tags or []))))


def list_people(repo: Repository, actor: Actor) -> tuple[list[User], list[Contact]]:
    require_staff(actor, "list users")
    snapshot = repo.snapshot()
    return sorted(snapshot.users.values(), key=lambda user: user.id), sorted(snapshot.contacts.values(), key=lambda contact: contact.id)


def _refuse_taken_login(tx: Transaction, login: str) -> None:
    if any(item.login == login for item in [*tx.users.values(), *tx.contacts.values()]):
        raise InvalidRequest(f"login: {login!r} is already a user or contact of this firm")
