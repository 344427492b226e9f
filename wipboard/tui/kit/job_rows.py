"""The job list's rows and columns: what each column shows of a job, and how it sorts.

Plain data, no Textual. A filter keystroke over 10 000 jobs has 100 ms, so rows are
made lazily: the list sorts the jobs themselves (``Lookups`` turns ids into names
once per snapshot) and a ``JobRow`` is made only for a line the table draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, overload

from wipboard.store.models import Job
from wipboard.store.repository import Snapshot
from wipboard.store.services.queries import finished_stage_ids

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

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
    assignees: str
    due: date | None
    finished: bool  # in its pipeline's last stage: never overdue
    status: str | None
    color: str | None
    visible: bool
    name_for_client: str
    changed: datetime | None  # when the client status last changed
    put_away: str | None = None  # "archived" or "in the trash": the portal shows nothing of it


class Lookups:
    """The names a row shows for the ids a job holds, and the orders they sort in, of one snapshot."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.statuses = snapshot.statuses
        self.accounts = {account.id: account.name for account in snapshot.accounts.values()}
        self.stages: dict[int, tuple[str, str, tuple[int, int]]] = {}
        for pipeline in snapshot.pipelines.values():
            for index, stage in enumerate(pipeline.stages):
                self.stages[stage.id] = (pipeline.name, stage.name, (pipeline.position, index))
        self.finished = finished_stage_ids(snapshot.pipelines.values())
        self.key = (
            dict(snapshot.statuses), self.accounts, {pipeline.id: pipeline for pipeline in snapshot.pipelines.values()}
        )

    def account(self, job: Job) -> str:
        return self.accounts.get(job.account_id, "?")

    def pipeline(self, job: Job) -> str:
        return self.stages.get(job.stage_id, ("?", "?", (0, 0)))[0]

    def stage_position(self, job: Job) -> tuple[int, int]:
        return self.stages.get(job.stage_id, ("?", "?", (0, 0)))[2]

    def status_position(self, job: Job) -> tuple[bool, int]:
        """Shown statuses first, in the firm's order; hidden ones last."""
        client = job.client_status
        status = self.statuses.get(client.status_id) if client.status_id else None
        return (not client.visible, status.position if status else 1 << 30)

    def row(self, job: Job) -> JobRow:
        client = job.client_status
        status = self.statuses.get(client.status_id) if client.status_id else None
        pipeline, stage, _ = self.stages.get(job.stage_id, ("?", "?", (0, 0)))
        return JobRow(
            job_id=job.id,
            name=job.name,
            account=self.account(job),
            pipeline=pipeline,
            stage=stage,
            assignees=", ".join(job.assignees),
            due=job.due_date,
            finished=job.stage_id in self.finished,
            status=status.name if status else None,
            color=status.color if status else None,
            visible=client.visible,
            name_for_client=client.name_for_client if client.visible else "",
            changed=client.updated_at,
            put_away="in the trash" if job.deleted else "archived" if job.archived else None,
        )


SortKey = Callable[[Job, Lookups], "SupportsRichComparison"]


@dataclass(frozen=True)
class Column:
    key: ColumnKey
    title: str
    min_width: int
    weight: int  # share of the spare width; 0: always min_width
    priority: int  # the lowest numbers stay when the terminal is too narrow for every column
    sort_key: SortKey
    right: bool = False


def _missing_last(value: object) -> tuple[bool, object]:
    return (value is None or value == "", value if value is not None else 0)


COLUMNS: tuple[Column, ...] = (
    Column("id", "#", 5, 0, 0, lambda job, _: job.id, right=True),
    Column("name", "Job", 16, 4, 0, lambda job, _: job.name.casefold()),
    Column("account", "Account", 12, 3, 1, lambda job, names: names.account(job).casefold()),
    Column("pipeline", "Pipeline", 12, 2, 6, lambda job, names: names.pipeline(job).casefold()),
    Column("stage", "Stage", 10, 2, 2, lambda job, names: names.stage_position(job)),
    Column("assignees", "Assignees", 9, 1, 4, lambda job, _: _missing_last(", ".join(job.assignees))),
    Column("due", "Due", 10, 0, 3, lambda job, _: _missing_last(job.due_date)),
    Column("status", "Client status", 13, 1, 0, lambda job, names: names.status_position(job)),
    Column(
        "name_for_client", "Name for client", 14, 3, 5,
        lambda job, _: _missing_last(job.client_status.name_for_client.casefold() if job.client_status.visible else ""),
    ),
    Column("changed", "Changed", 10, 0, 7, lambda job, _: _missing_last(job.client_status.updated_at)),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


class RowMaker:
    """Makes a job's row when it is first drawn, and reuses it while the job (an immutable
    model) and the names it shows (statuses, accounts, stages) stay the same.

    Fills run in worker threads: each ``LazyRows`` keeps the ``Lookups`` it was sorted
    with, and a row is reused only if it was made with those very lookups, so a slow,
    older fill can never draw old names into a newer one.
    """

    def __init__(self) -> None:
        self._rows: dict[int, tuple[Job, Lookups, JobRow]] = {}
        self._lookups: Lookups | None = None

    def lookups_for(self, snapshot: Snapshot) -> Lookups:
        """The names of ``snapshot``: the same object while they do not change."""
        lookups = Lookups(snapshot)
        current = self._lookups
        if current is not None and current.key == lookups.key:
            return current
        self._lookups = lookups
        return lookups

    def row(self, job: Job, lookups: Lookups) -> JobRow:
        cached = self._rows.get(job.id)
        if cached is None or cached[0] is not job or cached[1] is not lookups:
            cached = self._rows[job.id] = (job, lookups, lookups.row(job))
        return cached[2]


class LazyRows(Sequence[JobRow]):
    """The sorted jobs of the list as rows, each made when first looked at."""

    def __init__(self, jobs: list[Job], maker: RowMaker, lookups: Lookups | None = None) -> None:
        self.jobs = jobs
        self.job_ids = [job.id for job in jobs]
        self._maker = maker
        self._lookups = lookups

    def __len__(self) -> int:
        return len(self.jobs)

    @overload
    def __getitem__(self, index: int) -> JobRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[JobRow]: ...

    def __getitem__(self, index: int | slice) -> JobRow | list[JobRow]:
        lookups = self._lookups
        if lookups is None:
            assert not self.jobs, "rows of jobs need the lookups they were sorted with"
            if isinstance(index, slice):
                return []
            raise IndexError(index)
        if isinstance(index, slice):
            return [self._maker.row(job, lookups) for job in self.jobs[index]]
        return self._maker.row(self.jobs[index], lookups)


def sort_jobs(jobs: list[Job], key: ColumnKey, descending: bool, lookups: Lookups) -> list[Job]:
    """Sorted by one column, ties by job number (a stable order the user can predict)."""
    column = COLUMN_BY_KEY[key]
    ordered = sorted(jobs, key=lambda job: job.id, reverse=descending and key == "id")
    if key != "id":
        ordered.sort(key=lambda job: column.sort_key(job, lookups), reverse=descending)
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
