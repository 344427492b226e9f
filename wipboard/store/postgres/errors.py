"""What can go wrong with the database, as sentences (the URL never with its password)."""

from __future__ import annotations

from wipboard.store.errors import StoreError


class DatabaseError(StoreError):
    """The database cannot be used: unreachable, of the wrong schema, or refusing us."""

    def __init__(self, location: str, problem: str) -> None:
        super().__init__(f"{location}: {problem}")
        self.location = location
        self.problem = problem


class DatabaseUnavailable(DatabaseError):
    """The connection could not be made, or was lost; the next use tries again."""


class DatabaseMissingFirm(DatabaseError):
    def __init__(self, location: str) -> None:
        super().__init__(location, "no firm in this database; create one with `wipboard init --db URL` "
                                   "or copy one in with `wipboard copy FILE URL`")


class DatabaseNotEmpty(DatabaseError):
    def __init__(self, location: str) -> None:
        super().__init__(location, "this database already holds a firm; it was left as it is")
