"""R20: `wipboard portal serve --notify` also delivers the e-mails, in the server process."""

from __future__ import annotations

import time
from pathlib import Path

from tests.store.services._smtp_sink import SmtpSink
from tests.web.served import serving
from wipboard.store.services.notifications import configure_notifications


def test_r20_the_portal_server_delivers_what_is_due(portal_firm, tmp_path: Path) -> None:  # noqa: ANN001
    sink = SmtpSink()
    sink.start()
    try:
        configure_notifications(portal_firm.repo, portal_firm.owner, {
            "enabled": True, "smtp_host": "127.0.0.1", "smtp_port": sink.port, "smtp_security": "none",
            "from_address": "wip@firm.example", "quiet_seconds": 0,
        })
        portal_firm.shown_job("Internal", "Done", name_for_client="Your bakery's books")
        with serving(portal_firm.path, tmp_path / "server.log", "--notify", "--as", "olivia"):
            deadline = time.monotonic() + 15
            while not sink.messages and time.monotonic() < deadline:
                time.sleep(0.1)
        assert [message["To"] for message in sink.messages] == ["Maria Rivera <maria@example.com>"]
    finally:
        sink.stop()
