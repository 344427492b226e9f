"""The demo firm: a tax and bookkeeping practice with clients, pipelines and jobs to try.

``build_demo`` is a pure function of (jobs, seed, now): the same arguments give
the same bytes. Every job's client status is what the automation engine gives a
job created in its pipeline's first stage and moved stage by stage to where it
is (R1, R2, R4), so the demo never shows a status the rules could not produce.
The engine runs once per distinct (stage path, account tags, template, job
name) and the result is reused with each job's own times, which is what keeps
50 000 jobs fast.

``write_demo`` also writes the audit log beside the firm file: for each job the
operations that took it there (created, moved stage by stage with what the
automations changed, edited, archived or deleted), so job cards and the client
portal show a history that ends where the job is.

Along its seams: ``firm`` (people, statuses, pipelines, templates), ``clients``,
``jobs`` (the job plans and the jobs as stored), ``client_statuses`` (the engine's
verdicts), ``history`` (the synthetic audit log), ``build`` and ``write``.
Here: the names the app, the command line and the tests use.
"""

from wipboard.store.demo.build import build_demo, build_demo_files
from wipboard.store.demo.clients import RIVERA_FAMILY, RIVERA_LANDSCAPING
from wipboard.store.demo.firm import (
    BOOKKEEPING,
    DEMO_ADMIN,
    DEMO_ASSIGNED_EMPLOYEE,
    DEMO_EMPLOYEE,
    DEMO_FIRM_NAME,
    DEMO_JOBS,
    DEMO_OWNER,
    DONE,
    IN_PROGRESS,
    IN_REVIEW,
    ON_HOLD,
    PAYROLL,
    PLANNED,
    TAX_RETURN,
    WAITING_ON_YOU,
)
from wipboard.store.demo.write import write_demo

__all__ = [
    "BOOKKEEPING",
    "DEMO_ADMIN",
    "DEMO_ASSIGNED_EMPLOYEE",
    "DEMO_EMPLOYEE",
    "DEMO_FIRM_NAME",
    "DEMO_JOBS",
    "DEMO_OWNER",
    "DONE",
    "IN_PROGRESS",
    "IN_REVIEW",
    "ON_HOLD",
    "PAYROLL",
    "PLANNED",
    "RIVERA_FAMILY",
    "RIVERA_LANDSCAPING",
    "TAX_RETURN",
    "WAITING_ON_YOU",
    "build_demo",
    "build_demo_files",
    "write_demo",
]
