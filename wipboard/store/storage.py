"""A TinyDB ``Storage`` that many processes can share safely (R16, R17).

- Every change happens inside ``transaction()``: an exclusive OS lock on the
  sibling ``.lock`` file, a re-read of the file if another process changed it,
  TinyDB's updates applied in memory, and one atomic write at the end.
- The write goes to a temporary file in the same folder, is fsynced, replaces
  the firm file with ``os.replace`` and the folder is fsynced: a crash leaves
  the old file or the new one, never a mix.
- The outgoing file is kept as a backup (a hard link: no copy per write); the
  newest ``BACKUPS`` are kept, the older ones removed inside the same commit.
- The folder is shared, so nothing in it is trusted: every file is opened
  without following links and must be a regular file (``shared_folder``), a
  ``--db`` that is a link is resolved once, when the storage is made, and a new
  file keeps the group of the one it replaces.
- Readers never hold the file open: they look at the generation in its first
  bytes and re-read the whole file only when that number changed.
- A file that cannot be read is reported with its path and the reason, and is
  never written over.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from wipboard.store import schema
from wipboard.store.durable_write import fsync_folder, write_durably
from wipboard.store.errors import (
    FirmFileError,
    FirmFileExists,
    FirmFileMissing,
    OutsideTransaction,
    UnsafeFile,
    WriteFailed,
)
from wipboard.store.file_lock import FirmLock
from wipboard.store.gc_pause import gc_paused
from wipboard.store.shared_folder import (
    LINK_REFUSED,
    describe_kind,
    is_regular_file,
    open_regular,
    read_at_most,
    read_regular,
)

LOCK_TIMEOUT_S = 10.0
BACKUPS = 5
FILE_MODE = 0o660
_HEAD_BYTES = 64
# At most 16 digits (MAX_INT has 16): a longer number is for the full parse to refuse.
_GENERATION_AT_HEAD = re.compile(rb'^\{"_meta":\{"1":\{"generation":(\d{1,16}),')
_BACKUP_SUFFIX = re.compile(r"[0-9]{1,16}")


@dataclass(frozen=True)
class FileRead:
    """One read of the firm file: its bytes, the status it was read with, and its number (each
    read of a storage gets the next), by which a reader knows which documents it validated."""

    raw: bytes
    status: os.stat_result
    number: int


class FirmStorage(Storage):
    """TinyDB storage of one firm file. Use ``transaction()`` for every write."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = LOCK_TIMEOUT_S) -> None:
        # A link given as the path (``--db ~/firm.json`` to the shared file) is followed once,
        # here: the lock, the audit log and the backups are then those beside the real file,
        # shared with everyone who uses it. Later, no name beside it is followed again.
        self.path = Path(os.path.realpath(path))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock = FirmLock(self.lock_path, timeout=lock_timeout, mode=FILE_MODE, firm_path=self.path)
        self._lock_timeout = lock_timeout
        self._data: schema.RawData | None = None
        # The first read of the file, while nothing has asked for its documents as dicts yet
        # (``unparsed``): the repository may validate it whole, straight from its bytes.
        self._unparsed: FileRead | None = None
        self._reads = 0  # reads of the file so far: each FileRead's number
        self._data_read: int | None = None  # the read _data was parsed from, if nothing changed it since
        self._generation: int | None = None
        # What the file on disk looked like when _data was read or written: its generation,
        # inode, size and mtime. The generation alone would miss a file damaged or edited in place.
        self._signature: tuple[int, int, int, int] | None = None
        self._depth = 0
        self._dirty = False
        # Each document's encoded bytes ('"12":{...}'), kept in step with _data by
        # put_documents/remove_documents so a commit re-encodes only what changed.
        # None means "unknown": TinyDB's own write() may have changed anything.
        self._encoded: dict[str, dict[str, bytes]] | None = None
        self._gid: int | None = None  # the group of the file last read, for the file that replaces it
        self.in_place_writes = 0
        # The file lock keeps other processes out; this keeps the screens' worker threads apart.
        self._mutex = threading.RLock()
        # Set to a list to collect how long each hold of the file lock lasted (seconds): benchmarks.
        self.lock_holds: list[float] | None = None

    # --- TinyDB's Storage interface -------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        if self._depth == 0:
            self.refresh()
        assert self._data is not None
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._depth == 0:
            raise OutsideTransaction("writes to the firm file must happen inside storage.transaction()")
        self._data = data
        self._data_read = None
        self._encoded = None
        self._dirty = True
        # TinyDB's own Table API may have changed documents in place: nothing cached from them holds.
        self.in_place_writes += 1

    def put_documents(self, table: str, documents: dict[str, dict[str, Any]]) -> None:
        """Insert or replace documents by id, inside a transaction: the fast path of the repository."""
        data = self._writable()
        rows = data.setdefault(table, {})
        encoded = self._encoded.setdefault(table, {}) if self._encoded is not None else None
        for doc_id, document in documents.items():
            rows[doc_id] = document
            if encoded is not None:
                encoded[doc_id] = _encode_row(doc_id, document)
        self._dirty = True

    def remove_documents(self, table: str, doc_ids: list[str]) -> None:
        data = self._writable()
        rows = data.get(table, {})
        encoded = self._encoded.get(table, {}) if self._encoded is not None else {}
        for doc_id in doc_ids:
            rows.pop(doc_id, None)
            encoded.pop(doc_id, None)
        self._dirty = True

    def update_meta(self, **values: Any) -> None:
        self._writable()[schema.META][schema.META_DOC].update(values)
        self._dirty = True

    def _writable(self) -> schema.RawData:
        if self._depth == 0:
            raise OutsideTransaction("writes to the firm file must happen inside storage.transaction()")
        assert self._data is not None
        self._data_read = None  # about to change: no longer what was read
        return self._data

    def close(self) -> None:
        """Nothing to close: no handle is kept open between transactions."""

    # --- Reading --------------------------------------------------------------------

    @property
    def mutex(self) -> threading.RLock:
        """Held by transactions and refreshes; hold it to read the data from another thread."""
        return self._mutex

    @property
    def generation(self) -> int:
        """The generation of the data in memory (refreshing it if the file changed). A file read
        anew is not parsed for this: its generation is in its first bytes (``unparsed``)."""
        if self._depth == 0:
            with self._mutex:
                self._refresh(parse=False)
        assert self._generation is not None
        return self._generation

    @property
    def unparsed(self) -> FileRead | None:
        """The read of the generation in memory (``generation``) while nothing has parsed it: for a
        reader that validates JSON straight from bytes. ``read()`` parses it when asked."""
        return self._unparsed

    @property
    def meta(self) -> dict[str, Any]:
        return self.read()[schema.META][schema.META_DOC]

    def data_of_read(self, number: int) -> schema.RawData | None:
        """The documents in memory if they were parsed from read ``number`` and nothing changed them
        since; the file is not looked at. (A generation would not do: a file replaced by hand may
        keep its generation and hold other documents.)"""
        with self._mutex:
            return self._data if self._data is not None and self._data_read == number else None

    def changed_since(self, generation: int) -> bool:
        """Whether the file on disk holds another generation than ``generation``: cheap, no parse."""
        return self.generation_on_disk() != generation

    def generation_on_disk(self) -> int:
        return self._disk_signature()[0]

    def _disk_signature(self) -> tuple[int, int, int, int]:
        """(generation, inode, size, mtime_ns) from one open of the file: cheap, no parse."""
        try:
            descriptor, status = open_regular(self.path, os.O_RDONLY)
            try:
                head = read_at_most(descriptor, _HEAD_BYTES)
            finally:
                os.close(descriptor)
        except FileNotFoundError:
            raise FirmFileMissing(self.path) from None
        except OSError as error:
            raise FirmFileError(self.path, f"cannot be read ({error.strerror})") from error
        match = _GENERATION_AT_HEAD.match(head)
        # A file written by hand may not start with the generation: fall back to a full read.
        generation = int(match.group(1)) if match else self._parse(self._read_bytes())[schema.META][schema.META_DOC]["generation"]
        return generation, status.st_ino, status.st_size, status.st_mtime_ns

    def refresh(self) -> None:
        """Load the file if it changed since we last read it."""
        with self._mutex:
            self._refresh()

    def _refresh(self, *, parse: bool = True) -> None:
        """With ``parse=False``, the first read of the file is kept as bytes (``unparsed``) until its
        documents are asked for, if its first bytes give its generation. Any later read is parsed at
        once: a file damaged in place, even at the same generation, is reported by the next read."""
        if (self._data is not None or self._unparsed is not None) and self._disk_signature() == self._signature:
            if parse and self._unparsed is not None:
                self._load(self._unparsed)
            return
        first = self._signature is None
        read = self._read()
        head = _GENERATION_AT_HEAD.match(read.raw) if first and not parse else None
        if head is None:
            self._load(read)
            return
        self._data = self._encoded = None
        self._data_read = None
        self._unparsed = read
        self._generation = int(head.group(1))
        self._signature = (self._generation, read.status.st_ino, read.status.st_size, read.status.st_mtime_ns)
        self._gid = read.status.st_gid

    def _read(self) -> FileRead:
        raw, status = self._read_bytes_and_status()
        self._reads += 1
        return FileRead(raw, status, self._reads)

    def _parsed(self, raw: bytes) -> schema.RawData:
        with gc_paused():
            return self._parse(raw)

    def _load(self, read: FileRead, data: schema.RawData | None = None) -> None:
        """Parse ``read`` into the data in memory (``data`` is its parse, when made already); on an
        error, keep what was there."""
        status = read.status
        if data is None:
            data = self._parsed(read.raw)
        self._unparsed = None
        self._encoded = None
        self._data = schema.migrate(data)
        self._data_read = read.number
        self._generation = self._data[schema.META][schema.META_DOC]["generation"]
        self._signature = (data[schema.META][schema.META_DOC]["generation"], status.st_ino, status.st_size, status.st_mtime_ns)
        self._gid = status.st_gid

    def _read_bytes_and_status(self) -> tuple[bytes, os.stat_result]:
        """The whole file, read no further than the size its descriptor reported."""
        try:
            return read_regular(self.path)
        except FileNotFoundError:
            raise FirmFileMissing(self.path) from None
        except OSError as error:
            raise FirmFileError(self.path, f"cannot be read ({error.strerror})") from error

    def _read_bytes(self) -> bytes:
        return self._read_bytes_and_status()[0]

    def _parse(self, raw: bytes) -> schema.RawData:
        if not raw.strip():
            raise FirmFileError(self.path, "the file is empty (was it truncated?); restore a backup beside it")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise FirmFileError(
                self.path, f"is not valid JSON ({error}); it may be truncated — restore a backup beside it"
            ) from None
        problem = schema.shape_problem(data)
        if problem:
            raise FirmFileError(self.path, problem)
        version = data[schema.META][schema.META_DOC]["schema_version"]
        if version > schema.SCHEMA_VERSION:
            raise FirmFileError(
                self.path,
                f"was written by a newer wipboard (schema version {version}; this program knows up to "
                f"{schema.SCHEMA_VERSION}); upgrade wipboard — the file was not changed",
            )
        return data

    # --- Writing --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[FirmStorage]:
        """Lock, refresh, let the caller change the data through TinyDB, write once, unlock.

        Nested calls join the outer transaction. If the body raises, nothing is
        written and the in-memory copy is dropped, so the next read comes from disk.
        """
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            with self._locked():
                yield from self._run_transaction()

    def _run_transaction(self) -> Iterator[FirmStorage]:
        self._drop_cache_on_error(self._refresh)
        self._dirty = False
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._drop_cache()
            raise
        finally:
            self._depth = 0
        if self._dirty:
            self._drop_cache_on_error(self._commit)

    def _drop_cache_on_error(self, step: Any) -> None:
        try:
            step()
        except BaseException:
            self._drop_cache()
            raise

    def _drop_cache(self) -> None:
        self._data = None
        self._unparsed = None
        self._data_read = None
        self._signature = None
        self._encoded = None
        self._generation = None
        self._dirty = False

    def encode_ahead(self) -> None:
        """Encode every document now, at a quiet moment: the first commit after a read then
        re-encodes only what it changed, as every later one does, instead of the whole file.
        A first read still unparsed is parsed first, outside the lock the threads share, so the
        screens' reads go on meanwhile."""
        with self._mutex:
            pending = self._unparsed if self._depth == 0 else None
        if pending is not None:
            data = self._parsed(pending.raw)
            with self._mutex:
                if self._unparsed is pending:  # no other thread parsed or replaced it meanwhile
                    self._load(pending, data)
        with self._mutex:
            if self._depth == 0 and self._data is not None and self._encoded is None:
                self._encoded = _encode_tables(self._data)

    def _commit(self) -> None:
        assert self._data is not None and self._generation is not None
        meta = self._data[schema.META][schema.META_DOC]
        meta["generation"] = self._generation + 1
        if self._encoded is None:
            self._encoded = _encode_tables(self._data)
        status = self._write_file(self._data, replace_existing=True, encoded=self._encoded)
        self._generation = meta["generation"]
        self._signature = (meta["generation"], status.st_ino, status.st_size, status.st_mtime_ns)
        self._dirty = False

    def create(self, data: schema.RawData) -> None:
        """Write a brand-new firm file; refuses to replace an existing one."""
        with self._locked():
            self.refuse_existing()
            self._write_file(data, replace_existing=False)
        self._data = self._unparsed = None

    def refuse_existing(self) -> None:
        """Refuse if anything is where a new firm file would go: a link (never followed) or a file."""
        if os.path.lexists(self.path):
            if os.path.islink(self.path):
                raise UnsafeFile(self.path, LINK_REFUSED)
            raise FirmFileExists(self.path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the firm file's lock (re-entrant within this process), e.g. around creating it."""
        with self._locked():
            yield

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._lock.acquire()
        acquired = time.perf_counter()
        try:
            yield
        finally:
            self._lock.release()
            if self.lock_holds is not None:
                self.lock_holds.append(time.perf_counter() - acquired)

    def _write_file(
        self, data: schema.RawData, *, replace_existing: bool, encoded: dict[str, dict[str, bytes]] | None = None
    ) -> os.stat_result:
        """Atomically replace the firm file with ``data``; returns the new file's status. Caller holds the lock."""
        payload = serialize_parts(data, encoded)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            self._sweep_temporary_files()
            if replace_existing:
                # Before the new file takes room: a nearly full disk needs the space of the oldest backup.
                self._prune_backups(keep=BACKUPS - 1)
            # The umask must not narrow a shared firm file, and colleagues read it through its group: keep the one it had.
            group = self._gid if replace_existing else os.stat(self.path.parent).st_gid
            written = write_durably(temporary, payload, mode=FILE_MODE, group=group)
            backup = self._keep_backup() if replace_existing else None
            os.replace(temporary, self.path)
        except OSError as error:
            _remove_quietly(temporary)
            raise WriteFailed(self.path, error) from error
        except BaseException:
            _remove_quietly(temporary)
            raise
        try:
            fsync_folder(self.path.parent)
        except OSError as error:
            # The rename may not survive a power cut: put the old file back so that
            # what the caller is told (nothing was saved) is what stays true.
            # Without a backup (no hard links here) there is nothing to put back: an existing
            # firm file must then stay as written — never be deleted.
            if backup is not None or not replace_existing:
                self._put_back(backup)
            raise WriteFailed(self.path, error) from error
        return written

    def _put_back(self, backup: Path | None) -> None:
        if backup is None:
            _remove_quietly(self.path)
            return
        restoring = backup.with_name(f".{self.path.name}.{os.getpid()}.restore.tmp")
        try:
            os.link(backup, restoring, follow_symlinks=False)
            os.replace(restoring, self.path)
        except OSError:
            _remove_quietly(restoring)

    # --- Backups and leftovers ------------------------------------------------------

    def backups(self) -> list[Path]:
        """The backups beside the file (regular files only), newest first."""
        return [path for path in self._backup_names() if is_regular_file(path)]

    def _backup_names(self) -> list[Path]:
        """Every name of the form ``NAME.bak-GENERATION`` beside the file, newest first."""
        found = []
        prefix = f"{self.path.name}.bak-"
        with os.scandir(self.path.parent) as entries:
            for entry in entries:
                suffix = entry.name[len(prefix) :]
                if entry.name.startswith(prefix) and _BACKUP_SUFFIX.fullmatch(suffix):
                    found.append((int(suffix), self.path.with_name(entry.name)))
        return [path for _, path in sorted(found, reverse=True)]

    def _keep_backup(self) -> Path | None:
        """Hard-link the outgoing file as ``NAME.bak-GENERATION``: no copy, just a second name."""
        backup = self.path.with_name(f"{self.path.name}.bak-{self._generation}")
        try:
            os.link(self.path, backup, follow_symlinks=False)
        except FileExistsError:
            # The same generation kept before (a backup copied back over the file, say) is
            # fine; a link or anything else planted under a backup's name is not.
            mode = os.lstat(backup).st_mode
            if not stat.S_ISREG(mode):
                raise UnsafeFile(
                    backup, f"is {describe_kind(mode)} where wipboard keeps a backup; nothing was written — move it away"
                ) from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
                raise
            return None
        return backup

    def _prune_backups(self, keep: int = BACKUPS) -> None:
        """Remove all but the newest ``keep`` backups. Caller holds the lock.

        Runs inside the commit, so a command-line run that writes once and exits
        leaves no more backups behind than a long-lived screen. Removing a name
        never follows a link, so a planted link is removed, never its target.
        """
        for stale in self._backup_names()[keep:]:
            try:
                _remove_quietly(stale)
            except PermissionError:
                pass  # a sticky folder keeps a colleague's backup from us: they prune it themselves

    def _sweep_temporary_files(self) -> None:
        """Remove temporary files left by a writer that was killed. Caller holds the lock."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            _remove_quietly(leftover)


def serialize(data: schema.RawData, encoded: dict[str, dict[str, bytes]] | None = None) -> bytes:
    """The file's bytes: ``_meta`` first with ``generation`` as its first key, then the tables."""
    return b"".join(serialize_parts(data, encoded))


def serialize_parts(data: schema.RawData, encoded: dict[str, dict[str, bytes]] | None = None) -> list[bytes]:
    """The file's bytes in pieces, written one after the other.

    With ``encoded`` (each document's bytes, in the same order as ``data``) the
    tables are joined rather than encoded again: the same bytes, much sooner.
    """
    meta = data[schema.META][schema.META_DOC]
    ordered_meta = {"generation": meta["generation"], **meta}
    if encoded is None:
        ordered = {schema.META: {schema.META_DOC: ordered_meta}}
        ordered.update((name, table) for name, table in data.items() if name != schema.META)
        return [orjson.dumps(ordered)]
    parts = [b'{"_meta":{"1":', orjson.dumps(ordered_meta), b"}"]
    for name in data:
        if name == schema.META:
            continue
        parts += [b",", orjson.dumps(name), b":{", b",".join(encoded[name].values()), b"}"]
    parts.append(b"}")
    return parts


def _encode_row(doc_id: str, document: dict[str, Any]) -> bytes:
    return orjson.dumps(doc_id) + b":" + orjson.dumps(document)


def _encode_tables(data: schema.RawData) -> dict[str, dict[str, bytes]]:
    return {
        name: {doc_id: _encode_row(doc_id, document) for doc_id, document in table.items()}
        for name, table in data.items()
        if name != schema.META
    }


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass

