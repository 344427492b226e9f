"""``3``: the client portal's *Work in progress*, exactly as a client sees it (R8).

Staff preview it as any account or contact; a contact who runs wipboard sees
only this screen, for their own accounts.
"""

from __future__ import annotations

from datetime import datetime, timezone

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from wipboard.store.errors import StoreError
from wipboard.store.portal import PortalView, portal_for
from wipboard.tui.widgets.card_column import BADGE_COLORS


class PortalScreen(Screen[None]):
    CSS_PATH = "../styles/portal.tcss"
    BINDINGS = [Binding("c", "choose_client", "Preview as…", id="portal_preview_as")]

    def __init__(self) -> None:
        super().__init__()
        self.ref: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner")
        yield VerticalScroll(id="items")
        yield Footer()

    def on_mount(self) -> None:
        actor = self.app.session.actor  # type: ignore[attr-defined]
        if actor.contact is not None:
            self.ref = actor.login
        self.show()
        self.set_interval(1.0, self.check_for_changes)

    def check_for_changes(self) -> None:
        if self.app.session.changed_elsewhere():  # type: ignore[attr-defined]
            self.show()

    def action_choose_client(self) -> None:
        from wipboard.screens.client_picker import ClientPicker

        if self.app.session.actor.contact is not None:  # type: ignore[attr-defined]
            return

        def chosen(ref: str | None) -> None:
            if ref:
                self.ref = ref
                self.show()

        self.app.push_screen(ClientPicker(), chosen)

    def show(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        banner = self.query_one("#banner", Static)
        items = self.query_one("#items", VerticalScroll)
        items.remove_children()
        session.snapshot()
        if self.ref is None:
            banner.update("Preview the client portal: press [b]c[/] to choose an account or contact.")
            return
        try:
            view = portal_for(session.repo, session.actor, self.ref)
        except StoreError as error:
            banner.update(str(error))
            return
        if session.actor.contact is not None:
            banner.update(f"Work in progress — {view.contact_or_account}")
        else:
            banner.update(f"[b]Preview[/] — this is what {view.contact_or_account} sees  [dim](c: another client)[/]")
        items.mount_all(_items(view))


def _items(view: PortalView) -> list[Static | Label]:
    if not view.work_in_progress:
        return [Label("Nothing in progress right now.", classes="empty")]
    now = datetime.now(timezone.utc)
    widgets: list[Static | Label] = []
    for item in view.work_in_progress:
        badge = f"[black on {BADGE_COLORS[item.color]}] {item.status} [/]"
        account = f"  [dim]{item.account}[/]" if len(view.accounts) > 1 else ""
        widgets.append(
            Static(f"[b]{item.name}[/]  {badge}{account}\n{item.description}\n[dim]updated {_ago(now, item.updated_at)}[/]", classes="item")
        )
    return widgets


def _ago(now: datetime, then: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"
