"""Finding jobs (R10): the filters of the board, the job list and `wipboard jobs list`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from wipboard.store.identity import Actor
from wipboard.store.interface import FirmRepository
from wipboard.store.models import Job, Pipeline
from wipboard.store.permissions import can_see_job, require_staff
from wipboard.store.repository import Snapshot
from wipboard.store.services.lookup import find


class JobFilter(BaseModel):
    """Every filter is optional; several statuses match any of them. Names or ids are accepted."""

    model_config = ConfigDict(extra="forbid")

    pipeline: str | int | None = None
    stage: str | int | None = None
    statuses: list[str | int] = []
    visible: bool | None = None
    account: str | int | None = None
    assignee: str | None = None
    archived: bool = False  # True: the archive instead of active jobs
    deleted: bool = False  # True: the trash instead of active jobs
    text: str | None = None
    due: Literal["overdue", "this_week"] | None = None
    today: date | None = None  # what "overdue" and "this week" count from; None: the local date

    def due_window(self) -> tuple[date, date] | None:
        """The due dates that match, both ends included: overdue is up to yesterday (and only for
        jobs not yet in their pipeline's last stage); this week is today to the coming Sunday."""
        if self.due is None:
            return None
        today = self.today or date.today()
        if self.due == "overdue":
            return date.min, today - timedelta(days=1)
        return today, today + timedelta(days=6 - today.weekday())


def finished_stage_ids(pipelines: Iterable[Pipeline]) -> frozenset[int]:
    """Each pipeline's last stage (Filed, Closed): a job there is done, so never overdue."""
    return frozenset(pipeline.stages[-1].id for pipeline in pipelines if pipeline.stages)


def is_overdue(job: Job, today: date, finished: frozenset[int]) -> bool:
    """Due before ``today`` and not yet in its pipeline's last stage (``finished_stage_ids``)."""
    return job.due_date is not None and job.due_date < today and job.stage_id not in finished


def list_jobs(repo: FirmRepository, actor: Actor, wanted: JobFilter) -> list[Job]:
    """The jobs ``actor`` may see that match ``wanted``, by id."""
    require_staff(actor, "list jobs")
    return filter_jobs(repo.snapshot(), actor, wanted)


def filter_jobs(snapshot: Snapshot, actor: Actor, wanted: JobFilter) -> list[Job]:
    matches = job_matcher(snapshot, actor, wanted)
    return [job for job in snapshot.jobs.values() if matches(job)]


def job_matcher(snapshot: Snapshot, actor: Actor, wanted: JobFilter) -> Callable[[Job], bool]:
    """A test of one job against ``wanted``, with the names in it looked up once."""
    pipeline_id = find(snapshot.pipelines.values(), wanted.pipeline, "pipeline").id if wanted.pipeline is not None else None
    stage_ids = _stage_ids(snapshot, wanted, pipeline_id)
    status_ids = {find(snapshot.statuses.values(), ref, "status").id for ref in wanted.statuses}
    account_id = find(snapshot.accounts.values(), wanted.account, "account").id if wanted.account is not None else None
    text = wanted.text.casefold().strip() if wanted.text else ""
    number = job_number_in(text)
    due_window = wanted.due_window()
    finished = finished_stage_ids(snapshot.pipelines.values()) if wanted.due == "overdue" else frozenset()
    accounts = snapshot.accounts

    def matches(job: Job) -> bool:
        if job.deleted != wanted.deleted or (not wanted.deleted and job.archived != wanted.archived):
            return False
        if pipeline_id is not None and job.pipeline_id != pipeline_id:
            return False
        if stage_ids is not None and job.stage_id not in stage_ids:
            return False
        if status_ids and job.client_status.status_id not in status_ids:
            return False
        if wanted.visible is not None and job.client_status.visible != wanted.visible:
            return False
        if account_id is not None and job.account_id != account_id:
            return False
        if wanted.assignee is not None and wanted.assignee not in job.assignees:
            return False
        if due_window is not None and (job.due_date is None or not due_window[0] <= job.due_date <= due_window[1]):
            return False
        if job.stage_id in finished:
            return False  # overdue: a finished job never is
        if text and job.id != number:
            account = accounts.get(job.account_id)
            if text not in search_text(job, account.name if account else ""):
                return False
        return can_see_job(actor, job)

    return matches


def job_number_in(text: str) -> int | None:
    """The job number a search text names ("#111" or "111"): that job matches besides those whose text holds it."""
    digits = text.strip().removeprefix("#")
    return int(digits) if digits.isascii() and digits.isdigit() else None


def search_text(job: Job, account_name: str) -> str:
    """What the free-text filter looks in: the job's name, its account's, and the name for client."""
    return f"{job.name}\n{account_name}\n{job.client_status.name_for_client}".casefold()


def _stage_ids(snapshot: Snapshot, wanted: JobFilter, pipeline_id: int | None) -> set[int] | None:
    if wanted.stage is None:
        return None
    pipelines = [snapshot.pipelines[pipeline_id]] if pipeline_id is not None else list(snapshot.pipelines.values())
    ids = set()
    for pipeline in pipelines:
        try:
            ids.add(find(pipeline.stages, wanted.stage, "stage").id)
        except Exception:  # noqa: BLE001 - a stage name only some pipelines have
            continue
    if not ids:
        find([stage for pipeline in pipelines for stage in pipeline.stages], wanted.stage, "stage")
    return ids
