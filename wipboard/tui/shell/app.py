"""The wipboard terminal app: the firm, the acting user, and the screens between them.

Staff get the board (1), the job list (2) and the portal preview (3); a client
contact gets their portal and nothing else (R12, R13).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from weakref import WeakKeyDictionary

import platformdirs
from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from wipboard.screens.board import BoardScreen
from wipboard.screens.confirm import ConfirmScreen
from wipboard.store.wording import counted
from wipboard.styles import stylesheet
from wipboard.tui.kit.unsaved_edits import screens_with_edits
from wipboard.tui.kit.messages import StoreProblem, StoreReadable
from wipboard.tui.kit.session import Session
from wipboard.tui.kit.terminal_text import printable
from wipboard.tui.kit.theme_colors import theme_variables
from wipboard.tui.shell.keymap import load_keymap
from wipboard.tui.shell.palette import PaletteEntries, WipboardCommands

if TYPE_CHECKING:
    from wipboard.screens.job_list import JobListScreen
    from wipboard.screens.portal import PortalScreen
    from wipboard.screens.settings import SettingsScreen

Place = Literal["board", "list", "portal", "settings"]
SHEETS = ("app.tcss", "board.tcss", "job_list.tcss", "portal.tcss", "settings.tcss", "modals.tcss", "card.tcss")
HELP_ID = "help"  # the help screen's id: ``?`` over the help does nothing


# The places after the board load when first shown: the app starts with the board's code only.
def _job_list() -> Screen[Any]:
    from wipboard.screens.job_list import JobListScreen

    return JobListScreen()


def _portal() -> Screen[Any]:
    from wipboard.screens.portal import PortalScreen

    return PortalScreen()


def _settings() -> Screen[Any]:
    from wipboard.screens.settings import SettingsScreen

    return SettingsScreen()


class WipboardApp(App[None]):
    # Every sheet at once: a screen's own CSS_PATH would make Textual parse all the CSS again the first
    # time each kind of screen opens. Each sheet's rules are nested under the screens they style.
    CSS_PATH = [stylesheet(name) for name in SHEETS]
    TITLE = "wipboard"
    COMMANDS = App.COMMANDS | {WipboardCommands}
    # Staff's four places, each a Textual mode with its own stack of screens (a contact stays in the default mode).
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "board": BoardScreen, "list": _job_list, "portal": _portal, "settings": _settings,
    }
    # 1–4 and ? reach the app over a card or a dialog too (a modal screen stops the app's ordinary
    # bindings); a text field still takes the digit typed into it (Textual filters keys a
    # focused Input or TextArea consumes out of priority bindings).
    BINDINGS = [
        Binding("1", "show('board')", "Board", id="show_board", priority=True),
        Binding("2", "show('list')", "Jobs", id="show_list", priority=True),
        Binding("3", "show('portal')", "Portal", id="show_portal", priority=True),
        Binding("4", "show('settings')", "Settings", id="show_settings", priority=True),
        Binding("question_mark", "help", "Help", id="help", priority=True),
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
        # The last problem each screen said (a poll would otherwise repeat it every second).
        self.problems_said: WeakKeyDictionary[object, str] = WeakKeyDictionary()
        self.palette_entries = PaletteEntries(self)
        self._collector_paused = False

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The status colours and cursors worked out for the current theme (``$status-orange``, ``$cursor-background``)."""
        return theme_variables(self.current_theme)

    def on_mount(self) -> None:
        # The start (the first screen's widgets, its layout, its first frame) makes a great many
        # objects and no garbage worth a collection: Python's cycle collector would walk them all
        # several times over. It runs again once the first frame is out, and what the start made
        # (it lasts as long as the app) is frozen first: left in the youngest generation, the
        # first collection after the start walked all of it.
        self._collector_paused = gc.isenabled()
        gc.disable()
        keymap, problem = (self._user_keymap, None) if self._user_keymap is not None else load_keymap()
        self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning", timeout=10)
        if self.staff:
            self.switch_mode("board")
        else:
            self.push_screen(_portal())  # a contact's one screen, in the default mode: no place to switch to

    def first_frame_drawn(self) -> None:
        """The first screen's first frame is out (the board or a contact's portal says so): the
        cycle collector runs again."""
        if self._collector_paused:
            self._collector_paused = False
            gc.freeze()
            gc.enable()

    def freeze_what_lasts(self) -> None:
        """What the first screen prepared at idle (the modules of its next actions, their indexes)
        lasts as long as the app: frozen too, or the first full collection after it (during the
        first move, as it happened) walked all of it. Safe from a worker thread."""
        if not self._collector_paused:
            gc.freeze()

    def on_unmount(self) -> None:
        self.first_frame_drawn()  # an app closed before its first frame leaves the collector as it found it

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: they carry the firm's names (jobs, statuses, accounts),
        which must show as written: never read as markup, their control characters never obeyed."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A contact has the portal and quit; nothing that reaches staff data [R12]."""
        if not self.staff and action in ("show", "command_palette"):
            return False
        if action == "help" and self.screen.id == HELP_ID:
            return False
        return True

    # --- What pollers and workers report (wipboard/tui/kit/messages.py) ----------------

    @on(StoreProblem)
    def say_store_problem(self, message: StoreProblem) -> None:
        """Each distinct problem once per screen, until the screen reads the firm again [R17]."""
        if self.problems_said.get(message.origin) != message.text:
            self.problems_said[message.origin] = message.text
            self.notify(message.text, severity="error", timeout=15)

    @on(StoreReadable)
    def store_readable_again(self, message: StoreReadable) -> None:
        self.problems_said.pop(message.origin, None)

    # --- Ways out: none drops unsaved edits without asking -----------------------------

    async def action_quit(self) -> None:
        """ctrl+q, ``q`` and *Quit* in the palette: asking first if a form holds unsaved edits.
        Asked again while the question is up, it quits."""
        if isinstance(self.screen, LeaveQuestion) and self.screen.verb == "Quit":
            self.exit()
            return
        self.ask_before_dropping(screens_with_edits(self.all_open_screens()), "Quit", self.exit)

    def ask_before_dropping(self, lost: list[str], verb: str, then: Callable[[], object]) -> None:
        """``then`` at once when nothing is ``lost``; else after the user confirms dropping it."""
        if not lost:
            then()
            return
        what = lost[0] if len(lost) == 1 else f"{lost[0]} and {counted(len(lost) - 1, 'other form')}"
        question = f"{verb} without saving? {what[:1].upper()}{what[1:]} will be lost."

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.push_screen(LeaveQuestion(question, verb), answered)

    async def action_show(self, place: Place) -> None:
        """1–4: the board, the list, the portal, the settings (Textual's modes)."""
        await self.go_to(place)

    async def go_to(self, place: Place, then: Callable[[Screen[object]], object] | None = None) -> None:
        """Show ``place`` — then ``then(its screen)``. Another place is another mode: what is open
        here (a card, a form) stays as it is, edits and all, for when the user comes back. The
        place already shown closes what is open on top of it, asking before dropping any edits."""
        if not self.staff:
            return
        if place != self.current_mode:
            await self.switch_mode(place)
            if then is not None:  # once a new place has laid itself out (its tabs, its columns)
                self.call_after_refresh(then, self.screen_stack[0])
            return
        dropped = self.screen_stack[1:]

        def go() -> None:
            while self.screen in dropped:
                self.pop_screen()
            if then is not None:
                then(self.screen_stack[0])

        self.ask_before_dropping(screens_with_edits(dropped), "Leave", go)

    async def on_board(self, act: Callable[[BoardScreen], object]) -> None:
        """The board shown, then ``act`` on it (the palette's board commands)."""
        await self.go_to("board", lambda screen: act(screen) if isinstance(screen, BoardScreen) else None)

    async def on_settings(self, act: Callable[[SettingsScreen], object]) -> None:
        from wipboard.screens.settings import SettingsScreen

        await self.go_to("settings", lambda screen: act(screen) if isinstance(screen, SettingsScreen) else None)

    async def on_portal(self, act: Callable[[PortalScreen], object]) -> None:
        from wipboard.screens.portal import PortalScreen

        await self.go_to("portal", lambda screen: act(screen) if isinstance(screen, PortalScreen) else None)

    async def on_job_list(self, act: Callable[[JobListScreen], object]) -> None:
        from wipboard.screens.job_list import JobListScreen

        await self.go_to("list", lambda screen: act(screen) if isinstance(screen, JobListScreen) else None)

    def all_open_screens(self) -> list[Screen[object]]:
        """Every screen of every place (mode) opened so far, the one shown last."""
        screens: list[Screen[object]] = []
        for mode in [*self.MODES, self.DEFAULT_MODE]:
            if mode != self.current_mode:
                try:
                    screens += self.get_screen_stack(mode)
                except KeyError:
                    continue  # never opened
        return screens + self.screen_stack

    def action_help(self) -> None:
        from wipboard.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen, id=HELP_ID))

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
        """Textual's own, but for *Keys* and *Theme*: the palette's *Help* and *Themes* replace them."""
        if not self.staff:
            return
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Theme"):
                yield command


class LeaveQuestion(ConfirmScreen):
    """The question before a way out drops unsaved edits (quitting, switching screens)."""
