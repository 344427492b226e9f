"""The jobs a screen's filter matches (R10), through the services' own filter, cached so that
typing in the search box stays quick over 10 000 jobs.

Every filter but the text is applied once per file generation; each typed letter then
runs the services' matcher, text only, over the jobs that passed the rest. The board and
the job list each hold one ``JobQuery``.
"""

from __future__ import annotations

from wipboard.store.identity import Actor
from wipboard.store.models import Job
from wipboard.store.repository import Snapshot
from wipboard.store.services.queries import JobFilter, filter_jobs, job_matcher


class JobQuery:
    def __init__(self) -> None:
        self._rest: tuple[tuple[int, str, JobFilter], list[Job]] | None = None

    def jobs(self, snapshot: Snapshot, actor: Actor, wanted: JobFilter) -> list[Job]:
        """The jobs ``actor`` may see that match ``wanted``, in the snapshot's order."""
        rest = wanted.model_copy(update={"text": None})
        key = (snapshot.generation, actor.login, rest)
        if self._rest is None or self._rest[0] != key:
            self._rest = (key, filter_jobs(snapshot, actor, rest))
        jobs = self._rest[1]
        if not (wanted.text or "").strip():
            return jobs
        text_only = JobFilter(text=wanted.text, archived=wanted.archived, deleted=wanted.deleted)
        matches = job_matcher(snapshot, actor, text_only)
        return [job for job in jobs if matches(job)]
