"""What every screen shares: the firm file, the acting user, and the generation on screen.

Screens call the services themselves (screens → services → repository); the
session only holds the repository and the actor, and tells the screens when
another process has committed something they have not shown yet (R16).
It also holds the clock the screens read "today" and "now" from (overdue marks,
"updated 2 days ago"), so a test can fix the day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from wipboard.store.identity import Actor, actor_for
from wipboard.store.interface import FirmRepository
from wipboard.store.repository import Snapshot

Clock = Callable[[], datetime]
"""What the session reads the time from: an aware ``datetime`` whose date is the user's day."""


def local_clock() -> datetime:
    """The real clock, in the computer's time zone (so that "today" is the user's day)."""
    return datetime.now().astimezone()


class Session:
    def __init__(
        self, repo: FirmRepository, actor: Actor, pipeline_id: int | None = None, *, clock: Clock = local_clock
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.pipeline_id = pipeline_id
        self._actor = actor
        self._actor_generation = -1

    @property
    def actor(self) -> Actor:
        """The acting user as the newest snapshot read describes them: an owner who changes
        their role or job access elsewhere changes what this session may do (R12) at its next read."""
        return self._actor

    def now(self) -> datetime:
        """The time now, as the session's clock reads it, in UTC."""
        return self.clock().astimezone(UTC)

    def today(self) -> date:
        """The user's day on the session's clock: what "overdue" and the due filters count from."""
        return self.clock().date()

    def snapshot(self) -> Snapshot:
        snapshot = self.repo.snapshot()
        if snapshot.generation != self._actor_generation:
            self._actor_generation = snapshot.generation
            # A login no longer in the file keeps its last known rights until the app closes;
            # the services refuse what it may no longer do once its user is gone from the checks.
            self._actor = actor_for(snapshot, self._actor.login) or self._actor
        return snapshot

    def changed_since(self, generation: int) -> bool:
        """Cheap: the first bytes of the file and one fstat, no parse. Each screen keeps
        the generation it shows, so one screen's reload never hides a change from another."""
        return self.repo.changed_since(generation)
