"""Settings tab: status templates (R11) — the client-facing statuses in order, with how many
jobs, automations and job templates use each.

Owner and admin create (``n``), edit (``e``/``enter``), reorder (``K``/``J``) and delete
(``d``; a status in use needs a replacement, named in the same step). An employee sees the
list, no change keys, and the reason (R12).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable

from wipboard.store.errors import StoreError
from wipboard.store.models import StatusTemplate
from wipboard.store.refusals import describe_refusal
from wipboard.store.services.statuses import delete_status, move_status, status_use
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.settings_pane import TablePane
from wipboard.tui.kit.widgets.status_badge import status_badge

READ_ONLY = "Only the owner and admins change status templates."
HINT = "A new name or colour shows on every job using the status."
CHANGE_ACTIONS = frozenset({"new", "edit", "move", "delete"})
# Columns before the description, as (label, width); the description gets what is left.
COUNT_COLUMNS = (("Jobs", 5), ("Autom.", 6), ("Tmpl.", 5))


class StatusesPane(TablePane):
    CHANGE_ACTIONS = CHANGE_ACTIONS
    READ_ONLY = READ_ONLY
    HINT = HINT
    NAME = "statuses"
    BINDINGS = [
        Binding("n", "new", "New", id="status_new"),
        Binding("e", "edit", "Edit", id="status_edit"),
        Binding("K,ctrl+up", "move(-1)", "▲ Move", id="status_move_up"),
        Binding("J,ctrl+down", "move(1)", "▼ Move", id="status_move_down"),
        Binding("d", "delete", "Delete", id="status_delete"),
    ]

    def __init__(self) -> None:
        super().__init__(id="statuses-pane")

    # --- Showing --------------------------------------------------------------------

    def ordered(self) -> list[StatusTemplate]:
        if self.snapshot is None:
            return []
        return sorted(self.snapshot.statuses.values(), key=lambda item: (item.position, item.id))

    def current_status(self) -> StatusTemplate | None:
        status_id = self.current_id()
        return self.snapshot.statuses.get(status_id) if self.snapshot and status_id else None

    def fill(self, keep_id: int | None) -> None:
        """Re-draw every row from the snapshot; the cursor stays on ``keep_id`` if it still exists,
        else on the same line."""
        table: DataTable[Text] = self.query_one(DataTable)
        line = table.cursor_row
        statuses = self.ordered()
        names = [status_badge(status) for status in statuses]
        name_width = max((len(name) for name in names), default=8)
        description_width = max(10, self.size.width - name_width - sum(width + 2 for _, width in COUNT_COLUMNS) - 5 - 8)
        table.clear(columns=True)
        table.add_column("Status", width=max(name_width, 6), key="status")
        for label, width in COUNT_COLUMNS:
            table.add_column(Text(label, justify="right"), width=width, key=label)
        table.add_column("E-mail", width=6, key="email")  # whether the status e-mails clients (R20)
        table.add_column("Description", width=description_width, key="description")
        assert self.snapshot is not None
        for status, name in zip(statuses, names, strict=True):
            use = status_use(self.snapshot, status.id)
            description = Text(" ".join(status.description.split()) or "—", no_wrap=True, end="")
            description.truncate(description_width, overflow="ellipsis")
            table.add_row(
                name,
                *(Text(str(count), justify="right") for count in (use.jobs, use.automations, use.templates)),
                Text("yes" if status.notify_clients else "no"),
                description,
                key=str(status.id),
            )
        ids = [status.id for status in statuses]
        if keep_id in ids:
            line = ids.index(keep_id)
        if ids:
            table.move_cursor(row=min(line, len(ids) - 1), animate=False)

    def on_resize(self, event: Resize) -> None:
        if self.snapshot is not None:
            self.fill(self.current_id())

    # --- Acting ---------------------------------------------------------------------

    def action_new(self) -> None:
        from wipboard.screens.status_form import StatusFormScreen

        self.app.push_screen(StatusFormScreen(), self.saved)

    def action_edit(self) -> None:
        from wipboard.screens.status_form import StatusFormScreen

        status = self.current_status()
        if status is not None:
            self.app.push_screen(StatusFormScreen(status), self.saved)

    def action_move(self, offset: int) -> None:
        status = self.current_status()
        if status is None:
            return
        before = [item.id for item in self.ordered()].index(status.id)
        session = self.session
        try:
            order = move_status(session.repo, session.actor, status.id, offset)
        except StoreError as error:
            self.app.notify(describe_refusal(error), severity="error", timeout=8)
            return
        position = [item.id for item in order].index(status.id)
        if position == before:
            self.app.notify(f"{status.name!r} is already {'first' if offset < 0 else 'last'}")
        else:
            self.app.notify(f"Moved {status.name!r} {'up' if offset < 0 else 'down'}: {position + 1} of {len(order)}")
        self.reload_after_change(status.id)

    def action_delete(self) -> None:
        from wipboard.screens.confirm import ConfirmScreen
        from wipboard.screens.status_delete import StatusDeleteScreen, deleted_message

        status = self.current_status()
        if status is None or self.snapshot is None:
            return
        if status_use(self.snapshot, status.id).total:
            self.app.push_screen(
                StatusDeleteScreen(status), lambda chosen: self.reload_after_change() if chosen else None
            )
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            session = self.session
            try:
                use = delete_status(session.repo, session.actor, status.id)
            except StoreError as error:
                self.app.notify(describe_refusal(error), severity="error", timeout=8)
                return
            self.app.notify(deleted_message(status, use, None))
            self.reload_after_change()

        question = f"Delete status {status.name!r}? Nothing uses it."
        # ConfirmScreen reads markup; a status name may hold "[".
        self.app.push_screen(ConfirmScreen(literal(question), "Delete"), confirmed)
