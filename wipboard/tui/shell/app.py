"""The wipboard terminal app: the firm, the acting user, and the screens between them.

Staff get the board (1), the job list (2) and the portal preview (3); a client
contact gets their portal and nothing else (R12, R13).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import platformdirs

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from wipboard.screens.board import BoardScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.screens.job_list import JobListScreen
from wipboard.screens.portal import PortalScreen
from wipboard.screens.settings import SettingsScreen
from wipboard.store.errors import StoreError
from wipboard.styles import stylesheet
from wipboard.tui.kit.form_screen import screens_with_edits
from wipboard.tui.kit.operations import OperationDone, OperationRequest, call_service, refusal_text, report_text
from wipboard.tui.kit.session import Session
from wipboard.tui.kit.terminal_text import printable
from wipboard.tui.kit.theme_colors import theme_variables
from wipboard.tui.shell.keymap import load_keymap
from wipboard.tui.shell.palette import WipboardCommands


class WipboardApp(App[None]):
    CSS_PATH = stylesheet("app.tcss")
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
        self.operation_busy: str | None = None  # what the operation running in the background does

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The status colours and cursors worked out for the current theme (``$status-orange``, ``$cursor-background``)."""
        return theme_variables(self.current_theme)

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

    # --- Operations over many jobs (wipboard/tui/kit/operations.py) -------------------------

    @work(thread=True, exclusive=True, group="operation")
    def run_operation_in_background(self, requester: Screen[object], request: OperationRequest) -> None:
        """The app's worker, not the screen's: leaving the screen (1–4) would cancel a screen's."""
        done = OperationDone(request, call_service(request.call))
        if not requester.is_attached or not requester.post_message(done):
            self.post_message(done)

    @on(OperationDone)
    def operation_done_elsewhere(self, message: OperationDone) -> None:
        """The screen that asked has closed meanwhile: say it wherever the user is now."""
        self.operation_busy = None
        outcome = message.outcome
        if isinstance(outcome, Exception) and not isinstance(outcome, StoreError):
            raise outcome
        if isinstance(outcome, StoreError):
            self.notify(refusal_text(outcome), severity="error", timeout=12)
        else:
            self.notify(report_text(message.request, outcome))

    # --- Ways out: none drops unsaved edits without asking -----------------------------

    async def action_quit(self) -> None:
        """ctrl+q, ``q`` and *Quit* in the palette: asking first if a form holds unsaved edits.
        Asked again while the question is up, it quits."""
        if isinstance(self.screen, LeaveQuestion) and self.screen.verb == "Quit":
            self.exit()
            return
        self.ask_before_dropping(screens_with_edits(self.screen_stack), "Quit", self.exit)

    def ask_before_dropping(self, lost: list[str], verb: str, then: Callable[[], object]) -> None:
        """``then`` at once when nothing is ``lost``; else after the user confirms dropping it."""
        if not lost:
            then()
            return
        what = lost[0] if len(lost) == 1 else f"{lost[0]} and {len(lost) - 1} other form(s)"
        question = f"{verb} without saving? {what[:1].upper()}{what[1:]} will be lost."
        self.push_screen(LeaveQuestion(question, verb), lambda yes: then() if yes else None)

    def action_show(self, name: str) -> None:
        """1–4: the board, the list, the portal, the settings. Forms and dialogs open on top are
        closed first, asking before any unsaved edits in them are dropped."""
        if not self.staff:
            return
        target = self.STAFF_MODES[name]
        existing = next((screen for screen in self.screen_stack if isinstance(screen, target)), None)
        if existing is not None:
            dropped = self.screen_stack[self.screen_stack.index(existing) + 1:]
        else:
            dropped = []
            for screen in reversed(self.screen_stack):
                if not isinstance(screen, ModalScreen):
                    break
                dropped.insert(0, screen)
        if existing is self.screen:
            return

        def go() -> None:
            while self.screen in dropped:
                self.pop_screen()
            if existing is None:
                self.push_screen(target())

        self.ask_before_dropping(screens_with_edits(dropped), "Leave", go)

    def action_help(self) -> None:
        from wipboard.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's *Screenshot*: an SVG in the pictures or downloads folder if there is one, else the
        current folder (Textual's own fails when ~/Downloads does not exist), saying where it went."""
        folders = (platformdirs.user_pictures_path(), platformdirs.user_downloads_path(), Path.cwd())
        folder = Path(path) if path else next((item for item in folders if item.is_dir()), Path.cwd())
        try:
            saved = self.save_screenshot(filename, str(folder), time_format)
        except OSError as error:
            self.notify(f"Could not save the screenshot in {folder}: {error.strerror}", title="Screenshot", severity="error")
            return None
        self.notify(f"Saved the screenshot to {saved}", title="Screenshot")
        return saved

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if not self.staff:
            return
        yield from super().get_system_commands(screen)


class LeaveQuestion(ConfirmScreen):
    """The question before a way out drops unsaved edits (quitting, switching screens)."""
