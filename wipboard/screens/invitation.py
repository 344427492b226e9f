"""``i`` on a contact in Settings › People: the one-time link that lets them set a web-portal password.

The link is shown once (only a hash of it is kept) for staff to send to the contact.
"""

from __future__ import annotations

import os

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from wipboard.store.services.web_access import Invitation
from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal

DEFAULT_PORTAL_URL = "http://127.0.0.1:8080"


def portal_url() -> str:
    """Where clients reach the web portal: ``$WIPBOARD_PORTAL_URL``, as for ``wipboard users invite``."""
    return (os.environ.get("WIPBOARD_PORTAL_URL") or DEFAULT_PORTAL_URL).rstrip("/")


class InvitationScreen(WipboardModal[None]):
    BINDINGS = [Binding("escape,enter", "dismiss(None)", "Close", id="invitation_close")]

    def __init__(self, invitation: Invitation) -> None:
        super().__init__()
        self.invitation = invitation

    @property
    def link(self) -> str:
        return f"{portal_url()}/invite/{self.invitation.token}"

    def compose(self) -> ComposeResult:
        contact = self.invitation.contact
        with Vertical(classes="dialog invitation"):
            yield Label(f"Invitation for {literal(contact.name)} <{literal(contact.email or '')}>", classes="title")
            # Static, not Label: the sentence and the link wrap to the dialog's width, whole, at 80 columns.
            yield Static(
                f"Send this link to them. It works once, until {self.invitation.expires_at:%Y-%m-%d %H:%M} UTC; "
                "a new invitation replaces it. It is shown only now."
            )
            yield Static(literal(self.link), id="invitation-link", classes="link")
            with Horizontal(classes="buttons"):
                yield Button("Close (esc)", id="close", variant="primary", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
