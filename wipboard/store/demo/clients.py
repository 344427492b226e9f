"""The demo firm's clients: accounts with plausible names and tags, and their contacts.

Deterministic for a given ``Dice``; a few well-known accounts (the Rivera family
and their landscaping company, shared contact ``mrivera``) are always there so
that the README's examples work on every demo.
"""

from __future__ import annotations

import unicodedata

from wipboard.store.demo.dice import Dice
from wipboard.store.models import Account, Contact

RIVERA_FAMILY, RIVERA_LANDSCAPING = "Rivera Family", "Rivera Landscaping LLC"

# (account name, tags, contacts as (login, name)); a contact named twice belongs to both accounts.
_KNOWN_ACCOUNTS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (RIVERA_FAMILY, ("individual",), (("mrivera", "Maria Rivera"),)),
    (RIVERA_LANDSCAPING, ("business", "payroll", "bookkeeping"), (("mrivera", "Maria Rivera"), ("lpark", "Lena Park"))),
    ("Nguyễn Family", ("individual", "vip"), (("tnguyen", "Thảo Nguyễn"), ("mnguyen", "Minh Nguyễn"))),
    ("Müller GmbH", ("business", "bookkeeping", "payroll", "vip"), (("kmuller", "Klaus Müller"),)),
    ("Klaus Müller", ("individual",), (("kmuller", "Klaus Müller"),)),
    ("Café Lumière LLC", ("business", "bookkeeping"), (("aleroux", "Amélie Leroux"),)),
    ("Søndergaard & Lee Architects", ("business", "payroll", "bookkeeping"),
     (("hsondergaard", "Henrik Søndergaard"), ("jlee", "Jenny Lee"))),
    ("Friends of the Maple Street Library", ("business", "nonprofit", "bookkeeping"), (("rokafor", "Ruth Okafor"),)),
)
_FIRST = ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
          "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
          "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Paul",
          "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "Wei", "Aisha",
          "Hiroshi", "Fatima", "Omar", "Ingrid", "Raj", "Yuki", "Sean", "Noor", "José", "Zoë", "Søren", "Amélie",
          "Björn", "Łucja", "Renée", "Chloé", "Iñaki", "Thảo")
_LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
         "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
         "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
         "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins",
         "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell",
         "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes",
         "Price", "Sanders", "Patel", "Chen", "Kim", "Singh", "Cohen", "Haddad", "Tanaka", "O'Neill", "García",
         "Hernández", "Dubois", "Kowalczyk", "Sørensen", "Novák", "Çelik", "Yılmaz", "Ferreira", "Đặng", "Öztürk")
_PLACES = ("Harbor", "Northside", "Blue Ridge", "Maple Street", "Lakeside", "Summit", "Evergreen", "Riverbend",
           "Oak Hill", "Cedar", "Pinecrest", "Bayview", "Granite", "Sunrise", "Westgate", "Copper Creek")
_TRADES = ("Landscaping", "Plumbing", "Dental", "Bakery", "Consulting", "Auto Repair", "Design Studio", "Roofing",
           "Catering", "Physical Therapy", "Law Office", "Veterinary Clinic", "Coffee Roasters", "Electric",
           "Books", "Fitness", "Florist", "Photography", "Architects", "Imports", "Hardware", "Cleaning Services")
_SUFFIXES = ("LLC", "Inc.", "Co.", "Group", "PLLC", "Ltd.")


def _ascii(text: str) -> str:
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


class _Clients:
    """Accounts and contacts built together, so that no login and no account name is used twice."""

    def __init__(self, dice: Dice, reserved_logins: set[str]) -> None:
        self.dice = dice
        self.accounts: list[Account] = []
        self.names: set[str] = set()
        self.contacts: dict[str, tuple[str, list[int]]] = {}  # login -> (name, account ids)
        self.logins = set(reserved_logins)

    def add_account(self, name: str, tags: tuple[str, ...]) -> int:
        number, unique = 1, name
        while unique in self.names:  # only once the pools run dry, for the largest demos
            number += 1
            unique = f"{name} {number}"
        self.names.add(unique)
        self.accounts.append(Account(id=len(self.accounts) + 1, name=unique, tags=list(tags)))
        return len(self.accounts)

    def add_contact(self, login: str, name: str, account_id: int) -> None:
        self.logins.add(login)
        self.contacts.setdefault(login, (name, []))[1].append(account_id)

    def add_person(self, first: str, last: str, account_id: int, middle: str = "") -> str:
        base = (_ascii(first)[:1] + _ascii(last)).lower()
        login, number = base, 1
        while login in self.logins:
            number += 1
            login = f"{base}{number}"
        self.add_contact(login, f"{first} {middle}{last}", account_id)
        return login

    def household(self) -> tuple[str, str]:
        """A family or a person as a new individual account, with its contacts; returns the main person."""
        dice = self.dice
        for attempt in range(20):
            first, last = dice.pick(_FIRST), dice.pick(_LAST)
            # Middle initials only once plain names run out, in the largest demos.
            middle = f"{chr(65 + int(dice.random() * 26))}. " if attempt >= 10 else ""
            family = dice.random() < 0.3
            name = f"{last} Family" if family else f"{first} {middle}{last}"
            if name not in self.names:
                break
        account_id = self.add_account(name, ("individual", "vip") if dice.random() < 0.08 else ("individual",))
        owner = self.add_person(first, last, account_id, middle)
        if family and dice.random() < 0.5:
            self.add_person(dice.pick(_FIRST), last, account_id)
        return owner, last

    def business(self, owner: str | None, owner_last: str) -> None:
        """A company, owned by the contact ``owner`` (who then belongs to both accounts) or by someone new."""
        dice = self.dice
        for _ in range(20):
            first_word = owner_last if owner else dice.pick(_PLACES if dice.random() < 0.5 else _LAST)
            name = f"{first_word} {dice.pick(_TRADES)} {dice.pick(_SUFFIXES)}"
            if name not in self.names:
                break
        tags = tuple(tag for tag, share in (("business", 1.0), ("bookkeeping", 0.7), ("payroll", 0.55), ("vip", 0.1))
                     if dice.random() < share)
        account_id = self.add_account(name, tags)
        if owner is not None:
            self.add_contact(owner, self.contacts[owner][0], account_id)
        if owner is None or dice.random() < 0.4:
            self.add_person(dice.pick(_FIRST), dice.pick(_LAST), account_id)

    def contact_models(self) -> list[Contact]:
        # Addresses at example.com (reserved for examples: mail to it goes nowhere), so that a demo
        # firm can invite its contacts to the web portal and e-mail them without reaching anyone.
        return [Contact(id=index, login=login, name=name, account_ids=ids, email=f"{login}@example.com")
                for index, (login, (name, ids)) in enumerate(self.contacts.items(), start=1)]


def demo_clients(count: int, dice: Dice, reserved_logins: set[str]) -> tuple[list[Account], list[Contact]]:
    """``count`` accounts (at least the well-known ones) with 1–2 contacts each; owners share their company's."""
    clients = _Clients(dice, reserved_logins)
    for name, tags, people in _KNOWN_ACCOUNTS:
        account_id = clients.add_account(name, tags)
        for login, person in people:
            clients.add_contact(login, person, account_id)
    while len(clients.accounts) < count:
        if dice.random() < 0.7:
            owner, last = clients.household()
            if dice.random() < 0.35 and len(clients.accounts) < count:
                clients.business(owner, last)
        else:
            clients.business(None, "")
    return clients.accounts, clients.contact_models()
