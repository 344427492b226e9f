"""``f``: filter the board by client-facing status (several), visibility, account and assignee (R10)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList

from wipboard.tui.board_filter import BoardFilter
from wipboard.tui.widgets.card_column import BADGE_COLORS


class FilterPanel(ModalScreen[BoardFilter]):
    """Dismisses with the chosen filter, or None to keep the current one."""

    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="filter_cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter_apply"),
    ]

    def __init__(self, current: BoardFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        snapshot = self.app.session.repo.snapshot()  # type: ignore[attr-defined]
        statuses = sorted(snapshot.statuses.values(), key=lambda item: item.position)
        accounts = sorted(snapshot.accounts.values(), key=lambda item: item.name.casefold())
        with VerticalScroll(classes="dialog filters"):
            yield Label("Filter the board", classes="title")
            yield Label("Client-facing status (space to tick several)")
            yield SelectionList[int](
                *(
                    (f"[{BADGE_COLORS[status.color]}]■[/] {status.name}", status.id, status.id in self.current.status_ids)
                    for status in statuses
                ),
                id="statuses",
            )
            yield Label("Visibility for client")
            yield Select(
                [("Shown to the client", True), ("Hidden from the client", False)],
                prompt="Shown or hidden", value=self.current.visible if self.current.visible is not None else Select.NULL,
                id="visible",
            )
            yield Label("Account")
            yield Select(
                [(account.name, account.id) for account in accounts], prompt="Any account",
                value=self.current.account_id if self.current.account_id is not None else Select.NULL, id="account",
            )
            yield Label("Assignee")
            yield Select(
                [(user.name, user.login) for user in snapshot.users.values()], prompt="Anyone",
                value=self.current.assignee or Select.NULL, id="assignee",
            )
            with Horizontal(classes="buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply")
                yield Button("Clear all", id="clear")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#statuses", SelectionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(BoardFilter(text=self.current.text))
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        def chosen(widget_id: str) -> object:
            value = self.query_one(widget_id, Select).value
            return None if value is Select.NULL else value

        self.dismiss(
            BoardFilter(
                status_ids=tuple(self.query_one("#statuses", SelectionList).selected),
                visible=chosen("#visible"),  # type: ignore[arg-type]
                account_id=chosen("#account"),  # type: ignore[arg-type]
                assignee=chosen("#assignee"),  # type: ignore[arg-type]
                text=self.current.text,
            )
        )
