"""A card save refused because someone else changed the job meanwhile [R16]: what changed, then reload or keep editing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from wipboard.store.audit import AuditEntry
from wipboard.store.models import Job
from wipboard.store.repository import Snapshot
from wipboard.store.services.change_words import describe_value, field_label
from wipboard.store.wording import by_whom
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal

ConflictChoice = Literal["reload", "keep"]


def changes_since_opened(snapshot: Snapshot, opened: Job, entries: Iterable[AuditEntry]) -> list[str]:
    """Each change recorded after the version the card opened with: 'due date 2026-04-15 → 2026-04-20 (dana, card)'."""
    job = snapshot.jobs.get(opened.id)
    lines = [
        f"{field_label(entry.field)}: {describe_value(snapshot, entry.field, entry.before, job)} → "
        f"{describe_value(snapshot, entry.field, entry.after, job)}  ({by_whom(entry.actor, entry.via)})"
        for entry in entries
        if entry.job_id == opened.id and (entry.version or 0) > opened.version
    ]
    return lines or ["the job was changed (the log does not say how)"]


class CardConflictScreen(WipboardModal[ConflictChoice]):
    """Dismisses with ``"reload"`` (take the stored job, lose the edits) or ``"keep"`` (keep the form)."""

    BINDINGS = [
        Binding("r", "dismiss('reload')", "Reload", id="card_conflict_reload"),
        Binding("k,escape", "dismiss('keep')", "Keep editing", id="card_conflict_keep"),
    ]

    def __init__(self, job: Job, changes: list[str]) -> None:
        super().__init__()
        self.job = job
        self.changes = changes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Label(f"Not saved: someone else changed #{self.job.id} since you opened it", classes="question")
            with VerticalScroll(id="conflict-changes"):
                yield Static("\n".join(f"• {literal(line)}" for line in self.changes[-12:]), markup=True)
            yield Static(
                "[b]Reload[/] shows their version and drops your edits. [b]Keep editing[/] keeps your edits "
                "(fields you did not touch take their values); your next save replaces theirs.",
                classes="conflict-help",
            )
            with Horizontal(classes="buttons"):
                yield Button("Reload (r)", variant="warning", id="reload")
                yield Button("Keep editing (k)", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("reload" if event.button.id == "reload" else "keep")

