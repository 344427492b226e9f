"""Settings tab: people — staff users with their role and job access, client contacts with
the accounts they belong to, and the accounts with their tags and contacts.

``n`` adds (a person, or an account when the accounts table has the focus), ``e`` or
``enter`` edits: a staff user's role and job access, a contact's accounts and e-mail, an
account's name and tags. On a contact, ``i`` shows a new web-portal invitation link and
``x`` revokes their web access (R19). Owner and admin only (R12); an employee sees the
lists, no keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.invitation import InvitationScreen
from wipboard.screens.person_form import PersonForm
from wipboard.store.errors import StoreError
from wipboard.store.models import Account, Contact, User
from wipboard.store.refusals import describe_refusal
from wipboard.store.repository import Snapshot
from wipboard.store.services.people import AccountEdit, add_account, edit_account
from wipboard.store.services.web_access import invite_contact, revoke_web_access, web_access_state
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.name_form import NameForm, TextField
from wipboard.tui.kit.settings_pane import SettingsPane
from wipboard.tui.kit.widgets.lists import Table

WHY_READ_ONLY = "Only the owner and admins change users, contacts and accounts."
HINT = "Staff and contacts above, client accounts below; tab switches."
CHANGES = ("new", "edit", "invite", "revoke")
TABLES = ("people-table", "accounts-table")


class PeoplePane(SettingsPane):
    BINDINGS = [
        Binding("n", "new", "New", id="settings_people_new"),
        Binding("e", "edit", "Edit", id="settings_people_edit"),
        Binding("i", "invite", "Invite to web", id="settings_people_invite"),
        Binding("x", "revoke", "Revoke web", id="settings_people_revoke"),
    ]

    def __init__(self) -> None:
        super().__init__(id="people-pane")
        self.snapshot: Snapshot | None = None
        self.focused_table = "people-table"
        self._cursor_to: dict[str, str] = {}  # a row to show next (one we just added), by table

    def compose(self) -> ComposeResult:
        yield Label(HINT if self.can_change else WHY_READ_ONLY, id="people-hint", classes="pane-hint")
        yield Label("Staff and contacts", classes="pane-heading")
        yield Table(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="people-web-access")
        yield Label("Accounts", classes="pane-heading")
        yield Table(id="accounts-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#people-web-access", Label).display = False

    def on_show(self, event: events.Show) -> None:
        self.query_one(f"#{self.focused_table}").focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id in TABLES:
            self.focused_table = event.widget.id

    def on_resize(self, event: events.Resize) -> None:
        if self.snapshot is not None:
            self.show(self.snapshot)

    # --- Showing ----------------------------------------------------------------------

    def show(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        width = max(60, self.size.width - 4)  # the row's room, less the scroll bar
        users = sorted(snapshot.users.values(), key=lambda item: item.id)
        contacts = sorted(snapshot.contacts.values(), key=lambda item: item.login)
        people_columns = [("Login", 14), ("Name", 20), ("Role", 8)]
        _fill(
            self.query_one("#people-table", DataTable),
            [*people_columns, ("Job access / accounts", width - sum(w + 2 for _, w in people_columns) - 2)],
            [(f"u{user.id}", _user_row(user)) for user in users]
            + [(f"c{contact.id}", _contact_row(contact, snapshot)) for contact in contacts],
            self._cursor_to.pop("people-table", None),
        )
        self.show_web_access()
        accounts = sorted(snapshot.accounts.values(), key=lambda item: item.name.casefold())
        contacts_of = _contacts_by_account(snapshot)
        account_columns = [("Account", 28), ("Tags", 28)]
        _fill(
            self.query_one("#accounts-table", DataTable),
            [*account_columns, ("Contacts", width - sum(w + 2 for _, w in account_columns) - 2)],
            [(f"a{account.id}", [account.name, " ".join(account.tags) or "—", ", ".join(contacts_of.get(account.id, [])) or "—"])
             for account in accounts],
            self._cursor_to.pop("accounts-table", None),
        )

    @on(DataTable.RowHighlighted, "#people-table")
    def show_web_access(self) -> None:
        """Under the table, the highlighted contact's e-mail and web-portal access [R19]."""
        label = self.query_one("#people-web-access", Label)
        table = self.query_one("#people-table", DataTable)
        contact = None
        if self.snapshot is not None and table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
            contact = self.snapshot.contacts.get(int(key[1:])) if key.startswith("c") else None
        label.display = contact is not None
        if contact is not None:
            keys = " · i invites, x revokes" if self.can_change else ""
            email = contact.email or "no e-mail address"
            label.update(literal(f"{contact.login}: {email} · web portal: {web_access_state(contact)}{keys}"))

    def current(self) -> User | Contact | Account | None:
        """The row under the cursor of the focused table."""
        table = self.query_one(f"#{self.focused_table}", DataTable)
        if self.snapshot is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        row_id = int(key[1:])
        if key.startswith("u"):
            return self.snapshot.users.get(row_id)
        if key.startswith("c"):
            return self.snapshot.contacts.get(row_id)
        return self.snapshot.accounts.get(row_id)

    # --- Keys -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An employee is offered no change [R12]: the keys leave the footer and do nothing."""
        return self.can_change or action not in CHANGES

    def refuse_employee(self) -> bool:
        if not self.can_change:
            self.app.notify(f"{WHY_READ_ONLY} You are {self.actor.describe()}.", severity="warning")
            return True
        return False

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_new(self) -> None:
        if self.refuse_employee():
            return
        if self.focused_table == "accounts-table":
            self._account_form(None)
        else:
            self.app.push_screen(PersonForm(), self._person_saved)

    def action_edit(self) -> None:
        if self.refuse_employee():
            return
        item = self.current()
        if isinstance(item, Account):
            self._account_form(item)
        elif item is not None:
            self.app.push_screen(PersonForm(item), self._person_saved)

    def current_contact(self) -> Contact | None:
        item = self.current() if self.focused_table == "people-table" else None
        if not isinstance(item, Contact):
            self.app.notify("Put the cursor on a client contact first: web access is for contacts.", severity="warning")
            return None
        return item

    def action_invite(self) -> None:
        """A new invitation (it replaces the contact's previous one), shown once in a dialog."""
        contact = None if self.refuse_employee() else self.current_contact()
        if contact is None:
            return
        if contact.email is None:
            self.app.notify(f"{contact.name} has no e-mail address yet: press e to add one, then i again.", severity="warning")
            return
        session = self.session
        try:
            invitation = invite_contact(session.repo, session.actor, contact.login)
        except StoreError as error:
            self.app.notify(describe_refusal(error), severity="error")
            return
        self._cursor_to["people-table"] = f"c{contact.id}"
        self.app.push_screen(InvitationScreen(invitation), lambda _: self.reload())

    def action_revoke(self) -> None:
        contact = None if self.refuse_employee() else self.current_contact()
        if contact is None:
            return
        session = self.session

        def revoke(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                revoke_web_access(session.repo, session.actor, contact.login)
            except StoreError as error:
                self.app.notify(describe_refusal(error), severity="error")
                return
            self.app.notify(f"{contact.login} can no longer log in to the web portal; their sessions have ended")
            self._cursor_to["people-table"] = f"c{contact.id}"
            self.reload()

        question = f"End {contact.name}'s web-portal access? Their password and invitation stop working at once."
        self.app.push_screen(ConfirmScreen(question, "Revoke"), revoke)

    def _person_saved(self, row_key: str | None) -> None:
        if row_key:
            self._cursor_to["people-table"] = row_key
            self.reload()

    def _account_form(self, account: Account | None) -> None:
        session = self.session
        known = sorted({tag for item in session.snapshot().accounts.values() for tag in item.tags})

        def save(values: Mapping[str, str]) -> str:
            tags = [tag for tag in re.split(r"[\s,]+", values["tags"]) if tag]
            if account is None:
                saved = add_account(session.repo, session.actor, values["name"], tags)
                verb = "Added account"
            else:
                saved = edit_account(session.repo, session.actor, account.id, AccountEdit(name=values["name"], tags=tags))
                verb = "Saved account"
            self._cursor_to["accounts-table"] = f"a{saved.id}"
            return f"{verb} {saved.name}" + (f" with tags {', '.join(saved.tags)}" if saved.tags else " (no tags)")

        fields = [
            TextField("name", "Name", account.name if account else "", "Rivera Family"),
            TextField("tags", f"Tags, separated by spaces (known: {', '.join(known) or 'none yet'})",
                      " ".join(account.tags) if account else "", "individual vip"),
        ]
        title = f"Edit account {account.name}" if account else "New account"
        self.app.push_screen(NameForm(title, fields, save, verb="Save" if account else "Add"),
                             lambda saved: self.reload() if saved else None)



def _user_row(user: User) -> list[str]:
    access = {"all": "all jobs", "assigned": "jobs assigned to them", "none": "no jobs"}[user.job_access]
    return [user.login, user.name, user.role, access]


def _contact_row(contact: Contact, snapshot: Snapshot) -> list[str]:
    names = [snapshot.accounts[account_id].name for account_id in contact.account_ids if account_id in snapshot.accounts]
    return [contact.login, contact.name, "contact", ", ".join(names)]


def _contacts_by_account(snapshot: Snapshot) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for contact in sorted(snapshot.contacts.values(), key=lambda item: item.login):
        for account_id in contact.account_ids:
            found.setdefault(account_id, []).append(contact.login)
    return found


def _fill(table: DataTable[Text], columns: list[tuple[str, int]], rows: list[tuple[str, list[str]]], cursor_to: str | None) -> None:
    """Re-draw the table; the cursor stays on its row (by key), or on the same line if it went."""
    keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
    line = table.cursor_row
    table.clear(columns=True)
    for label, width in columns:
        table.add_column(label, width=max(6, width))
    for key, cells in rows:
        texts = []
        for (_, width), cell in zip(columns, cells, strict=True):
            text = Text(cell, no_wrap=True, end="")
            text.truncate(max(6, width), overflow="ellipsis")
            texts.append(text)
        table.add_row(*texts, key=key)
    keys = [key for key, _ in rows]
    target = cursor_to or keep
    if target in keys:
        line = keys.index(target)
    if keys:
        table.move_cursor(row=min(line, len(keys) - 1), animate=False)
