"""What every screen shares: the firm file, the acting user, and the generation on screen.

Screens call the services themselves (screens → services → repository); the
session only holds the repository and the actor, and tells the screens when
another process has committed something they have not shown yet (R16).
"""

from __future__ import annotations

from dataclasses import dataclass

from wipboard.store.identity import Actor
from wipboard.store.repository import Repository, Snapshot


@dataclass
class Session:
    repo: Repository
    actor: Actor
    pipeline_id: int | None = None

    def snapshot(self) -> Snapshot:
        return self.repo.snapshot()

    def changed_since(self, generation: int) -> bool:
        """Cheap: the first bytes of the file and one fstat, no parse. Each screen keeps
        the generation it shows, so one screen's reload never hides a change from another."""
        return self.repo.changed_since(generation)
