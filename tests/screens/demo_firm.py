"""The 200-job demo firm of one test, and the app on it as a given login.

The demo is written with a fixed ``now`` and the board's idea of *today*
(overdue cards) is pinned to the same day, so the screen never changes with
the calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from wipboard.store.demo import DEMO_OWNER
from wipboard.store.identity import Actor, resolve_actor
from wipboard.store.models import Job
from wipboard.store.repository import Repository
from wipboard.tui.kit.session import Session
from wipboard.tui.shell.app import WipboardApp

NOW = datetime(2026, 3, 2, tzinfo=UTC)
TODAY = NOW.date()


class FrozenDate(date):
    """``date`` whose ``today()`` is the demo's day: overdue marks stay put."""

    @classmethod
    def today(cls) -> date:
        return TODAY


def make_app(path: Path, login: str = DEMO_OWNER, *, pipeline: int | None = None) -> WipboardApp:
    """The app as ``login`` runs it on the firm file, the board on ``pipeline`` (default: the first).

    ``keymap={}`` keeps the keymap file of whoever runs the tests out.
    """
    repo = Repository(path)
    actor = resolve_actor(repo.snapshot(), login, None, firm_path=str(path))
    return WipboardApp(Session(repo, actor, pipeline_id=pipeline), keymap={})


class DemoFirm:
    """The demo firm file of one test, read and changed the way another process would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.repo = Repository(path)  # a second repository: what another process sees and does

    def app(self, login: str = DEMO_OWNER, *, pipeline: int | None = None) -> WipboardApp:
        return make_app(self.path, login, pipeline=pipeline)

    def actor(self, login: str = DEMO_OWNER) -> Actor:
        return resolve_actor(self.repo.snapshot(), login, None, firm_path=str(self.path))

    def job(self, job_id: int) -> Job:
        """The job as stored now (a fresh read of the file)."""
        return self.repo.snapshot().jobs[job_id]

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
