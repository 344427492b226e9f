"""Writing a file of the firm's shared folder so that it survives a crash and colleagues can read it.

The firm file's temporary copy, the audit log and the demo's new log are all
written here: opened as ``shared_folder.open_regular`` opens (no link followed,
nothing but a regular file), given on creation the mode and group colleagues
read it through, written in full and fsynced before anyone is told it is saved.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from wipboard.store.shared_folder import keep_group, open_regular, write_all

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL


def write_durably(
    path: Path, parts: Sequence[bytes], *, mode: int, group: int | None, append: bool = False
) -> os.stat_result:
    """Write ``parts`` to ``path``, fsync it, and return its status as written.

    A new ``path`` is created; with ``append``, an existing regular file is appended to
    instead, otherwise anything already at ``path`` — a file, a link — is refused with
    ``FileExistsError`` and left as it is. A link is never followed (``UnsafeFile``).
    A created file gets ``mode`` whatever the umask and ``group`` where the system lets
    us (see ``keep_group``). Opening and writing errors are the system's ``OSError``.
    """
    descriptor, created = _open(path, append, mode)
    try:
        if created:
            os.fchmod(descriptor, mode)
            keep_group(descriptor, group)
        write_all(descriptor, list(parts))
        os.fsync(descriptor)
        return os.fstat(descriptor)
    finally:
        os.close(descriptor)


def _open(path: Path, append: bool, mode: int) -> tuple[int, bool]:
    if append:
        try:
            return open_regular(path, os.O_WRONLY | os.O_APPEND)[0], False
        except FileNotFoundError:  # the caller holds the firm file's lock: no one else creates it now
            pass
    return open_regular(path, _NEW | (os.O_APPEND if append else 0), mode)[0], True


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
