"""The job list's rows and columns: what each column shows of a job, and how it sorts.

Plain data, no Textual: the table widget draws these, the screen filters and sorts them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from wipboard.store.models import Job
from wipboard.store.repository import Snapshot

ColumnKey = Literal[
    "id", "name", "account", "pipeline", "stage", "assignees", "due", "status", "name_for_client", "changed"
]


@dataclass(frozen=True, slots=True)
class JobRow:
    """One job as the list shows it."""

    job_id: int
    name: str
    account: str
    pipeline: str
    stage: str
    stage_position: tuple[int, int]  # pipeline position, stage position: stages sort in pipeline order
    assignees: str
    due: date | None
    status: str | None
    color: str | None
    status_position: int
    visible: bool
    name_for_client: str
    changed: datetime | None  # when the client status last changed


@dataclass(frozen=True)
class Column:
    key: ColumnKey
    title: str
    min_width: int
    weight: int  # share of the spare width; 0: always min_width
    priority: int  # the lowest numbers stay when the terminal is too narrow for every column
    sort_key: Callable[[JobRow], object]
    right: bool = False


def _missing_last(value: object) -> tuple[bool, object]:
    return (value is None or value == "", value if value is not None else 0)


COLUMNS: tuple[Column, ...] = (
    Column("id", "#", 5, 0, 0, lambda row: row.job_id, right=True),
    Column("name", "Job", 16, 4, 0, lambda row: row.name.casefold()),
    Column("account", "Account", 12, 3, 1, lambda row: row.account.casefold()),
    Column("pipeline", "Pipeline", 12, 2, 6, lambda row: row.pipeline.casefold()),
    Column("stage", "Stage", 10, 2, 2, lambda row: row.stage_position),
    Column("assignees", "Assignees", 9, 1, 4, lambda row: _missing_last(row.assignees)),
    Column("due", "Due", 10, 0, 3, lambda row: _missing_last(row.due)),
    Column("status", "Client status", 13, 1, 0, lambda row: (not row.visible, row.status_position)),
    Column("name_for_client", "Name for client", 14, 3, 5, lambda row: _missing_last(row.name_for_client.casefold())),
    Column("changed", "Changed", 10, 0, 7, lambda row: _missing_last(row.changed)),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


class RowMaker:
    """Makes each job's row once and reuses it while the job (an immutable model) and the
    names it shows (statuses, accounts, stages, users) stay the same."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[Job, JobRow]] = {}
        self._context: object = None

    def rows(self, snapshot: Snapshot, jobs: list[Job]) -> list[JobRow]:
        context = (
            dict(snapshot.statuses),
            {account.id: account.name for account in snapshot.accounts.values()},
            dict(snapshot.pipelines),
        )
        if context != self._context:
            self._rows.clear()
            self._context = context
            self._lookups = _Lookups(snapshot)
        rows = []
        cache = self._rows
        for job in jobs:
            cached = cache.get(job.id)
            if cached is None or cached[0] is not job:
                cached = (job, self._lookups.row(job))
                cache[job.id] = cached
            rows.append(cached[1])
        return rows


class _Lookups:
    def __init__(self, snapshot: Snapshot) -> None:
        self.statuses = snapshot.statuses
        self.accounts = {account.id: account.name for account in snapshot.accounts.values()}
        self.stages: dict[int, tuple[str, str, tuple[int, int]]] = {}
        for pipeline in snapshot.pipelines.values():
            for index, stage in enumerate(pipeline.stages):
                self.stages[stage.id] = (pipeline.name, stage.name, (pipeline.position, index))

    def row(self, job: Job) -> JobRow:
        client = job.client_status
        status = self.statuses.get(client.status_id) if client.status_id else None
        pipeline, stage, position = self.stages.get(job.stage_id, ("?", "?", (0, 0)))
        return JobRow(
            job_id=job.id,
            name=job.name,
            account=self.accounts.get(job.account_id, "?"),
            pipeline=pipeline,
            stage=stage,
            stage_position=position,
            assignees=", ".join(job.assignees),
            due=job.due_date,
            status=status.name if status else None,
            color=status.color if status else None,
            status_position=status.position if status else 1 << 30,
            visible=client.visible,
            name_for_client=client.name_for_client if client.visible else "",
            changed=client.updated_at,
        )


def sort_rows(rows: list[JobRow], key: ColumnKey, descending: bool) -> list[JobRow]:
    """Sorted by one column, ties by job number (a stable order the user can predict)."""
    column = COLUMN_BY_KEY[key]
    ordered = sorted(rows, key=lambda row: row.job_id)
    ordered.sort(key=column.sort_key, reverse=descending)  # type: ignore[arg-type]
    return ordered


def fit_columns(width: int) -> list[tuple[Column, int]]:
    """The columns that fit ``width`` cells (one cell between columns), with their widths:
    the most important columns stay; spare width goes to the wide ones by weight."""
    shown = sorted(COLUMNS, key=lambda column: column.priority)
    while len(shown) > 1 and sum(column.min_width + 1 for column in shown) > width:
        shown.pop()
    order = [column for column in COLUMNS if column in shown]
    spare = max(0, width - sum(column.min_width + 1 for column in order))
    weights = sum(column.weight for column in order) or 1
    widths = [column.min_width + spare * column.weight // weights for column in order]
    leftover = width - sum(width + 1 for width in widths)
    for index, column in enumerate(order):  # the rounding's few cells to the widest column
        if column.weight == max(item.weight for item in order):
            widths[index] += max(0, leftover)
            break
    return list(zip(order, widths, strict=True))
