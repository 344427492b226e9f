"""The demo firm file's data (and its audit log's bytes), a pure function of (jobs, seed, now)."""

from __future__ import annotations

from datetime import UTC, datetime

from wipboard.store import schema
from wipboard.store.demo.client_statuses import ClientStatuses
from wipboard.store.demo.clients import demo_clients
from wipboard.store.demo.dice import Dice
from wipboard.store.demo.firm import (
    DEMO_FIRM_NAME,
    DEMO_JOBS,
    demo_job_templates,
    demo_pipelines,
    demo_staff,
    demo_statuses,
)
from wipboard.store.demo.history import History
from wipboard.store.demo.jobs import JobMaker
from wipboard.store.firm_file import raw_firm
from wipboard.store.models import Firm, NotificationSettings


def build_demo(jobs: int = DEMO_JOBS, seed: int = 0, now: datetime | None = None) -> schema.RawData:
    """The demo firm file's data: the same ``jobs``, ``seed`` and ``now`` always give the same data.

    ``now`` (default: today at midnight UTC) anchors every date, so the demo's
    due dates look current whenever it is made. Without its audit log (see
    ``build_demo_files``): ``_meta.audit_size`` is 0.
    """
    return _build(jobs, seed, now, None)


def build_demo_files(jobs: int = DEMO_JOBS, seed: int = 0, now: datetime | None = None) -> tuple[schema.RawData, bytes]:
    """The demo firm file's data and its audit log's bytes, whose size ``_meta.audit_size`` holds."""
    history = History(seed)
    data = _build(jobs, seed, now, history)
    log = history.log()
    data[schema.META][schema.META_DOC]["audit_size"] = len(log)
    return data, log


def _build(jobs: int, seed: int, now: datetime | None, history: History | None) -> schema.RawData:
    if jobs < 0:
        raise ValueError("the number of demo jobs must not be negative")
    if now is None:
        now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    dice = Dice(seed)
    pipelines, statuses, templates = demo_pipelines(), demo_statuses(), demo_job_templates(now.year - 1)
    accounts, contacts = demo_clients(max(20, jobs // 5), dice, {user.login for user in demo_staff()})
    maker = JobMaker(dice, now, ClientStatuses(pipelines, statuses, templates), history)
    plans = maker.plans(accounts, jobs)
    data = raw_firm(Firm(name=DEMO_FIRM_NAME, demo=True, notifications=NotificationSettings(enabled=True)), {
        "users": demo_staff(), "contacts": contacts, "accounts": accounts, "statuses": statuses,
        "pipelines": pipelines, "job_templates": templates,
    })
    data["jobs"] = {str(job_id): maker.job(job_id, plan) for job_id, plan in enumerate(plans, start=1)}
    data[schema.META][schema.META_DOC]["next_ids"]["jobs"] = jobs + 1
    return data
