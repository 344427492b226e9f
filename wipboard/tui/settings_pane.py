"""What every settings tab is: a widget that shows one snapshot of the firm file and
says, for an employee, why it offers no changes (R12)."""

from __future__ import annotations

from textual.containers import Vertical

from wipboard.store.identity import Actor
from wipboard.store.repository import Snapshot


class SettingsPane(Vertical):
    """A settings tab. ``show`` is called with the current snapshot on mount and whenever
    another process commits (R16); a pane redraws from it and keeps its cursor."""

    DEFAULT_CLASSES = "settings-pane"

    @property
    def actor(self) -> Actor:
        return self.app.session.actor  # type: ignore[attr-defined]

    @property
    def can_change(self) -> bool:
        return self.actor.is_manager

    def show(self, snapshot: Snapshot) -> None:
        raise NotImplementedError
