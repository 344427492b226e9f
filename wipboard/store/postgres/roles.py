"""Database roles for staff (``wipboard users add … --db-role``): on PostgreSQL a person acts as
the role the server authenticated, so each staff user needs a login role of the same name."""

from __future__ import annotations

import psycopg
from psycopg import sql

from wipboard.store.postgres.errors import DatabaseError
from wipboard.store.postgres.repository import PostgresRepository

STAFF_GROUP = "wipboard_staff"
_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def create_login_role(repo: PostgresRepository, login: str) -> str:
    """Make ``login`` a login role that may use the firm's tables; returns what was done, in words.

    The role is granted the firm's tables, and joins ``wipboard_staff`` when that group exists
    (the README's recipe, whose default privileges then cover tables a later migration adds).
    It needs the acting role's ``CREATEROLE``; without it the refusal says what to ask the
    database's administrator for.
    """
    role = sql.Identifier(login)
    try:
        with repo.transaction():
            conn = repo.connection()
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is not None
            if not exists:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
            conn.execute(sql.SQL(f"GRANT {_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {{}}").format(role))
            granted = "granted the firm's tables"
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (STAFF_GROUP,)).fetchone():
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(STAFF_GROUP), role))
                granted += f" and made a member of {STAFF_GROUP}"
    except DatabaseError as error:
        if "permission denied" in error.problem or "must have" in error.problem:
            raise DatabaseError(
                repo.location,
                f"your database role may not create roles (it needs CREATEROLE); ask the database's administrator "
                f"for: CREATE ROLE {login} LOGIN IN ROLE {STAFF_GROUP}",
            ) from None
        raise
    except psycopg.Error as error:  # pragma: no cover - talking() turns these into DatabaseError
        raise DatabaseError(repo.location, str(error)) from None
    return f"database role {login} {'was already there' if exists else 'created'}, {granted}"
