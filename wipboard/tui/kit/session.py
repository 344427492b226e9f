"""What every screen shares: the firm file, the acting user, and the generation on screen.

Screens call the services themselves (screens → services → repository); the
session only holds the repository and the actor, and tells the screens when
another process has committed something they have not shown yet (R16).
"""

from __future__ import annotations

from wipboard.store.identity import Actor, actor_for
from wipboard.store.interface import FirmRepository
from wipboard.store.repository import Snapshot


class Session:
    def __init__(self, repo: FirmRepository, actor: Actor, pipeline_id: int | None = None) -> None:
        self.repo = repo
        self.pipeline_id = pipeline_id
        self._actor = actor
        self._actor_generation = -1

    @property
    def actor(self) -> Actor:
        """The acting user as the newest snapshot read describes them: an owner who changes
        their role or job access elsewhere changes what this session may do (R12) at its next read."""
        return self._actor

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
