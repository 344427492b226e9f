"""The jobs a user has marked on the board or the job list, and the one rule both follow.

Marks are job ids: they survive filtering, sorting and another process's changes. Each
mark remembers the job's version as the user saw it when marking, so a marked job the
filter hides meanwhile is still checked for changes made elsewhere (R16). An action
applies to every marked job — those on screen in their screen order, then the hidden
ones — and the screen says how many of them the filter hides.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from wipboard.store.models import Job
from wipboard.store.wording import number


class Marks:
    """The marked job ids and the version each had when it was marked."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self._versions: dict[int, int] = {}
        # Bumped on every change: part of what a board column draws, so a new mark redraws it.
        self.generation = 0

    def __contains__(self, job_id: object) -> bool:
        return job_id in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def toggle(self, job: Job) -> None:
        if job.id in self.ids:
            self.ids.discard(job.id)
        else:
            self.ids.add(job.id)
            self._versions[job.id] = job.version
        self.generation += 1

    def mark_all(self, jobs: Iterable[Job]) -> None:
        """Every job shown is marked too (marks the filter hides stay)."""
        for job in jobs:
            self.ids.add(job.id)
            self._versions[job.id] = job.version
        self.generation += 1

    def clear(self) -> bool:
        """Unmark everything; False if nothing was marked."""
        if not self.ids:
            return False
        self.ids.clear()
        self.generation += 1
        return True

    def drop(self, job_ids: Iterable[int]) -> None:
        """The jobs an operation has acted on are no longer marked; marks made meanwhile stay."""
        before = len(self.ids)
        self.ids.difference_update(job_ids)
        if len(self.ids) != before:
            self.generation += 1

    def keep_only(self, keep: Collection[int]) -> list[int]:
        """Unmark what is not in ``keep`` (purged, out of the view or out of reach); the ids dropped."""
        gone = sorted(self.ids.difference(keep))
        if gone:
            self.ids.intersection_update(keep)
            self.generation += 1
        return gone

    def in_order(self, shown_order: Iterable[int]) -> list[int]:
        """The marked jobs an action applies to: those shown, in screen order, then the hidden ones."""
        shown = [job_id for job_id in shown_order if job_id in self.ids]
        return shown + sorted(self.ids.difference(shown))

    def hidden(self, shown: Collection[int]) -> int:
        """How many marked jobs the filter hides now."""
        return sum(1 for job_id in self.ids if job_id not in shown)

    def versions(self, job_ids: Iterable[int], shown: Mapping[int, Job]) -> dict[int, int]:
        """The version of each job as the user saw it: on screen now, or when it was marked for one
        the filter hides. A job changed since is a conflict (R16)."""
        versions = {}
        for job_id in job_ids:
            job = shown.get(job_id)
            version = job.version if job is not None else self._versions.get(job_id)
            if version is not None:
                versions[job_id] = version
        return versions

    def summary(self, shown: Collection[int]) -> str:
        """'3 marked (1 not shown by the filter)', or nothing with no marks."""
        if not self.ids:
            return ""
        hidden = self.hidden(shown)
        hidden_text = f" [dim]({number(hidden)} not shown by the filter)[/]" if hidden else ""
        return f"[b]{number(len(self.ids))} marked[/]{hidden_text}"
