"""The base of every wipboard screen and dialog: ``self.app`` typed as the wipboard App,
and ``self.session``, the firm and the acting user every screen shares.

The App lives in the shell, above the screens; it is imported here for the type checker
only, so the UI kit still never imports the shell when it runs.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

from wipboard.tui.kit.session import Session
from wipboard.tui.kit.widgets.keys_footer import KeysFooter

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

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        # Textual parses all the CSS again, twice, the first time a place (mode) is shown: a new screen
        # counts itself one refresh behind the app. It is styled on mount by the app's current sheet,
        # so it starts level with the app; a later change of theme still refreshes it when shown.
        with suppress(RuntimeError):  # made outside a running app (no app to be level with)
            self._css_update_count = self.app._css_update_count


class WipboardModal(SharesTheSession, ModalScreen[ResultType]):
    """A dialog of wipboard: it sees the same typed app and session as the screen below it, and
    has its own footer, over the one of the screen below: the keys that work in the dialog,
    not the board's."""

    def _on_mount(self, _event: events.Mount) -> None:
        # Textual calls each class's own mount handler: a dialog's on_mount runs as well.
        self.mount(KeysFooter())
