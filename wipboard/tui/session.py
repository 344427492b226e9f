"""What every screen shares: the firm file, the acting user, and the generation on screen.

Screens call the services themselves (screens → services → repository); the
session only holds the repository and the actor, and tells the screens when
another process has committed something they have not shown yet (R16).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wipboard.store.identity import Actor
from wipboard.store.repository import Repository, Snapshot


@dataclass
class Session:
    repo: Repository
    actor: Actor
    pipeline_id: int | None = None
    shown_generation: int = field(default=-1)

    def snapshot(self) -> Snapshot:
        snapshot = self.repo.snapshot()
        self.shown_generation = snapshot.generation
        return snapshot

    def changed_elsewhere(self) -> bool:
        """Cheap: the first bytes of the file and one fstat, no parse."""
        return self.repo.changed_since(self.shown_generation)
