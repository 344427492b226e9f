"""The demo's synthetic history: the audit log of the operations that made each job what it is."""

from __future__ import annotations

from datetime import date, timedelta
from time import gmtime, strftime

import orjson

from wipboard.store.audit import AuditValue
from wipboard.store.demo.dice import Dice
from wipboard.store.demo.firm import DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_OWNER, STAFF
from wipboard.store.demo.stored import DAY, RawDocument
from wipboard.store.fields import PRIORITIES

# What the template and the automations changed at each step of a job's way (0: its creation,
# i: its i-th move), as the format of that step's audit lines (see ``line_format``) and their count.
StepChanges = tuple[tuple[bytes, int], ...]



def line_format(field: str, before: AuditValue, after: AuditValue, actor: bytes, via: str) -> bytes:
    """A change as ``Operation.finish`` records it, as a %-format of three values that differ from job to job:

    the line's head (``{"at":…,"op":…,"operation":…,"user":…,``), the job's id, and the
    version with the rest of the line (``3,"undoes":null}\\n``).
    """
    middle = b'"actor":%s,"via":"%s","job_id":' % (actor, via.encode())
    tail = b',"field":"%s","before":%s,"after":%s,"version":' % (field.encode(), orjson.dumps(before), orjson.dumps(after))
    return b"%s" + middle.replace(b"%", b"%%") + b"%s" + tail.replace(b"%", b"%%") + b"%s"


# Staff who may act on any job; an "assigned" employee acts only on jobs assigned to them.
_ANY_JOB_STAFF = (DEMO_OWNER, DEMO_ADMIN, DEMO_EMPLOYEE)
_LOGIN_JSON = {login: orjson.dumps(login) for login in STAFF}
_MASK_48 = (1 << 48) - 1



class History:
    """The demo's audit log: the operations that made each job what it is, as the services record them.

    A job is created in its pipeline's first stage — its template's preset and that
    stage's automations in the same operation (R1, R2) — then moved one stage at a
    time to where it is, each move with what the stage's automations changed (R4);
    after the last move it may have been edited on its card and archived or deleted.
    One operation per version, at the job's own times, so the log ends where the job is.

    Lines are built as bytes, in the very layout ``AuditLog.append`` writes (a test
    checks it), and with dice of their own, so the firm file's jobs are the same
    with or without a log.
    """

    def __init__(self, seed: int) -> None:
        self.dice = Dice(f"wipboard demo history {seed}")
        self.ops: list[tuple[int, int, int, bytes]] = []  # (at, job id, n-th operation of the job, its lines)
        self.moves: dict[tuple[bytes, int, int], bytes] = {}  # (user, from stage, to stage) -> line format
        self.days: dict[int, bytes] = {}  # day since 1970 -> b"2026-03-02T"

    def record(self, job: RawDocument, start: date, stage_ids: list[int], changes: StepChanges, times: list[int],
               edits: int, updated: int) -> None:
        """The operations of ``job``: created at ``times[0]``, moved at ``times[1:]``, last changed at ``updated``."""
        dice, job_id, ops, moves = self.dice, job["id"], self.ops, self.moves
        assignees = job["assignees"]
        job_id_bytes = b"%d" % job_id

        def operation(n: int, at: int, name: bytes, user: bytes, first: bytes, step: tuple[bytes, int] = (b"", 0)) -> None:
            """The ``n``-th operation: the user's own change ``first`` (a line format), then ``step``'s."""
            head = b'{"at":"%s","op":"%012x","operation":"%s","user":%s,' % (self.time(at), _op_id(job_id, n), name, user)
            values = (head, job_id_bytes, b'%d,"undoes":null}\n' % n) * (1 + step[1])
            ops.append((at, job_id, n, (first + step[0]) % values))

        def who() -> bytes:
            return _LOGIN_JSON[dice.pick(assignees) if assignees and dice.random() < 0.7 else dice.pick(_ANY_JOB_STAFF)]

        user, via = who(), dice.pick(("card", "cli"))
        operation(1, times[0], b"create", user, line_format("created", None, job["name"], user, via), changes[0])
        for step in range(1, len(times)):
            user = who()
            key = (user, stage_ids[step - 1], stage_ids[step])
            moved = moves.get(key)
            if moved is None:
                moved = moves[key] = line_format("stage_id", key[1], key[2], user, "card")
            operation(step + 1, times[step], b"move", user, moved, changes[step])
        ending = "archived" if job["archived"] else "deleted" if job["deleted"] else None
        later = edits + (ending is not None)
        if not later:
            return
        # In working hours between the last move and the last change, which is the last of them.
        last_move = times[-1]
        day_start = [seconds - seconds % DAY for seconds in (dice.between(last_move, updated) for _ in range(later - 1))]
        at = sorted(max(last_move, min(updated, day + 8 * 3600 + dice.between(0, 10 * 3600))) for day in day_start)
        at.append(updated)
        editable = ["priority", "due_date", *(("notes",) if job["notes"] else ())]
        n = len(times)
        for edit in range(edits):
            field = editable.pop(int(dice.random() * len(editable)))
            if field == "priority":
                before: AuditValue = dice.pick([priority for priority in PRIORITIES if priority != job["priority"]])
            elif field == "due_date":  # the due date was moved by a week or a few
                due, shift = date.fromisoformat(job["due_date"]), timedelta(days=7 * dice.between(1, 3))
                before = (due - shift if due - shift >= start else due + shift).isoformat()
            else:
                before = ""  # the notes were written after the job was added
            user = who()
            n += 1
            operation(n, at[edit], b"card save", user, line_format(field, before, job[field], user, "card"))
        if ending is not None:
            user = who()
            operation(n + 1, updated, b"archive" if ending == "archived" else b"delete", user,
                      line_format(ending, False, True, user, dice.pick(("card", "cli"))))

    def time(self, seconds: int) -> bytes:
        """A UTC time as the audit log stores it (orjson's ``2026-03-02T14:05:11+00:00``)."""
        day, second = divmod(seconds, DAY)
        prefix = self.days.get(day)
        if prefix is None:
            prefix = self.days[day] = strftime("%Y-%m-%dT", gmtime(seconds)).encode()
        hours, second = divmod(second, 3600)
        return b"%s%02d:%02d:%02d+00:00" % (prefix, hours, second // 60, second % 60)

    def log(self) -> bytes:
        """Every operation's lines, oldest first (one job's operations keep their order)."""
        self.ops.sort()  # by time, job, n-th operation: never down to the lines, as those three differ
        return b"".join(op[3] for op in self.ops)


def _op_id(job_id: int, n: int) -> int:
    """A 48-bit operation id, unique to (job, n-th operation) and as random-looking as ``secrets.token_hex(6)``."""
    value = ((job_id << 6 | n) * 0x5DEECE66D) & _MASK_48  # odd multipliers and xor-shifts: a bijection
    value ^= value >> 21
    value = (value * 0x2545F4914F6D) & _MASK_48
    return value ^ (value >> 17)
