"""Typed reads and writes of the models, one transaction at a time.

``Repository.snapshot()`` is a read-only, validated view of one generation of
the firm file, cached until another generation appears. ``Repository.transaction()``
takes the file lock, gives a ``Transaction`` whose tables read through to that
snapshot and collect changes, and at the end hands every change to the storage
in one batch per table, appends the audit entries and replaces the file once:
a bulk edit of 1 000 jobs is one write.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import GenericAlias
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import orjson
from pydantic import TypeAdapter, ValidationError
from tinydb import TinyDB

from wipboard.store import schema
from wipboard.store.audit import AuditEntry, AuditLog
from wipboard.store.errors import Conflict, FirmFileError, InvalidRequest, NotFound
from wipboard.store.fields import problems_of, utc_now
from wipboard.store.file_history import FileAuditHistory
from wipboard.store.gc_pause import gc_paused
from wipboard.store.interface import AuditHistory
from wipboard.store.models import (
    Account,
    Contact,
    Entity,
    Firm,
    Job,
    JobTemplate,
    Notification,
    Pipeline,
    StatusTemplate,
    User,
)
from wipboard.store.references import dangling_reference
from wipboard.store.storage import FileRead, FirmStorage
from wipboard.store.whole_file import WholeFileReader

if TYPE_CHECKING:
    from wipboard.store.identity import OsUser

M = TypeVar("M", bound=Entity)

MODELS: dict[str, type[Entity]] = {
    "users": User,
    "contacts": Contact,
    "accounts": Account,
    "statuses": StatusTemplate,
    "pipelines": Pipeline,
    "job_templates": JobTemplate,
    "jobs": Job,
    "notifications": Notification,
}
FIRM_DOC = 1
def _list_adapter(model: type[Entity]) -> TypeAdapter[list[Entity]]:
    """Validates a list of ``model``s in one call. ``list[model]`` for a model known only at run
    time is spelt ``GenericAlias``, which type checkers cannot read as a type: the cast says which."""
    return TypeAdapter(cast("type[list[Entity]]", GenericAlias(list, (model,))))


LIST_ADAPTERS = {name: _list_adapter(model) for name, model in MODELS.items()}
WHOLE_FILE = WholeFileReader(MODELS)


def table_of(tables: Mapping[str, Mapping[int, Entity]], name: str, model: type[M]) -> Mapping[int, M]:
    """``tables[name]`` as the ``model``s it holds: each table holds only its own model (``MODELS``),
    validated as such when it was read, so the cast states what the reading checked."""
    return cast("Mapping[int, M]", tables[name])


@dataclass(frozen=True)
class Snapshot:
    """Every entity of one generation of the firm file, validated."""

    generation: int
    audit_size: int
    firm: Firm
    tables: Mapping[str, Mapping[int, Entity]]

    def table(self, name: str, model: type[M]) -> Mapping[int, M]:
        return table_of(self.tables, name, model)

    @property
    def users(self) -> Mapping[int, User]:
        return self.table("users", User)

    @property
    def contacts(self) -> Mapping[int, Contact]:
        return self.table("contacts", Contact)

    @property
    def accounts(self) -> Mapping[int, Account]:
        return self.table("accounts", Account)

    @property
    def statuses(self) -> Mapping[int, StatusTemplate]:
        return self.table("statuses", StatusTemplate)

    @property
    def pipelines(self) -> Mapping[int, Pipeline]:
        return self.table("pipelines", Pipeline)

    @property
    def job_templates(self) -> Mapping[int, JobTemplate]:
        return self.table("job_templates", JobTemplate)

    @property
    def jobs(self) -> Mapping[int, Job]:
        return self.table("jobs", Job)

    @property
    def notifications(self) -> Mapping[int, Notification]:
        return self.table("notifications", Notification)


class TableChanges(Generic[M]):
    """One table inside a transaction: reads see the snapshot plus this transaction's writes."""

    def __init__(self, name: str, model: type[M], items: Mapping[int, M], tx: Transaction) -> None:
        self.name = name
        self.model = model
        self._items = items
        self._tx = tx
        self.written: dict[int, M] = {}
        self.raw: dict[int, dict[str, Any]] = {}  # each written item as it goes into the file
        self.inserted: set[int] = set()
        self.removed: set[int] = set()
        self._highest_id: int | None = None  # the largest id in the table, once new_id needs it

    def get(self, item_id: int) -> M | None:
        if item_id in self.removed:
            return None
        return self.written.get(item_id) or self._items.get(item_id)

    def __getitem__(self, item_id: int) -> M:
        item = self.get(item_id)
        if item is None:
            raise NotFound(f"there is no {self.name[:-1].replace('_', ' ')} with id {item_id}")
        return item

    def __contains__(self, item_id: int) -> bool:
        return self.get(item_id) is not None

    def values(self) -> list[M]:
        merged = {**self._items, **self.written}
        return [item for item_id, item in merged.items() if item_id not in self.removed]

    def new_id(self) -> int:
        """A fresh id: past the file's counter and past every id in the table.

        The counter alone could lag behind (a file edited or merged by hand), and
        a new document must never land on an existing one.
        """
        if self._highest_id is None:
            self._highest_id = max(max(self._items, default=0), max(self.written, default=0))
        next_ids = self._tx.meta["next_ids"]
        new_id = max(next_ids.get(self.name, 1), self._highest_id + 1)
        self._highest_id = new_id
        next_ids[self.name] = new_id + 1
        self._tx.meta_changed = True
        return new_id

    def put(self, item: M) -> M:
        """Validate ``item`` again (a ``model_copy`` skips validation) and stage it for writing."""
        # A model_copy may hold anything; validation says what is wrong with it, and the
        # file gets the validated values (a "5" that validated as 5 is written as 5).
        validated = self.model.model_validate(item.model_dump(mode="json", warnings=False))
        self.raw[item.id] = validated.model_dump(mode="json")
        if item.id not in self._items and item.id not in self.written:
            self.inserted.add(item.id)
        self.removed.discard(item.id)
        self.written[item.id] = validated
        if self._highest_id is not None:
            self._highest_id = max(self._highest_id, item.id)
        return validated

    def remove(self, item_id: int) -> None:
        self[item_id]
        self.written.pop(item_id, None)
        self.raw.pop(item_id, None)
        if item_id in self.inserted:
            self.inserted.discard(item_id)
        else:
            self.removed.add(item_id)

    def merged_into(self, items: Mapping[int, M]) -> Mapping[int, M]:
        """The table after this transaction: ``items`` itself when it changed nothing (tables are
        never changed in place, so the next snapshot shares it instead of copying it)."""
        if not self.changed:
            return items
        merged = dict(items)
        merged.update(self.written)
        for item_id in self.removed:
            merged.pop(item_id, None)
        return merged

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


class JobChanges(TableChanges[Job]):
    """Jobs carry a version: a save names the version it started from (R16)."""

    def save(self, job: Job, expected_version: int) -> Job:
        current = self[job.id]
        if current.version != expected_version:
            raise Conflict(
                f"job {job.id} ({current.name}) was changed by someone else since you opened it "
                f"(version {expected_version} → {current.version}); reload it and try again",
                (job.id,),
            )
        return self.put(job.model_copy(update={"version": current.version + 1, "updated_at": utc_now()}))

    def add(self, job: Job) -> Job:
        """Insert a new job under a fresh id; ids are never reused, even after a purge."""
        return self.put(job.model_copy(update={"id": self.new_id(), "version": 1}))


@dataclass
class Transaction:
    """The changes of one locked read-modify-write."""

    snapshot: Snapshot
    meta: dict[str, Any]
    firm: Firm
    meta_changed: bool = False
    firm_changed: bool = False
    audit: list[AuditEntry] = field(default_factory=list)
    tables: dict[str, TableChanges[Any]] = field(default_factory=dict)
    history: AuditHistory | None = None  # the entries committed before this transaction, by position
    _jobs: JobChanges = field(init=False)

    def __post_init__(self) -> None:
        self._jobs = JobChanges("jobs", Job, self.snapshot.jobs, self)
        for name, model in MODELS.items():
            self.tables[name] = self._jobs if name == "jobs" else TableChanges(name, model, self.snapshot.tables[name], self)

    @property
    def users(self) -> TableChanges[User]:
        return self.tables["users"]

    @property
    def contacts(self) -> TableChanges[Contact]:
        return self.tables["contacts"]

    @property
    def accounts(self) -> TableChanges[Account]:
        return self.tables["accounts"]

    @property
    def statuses(self) -> TableChanges[StatusTemplate]:
        return self.tables["statuses"]

    @property
    def pipelines(self) -> TableChanges[Pipeline]:
        return self.tables["pipelines"]

    @property
    def job_templates(self) -> TableChanges[JobTemplate]:
        return self.tables["job_templates"]

    @property
    def jobs(self) -> JobChanges:
        return self._jobs

    @property
    def notifications(self) -> TableChanges[Notification]:
        return self.tables["notifications"]

    def set_firm(self, firm: Firm) -> None:
        self.firm = Firm.model_validate(firm.model_dump())
        self.firm_changed = True

    def record(self, *entries: AuditEntry) -> None:
        self.audit.extend(entries)

    @property
    def changed(self) -> bool:
        return self.firm_changed or any(table.changed for table in self.tables.values())


class Repository:
    """The firm file as typed models (a ``FirmRepository``). One instance per process and file."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float | None = None) -> None:
        options = {} if lock_timeout is None else {"lock_timeout": lock_timeout}
        self._db = TinyDB(path, storage=FirmStorage, **options)
        storage = self._db.storage
        assert isinstance(storage, FirmStorage)  # TinyDB made it from the class given
        self.storage = storage
        self.path = self.storage.path
        self.audit_log = AuditLog(self.path)
        self.history = FileAuditHistory(self.audit_log)
        self._snapshot: Snapshot | None = None
        # The raw document behind each model of _snapshot, to spot the unchanged ones on a reload.
        self._raw_seen: dict[str, dict[str, dict[str, Any]]] = {}
        # The read _snapshot was validated from, when it was validated whole (_validated_whole):
        # its documents go into _raw_seen when a reload or a write needs them.
        self._whole_read: FileRead | None = None
        self._in_place_writes_seen = 0

    # --- Reading --------------------------------------------------------------------

    def prepare_writes(self) -> None:
        """Do now what the first write would otherwise do (encode the whole file), e.g. at idle;
        after a first read validated whole, keep its documents for the next reload to compare."""
        self.storage.encode_ahead()  # parses a first read outside the lock the screens' reads share
        with self.storage.mutex:
            self._keep_raw_of_whole()

    def snapshot(self) -> Snapshot:
        """The current generation, validated; rebuilt only when the file changed.

        Safe to call from a worker thread: the storage's mutex keeps a transaction of
        another thread from changing the data while it is validated.
        """
        with self.storage.mutex:
            generation = self.storage.generation
            if self._snapshot is None or self._snapshot.generation != generation:
                self._snapshot = self._validated_whole(generation) or self._validate(self.storage.read())
            return self._snapshot

    def changed_since(self, generation: int) -> bool:
        """Cheap check for screens: has any process committed since ``generation``?"""
        return self.storage.changed_since(generation)

    def audit_entries(self, job_ids: set[int] | None = None) -> list[AuditEntry]:
        """Committed audit entries, oldest first; of ``job_ids`` only, if given."""
        return list(self.audit_log.read(self.snapshot().audit_size, job_ids))

    @property
    def location(self) -> str:
        return str(self.path)

    def authenticated_user(self) -> OsUser:
        """The login of the process's real user id (R13)."""
        from wipboard.store.identity import OsUser  # identity reads snapshots: imported when asked

        return OsUser.current()

    def close(self) -> None:
        """Nothing to close: no handle is kept open between transactions."""

    def _validate(self, data: schema.RawData) -> Snapshot:
        """Validate the documents of a newly read generation.

        A document equal to the one behind the previous snapshot's model keeps that
        model: after another process saves one job, only that job is validated again.
        """
        self._keep_raw_of_whole()
        meta = data[schema.META][schema.META_DOC]
        tables: dict[str, dict[int, Entity]] = {}
        seen: dict[str, dict[str, dict[str, Any]]] = {}
        with gc_paused():
            for name in MODELS:
                tables[name], seen[name] = self._validate_table(name, data.get(name, {}))
        firm_doc = data["firm"].get(str(FIRM_DOC))
        if firm_doc is None:
            raise FirmFileError(self.path, "the firm table has no settings document 1; restore a backup beside it")
        try:
            firm = Firm.model_validate(firm_doc)
        except ValidationError as error:
            raise FirmFileError(self.path, f"firm settings: {_first_error(error)}") from None
        dangling = dangling_reference(
            self._jobs_to_check(tables), tables["accounts"], table_of(tables, "pipelines", Pipeline), tables["statuses"]
        )
        if dangling is not None:
            job, where, reason = dangling
            raise FirmFileError(self.path, f"jobs document {job.id}, field {where}: {reason}")
        self._raw_seen = seen  # only now: a failed validation keeps the old pairs of raw and model
        return Snapshot(meta["generation"], meta["audit_size"], firm, tables)

    def _validated_whole(self, generation: int) -> Snapshot | None:
        """The first read's shortcut (``whole_file``): the file validated from its bytes, unparsed.
        None when it does not apply — a reload validates only the documents that changed — or when
        the shortcut does not accept the file: the usual read then says why, or migrates it."""
        read = self.storage.unparsed
        if self._snapshot is not None or read is None:
            return None
        with gc_paused():
            whole = WHOLE_FILE.read(read.raw)
        if whole is None or whole.generation != generation:
            return None
        tables: dict[str, dict[int, Entity]] = {}
        for name, documents in whole.tables.items():
            tables[name] = {item.id: item for item in documents.values()}
            if any(int(doc_id) != item.id for doc_id, item in documents.items()):
                return None  # a document under another id than its own
        jobs = table_of(tables, "jobs", Job).values()
        if dangling_reference(jobs, tables["accounts"], table_of(tables, "pipelines", Pipeline), tables["statuses"]):
            return None
        self._whole_read = read
        return Snapshot(generation, whole.audit_size, whole.firm, tables)

    def _keep_raw_of_whole(self) -> None:
        """After a first read validated whole, the documents behind its models, for a reload to
        compare (only what changed is validated again): as the storage parsed them from that very
        read, or else parsed now from the bytes that were validated."""
        read, self._whole_read = self._whole_read, None
        if read is None or self._snapshot is None or self._raw_seen:
            return
        data = self.storage.data_of_read(read.number)
        if data is None:
            try:
                data = orjson.loads(read.raw)
            except orjson.JSONDecodeError:  # it was validated as JSON, so never; comparing nothing is safe
                return
        self._raw_seen = {name: dict(data.get(name, {})) for name in MODELS}

    def _jobs_to_check(self, tables: dict[str, dict[int, Entity]]) -> Iterable[Job]:
        """The jobs whose references may have broken: all of them, unless only jobs changed.

        A model kept from the previous snapshot was checked then; if no account,
        pipeline or status came or went or changed, only the jobs validated anew can
        hold a dangling id, so a reload after one job was saved checks one job.
        """
        previous = self._snapshot.tables if self._snapshot is not None else None
        jobs = table_of(tables, "jobs", Job)
        if previous is None or any(
            len(tables[name]) != len(previous[name])
            or any(item is not previous[name].get(item_id) for item_id, item in tables[name].items())
            for name in ("accounts", "pipelines", "statuses")
        ):
            return jobs.values()
        old_jobs = previous["jobs"]
        return [job for job_id, job in jobs.items() if job is not old_jobs.get(job_id)]

    def _validate_table(
        self, name: str, raw_table: dict[str, dict[str, Any]]
    ) -> tuple[dict[int, Entity], dict[str, dict[str, Any]]]:
        if self.storage.in_place_writes != self._in_place_writes_seen:
            self._raw_seen = {}  # documents may have been changed in place: compare nothing
            self._in_place_writes_seen = self.storage.in_place_writes
        seen = self._raw_seen.get(name, {})
        previous = self._snapshot.tables[name] if self._snapshot is not None else {}
        fresh = [doc_id for doc_id, raw in raw_table.items() if seen.get(doc_id) != raw or int(doc_id) not in previous]
        try:
            validated = LIST_ADAPTERS[name].validate_python([raw_table[doc_id] for doc_id in fresh])
        except ValidationError as error:
            raise FirmFileError(self.path, _describe_bad_document(name, fresh, error)) from None
        by_id = dict(zip(fresh, validated, strict=True))
        items: dict[int, Entity] = {}
        for doc_id in raw_table:
            item = by_id.get(doc_id) or previous[int(doc_id)]
            if int(doc_id) != item.id:
                raise FirmFileError(self.path, f"{name} document {doc_id} carries id {item.id}")
            items[item.id] = item
        return items, dict(raw_table)  # documents are replaced on a write, never changed in place

    # --- Writing --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock the file and yield a Transaction; its changes are written once, at the end."""
        written: Snapshot | None = None
        with self.storage.transaction():
            snapshot = self.snapshot()
            self._keep_raw_of_whole()  # before this write adds its own documents to them
            meta = self.storage.meta
            self.audit_log.cut_to(meta["audit_size"])
            tx = Transaction(snapshot=snapshot, meta=meta, firm=snapshot.firm, history=self.history)
            yield tx
            if tx.changed:
                tables = merged_tables(tx)
                refuse_dangling_references(tx, tables)
                self._write(tx)
                # We hold the lock, so the generation the storage is about to write is ours to know.
                written = Snapshot(tx.snapshot.generation + 1, tx.meta["audit_size"], tx.firm, tables)
        if written is not None:
            # Only now is the file on disk: had the write failed, we would keep the old snapshot.
            self._snapshot = written
            self._remember_written(tx)

    def _write(self, tx: Transaction) -> None:
        """Hand every change to the storage in one batch per table.

        This goes straight to the storage rather than through TinyDB's Table API,
        which rebuilds a whole table's dict twice per call (30 ms per write at
        10 000 jobs); the file stays a TinyDB file that TinyDB reads as usual.
        """
        for name, changes in tx.tables.items():
            if changes.raw:
                self.storage.put_documents(name, {str(item_id): raw for item_id, raw in changes.raw.items()})
            if changes.removed:
                self.storage.remove_documents(name, [str(item_id) for item_id in changes.removed])
        if tx.firm_changed:
            self.storage.put_documents("firm", {str(FIRM_DOC): tx.firm.model_dump(mode="json")})
        audit_size = self.audit_log.append(tx.audit)
        tx.meta["audit_size"] = audit_size
        self.storage.update_meta(audit_size=audit_size, next_ids=tx.meta["next_ids"])

    def _remember_written(self, tx: Transaction) -> None:
        """The raw documents behind the models this transaction wrote, for the next reload."""
        for name, changes in tx.tables.items():
            seen = self._raw_seen.setdefault(name, {})
            seen.update((str(item_id), raw) for item_id, raw in changes.raw.items())
            for item_id in changes.removed:
                seen.pop(str(item_id), None)


def merged_tables(tx: Transaction) -> dict[str, Mapping[int, Entity]]:
    """The tables of the generation being written, built from the old snapshot without re-reading."""
    return {name: tx.tables[name].merged_into(items) for name, items in tx.snapshot.tables.items()}


def refuse_dangling_references(tx: Transaction, tables: Mapping[str, Mapping[int, Entity]]) -> None:
    """Refuse a transaction that would leave a job naming an account, stage… that is not there.

    Only the jobs it wrote are checked, unless it changed what jobs refer to.
    """
    referred_changed = any(tx.tables[name].changed for name in ("accounts", "pipelines", "statuses"))
    jobs = table_of(tables, "jobs", Job).values() if referred_changed else tx.jobs.written.values()
    dangling = dangling_reference(jobs, tables["accounts"], table_of(tables, "pipelines", Pipeline), tables["statuses"])
    if dangling is not None:
        job, where, reason = dangling
        raise InvalidRequest(f"job #{job.id} ({job.name}), {where}: {reason}; nothing was written")


def _first_error(error: ValidationError) -> str:
    first = problems_of(error)[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def _describe_bad_document(table: str, doc_ids: list[str], error: ValidationError) -> str:
    first = problems_of(error)[0]
    index, *rest = first["loc"] if first["loc"] else (0,)
    doc_id = doc_ids[index] if isinstance(index, int) and index < len(doc_ids) else "?"
    where = ".".join(str(part) for part in rest) or "document"
    return f"{table} document {doc_id}, field {where}: {first['msg']}"
