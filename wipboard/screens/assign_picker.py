"""``A``: add and remove assignees on the marked jobs, in one operation.

Each list shows ``✓`` beside whoever is ticked and ``·`` beside the others, so the
choice reads without telling colours apart.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, SelectionList

from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.tick_list import TickList


class AssignPicker(WipboardModal[tuple[list[str], list[str]]]):
    """Dismisses with (logins to add, logins to remove)."""

    AUTO_FOCUS = "#add"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="assign_cancel"),
        Binding("ctrl+s", "apply", "Apply", id="assign_apply"),
    ]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        staff = sorted(snapshot.users.values(), key=lambda user: user.name.casefold())
        with VerticalScroll(classes="dialog"):
            yield Label(f"Assign {self.count} job{'s' if self.count != 1 else ''}", classes="title")
            yield Label("Add (space ticks)")
            yield TickList[str](*((f"{literal(user.name)} [dim]{user.login}[/]", user.login) for user in staff), id="add", compact=True)
            yield Label("Remove")
            yield TickList[str](*((f"{literal(user.name)} [dim]{user.login}[/]", user.login) for user in staff), id="remove", compact=True)
            yield Label("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        # The add list has the focus (space ticks at once); the title above it stays in view.
        self.call_after_refresh(lambda: self.query_one(VerticalScroll).scroll_home(animate=False))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.dismiss(None)

    def action_apply(self) -> None:
        add = list(self.query_one("#add", SelectionList).selected)
        remove = list(self.query_one("#remove", SelectionList).selected)
        both = sorted(set(add) & set(remove))
        if both:
            self.query_one("#error", Label).update(f"assignees: {', '.join(both)} cannot be both added and removed")
            return
        if not add and not remove:
            self.query_one("#error", Label).update("assignees: tick someone to add or to remove")
            return
        self.dismiss((add, remove))
