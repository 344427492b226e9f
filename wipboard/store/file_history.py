"""The firm file's answer to ``AuditHistory``: positions are byte offsets in the audit log.

An operation's entries are appended together, so they are adjacent lines: the
user's last operation is found reading the log backwards from its end, and what
came after it is one pass over the bytes that follow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping

import orjson

from wipboard.store.audit import AuditEntry, AuditLog, job_id_of, parse_line, user_needle
from wipboard.store.errors import InvalidRequest
from wipboard.store.interface import LastOperation


class FileAuditHistory:
    """``AuditHistory`` over the ``NAME.audit.jsonl`` beside a firm file."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def entries(self, upto: int, job_ids: set[int] | None = None, user: str | None = None) -> Iterator[AuditEntry]:
        return self.log.read(upto, job_ids, user)

    def latest_of(self, upto: int, user: str) -> Iterator[AuditEntry]:
        return self.log.read_backwards(upto, user)

    def entries_after_versions(self, upto: int, versions: Mapping[int, int]) -> dict[int, list[AuditEntry]]:
        """Read backwards from the end only until each job's given version is reached."""
        pending = dict(versions)
        found: dict[int, list[AuditEntry]] = defaultdict(list)
        for _, line in self.log.lines_backwards(upto):
            if not pending:
                break
            job_id = job_id_of(line)
            if job_id not in pending:
                continue
            entry = parse_line(line)
            if entry is None or entry.job_id != job_id:
                continue
            if (entry.version or 0) > pending[job_id]:
                found[job_id].append(entry)
            else:
                del pending[job_id]  # versions only grow: everything older is older still
        return {job_id: entries[::-1] for job_id, entries in found.items()}

    def last_operation(self, upto: int, login: str) -> LastOperation | None:
        """Undos, and the operations they undid, are stepped over. The operation ends at the
        first line (going back) that is not one of its own.

        An operation one of whose lines cannot be read (edited by hand) is refused: undoing
        the lines that can be read would undo only part of it.
        """
        needle = user_needle(login)
        undone: set[str] = set()
        target: str | None = None
        skipping = b"\0"  # the op of the undo (or undone operation) being stepped over
        start = end = lines = 0
        damaged_end = False
        later = b""  # the line after this one in the file
        for offset, line in self.log.lines_backwards(upto):
            if target is not None:
                if skipping not in line:
                    break
                start, lines = offset, lines + 1
                continue
            entry = parse_line(line) if needle in line and skipping not in line else None
            if entry is not None and entry.user == login:
                skipping = _op_needle(entry.op)
                if entry.undoes is not None:
                    undone.add(entry.undoes)
                elif entry.op not in undone:
                    target, start, end, lines = entry.op, offset, offset + len(line) + 1, 1
                    # A line after it naming its op was refused when read: it is the operation's too.
                    damaged_end = skipping in later
            later = line
        if target is None:
            return None
        entries = [entry for entry in self.log.read_range(start, end) if entry.op == target]
        if damaged_end or len(entries) != lines:
            name = entries[0].operation if entries else "last operation"
            raise InvalidRequest(
                f"cannot undo your {name}: part of its record in the audit log {self.log.path} cannot be read "
                "(was the file edited by hand?); nothing was undone"
            )
        return LastOperation(target, entries, end)

    def entries_between(self, start: int, end: int, job_ids: set[int]) -> Iterator[AuditEntry]:
        return self.log.read_range(start, end, job_ids)

    def user_wrote_between(self, login: str, start: int, end: int) -> bool:
        needle = user_needle(login)
        for offset, line in self.log.lines_backwards(end):
            if offset < start:
                return False
            if needle in line:
                return True
        return False


def _op_needle(op: str) -> bytes:
    return b'"op":' + orjson.dumps(op) + b","
