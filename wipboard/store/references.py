"""The ids a job holds must name things that exist: its account, pipeline, stage and status.

Checked on every load (a file edited by hand is refused, naming the document)
and before every write (a transaction cannot leave a dangling id behind). One
pass over the jobs with sets: a reload of a 10 000-job firm pays a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wipboard.store.models import Job, Pipeline


def dangling_reference(
    jobs: Iterable[Job], accounts: Mapping[int, Any], pipelines: Mapping[int, Pipeline], statuses: Mapping[int, Any]
) -> tuple[Job, str, str] | None:
    """The first job holding an id that names nothing, with the field and the reason; or None."""
    stages_of = {pipeline.id: {stage.id for stage in pipeline.stages} for pipeline in pipelines.values()}
    for job in jobs:
        if job.account_id not in accounts:
            return job, "account_id", f"there is no account with id {job.account_id}"
        stages = stages_of.get(job.pipeline_id)
        if stages is None:
            return job, "pipeline_id", f"there is no pipeline with id {job.pipeline_id}"
        if job.stage_id not in stages:
            return job, "stage_id", f"pipeline {job.pipeline_id} has no stage with id {job.stage_id}"
        status_id = job.client_status.status_id
        if status_id is not None and status_id not in statuses:
            return job, "client_status.status_id", f"there is no status with id {status_id}"
    return None
