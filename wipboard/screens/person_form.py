"""``n`` / ``e`` on the people tab: add a staff user or a contact, or edit one — a staff
user's role and job access (R12), a contact's accounts (what their portal shows, R8)."""

from __future__ import annotations

import re

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList

from wipboard.store.errors import StoreError
from wipboard.store.models import Contact, User
from wipboard.store.services.people import NewPerson, StaffAccess, add_person, set_contact_accounts, set_staff_access
from wipboard.store.services.web_access import set_contact_email
from wipboard.store.validation_messages import field_errors
from wipboard.store.wording import counted
from wipboard.tui.kit.form_screen import FormScreen
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.widgets.form_row import show_errors_under
from wipboard.tui.kit.widgets.tick_list import TickList

FIELDS = ("login", "name", "role", "job_access", "accounts", "email")
ACCESS = [("all jobs", "all"), ("only jobs assigned to them", "assigned"), ("no jobs", "none")]
_FIELD_PREFIX = re.compile(r"^(\w+): (.*)$", re.DOTALL)


class PersonForm(FormScreen[str]):
    """A new person (``person=None``) or an existing one; dismisses with the saved row's key
    on the people tab (``u3`` for a user, ``c12`` for a contact)."""


    def __init__(self, person: User | Contact | None = None) -> None:
        super().__init__()
        self.person = person

    @property
    def is_contact(self) -> bool:
        return isinstance(self.person, Contact)

    def compose(self) -> ComposeResult:
        session = self.session
        snapshot = session.snapshot()
        person = self.person
        roles = ["admin", "employee", "contact"]
        if session.actor.kind == "owner" or (isinstance(person, User) and person.role == "owner"):
            roles.insert(0, "owner")
        if isinstance(person, User):
            roles.remove("contact")  # a staff user stays staff; a contact is added as one
        with VerticalScroll(classes="dialog person-form"):
            if person is None:
                yield Label("New person", classes="title")
                yield Label("Login (their OS login name)")
                yield Input(placeholder="jdoe", id="login", compact=True)
                yield Label("", id="error-login", classes="error")
                yield Label("Name")
                yield Input(placeholder="Jane Doe", id="name", compact=True)
                yield Label("", id="error-name", classes="error")
            else:
                kind = "contact" if self.is_contact else "staff user"
                yield Label(f"Edit {kind} {person.login} — {literal(person.name)}", classes="title")
            if not self.is_contact:
                yield Label("Role" + ("" if "owner" in roles else "  [dim](only an owner adds or changes owners)[/]"))
                current_role = person.role if isinstance(person, User) else "employee"
                yield Select([(role, role) for role in roles], value=current_role, allow_blank=False, id="role", compact=True)
                yield Label("", id="error-role", classes="error")
                yield Label("Job access (employees; owners and admins see all jobs)", id="job-access-label")
                current_access = person.job_access if isinstance(person, User) else "all"
                yield Select(ACCESS, value=current_access, allow_blank=False, id="job_access", compact=True)
                yield Label("", id="error-job_access", classes="error")
            accounts = sorted(snapshot.accounts.values(), key=lambda item: item.name.casefold())
            ticked = set(person.account_ids) if isinstance(person, Contact) else set()
            yield Label("Accounts whose portal they see (space ticks)", id="accounts-label")
            yield TickList[int](*((literal(item.name), item.id, item.id in ticked) for item in accounts), id="accounts", compact=True)
            yield Label("", id="error-accounts", classes="error")
            yield Label("E-mail (for the web portal and notifications)", id="email-label")
            current_email = person.email if isinstance(person, Contact) else None
            yield Input(value=current_email or "", placeholder="maria@example.com", id="email", compact=True)
            yield Label("", id="error-email", classes="error")
            yield Label("", id="error-", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        for label in self.query(".error"):
            label.display = False
        self.fit_to_role()
        first = self.query("Input, Select, SelectionList").first()
        first.focus()

    def role(self) -> str:
        if self.is_contact:
            return "contact"
        return str(self.query_one("#role", Select).value)

    def on_select_changed(self) -> None:
        self.fit_to_role()

    def fit_to_role(self) -> None:
        """Job access is for employees, accounts for contacts: show only what the role takes."""
        role = self.role()
        for selector in ("#job_access", "#job-access-label"):
            for widget in self.query(selector):
                widget.display = role == "employee"
        for selector in ("#accounts", "#accounts-label", "#email", "#email-label"):
            self.query_one(selector).display = role == "contact"

    def action_save(self) -> None:
        session = self.session
        role = self.role()
        accounts: list[str | int] = [str(account_id) for account_id in self.query_one("#accounts", SelectionList).selected]
        job_access = str(self.query_one("#job_access", Select).value) if role == "employee" else None
        email = (self.query_one("#email", Input).value.strip() or None) if role == "contact" else None
        try:
            if self.person is None:
                person = NewPerson.model_validate({  # the role and access are checked like any other input
                    "login": self.query_one("#login", Input).value, "name": self.query_one("#name", Input).value,
                    "role": role, "job_access": job_access,
                    "accounts": accounts if role == "contact" else [], "email": email,
                })
                saved = add_person(session.repo, session.actor, person)
                message = f"Added {saved.login} ({saved.name}) as {role}"
            elif isinstance(self.person, Contact):
                if email != self.person.email:
                    set_contact_email(session.repo, session.actor, self.person.login, email)
                saved = set_contact_accounts(session.repo, session.actor, self.person.login, accounts)
                message = f"{saved.login} now sees the portal of {counted(len(accounts), 'account')}"
                if saved.email != self.person.email:
                    message += f"; e-mail {saved.email or 'removed'}"
            else:
                saved = set_staff_access(session.repo, session.actor, self.person.login, StaffAccess.model_validate({"role": role, "job_access": job_access}))
                access = f", job access {saved.job_access}" if saved.role == "employee" else ""
                message = f"{saved.login} is now {saved.role}{access}"
        except (StoreError, ValidationError) as error:
            self.show_errors(field_errors(error))
            return
        self.app.notify(message)
        self.dismiss(("c" if isinstance(saved, Contact) else "u") + str(saved.id))

    def show_errors(self, errors: dict[str, str]) -> None:
        placed: dict[str, str] = {}
        for field, message in errors.items():
            # A model-wide check names its field in the message ("accounts: a contact belongs …").
            match = _FIELD_PREFIX.match(message) if not field else None
            if match and match.group(1) in FIELDS:
                field, message = match.group(1), match.group(2)
            if field not in FIELDS or not self.query(f"#error-{field}"):
                field = ""  # a field this form does not show: under the buttons
            placed[field] = f"{placed[field]}; {message}" if field in placed else message
        show_errors_under(self, placed, FIELDS)

