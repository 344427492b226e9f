"""Creating a new firm file, and where firm files live by default."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import cast

import platformdirs

from wipboard.store import schema
from wipboard.store.audit import LOG_MODE, AuditLog
from wipboard.store.durable_write import write_durably
from wipboard.store.errors import AuditLogExists, FirmFileError, WriteFailed
from wipboard.store.fields import Color
from wipboard.store.models import Entity, Firm, Pipeline, Stage, StatusTemplate, User
from wipboard.store.repository import FIRM_DOC, Repository
from wipboard.store.storage import FirmStorage

DB_ENVIRONMENT_VARIABLE = "WIPBOARD_DB"

DEFAULT_STATUSES: tuple[tuple[str, Color, str], ...] = (
    ("Planned", "blue", "We have scheduled your work and will start soon."),
    ("On hold", "yellow", "Paused: we are waiting on something before we can continue."),
    ("In progress", "purple", "We are working on this now."),
    ("In review", "orange", "The work is done and is being checked for accuracy."),
    ("Done", "green", "This work is complete."),
)
DEFAULT_STAGES = ("To do", "In progress", "Review", "Done")


def default_path() -> Path:
    """``$WIPBOARD_DB`` if set, else ``firm.json`` in the user data directory."""
    chosen = os.environ.get(DB_ENVIRONMENT_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("wipboard", appauthor=False)) / "firm.json"


def default_statuses() -> list[StatusTemplate]:
    return [
        StatusTemplate(
            id=position + 1, name=name, color=color, description=description, position=position,
            notify_clients=name != "In progress",  # R20: "we are on it" tells the client little
        )
        for position, (name, color, description) in enumerate(DEFAULT_STATUSES)
    ]


def default_pipeline() -> Pipeline:
    stages = [Stage(id=index + 1, name=name) for index, name in enumerate(DEFAULT_STAGES)]
    return Pipeline(id=1, name="Client work", position=0, stages=stages)


def raw_firm(firm: Firm, tables: Mapping[str, Iterable[Entity]]) -> schema.RawData:
    """A complete schema-current firm file holding ``tables`` (ids already assigned)."""
    meta = schema.empty_meta()
    data: schema.RawData = {schema.META: {schema.META_DOC: meta}}
    data["firm"] = {str(FIRM_DOC): firm.model_dump(mode="json")}
    for name in schema.TABLES:
        if name == "firm":
            continue
        items = list(tables.get(name, ()))
        data[name] = {str(item.id): item.model_dump(mode="json") for item in items}
        meta["next_ids"][name] = max((item.id for item in items), default=0) + 1
    # Stage and automation ids are unique across the firm, so they have counters too.
    pipelines = cast("Iterable[Pipeline]", tables.get("pipelines", ()))  # the "pipelines" table holds pipelines
    stages = [stage for pipeline in pipelines for stage in pipeline.stages]
    meta["next_ids"]["stages"] = 1 + max((stage.id for stage in stages), default=0)
    meta["next_ids"]["automations"] = 1 + max(
        (automation.id for stage in stages for automation in stage.automations), default=0
    )
    return data


def create_firm(path: Path, *, owner_login: str, owner_name: str | None = None, firm_name: str = "Our firm") -> Repository:
    """Write a new firm file with the default statuses, one pipeline and its owner."""
    owner = User(id=1, login=owner_login, name=owner_name or owner_login, role="owner")
    data = raw_firm(
        Firm(name=firm_name),
        {"users": [owner], "statuses": default_statuses(), "pipelines": [default_pipeline()]},
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FirmFileError(path, f"cannot create its folder ({error.strerror})") from error
    FirmStorage(path).create(data)
    return Repository(path)


def create_firm_with_log(path: Path, data: schema.RawData, log: bytes) -> None:
    """Write a new firm file at ``path`` holding ``data``, and ``log`` as its audit log beside it.

    An existing firm file is refused (``FirmFileExists``; a link in its place, ``UnsafeFile``)
    and left alone. So is an audit log without its firm file (``AuditLogExists``): it is the
    only record of who changed what in a firm that may come back from a backup or a
    rename, so it is never removed or appended to. A refused or failed write leaves no
    log behind. ``data``'s ``audit_size`` must be ``len(log)``.
    """
    storage = FirmStorage(path)
    audit = AuditLog(storage.path)
    # The firm file's lock (re-entrant: ``create`` takes it again) keeps out anyone who would create
    # the firm file, or use the log, between our checks and the firm file's arrival.
    with storage.locked():
        storage.refuse_existing()
        _write_new_log(audit, log)
        try:
            storage.create(data)
        except BaseException:
            _remove_log(audit)
            raise


def _write_new_log(audit: AuditLog, log: bytes) -> None:
    """Write ``log`` as a new file, durably, as ``AuditLog.append`` writes; an existing file is refused.

    The firm file's create, which follows, fsyncs the folder.
    """
    try:
        write_durably(audit.path, [log], mode=LOG_MODE, group=os.stat(audit.path.parent).st_gid)
    except FileExistsError:
        raise AuditLogExists(audit.path) from None
    except OSError as error:
        _remove_log(audit)
        raise WriteFailed(audit.path, error) from error


def _remove_log(audit: AuditLog) -> None:
    try:
        os.unlink(audit.path)
    except FileNotFoundError:
        pass
