"""One client e-mail, in plain text and HTML, built only from portal items (R8's allow-list).

Nothing here sees a Job: the caller passes ``PortalItem``s, so an internal field (the job's
own name, its notes, stage or assignees) cannot reach a client unless the portal shows it.
Every value from the firm file is escaped in the HTML part.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from html import escape

from wipboard.store.portal import PortalItem


@dataclass(frozen=True)
class Letter:
    """What one e-mail says and to whom; ``batch`` names it for its Message-ID."""

    batch: str
    firm_name: str
    to_name: str
    to_address: str
    from_address: str
    items: list[PortalItem]
    portal_url: str
    unsubscribe_url: str
    at: datetime


def message_id(batch: str, from_address: str) -> str:
    """The same batch always gets the same Message-ID, so a repeated send is collapsed by mail systems."""
    domain = from_address.rpartition("@")[2] or "wipboard.invalid"
    return f"<wipboard.{hashlib.sha256(batch.encode()).hexdigest()[:32]}@{domain}>"


def subject(letter: Letter) -> str:
    count = len(letter.items)
    if count == 1:
        return f"{letter.firm_name}: {letter.items[0].name} — {letter.items[0].status}"
    return f"{letter.firm_name}: an update on {count} items of your work"


def text_body(letter: Letter) -> str:
    lines = [f"Hello {letter.to_name},", "", f"Here is where your work with {letter.firm_name} stands:", ""]
    for item in letter.items:
        lines.append(f"* {item.name} — {item.status}")
        if item.description:
            lines.append(f"  {item.description}")
        lines.append("")
    if letter.portal_url:
        lines += [f"See all your work in progress: {letter.portal_url}", ""]
    lines += ["—", f"{letter.firm_name}", f"To stop these e-mails: {letter.unsubscribe_url}"]
    return "\n".join(lines) + "\n"


def html_body(letter: Letter) -> str:
    items = "".join(
        f'<li><strong>{escape(item.name)}</strong> — <span class="status">{escape(item.status)}</span>'
        + (f"<br>{escape(item.description)}" if item.description else "")
        + "</li>"
        for item in letter.items
    )
    portal = (
        f'<p><a href="{escape(letter.portal_url, quote=True)}">See all your work in progress</a></p>'
        if letter.portal_url else ""
    )
    return (
        "<!doctype html><html><body>"
        f"<p>Hello {escape(letter.to_name)},</p>"
        f"<p>Here is where your work with {escape(letter.firm_name)} stands:</p>"
        f"<ul>{items}</ul>{portal}"
        f'<p style="color:#666;font-size:small">{escape(letter.firm_name)} · '
        f'<a href="{escape(letter.unsubscribe_url, quote=True)}">Stop these e-mails</a></p>'
        "</body></html>"
    )


def compose(letter: Letter) -> EmailMessage:
    """The e-mail with its stable Message-ID and the one-click unsubscribe headers (RFC 8058)."""
    message = EmailMessage()
    message["Subject"] = subject(letter)
    message["From"] = formataddr((letter.firm_name, letter.from_address))
    message["To"] = formataddr((letter.to_name, letter.to_address))
    message["Date"] = format_datetime(letter.at)
    message["Message-ID"] = message_id(letter.batch, letter.from_address)
    message["List-Unsubscribe"] = f"<{letter.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text_body(letter))
    message.add_alternative(html_body(letter), subtype="html")
    return message
