"""The wipboard terminal app: the firm, the acting user, and the screens between them.

Staff get the board (1), the job list (2) and the portal preview (3); a client
contact gets their portal and nothing else (R12, R13).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from wipboard.screens.board import BoardScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.portal import PortalScreen
from wipboard.screens.settings import SettingsScreen
from wipboard.tui.keymap import load_keymap
from wipboard.tui.palette import WipboardCommands
from wipboard.tui.session import Session
from wipboard.tui.terminal_text import printable


class WipboardApp(App[None]):
    CSS_PATH = "../styles/app.tcss"
    TITLE = "wipboard"
    COMMANDS = App.COMMANDS | {WipboardCommands}
    STAFF_MODES = {"board": BoardScreen, "list": JobListScreen, "portal": PortalScreen, "settings": SettingsScreen}
    BINDINGS = [
        Binding("1", "show('board')", "Board", id="show_board"),
        Binding("2", "show('list')", "Jobs", id="show_list"),
        Binding("3", "show('portal')", "Portal", id="show_portal"),
        Binding("4", "show('settings')", "Settings", id="show_settings"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, session: Session, *, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.session = session
        self._user_keymap = keymap
        snapshot = session.repo.snapshot()
        self.title = snapshot.firm.name
        self.staff = session.actor.contact is None

    def on_mount(self) -> None:
        keymap, problem = (self._user_keymap, None) if self._user_keymap is not None else load_keymap()
        self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning", timeout=10)
        self.push_screen(BoardScreen() if self.staff else PortalScreen())

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: they carry the firm's names (jobs, statuses, accounts),
        which must show as written: never read as markup, their control characters never obeyed."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A contact has the portal and quit; nothing that reaches staff data (R12)."""
        if not self.staff and action in ("show", "command_palette"):
            return False
        return True

    def action_show(self, name: str) -> None:
        if not self.staff:
            return
        current = type(self.screen)
        target = self.STAFF_MODES[name]
        if current is target:
            return
        existing = next((screen for screen in self.screen_stack if isinstance(screen, target)), None)
        if existing is not None:
            while self.screen is not existing:
                self.pop_screen()
            return
        self.push_screen(target())

    def action_help(self) -> None:
        from wipboard.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if not self.staff:
            return
        yield from super().get_system_commands(screen)
