"""The audit log: one JSON line per changed field, appended beside the firm file.

Entries are appended (and fsynced) under the firm file's lock *before* the firm
file is replaced, and the firm file records how many bytes of the log belong to
committed transactions (``_meta.audit_size``). So a crash between the two
leaves extra bytes that no reader trusts, and the next transaction cuts them
off: the log never tells of a change the firm file does not hold. A torn last
line is skipped on read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, BinaryIO

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from wipboard.store.durable_write import write_durably
from wipboard.store.errors import FirmFileError, WriteFailed
from wipboard.store.fields import MAX_INT, Count, Id, Login, Via
from wipboard.store.shared_folder import group_of, open_regular

LOG_MODE = 0o660  # every staff member appends to the log, whatever the writer's umask

# The log is a file anyone in the staff group can write, and its text reaches terminals
# (``jobs show``, the card's history): every line is validated as strictly as the firm file
# (R18), and one that fails is skipped, never shown. The text rules are those of the models'
# names and text (no control, bidi or invisible characters; the joiners and tags of emoji may
# stay), written as patterns that pydantic checks in Rust: a job's history reads thousands
# of lines, at a third of the cost of the models' Python checks.
_INVISIBLE = r"\p{Cf}--[\x{200C}\x{200D}\x{E0020}-\x{E007F}]"
OpId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
# Who acted ("dana", "automation: Review", "template: 1040 return") and the operation ("card save").
AuditName = Annotated[
    str, StringConstraints(min_length=1, max_length=120, pattern=rf"^[^\p{{Cc}}\x{{2028}}\x{{2029}}{_INVISIBLE}]+$")
]
# A value recorded before and after a change: a name, a description, notes (line breaks and tabs kept).
AuditText = Annotated[
    str, StringConstraints(max_length=10_000, pattern=rf"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]*$")
]
# A job field ("notes", "client_status.status_id") or a word for what happened to the job ("created").
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*$")]
# One item of a recorded list: an assignee's login, or a part of the client status's stamp
# (its time, who, how — an empty part when the stamp had none).
AuditWord = Annotated[
    str, StringConstraints(max_length=120, pattern=rf"^[^\p{{Cc}}\x{{2028}}\x{{2029}}{_INVISIBLE}]*$")
]
AuditValue = AuditText | Count | bool | list[AuditWord] | None


class AuditEntry(BaseModel):
    """One field of one job changed by one operation (SPEC §1)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: AwareDatetime
    op: OpId
    operation: AuditName  # "card save", "bulk edit", "move"…
    user: Login
    actor: AuditName
    via: Via
    job_id: Id
    field: FieldName
    before: AuditValue = None
    after: AuditValue = None
    version: Annotated[int, Field(ge=1, le=MAX_INT)] | None = None  # the job's version once saved (R15 checks it)
    undoes: OpId | None = None  # the op id this entry's operation undid


class AuditLog:
    """The append-only ``NAME.audit.jsonl`` beside a firm file."""

    def __init__(self, firm_path: Path) -> None:
        self.firm_path = firm_path
        self.path = firm_path.with_name(firm_path.name + ".audit.jsonl")

    def size(self) -> int:
        """The log's size, from the file itself (a link or a FIFO in its place is refused)."""
        try:
            descriptor, status = open_regular(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return 0
        except OSError as error:
            raise FirmFileError(self.path, f"cannot be read ({error.strerror})") from error
        os.close(descriptor)
        return status.st_size

    def cut_to(self, committed_size: int) -> None:
        """Drop bytes past the committed size: lines of a transaction that never committed."""
        try:
            descriptor, status = open_regular(self.path, os.O_WRONLY)
        except FileNotFoundError:
            return
        except OSError as error:
            raise WriteFailed(self.path, error) from error
        try:
            if status.st_size > committed_size:
                os.ftruncate(descriptor, committed_size)  # through the descriptor: never a name that may change
        except OSError as error:
            raise WriteFailed(self.path, error) from error
        finally:
            os.close(descriptor)

    def append(self, entries: Iterable[AuditEntry]) -> int:
        """Append ``entries`` durably and return the log's new size. Caller holds the lock."""
        # Entries are built from validated models, so their fields go out as they are.
        payload = b"".join(orjson.dumps(entry.__dict__) + b"\n" for entry in entries)
        if not payload:
            return self.size()
        # A disk that is full or failing is a WriteFailed like any other failed save: the firm
        # file is not replaced, and the bytes appended here are past its audit_size.
        try:
            # Every staff member appends to it: a new log gets the group's mode and the firm file's group.
            return write_durably(self.path, [payload], mode=LOG_MODE, group=group_of(self.firm_path), append=True).st_size
        except OSError as error:
            raise WriteFailed(self.path, error) from error

    def read_backwards(self, committed_size: int, user: str) -> Iterator[AuditEntry]:
        """``user``'s entries, newest first, read from the end of the log only as far as the caller goes."""
        needle = user_needle(user)
        for _, line in self.lines_backwards(committed_size):
            if needle in line:
                entry = parse_line(line)
                if entry is not None and entry.user == user:
                    yield entry

    def lines_backwards(self, committed_size: int) -> Iterator[tuple[int, bytes]]:
        """The committed lines, newest first, each with the offset it starts at.

        The log is read from its end in growing chunks, so finding a recent operation
        costs what was written since, not the size of the whole log.
        """
        try:
            file = _open_log(self.path)
        except FileNotFoundError:
            return
        with file:
            position, tail, chunk = committed_size, b"", _CHUNK
            while position > 0:
                start = max(0, position - chunk)
                file.seek(start)
                data = file.read(position - start) + tail
                position, chunk = start, min(chunk * 2, _MAX_CHUNK)
                # The bytes before the first line break may belong to a line that starts earlier.
                first_break = data.find(b"\n") if start > 0 else -1
                if start > 0 and first_break == -1:
                    tail = data
                    continue
                region = first_break + 1  # data[region:] is whole lines
                tail, end = data[:region], len(data)
                while end > region:
                    stop = end - 1 if data[end - 1] == 0x0A else end
                    found = data.rfind(b"\n", region, stop)
                    line_start = found + 1 if found != -1 else region
                    line = data[line_start:stop]
                    if line.strip():
                        yield start + line_start, line
                    end = line_start

    def read_range(self, start: int, end: int, job_ids: set[int] | None = None) -> Iterator[AuditEntry]:
        """The readable entries of the lines in ``[start, end)`` (offsets at line starts), oldest first;
        of ``job_ids`` only, if given (other lines are skipped before they are parsed)."""
        try:
            with _open_log(self.path) as file:
                file.seek(start)
                data = file.read(max(0, end - start))
        except FileNotFoundError:
            return
        yield from _entries(_job_lines(data, job_ids) if job_ids is not None else data.split(b"\n"), job_ids)

    def read(
        self, committed_size: int, job_ids: set[int] | None = None, user: str | None = None
    ) -> Iterator[AuditEntry]:
        """Every readable entry within the committed part of the log, oldest first.

        With ``job_ids`` (or ``user``), only those jobs' (or that user's) entries: the
        lines are found in one pass over the bytes before any parsing, so a job's history
        stays quick in a log of a million lines.
        """
        for data in self._chunks(committed_size):
            if job_ids is not None:
                lines = _job_lines(data, job_ids)
            elif user is not None:
                lines = _lines_containing(data, [user_needle(user)])
            else:
                lines = data.split(b"\n")
            for entry in _entries(lines, job_ids):
                if user is None or entry.user == user:
                    yield entry

    def _chunks(self, committed_size: int) -> Iterator[bytes]:
        """The committed bytes, oldest first, in blocks that end at a line break (or at the end)."""
        try:
            file = _open_log(self.path)
        except FileNotFoundError:
            return
        with file:
            left, carry = committed_size, b""
            while left > 0:
                data = carry + file.read(min(_MAX_CHUNK, left))
                if len(data) == len(carry):
                    break  # the file is shorter than its committed size: nothing more to read
                left -= len(data) - len(carry)
                cut = data.rfind(b"\n") + 1 if left > 0 else len(data)
                carry = data[cut:]
                if cut:
                    yield data[:cut]
            if carry:
                yield carry


def _open_log(path: Path) -> BinaryIO:
    """The log for reading, opened without following a link (see ``shared_folder``)."""
    try:
        descriptor, _ = open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise FirmFileError(path, f"cannot be read ({error.strerror})") from error
    return os.fdopen(descriptor, "rb")


_CHUNK = 1 << 16
_MAX_CHUNK = 1 << 23
_JOB_ID = re.compile(rb'"job_id":(\d+),')


def user_needle(user: str) -> bytes:
    """The bytes every line of ``user``'s entries contains, as ``AuditLog.append`` writes them."""
    return b'"user":' + orjson.dumps(user) + b","


def job_id_of(line: bytes) -> int | None:
    """The job id a line names, read without parsing the line."""
    match = _JOB_ID.search(line)
    return int(match.group(1)) if match else None


def _entries(lines: Iterable[bytes], job_ids: set[int] | None) -> Iterator[AuditEntry]:
    for line in lines:
        if not line.strip():
            continue
        entry = parse_line(line)
        if entry is not None and (job_ids is None or entry.job_id in job_ids):
            yield entry


def parse_line(line: bytes) -> AuditEntry | None:
    try:
        return AuditEntry.model_validate_json(line)
    except ValidationError:
        return None  # a torn line from a crash, or a line edited by hand


def _job_lines(data: bytes, job_ids: set[int]) -> list[bytes]:
    """The lines of ``data`` that name one of ``job_ids``, in file order.

    One job is found with ``bytes.find`` (fast even in a huge log); several in one
    pass over every line's job id, never one pass per job.
    """
    if len(job_ids) <= 2:
        return _lines_containing(data, [b'"job_id":%d,' % job_id for job_id in job_ids])
    lines = []
    for match in _JOB_ID.finditer(data):
        if int(match.group(1)) in job_ids:
            start = data.rfind(b"\n", 0, match.start()) + 1
            end = data.find(b"\n", match.end())
            lines.append(data[start : end if end != -1 else len(data)])
    return lines


def _lines_containing(data: bytes, needles: list[bytes]) -> list[bytes]:
    """The lines of ``data`` that contain any of ``needles``, in file order."""
    starts: set[int] = set()
    for needle in needles:
        position = data.find(needle)
        while position != -1:
            start = data.rfind(b"\n", 0, position) + 1
            starts.add(start)
            end = data.find(b"\n", position)
            position = data.find(needle, end if end != -1 else len(data))
    lines = []
    for start in sorted(starts):
        end = data.find(b"\n", start)
        lines.append(data[start : end if end != -1 else len(data)])
    return lines
