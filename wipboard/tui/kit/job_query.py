"""The jobs a screen's filter matches (R10), through the services' own filter, cached so that
typing in the search box stays quick over 10 000 jobs.

Every filter but the text goes through ``filter_jobs`` once per file generation; each typed
letter then looks for the text in each job's ``search_text`` — the services' definition of
what the search looks in — made once per job version. The board and the job list each
hold one ``JobQuery``.
"""

from __future__ import annotations

from wipboard.store.identity import Actor
from wipboard.store.models import Job
from wipboard.store.repository import Snapshot
from wipboard.store.services.queries import JobFilter, filter_jobs, job_number_in, search_text


class JobQuery:
    def __init__(self) -> None:
        self._rest: tuple[tuple[int, str, JobFilter], list[Job]] | None = None
        self._texts: dict[int, tuple[Job, str]] = {}
        self._accounts: dict[int, str] = {}

    def jobs(self, snapshot: Snapshot, actor: Actor, wanted: JobFilter) -> list[Job]:
        """The jobs ``actor`` may see that match ``wanted``, in the snapshot's order."""
        rest = wanted.model_copy(update={"text": None})
        key = (snapshot.generation, actor.login, rest)
        if self._rest is None or self._rest[0] != key:
            self._rest = (key, filter_jobs(snapshot, actor, rest))
        jobs = self._rest[1]
        text = (wanted.text or "").casefold().strip()
        if not text:
            return jobs
        accounts = {account.id: account.name for account in snapshot.accounts.values()}
        if accounts != self._accounts:
            self._texts.clear()  # a renamed account is found by its new name
            self._accounts = accounts
        number = job_number_in(text)
        found = []
        for job in jobs:
            cached = self._texts.get(job.id)
            if cached is None or cached[0] is not job:
                cached = self._texts[job.id] = (job, search_text(job, accounts.get(job.account_id, "")))
            if job.id == number or text in cached[1]:
                found.append(job)
        return found
