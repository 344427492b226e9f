"""The web portal's key: it signs session cookies and the unsubscribe links of client e-mails (R19, R20).
Generated on first use into a file beside the firm file.

Beside, not inside: the firm file is readable by every member of staff (mode 0660)
and travels with ``wipboard copy`` and backups; whoever holds the key can forge a
client's session. The key file is created with mode 0600 for the user who runs the
portal, never printed, and refused if it is a link, not a regular file, another user's,
or readable by others.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

import platformdirs

from wipboard.store.errors import StoreError
from wipboard.store.interface import FirmRepository


class SecretFileError(StoreError):
    """The key file exists but cannot be trusted or read."""


def secret_path_for(firm_path: Path) -> Path:
    return firm_path.with_name(firm_path.name + ".web-secret")


def key_path_for(repo: FirmRepository) -> Path:
    """Where the portal's key of ``repo``'s firm lives: beside the real firm file; for a firm in
    PostgreSQL, in the data folder of the user who runs the portal (one file per database)."""
    firm_path = getattr(repo, "path", None)
    if isinstance(firm_path, Path):
        return secret_path_for(firm_path)
    folder = Path(platformdirs.user_data_dir("wipboard", appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256(repo.location.encode()).hexdigest()[:16]
    return folder / f"portal-{digest}.web-secret"


def load_or_create_secret(path: Path) -> str:
    """The signing key in ``path``, created (64 random bytes, hex) if the file does not exist."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_hex(64))
        file.flush()
        os.fsync(file.fileno())
    return _read(path)


def _read(path: Path) -> str:
    """The key, from a regular file of the portal's own user (a FIFO or a link is refused, not waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise SecretFileError(f"{path}: the portal's key file cannot be opened ({error.strerror})") from None
    with os.fdopen(fd) as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SecretFileError(f"{path}: the portal's key file is not a regular file")
        if status.st_uid != os.geteuid():  # planted by a colleague who can write the shared folder
            raise SecretFileError(
                f"{path}: the portal's key file belongs to another user; delete it to make a new one"
            )
        if status.st_mode & 0o077:
            raise SecretFileError(f"{path}: the portal's key file is readable by others; run chmod 600 on it")
        key = file.read().strip()
    if len(key) < 32:
        raise SecretFileError(f"{path}: the portal's key file is too short; delete it to make a new one")
    return key
