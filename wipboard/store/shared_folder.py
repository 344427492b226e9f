"""Opening files in a folder that colleagues can write: the firm's shared folder.

Anyone in the staff group may replace a name in that folder with a symbolic
link (to a file only the victim can write or read), a FIFO (whose open waits
forever) or a device (``/dev/zero`` never ends). So every file the store opens
is opened without following links and without blocking, is checked to be a
regular file on the open descriptor (not by name, which may change in between),
and is read no further than the size that descriptor reported.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from wipboard.store.errors import UnsafeFile

# O_NONBLOCK: opening a FIFO must fail or return at once, not wait for a writer. It changes
# nothing for regular files, which are all the store ever reads or writes.
_SAFE = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC

LINK_REFUSED = (
    "is a symbolic link; wipboard never follows links beside the firm file, so nothing was read or written "
    "through it — put the real file here, or move the link away"
)


def open_regular(path: Path, flags: int, mode: int = 0o660) -> tuple[int, os.stat_result]:
    """``os.open`` without following a link, refusing anything but a regular file.

    Returns the descriptor and its status. A missing file raises ``FileNotFoundError``
    and other refusals of the system raise their ``OSError`` (the caller knows whether
    it was reading or writing); a link, a folder, a FIFO or a device raise ``UnsafeFile``.
    """
    try:
        descriptor = os.open(path, flags | _SAFE, mode)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFile(path, LINK_REFUSED) from None
        if error.errno == errno.EISDIR:
            raise UnsafeFile(path, "is a folder, not a file") from None
        if error.errno == errno.ENXIO:  # a FIFO opened for writing with no reader
            raise UnsafeFile(path, "is a named pipe (FIFO), not a regular file; nothing was written to it") from None
        raise
    try:
        status = os.fstat(descriptor)
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise UnsafeFile(path, f"is {describe_kind(status.st_mode)}, not a regular file; wipboard does not use it")
    return descriptor, status


def read_regular(path: Path, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (at most ``limit``) and its status; see ``open_regular``."""
    descriptor, status = open_regular(path, os.O_RDONLY)
    try:
        size = status.st_size if limit is None else min(limit, status.st_size)
        return read_at_most(descriptor, size), status
    finally:
        os.close(descriptor)


def read_at_most(descriptor: int, size: int) -> bytes:
    """Up to ``size`` bytes from ``descriptor``: fewer only if the file ends sooner."""
    first = os.read(descriptor, size)
    if len(first) == size or not first:
        return first
    parts = [first]
    left = size - len(first)
    while left:
        part = os.read(descriptor, left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def write_all(descriptor: int, parts: list[bytes]) -> None:
    for part in parts:  # piece by piece: joining them first would copy the whole file once more
        view = memoryview(part)
        while view:
            view = view[os.write(descriptor, view) :]


def keep_group(descriptor: int, gid: int | None) -> None:
    """Give a new file the group of the file it replaces (colleagues read it through that group).

    Only the file's owner may change its group, and only to a group they belong to:
    when the system says no (EPERM), the folder's setgid bit is what keeps the group
    (the README says how to set the folder up), so the write goes on.
    """
    if gid is None or gid < 0:
        return
    try:
        if os.fstat(descriptor).st_gid != gid:
            os.fchown(descriptor, -1, gid)
    except PermissionError:
        pass


def group_of(path: Path) -> int | None:
    """The group of ``path`` itself (never of a link's target), or None if there is no such file."""
    try:
        return os.lstat(path).st_gid
    except FileNotFoundError:
        return None


def is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def describe_kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
        stat.S_ISLNK: "a symbolic link",
    }
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")
