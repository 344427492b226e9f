"""The one way the tests build a firm: ``Firm``, with a few-lines way to arrange it.

    firm.account("Rivera Family", tags=["individual"])
    firm.contact("mrivera", accounts=["Rivera Family"])
    firm.employee("dana", access="assigned")
    firm.automation(stage="Review", show="In review", if_tags=["individual"])
    job = firm.job(stage="To do", account="Rivera Family", assignees=["dana"])
    move_jobs(firm.repo, firm.as_("dana"), [job.id], "Review")
    assert firm.portal("mrivera") == [...]

``Firm.create`` writes a new firm (a firm file, or a fresh PostgreSQL database); ``Firm.open``
opens one that exists (the demo firm of the screens' tests, ``DemoFirm``). Everything is arranged
through the services, acting as the firm's owner, so a test can never build a firm the services
would refuse; the store's own tests add a job below the services with ``with_job``.

The fixtures on top of it (``firm``, ``firm_in_memory``, ``new_firm``, ``demo``) are in the
``conftest.py`` files; ``tests/store/services/conftest.py`` runs its ``firm`` on both stores.
"""

from __future__ import annotations

import builtins
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from screen_reading import RecordingApp

from wipboard.store.audit import AuditEntry
from wipboard.store.demo import DEMO_OWNER
from wipboard.store.fields import JobAccess, utc_now
from wipboard.store.identity import Actor, resolve_actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Account, Automation, Contact, Job, JobTemplate, Stage, StatusTemplate, User
from wipboard.store.open_store import create_firm_at, open_repository
from wipboard.store.portal import portal_for
from wipboard.store.repository import Repository
from wipboard.store.services.client_status import CardEdit, save_card
from wipboard.store.services.jobs import NewJob, create_job
from wipboard.store.services.people import NewPerson, add_account, add_person
from wipboard.store.services.pipelines import AutomationFields, add_automation
from wipboard.store.services.templates import TemplateFields, save_template
from wipboard.tui.kit.session import Clock, Session

OWNER = "olivia"
PIPELINE = "Client work"
DEFAULT_ACCOUNT = "Rivera Family"

# The demo firm's day: the demo is written with this ``now`` and the app's clock reads it.
NOW = datetime(2026, 3, 2, tzinfo=UTC)
TODAY = NOW.date()

# Durability is proven in tests/store; elsewhere a memory-backed folder keeps fsync from
# dominating the run time of the property and matrix tests.
FAST_FOLDER = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def fixed_clock(now: datetime = NOW) -> Clock:
    """A clock that always reads ``now`` (by default the demo firm's day)."""
    return lambda: now


def audit_entry(job_id: int, field_name: str = "notes", before: Any = None, after: Any = None, **extra: Any) -> AuditEntry:
    """An audit entry as a service would record it for one changed field."""
    values = {
        "at": utc_now(),
        "op": "op-test",
        "operation": "test edit",
        "user": "ana",
        "actor": "ana",
        "via": "cli",
        "job_id": job_id,
        "field": field_name,
        "before": before,
        "after": after,
    }
    values.update(extra)
    return AuditEntry(**values)


class Firm:
    """A firm in a firm file or a PostgreSQL database, with helpers that arrange it through the services."""

    def __init__(self, db: Path | str, repo: FirmRepository, owner: str = OWNER) -> None:
        self.db = db
        self.repo = repo
        self.owner_login = owner
        self._account_id: int | None = None

    @classmethod
    def create(
        cls, db: Path | str, *, owner: str = OWNER, owner_name: str | None = "Olivia Owner", firm_name: str = "Our firm"
    ) -> Firm:
        """A new firm at ``db``: ``owner``, the five default statuses, pipeline *Client work*
        (To do → In progress → Review → Done)."""
        return cls(db, create_firm_at(db, owner_login=owner, owner_name=owner_name, firm_name=firm_name), owner)

    @classmethod
    def open(cls, path: Path, *, owner: str = OWNER) -> Firm:
        """The firm that exists at ``path``, read and changed the way another process would."""
        return cls(path, open_repository(path), owner)

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
        return self.as_(self.owner_login)

    def employee(self, login: str, access: JobAccess = "all") -> User:
        person = self._person(NewPerson(login=login, name=login.title(), role="employee", job_access=access))
        assert isinstance(person, User)
        return person

    def admin(self, login: str) -> User:
        person = self._person(NewPerson(login=login, name=login.title(), role="admin"))
        assert isinstance(person, User)
        return person

    def contact(self, login: str, accounts: Sequence[str] = (DEFAULT_ACCOUNT,)) -> Contact:
        for name in accounts:
            self._ensure_account(name)
        person = self._person(NewPerson(login=login, name=login.title(), role="contact", accounts=list(accounts)))
        assert isinstance(person, Contact)
        return person

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
        by: str | None = None,
    ) -> Job:
        """Add a job through ``create_job`` (so the entry stage's automations run, R2), by the owner unless ``by``."""
        self._ensure_account(account)
        request = NewJob(
            account=account, pipeline=pipeline, stage=stage, name=name, template=template,
            assignees=list(assignees) if assignees is not None else None, notes=notes,
        )
        result = create_job(self.repo, self.as_(by or self.owner_login), request)
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
        """The job as stored now."""
        return self.repo.snapshot().jobs[job_id]

    # --- Below the services: the store's own tests --------------------------------------

    def account_id(self) -> int:
        """The id of an account *Rivera Family* written straight into the store (made on first use)."""
        if self._account_id is None:
            with self.repo.transaction() as tx:
                account = tx.accounts.put(Account(id=tx.accounts.new_id(), name=DEFAULT_ACCOUNT, tags=["individual"]))
            self._account_id = account.id
        return self._account_id

    def with_job(self, stage_id: int = 1, *, name: str = "2025 Form 1040", **fields: Any) -> Job:
        """Add a job in pipeline 1 straight into the store (one transaction, no service) and return it as stored."""
        account_id = self.account_id()
        with self.repo.transaction() as tx:
            job = tx.jobs.add(Job(id=1, name=name, account_id=account_id, pipeline_id=1, stage_id=stage_id, **fields))
        return job

    entry = staticmethod(audit_entry)

    def reopen(self, **options: Any) -> Repository:
        """A new Repository on the same file, as another process would have (no shared cache)."""
        return Repository(self.path, **options)

    def bytes(self) -> bytes:
        return self.path.read_bytes()

    @property
    def audit_path(self) -> Path:
        log = getattr(self.repo, "audit_log", None)
        assert log is not None, "the firm file's audit log (PostgreSQL keeps its log in a table)"
        path: Path = log.path
        return path

    def stray_files(self) -> list[str]:
        """Temporary files of this firm file left in its folder."""
        return sorted(p.name for p in self.path.parent.glob(f".{self.path.name}.*.tmp"))

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

    def file_bytes(self) -> builtins.bytes:
        """The firm file's bytes; on PostgreSQL every row of every table, in order."""
        if isinstance(self.db, str):
            return database_bytes(self.db)
        return self.path.read_bytes()

    def audit_bytes(self) -> builtins.bytes:
        if isinstance(self.db, str):
            return database_bytes(self.db, audit=True)
        path = self.audit_path
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

    # --- The app on it ------------------------------------------------------------------

    def app(self, login: str | None = None, *, pipeline: int | None = None, clock: Clock | None = None) -> RecordingApp:
        """The app as ``login`` (default: the owner) runs it on this firm, with a fresh repository
        and the clock at ``NOW``, recording its notifications; the board on ``pipeline`` (default: the first)."""
        repo = open_repository(self.db)
        actor = resolve_actor(repo.snapshot(), login or self.owner_login, None, firm_path=repo.location)
        return RecordingApp(Session(repo, actor, pipeline_id=pipeline, clock=clock or fixed_clock()), keymap={})


@contextmanager
def throwaway_firm() -> Iterator[Firm]:
    """A new firm file in a memory-backed temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="wipboard-", dir=FAST_FOLDER) as folder:
        firm = Firm.create(Path(folder) / "firm.json")
        try:
            yield firm
        finally:
            firm.repo.close()


def make_app(path: Path, login: str = DEMO_OWNER, *, pipeline: int | None = None) -> RecordingApp:
    """The app as ``login`` runs it on the firm file, the board on ``pipeline`` (default: the first).

    ``keymap={}`` keeps the keymap file of whoever runs the tests out; the clock reads ``NOW``.
    """
    return Firm(path, Repository(path), DEMO_OWNER).app(login, pipeline=pipeline)


class DemoFirm:
    """A copy of the 200-job demo firm (seed 0, ``now`` = ``NOW``), read and changed the way another
    process would: a ``Firm`` whose jobs exist already, so ``job(id)`` reads one instead of adding one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.firm = Firm(path, Repository(path), DEMO_OWNER)  # a second repository: what another process sees and does
        self.repo = self.firm.repo

    def app(self, login: str = DEMO_OWNER, *, pipeline: int | None = None, clock: Clock | None = None) -> RecordingApp:
        return self.firm.app(login, pipeline=pipeline, clock=clock)

    def actor(self, login: str = DEMO_OWNER) -> Actor:
        return self.firm.as_(login)

    def job(self, job_id: int) -> Job:
        """The job as stored now (a fresh read of the file)."""
        return self.firm.get(job_id)

    def pick(
        self, *, stage: int, tags: set[str] | None = None, without: set[str] | None = None, order: list[int] | None = None
    ) -> Job:
        """The first active job in ``stage`` (by id, or in ``order``, e.g. as the board shows them)
        whose account has every tag of ``tags`` and none of ``without``."""
        snapshot = self.repo.snapshot()
        candidates = [snapshot.jobs[job_id] for job_id in order] if order is not None else sorted(
            snapshot.jobs.values(), key=lambda item: item.id
        )
        for job in candidates:
            account_tags = set(snapshot.accounts[job.account_id].tags)
            if (
                job.stage_id == stage and not job.archived and not job.deleted
                and (tags or set()) <= account_tags and not (without or set()) & account_tags
            ):
                return job
        raise LookupError(f"the demo has no job in stage {stage} with tags {tags} and without {without}")

    def status_name(self, job: Job) -> str | None:
        status_id = job.client_status.status_id
        return self.repo.snapshot().statuses[status_id].name if status_id else None


def database_bytes(url: str, *, audit: bool = False) -> bytes:
    """The database as the firm file would hold it (``_meta`` first, then each table's documents by id),
    or its audit entries one JSON line each, oldest first: so that "nothing was written" reads the same."""
    import psycopg

    with psycopg.connect(url) as conn:
        if audit:
            return b"".join(text.encode() + b"\n" for (text,) in conn.execute("SELECT entry::text FROM audit ORDER BY position"))
        row = conn.execute("SELECT generation, audit_size, next_ids, schema_version FROM wipboard_meta").fetchone()
        assert row is not None
        generation, audit_size, next_ids, version = row
        data: dict[str, Any] = {"_meta": {"1": {"generation": generation, "schema_version": version,
                                                "audit_size": audit_size, "next_ids": next_ids}}}
        for name in DATABASE_TABLES:
            data[name] = {str(item_id): doc for item_id, doc in conn.execute(f"SELECT id, doc FROM {name} ORDER BY id")}  # noqa: S608
        data["removed"] = sorted(conn.execute("SELECT tbl, id, generation FROM removed").fetchall())
    return orjson.dumps(data)


DATABASE_TABLES = ("firm", "users", "contacts", "accounts", "statuses", "pipelines", "job_templates", "jobs")
