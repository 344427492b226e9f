"""Errors a user can cause, each with a message that can be shown as it is.

The screens and the command line catch ``StoreError`` (and pydantic's
``ValidationError``) at their edge and show the message; anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class FirmFileError(StoreError):
    """The firm file cannot be used: it is unreadable, of the wrong shape or too new."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class FirmFileMissing(FirmFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "no firm file here; create one with `wipboard init --db PATH` or try `wipboard --demo`")


class FirmFileExists(FirmFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "a firm file already exists here; it was left as it is")


class AuditLogExists(FirmFileError):
    """An audit log is where the new firm file's would go, though no firm file is there."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "an audit log is already here, left by an earlier firm file of that name; it was "
                               "left as it is — move it away (its firm file's backups may need it) or choose another path")


class UnsafeFile(FirmFileError):
    """A name beside the firm file is a link, a folder, a FIFO or a device: refused, never followed."""


class LockUnavailable(StoreError):
    """The lock file beside the firm file cannot be created, opened or locked."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path}: cannot take the firm file's lock ({reason}); nothing was written — every staff member "
            "must be able to create and write this file (see the README on setting up the shared folder)"
        )
        self.path = path


class StoreLocked(StoreError):
    """Another process held the firm file's lock (or the database's writers' lock) for longer than we wait."""

    def __init__(self, path: Path | str, seconds: float) -> None:
        super().__init__(
            f"{path}: another wipboard process has held the lock for more than {seconds:g} s; "
            "nothing was written — try again, or look for a stuck process"
        )
        self.path = path


class WriteFailed(StoreError):
    """The operating system refused the write (disk full, I/O error); the file kept its old state."""

    def __init__(self, path: Path, cause: OSError) -> None:
        super().__init__(f"{path}: could not save ({cause.strerror or cause}); the file was left as it was before")
        self.path = path


class OutsideTransaction(RuntimeError):
    """A write was attempted without holding the lock: a programming error made loud. Not a
    ``StoreError``: no edge catches it and shows it as a sentence — it crashes, in tests too."""


class NotFound(StoreError):
    """A job, status, stage… named by the user does not exist."""


class Conflict(StoreError):
    """Someone else changed a job since it was read (R16)."""

    def __init__(self, message: str, job_ids: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.job_ids = job_ids


class PermissionDenied(StoreError):
    """The acting user may not do this (R12); nothing was changed."""


class UnknownLogin(StoreError):
    """The login is not a user or contact of the firm (R13)."""


class InvalidRequest(StoreError):
    """A well-formed request that makes no sense for this firm (unknown stage, status, account…)."""
