"""What every settings tab is: a widget that shows one snapshot of the firm file and
says, for an employee, why it offers no changes [R12]."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Show
from textual.widgets import DataTable, Label, TabPane

from wipboard.store.identity import Actor
from wipboard.store.repository import Snapshot
from wipboard.tui.kit.screen import WipboardModal, WipboardScreen
from wipboard.tui.kit.session import Session
from wipboard.tui.kit.widgets.lists import Table


@runtime_checkable
class ShowsEveryTab(Protocol):
    """The screen that holds the settings tabs: ``reload`` shows the file as it is on all of them."""

    def reload(self) -> None: ...


class SettingsPane(Vertical):
    """A settings tab. ``show`` is called with the current snapshot on mount and whenever
    another process commits [R16]; a pane redraws from it and keeps its cursor."""

    DEFAULT_CLASSES = "settings-pane"

    @property
    def session(self) -> Session:
        """The session of the screen the pane is on (a widget's ``app`` is Textual's, untyped)."""
        screen = self.screen
        assert isinstance(screen, WipboardScreen | WipboardModal), f"a settings pane on {screen}"
        return screen.session

    @property
    def actor(self) -> Actor:
        return self.session.actor

    @property
    def can_change(self) -> bool:
        return self.actor.is_manager

    def show(self, snapshot: Snapshot) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        """Show the file as it is after our change, on every tab of the screen (on this one alone
        when the pane is not on the settings screen)."""
        if isinstance(self.screen, ShowsEveryTab):
            self.screen.reload()
        else:
            self.show(self.session.snapshot())


class TablePane(SettingsPane):
    """A settings tab around one ``Table`` whose row keys are ids: the list keys, the
    change keys only for owner and admin, and a reload that keeps the cursor on its row.

    A subclass sets ``CHANGE_ACTIONS``, ``READ_ONLY`` (why an employee gets no change keys),
    and ``show(snapshot)``, which fills the table and puts the cursor on ``take_cursor_to()``
    or, failing that, on ``current_id()``.
    """

    CHANGE_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    READ_ONLY: ClassVar[str] = ""
    HINT: ClassVar[str] = ""  # what an owner or admin should know, above the table
    NAME: ClassVar[str] = ""  # "statuses": the ids statuses-hint, statuses-table

    def __init__(self, *, id: str) -> None:  # noqa: A002
        super().__init__(id=id)
        self.snapshot: Snapshot | None = None
        self._cursor_to: int | None = None  # the row to show next: one we just created

    def compose(self) -> ComposeResult:
        yield Label(self.HINT if self.can_change else self.READ_ONLY, id=f"{self.NAME}-hint", classes="pane-hint")
        table: DataTable[Text] = Table(id=f"{self.NAME}-table", cursor_type="row", zebra_stripes=True)
        yield table

    def show(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.fill(self.take_cursor_to())

    def fill(self, keep_id: int | None) -> None:
        """Draw every row from ``self.snapshot``, the cursor on ``keep_id`` if it still exists."""
        raise NotImplementedError

    def current_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value else None

    def take_cursor_to(self) -> int | None:
        """The row just created or changed, else the one under the cursor: where it goes next."""
        cursor_to, self._cursor_to = self._cursor_to, None
        return cursor_to or self.current_id()

    def on_show(self, event: Show) -> None:
        """Opening the tab puts the keys to work: the table takes the focus."""
        self.query_one(DataTable).focus()

    def reload_after_change(self, cursor_to: int | None = None) -> None:
        """After our own change: every tab follows the file (a renamed status shows on the
        templates tab too), and the cursor goes to ``cursor_to``."""
        self._cursor_to = cursor_to
        self.reload()

    def saved(self, row_id: int | None) -> None:
        """A form's result: the id it saved, or None when it was cancelled."""
        if row_id is not None:
            self.reload_after_change(row_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An employee is offered no change [R12]: the keys are gone from the footer and do nothing."""
        if action in self.CHANGE_ACTIONS and not self.can_change:
            return False
        return self._on_active_tab()

    def _on_active_tab(self) -> bool:
        """False while another tab is on show: a key pressed as the tabs switch, before the
        focus has followed, must not act on this hidden table."""
        tab = next((node for node in self.ancestors if isinstance(node, TabPane)), None)
        return tab is None or tab.display

    @on(DataTable.RowSelected)
    def row_chosen(self) -> None:
        if self.can_change:
            self.action_edit()
        else:
            self.app.notify(self.READ_ONLY, severity="warning")

    def action_edit(self) -> None:
        raise NotImplementedError
