"""The firm file's lock: an exclusive ``flock`` on ``NAME.lock`` beside it (R16).

filelock's ``FileLock`` would open the lock file through a symbolic link (and
create or truncate its target) and block on a FIFO; this one opens it like every
other file of the shared folder (no links, regular files only) and turns every
refusal of the system into a sentence naming the lock file. It takes the same
``flock`` as filelock on Unix, so processes of either kind keep each other out.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from wipboard.store.errors import LockUnavailable, StoreLocked, UnsafeFile
from wipboard.store.shared_folder import group_of, keep_group, open_regular

POLL_S = 0.05  # filelock's default


class FirmLock:
    """Re-entrant within one process (the storage's mutex keeps its threads apart)."""

    def __init__(self, path: Path, *, timeout: float, mode: int, firm_path: Path) -> None:
        self.path = path
        self.timeout = timeout
        self.mode = mode
        self._firm_path = firm_path
        self._descriptor: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        if self._depth:
            self._depth += 1
            return
        deadline = time.monotonic() + self.timeout
        while True:
            descriptor = self._open()
            if self._lock(descriptor, deadline):
                self._descriptor, self._depth = descriptor, 1
                return
            os.close(descriptor)  # someone replaced the lock file while we waited: lock the new one

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0 and self._descriptor is not None:
            descriptor, self._descriptor = self._descriptor, None
            try:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
            finally:
                os.close(descriptor)

    def _open(self) -> int:
        try:
            descriptor, status = open_regular(self.path, os.O_RDWR | os.O_CREAT, self.mode)
        except UnsafeFile as error:
            raise LockUnavailable(self.path, _reason_of(error.problem)) from None
        except OSError as error:
            raise LockUnavailable(self.path, _why(error)) from None
        if status.st_uid == os.geteuid() and status.st_mode & 0o777 != self.mode:
            try:  # a lock file we just created: every staff member must open it, whatever our umask
                os.fchmod(descriptor, self.mode)
                keep_group(descriptor, group_of(self._firm_path))
            except OSError:
                pass
        return descriptor

    def _lock(self, descriptor: int, deadline: float) -> bool:
        """Wait for the lock on ``descriptor``; False if the name no longer leads to that file."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._wait(descriptor, deadline)
        except OSError as error:
            os.close(descriptor)
            raise LockUnavailable(self.path, _why(error)) from None
        try:
            same = os.lstat(self.path).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
        return same

    def _wait(self, descriptor: int, deadline: float) -> None:
        """Try again every ``POLL_S`` until ``deadline``, as filelock does (and as fast, measured:
        eight writers in a row keep the disk busy better than a hand-off at each unlock)."""
        while True:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise StoreLocked(self._firm_path, self.timeout)
            time.sleep(POLL_S)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                continue
            except OSError as error:
                os.close(descriptor)
                raise LockUnavailable(self.path, _why(error)) from None


def _why(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the folder or the lock file is not writable by you"
    if error.errno == errno.EROFS:
        return "the folder is on a read-only file system"
    return error.strerror or str(error)


def _reason_of(problem: str) -> str:
    return "it " + problem.split(";", 1)[0]  # "it is a symbolic link"
