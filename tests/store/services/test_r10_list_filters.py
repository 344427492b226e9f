"""R10 Filters — what the job list adds to the board's: due dates (overdue, this week)."""

from __future__ import annotations

from datetime import date, timedelta

from wipboard.store.services.client_status import save_card
from wipboard.store.services.moves import move_jobs
from wipboard.store.services.queries import JobFilter, list_jobs

THURSDAY = date(2026, 3, 5)


def _due(firm, job, due: date | None):
    save_card(firm.repo, firm.owner, job.id, firm.get(job.id).version, firm.card(job, due_date=due))
    return firm.get(job.id)


def _names(firm, **wanted) -> list[str]:
    return sorted(job.name for job in list_jobs(firm.repo, firm.owner, JobFilter(today=THURSDAY, **wanted)))


def test_r10_overdue_means_due_before_today(firm):
    late, today, undated = firm.jobs(3)
    _due(firm, late, THURSDAY - timedelta(days=1))
    _due(firm, today, THURSDAY)
    assert undated.due_date is None

    assert _names(firm, due="overdue") == ["Job 1"]


def test_r10_this_week_runs_from_today_to_sunday(firm):
    yesterday, today, sunday, monday = firm.jobs(4)
    _due(firm, yesterday, THURSDAY - timedelta(days=1))
    _due(firm, today, THURSDAY)
    _due(firm, sunday, date(2026, 3, 8))
    _due(firm, monday, date(2026, 3, 9))

    assert _names(firm, due="this_week") == ["Job 2", "Job 3"]


def test_r10_due_combines_with_the_other_filters(firm):
    first, second = firm.jobs(2)
    _due(firm, first, THURSDAY - timedelta(days=3))
    _due(firm, firm.shown(second, "In review"), THURSDAY - timedelta(days=3))

    assert _names(firm, due="overdue", statuses=["In review"]) == ["Job 2"]
    assert _names(firm, due="overdue", visible=False) == ["Job 1"]


def test_r10_a_job_in_its_pipelines_last_stage_is_never_overdue(firm):
    done, late = firm.jobs(2)
    _due(firm, done, THURSDAY - timedelta(days=10))
    _due(firm, late, THURSDAY - timedelta(days=10))
    last = firm.repo.snapshot().pipelines[done.pipeline_id].stages[-1]
    move_jobs(firm.repo, firm.owner, [done.id], last.id)

    assert _names(firm, due="overdue") == [late.name]
