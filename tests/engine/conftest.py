"""A few-lines way to arrange a firm for the engine's rule tests.

    firm.account("Rivera Family", tags=["individual"])
    firm.contact("mrivera", accounts=["Rivera Family"])
    firm.employee("dana", access="assigned")
    firm.automation(stage="Review", show="In review", if_tags=["individual"])
    job = firm.job(stage="To do", account="Rivera Family", assignees=["dana"])
    move_jobs(firm.repo, firm.as_("dana"), [job.id], "Review")
    assert firm.portal("mrivera") == [...]

Everything is arranged through the services, acting as the firm's owner
``olivia``, so a fixture can never build a firm the services would refuse.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest

from wipboard.store.audit import AuditEntry
from wipboard.store.fields import JobAccess
from wipboard.store.identity import Actor, resolve_actor
from wipboard.store.models import Account, Automation, Contact, Job, JobTemplate, Stage, StatusTemplate, User
from wipboard.store.open_store import create_firm_at
from wipboard.store.portal import portal_for
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.jobs import NewJob, create_job
from wipboard.store.services.people import NewPerson, add_account, add_person
from wipboard.store.services.pipelines import AutomationFields, add_automation
from wipboard.store.services.templates import TemplateFields, save_template

OWNER = "olivia"
PIPELINE = "Client work"
DEFAULT_ACCOUNT = "Rivera Family"


class Firm:
    """A firm in a temporary folder's firm file or a fresh PostgreSQL database, with helpers
    that arrange it through the services."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.repo: Repository = create_firm_at(db, owner_login=OWNER, owner_name="Olivia Owner")  # type: ignore[assignment]

    @property
    def on_postgres(self) -> bool:
        return isinstance(self.db, str)

    @property
    def path(self) -> Path:
        """The firm file; a test that works on the file itself runs on the file store only."""
        if isinstance(self.db, str):
            pytest.skip("works on the firm file itself (PostgreSQL has its own tests of the same promises)")
        return self.db

    # --- Who ------------------------------------------------------------------------

    def as_(self, login: str) -> Actor:
        """The actor ``login`` is when they run wipboard themselves."""
        return resolve_actor(self.repo.snapshot(), login, None, firm_path=self.repo.location)

    @property
    def owner(self) -> Actor:
        return self.as_(OWNER)

    def employee(self, login: str, access: JobAccess = "all") -> User:
        return self._person(NewPerson(login=login, name=login.title(), role="employee", job_access=access))  # type: ignore[return-value]

    def admin(self, login: str) -> User:
        return self._person(NewPerson(login=login, name=login.title(), role="admin"))  # type: ignore[return-value]

    def contact(self, login: str, accounts: Sequence[str] = (DEFAULT_ACCOUNT,)) -> Contact:
        for name in accounts:
            self._ensure_account(name)
        return self._person(NewPerson(login=login, name=login.title(), role="contact", accounts=list(accounts)))  # type: ignore[return-value]

    def _person(self, person: NewPerson) -> User | Contact:
        return add_person(self.repo, self.owner, person)

    def account(self, name: str = DEFAULT_ACCOUNT, tags: Sequence[str] = ()) -> Account:
        return add_account(self.repo, self.owner, name, list(tags))

    def _ensure_account(self, name: str) -> None:
        if not any(account.name == name for account in self.repo.snapshot().accounts.values()):
            self.account(name)

    # --- Settings -------------------------------------------------------------------

    def status(self, name: str) -> StatusTemplate:
        return next(status for status in self.repo.snapshot().statuses.values() if status.name == name)

    def stage(self, name: str, pipeline: str = PIPELINE) -> Stage:
        found = next(item for item in self.repo.snapshot().pipelines.values() if item.name == pipeline)
        return next(stage for stage in found.stages if stage.name == name)

    def automation(
        self,
        stage: str,
        *,
        show: str | None = None,
        hide: bool = False,
        description: str | None = None,
        if_tags: Sequence[str] = (),
        pipeline: str = PIPELINE,
    ) -> Automation:
        """Append an *update client-facing status* automation: ``show="In review"`` or ``hide=True``."""
        assert (show is None) == hide, "an automation either shows a status or hides"
        fields = AutomationFields(visible=not hide, status=show, description=description, if_account_tags=list(if_tags))
        return add_automation(self.repo, self.owner, pipeline, stage, fields)

    def template(
        self,
        name: str = "1040 return",
        *,
        stage: str = "To do",
        job_name: str = "Form 1040",
        show: str | None = None,
        name_for_client: str = "",
        description: str = "",
        pipeline: str = PIPELINE,
    ) -> JobTemplate:
        fields = TemplateFields(
            name=name, pipeline=pipeline, stage=stage, job_name=job_name, visible=show is not None,
            status=show, name_for_client=name_for_client, description=description,
        )
        return save_template(self.repo, self.owner, fields)

    # --- Jobs -----------------------------------------------------------------------

    def job(
        self,
        name: str | None = "2025 Form 1040",
        *,
        stage: str | None = None,
        account: str = DEFAULT_ACCOUNT,
        assignees: Sequence[str] | None = None,
        template: str | None = None,
        pipeline: str | None = PIPELINE,
        notes: str = "",
        by: str = OWNER,
    ) -> Job:
        """Add a job through ``create_job`` (so the entry stage's automations run, R2)."""
        self._ensure_account(account)
        request = NewJob(
            account=account, pipeline=pipeline, stage=stage, name=name, template=template,
            assignees=list(assignees) if assignees is not None else None, notes=notes,
        )
        result = create_job(self.repo, self.as_(by), request)
        return self.get(result.job_ids[0])

    def jobs(self, count: int, **options: Any) -> list[Job]:
        return [self.job(f"Job {index + 1}", **options) for index in range(count)]

    def shown(self, job: Job, status: str = "In progress", *, name_for_client: str = "", description: str = "") -> Job:
        """``job`` with its client status shown through its card, as the owner."""
        edit = CardEdit(visible=True, status_id=self.status(status).id, name_for_client=name_for_client, description=description)
        save_card(self.repo, self.owner, job.id, self.get(job.id).version, edit)
        return self.get(job.id)

    def card(self, job: Job, **fields: Any) -> CardEdit:
        """A card edit of ``job`` keeping its client status except for ``fields`` (``status="Done"`` by name)."""
        current = self.get(job.id).client_status
        values: dict[str, Any] = {
            "visible": current.visible,
            "name_for_client": current.name_for_client,
            "status_id": current.status_id,
            "description": current.description,
        }
        if "status" in fields:
            fields["status_id"] = self.status(fields.pop("status")).id
        values.update(fields)
        return CardEdit(**values)

    def get(self, job_id: int) -> Job:
        return self.repo.snapshot().jobs[job_id]

    # --- What users see ---------------------------------------------------------------

    def portal(self, ref: str) -> list[dict[str, Any]]:
        """The Work-in-progress items of a contact or account, as the JSON a client would get."""
        view = portal_for(self.repo, self.owner, ref)
        return [item.model_dump(mode="json", exclude_none=True) for item in view.work_in_progress]

    def portal_names(self, ref: str) -> list[str]:
        return sorted(item["name"] for item in self.portal(ref))

    def audit(self, job_id: int | None = None) -> list[AuditEntry]:
        return [entry for entry in self.repo.audit_entries() if job_id is None or entry.job_id == job_id]

    @property
    def generation(self) -> int:
        return self.repo.snapshot().generation

    def file_bytes(self) -> bytes:
        """The firm file's bytes; on PostgreSQL every row of every table, in order."""
        if isinstance(self.db, str):
            return database_bytes(self.db)
        return self.path.read_bytes()

    def audit_bytes(self) -> bytes:
        if isinstance(self.db, str):
            return database_bytes(self.db, audit=True)
        path = self.repo.audit_log.path
        return path.read_bytes() if path.exists() else b""

    @contextmanager
    def unchanged(self) -> Iterator[None]:
        """Assert that the body leaves the firm file and its audit log byte-for-byte as they were."""
        before = (self.file_bytes(), self.audit_bytes())
        yield
        assert self.file_bytes() == before[0], "the firm file was written"
        assert self.audit_bytes() == before[1], "the audit log was written"

    def set_demo(self) -> None:
        with self.repo.transaction() as tx:
            tx.set_firm(tx.firm.model_copy(update={"demo": True}))


# Durability is proven in tests/store; here a memory-backed folder keeps fsync from
# dominating the run time of the property and matrix tests.
FAST_FOLDER = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


@pytest.fixture(scope="session")
def new_firm() -> Callable[[], AbstractContextManager[Firm]]:
    """``with new_firm() as firm:`` — a throw-away firm where no ``tmp_path`` is at hand (inside @given)."""

    @contextmanager
    def make() -> Iterator[Firm]:
        with tempfile.TemporaryDirectory(prefix="wipboard-engine-", dir=FAST_FOLDER) as folder:
            yield Firm(Path(folder) / "firm.json")

    return make


def database_bytes(url: str, *, audit: bool = False) -> bytes:
    """The database as the firm file would hold it (``_meta`` first, then each table's documents by id),
    or its audit entries one JSON line each, oldest first: so that "nothing was written" reads the same."""
    import psycopg

    with psycopg.connect(url) as conn:
        if audit:
            return b"".join(text.encode() + b"\n" for (text,) in conn.execute("SELECT entry::text FROM audit ORDER BY position"))
        generation, audit_size, next_ids, version = conn.execute(
            "SELECT generation, audit_size, next_ids, schema_version FROM wipboard_meta"
        ).fetchone()
        data: dict[str, Any] = {"_meta": {"1": {"generation": generation, "schema_version": version,
                                                "audit_size": audit_size, "next_ids": next_ids}}}
        for name in DATABASE_TABLES:
            data[name] = {str(item_id): doc for item_id, doc in conn.execute(f"SELECT id, doc FROM {name} ORDER BY id")}  # noqa: S608
        data["removed"] = sorted(conn.execute("SELECT tbl, id, generation FROM removed").fetchall())
    return orjson.dumps(data)


DATABASE_TABLES = ("firm", "users", "contacts", "accounts", "statuses", "pipelines", "job_templates", "jobs")


@pytest.fixture(params=["file", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a test's firm lives: a firm file, then a fresh PostgreSQL database (the same tests on both)."""
    if request.param == "file":
        yield tmp_path / "firm.json"
        return
    server = request.getfixturevalue("pg_server")
    url = server.fresh_database()
    yield url
    server.drop(url)


@pytest.fixture
def firm(store: Path | str) -> Iterator[Firm]:
    """A fresh firm: owner ``olivia``, the five default statuses, pipeline *Client work*
    (To do → In progress → Review → Done), on each store. Overrides ``tests/conftest.py``'s ``firm`` here."""
    made = Firm(store)
    yield made
    made.repo.close()

