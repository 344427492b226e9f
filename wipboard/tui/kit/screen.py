"""The base of every wipboard screen and dialog: ``self.app`` typed as the wipboard App,
and ``self.session``, the firm and the acting user every screen shares.

The App lives in the shell, above the screens; it is imported here for the type checker
only, so the UI kit still never imports the shell when it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

from wipboard.tui.kit.session import Session

if TYPE_CHECKING:
    from wipboard.tui.shell.app import WipboardApp

ResultType = TypeVar("ResultType")


class SharesTheSession:
    """What a screen and a dialog have alike: the typed app and the session on it."""

    if TYPE_CHECKING:

        @property
        def app(self) -> WipboardApp: ...

    @property
    def session(self) -> Session:
        return self.app.session


class WipboardScreen(SharesTheSession, Screen[ResultType]):
    """A full screen of wipboard (the board, the job list, the card, settings, the portal preview)."""


class WipboardModal(SharesTheSession, ModalScreen[ResultType]):
    """A dialog of wipboard: it sees the same typed app and session as the screen below it."""
