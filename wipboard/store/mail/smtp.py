"""The firm's mail server: one SMTP connection per delivery run (STARTTLS, TLS or plain).

The password is never in the firm file, which every member of staff can read: it comes from
``WIPBOARD_SMTP_PASSWORD`` or from the file the settings name, which must be a regular file
(not a link) that only its owner can read (mode 0600).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType

from wipboard.store.errors import InvalidRequest, UnsafeFile
from wipboard.store.models import NotificationSettings
from wipboard.store.shared_folder import open_regular, read_at_most

PASSWORD_VARIABLE = "WIPBOARD_SMTP_PASSWORD"
TIMEOUT_SECONDS = 30.0


def smtp_password(settings: NotificationSettings, environ: Mapping[str, str] = os.environ) -> str | None:
    """The SMTP password from the environment, else from the 0600 file the settings name, else None."""
    if environ.get(PASSWORD_VARIABLE):
        return environ[PASSWORD_VARIABLE]
    if settings.password_file is None:
        return None
    path = Path(settings.password_file).expanduser()
    try:
        descriptor, status = open_regular(path, os.O_RDONLY)
    except UnsafeFile as error:
        raise InvalidRequest(f"SMTP password file {path}: {error.problem}") from None
    except OSError as error:
        raise InvalidRequest(f"SMTP password file {path}: cannot be read ({error.strerror})") from None
    try:
        if status.st_mode & 0o077:
            raise InvalidRequest(f"SMTP password file {path}: others may read it; run chmod 600 on it")
        return read_at_most(descriptor, min(status.st_size, 4096)).decode().strip()
    finally:
        os.close(descriptor)


class MailServer:
    """``with MailServer(settings, password) as server: server.send(message)``."""

    def __init__(self, settings: NotificationSettings, password: str | None) -> None:
        if not settings.smtp_host:
            raise InvalidRequest("smtp host: the mail server is not set; see `wipboard notify setup --help`")
        if settings.from_address is None:
            raise InvalidRequest("from address: say which address the e-mails come from")
        self.settings = settings
        self.password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> MailServer:
        settings = self.settings
        if settings.smtp_security == "tls":
            self._smtp = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            self._smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS)
            if settings.smtp_security == "starttls":
                self._smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            if self.password is None:
                raise InvalidRequest(f"smtp password: none set for {settings.smtp_user}; set {PASSWORD_VARIABLE} or a password file")
            self._smtp.login(settings.smtp_user, self.password)
        return self

    def send(self, message: EmailMessage) -> None:
        assert self._smtp is not None, "send inside `with MailServer(...)`"
        self._smtp.send_message(message)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
