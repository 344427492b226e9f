"""``enter``: one job — its internal fields, what the client sees, and its status history (R14).

Read-only for now; editing on the card comes with the job-card screen's own issue.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from wipboard.store.errors import StoreError
from wipboard.store.services.history import field_label, status_history
from wipboard.tui.widgets.card_column import BADGE_COLORS


class JobCardScreen(ModalScreen[None]):
    CSS_PATH = "../styles/modals.tcss"
    BINDINGS = [Binding("escape,q,enter", "dismiss(None)", "Close", id="card_close")]

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        snapshot = session.repo.snapshot()
        job = snapshot.jobs[self.job_id]
        pipeline = snapshot.pipelines.get(job.pipeline_id)
        stage = pipeline.stage(job.stage_id) if pipeline else None
        account = snapshot.accounts.get(job.account_id)
        client = job.client_status
        status = snapshot.statuses.get(client.status_id) if client.status_id else None
        with VerticalScroll(classes="dialog card"):
            yield Label(f"#{job.id} {job.name}", classes="title")
            yield Static(
                f"[b]Account[/]   {account.name if account else '—'}\n"
                f"[b]Pipeline[/]  {pipeline.name if pipeline else '—'} · {stage.name if stage else '—'}\n"
                f"[b]Assignees[/] {', '.join(job.assignees) or '—'}   [b]Priority[/] {job.priority}\n"
                f"[b]Due[/]       {job.due_date or '—'}   [b]Start[/] {job.start_date or '—'}\n"
                f"[b]State[/]     {'deleted' if job.deleted else 'archived' if job.archived else 'active'}\n"
                f"[b]Notes[/]     {job.notes or '—'}",
                markup=True,
            )
            yield Label("Client-facing status", classes="section")
            if client.visible and status:
                badge = f"[black on {BADGE_COLORS[status.color]}] {status.name} [/]"
                yield Static(f"Shown in the client portal: {badge}  [b]{client.name_for_client}[/]\n{client.description}")
            else:
                yield Static("[dim]Hidden from the client.[/]")
            yield Label("History", classes="section")
            try:
                history = status_history(session.repo, session.actor, job.id)
            except StoreError as error:
                history = []
                yield Static(str(error))
            if not history:
                yield Static("[dim]No changes recorded yet.[/]")
            for item in reversed(history[-50:]):
                yield Static(
                    f"[dim]{item.at:%Y-%m-%d %H:%M}[/] {item.actor} [dim]({item.via})[/] "
                    f"{field_label(item.field)}: {item.before} → {item.after}",
                    markup=True,
                )
            yield Label("[dim]esc closes[/]")
