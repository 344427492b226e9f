"""``3``: the client portal's *Work in progress*, exactly as a client sees it (R8).

Staff preview it as any account or contact (``c``); a contact who runs wipboard
sees only this screen, for their own accounts. A contact of several accounts
switches between them with the tabs, as in the real portal. ``enter`` on an
item shows the dates its status changed (client-facing fields only).
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Label, Static, Tab, Tabs

from wipboard.store.errors import StoreError
from wipboard.store.portal import PortalItem, PortalView, portal_for
from wipboard.store.refusals import describe_refusal
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.polling import reports_store_errors
from wipboard.tui.kit.screen import WipboardScreen
from wipboard.tui.kit.widgets.keys_footer import KeysFooter

ALL_ACCOUNTS = "all"


class PortalItemView(Vertical, can_focus=True):
    """One item of Work in progress; ``enter`` shows or hides its status timeline."""

    BINDINGS = [Binding("enter,space", "toggle", "Timeline", id="portal_timeline")]

    def __init__(self, item: PortalItem, *, show_account: bool, now: datetime) -> None:
        super().__init__(classes="item")
        self.item = item
        self.show_account = show_account
        self.now = now

    def compose(self) -> ComposeResult:
        item = self.item
        badge = f"[b $status-{item.color}-text on $status-{item.color}] {literal(item.status)} [/]"
        account = f"  [dim]{literal(item.account)}[/]" if self.show_account else ""
        yield Static(f"[b]{literal(item.name)}[/]  {badge}{account}", classes="item-title")
        if item.description:
            yield Static(literal(item.description), classes="item-description")
        yield Static(f"[dim]updated {_ago(self.now, item.updated_at)}[/]", classes="item-updated")
        timeline = Static(_timeline(item), classes="timeline")
        timeline.display = False
        yield timeline

    def action_toggle(self) -> None:
        timeline = self.query_one(".timeline", Static)
        timeline.display = not timeline.display


class PortalScreen(WipboardScreen[None]):
    BINDINGS = [
        Binding("c", "choose_client", "Preview as…", id="portal_preview_as"),
        Binding("down,j", "app.focus_next", "Next", show=False, id="portal_next"),
        Binding("up,k", "app.focus_previous", "Previous", show=False, id="portal_previous"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ref: str | None = None
        self.account = ALL_ACCOUNTS
        self.view: PortalView | None = None
        self.shown_generation = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner")
        yield Tabs(id="accounts")
        yield VerticalScroll(id="items")
        yield KeysFooter()

    def on_mount(self) -> None:
        actor = self.session.actor
        if actor.contact is not None:
            self.ref = actor.login
        self.query_one("#accounts", Tabs).display = False
        self.load()
        self.set_interval(1.0, self.check_for_changes)
        self.call_after_refresh(self.app.first_frame_drawn)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A contact sees their own portal only: no previewing others."""
        if action == "choose_client" and self.session.actor.contact is not None:
            return False
        return True

    @reports_store_errors
    def check_for_changes(self) -> None:
        if self.session.changed_since(self.shown_generation):
            self.load()

    def action_choose_client(self) -> None:
        from wipboard.screens.client_picker import ClientPicker

        if self.session.actor.contact is not None:
            return

        def chosen(ref: str | None) -> None:
            if ref:
                self.ref = ref
                self.account = ALL_ACCOUNTS
                self.load()

        self.app.push_screen(ClientPicker(), chosen)

    def load(self) -> None:
        """Read the portal again (after a change anywhere) and show it."""
        session = self.session
        banner = self.query_one("#banner", Static)
        self.shown_generation = session.snapshot().generation
        if self.ref is None:
            banner.update("Preview the client portal: press [b]c[/] to choose an account or contact.")
            self.view = None
            self.show_items()
            return
        try:
            view = portal_for(session.repo, session.actor, self.ref, with_history=True)
        except StoreError as error:
            banner.update(literal(describe_refusal(error)))
            return
        if session.actor.contact is not None:
            banner.update(f"[b]Work in progress[/] — {literal(view.contact_or_account)}")
        else:
            banner.update(f"[b]Preview[/] — this is what {literal(view.contact_or_account)} sees  [dim](c: another client)[/]")
        changed_accounts = self.view is None or self.view.accounts != view.accounts
        self.view = view
        if changed_accounts:
            self.show_tabs(view)
        self.show_items()

    def show_tabs(self, view: PortalView) -> None:
        tabs = self.query_one("#accounts", Tabs)
        tabs.clear()
        tabs.display = len(view.accounts) > 1
        if len(view.accounts) > 1:
            tabs.add_tab(Tab("All accounts", id=ALL_ACCOUNTS))
            for index, name in enumerate(view.accounts):
                tabs.add_tab(Tab(literal(name), id=f"account-{index}"))

    @on(Tabs.TabActivated, "#accounts")
    def account_chosen(self, event: Tabs.TabActivated) -> None:
        if self.view is None or event.tab.id is None:
            return
        chosen = ALL_ACCOUNTS if event.tab.id == ALL_ACCOUNTS else self.view.accounts[int(event.tab.id.split("-")[1])]
        if chosen != self.account:
            self.account = chosen
            self.show_items()

    def show_items(self) -> None:
        items = self.query_one("#items", VerticalScroll)
        items.remove_children()
        if self.view is None:
            return
        shown = [item for item in self.view.work_in_progress if self.account in (ALL_ACCOUNTS, item.account)]
        unseen = self.view.unseen_note(after_items=bool(shown))
        if not shown and not unseen:
            items.mount(Label("Nothing in progress right now.", classes="empty"))
            return
        now = self.session.now()
        several = len(self.view.accounts) > 1 and self.account == ALL_ACCOUNTS
        items.mount_all(PortalItemView(item, show_account=several, now=now) for item in shown)
        if unseen:
            items.mount(Label(unseen, classes="empty", id="unseen-items", markup=False))


def _timeline(item: PortalItem) -> str:
    if not item.history:
        return "[dim]No earlier status changes recorded.[/]"
    lines = [
        f"[dim]{point.at:%b %d, %Y}[/]  [$status-{point.color}]■[/] {literal(point.status)}"
        for point in reversed(item.history)
    ]
    return "\n".join(lines)



def _ago(now: datetime, then: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"
