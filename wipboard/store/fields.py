"""Constrained value types shared by the models: the limits of SPEC §1 as types.

Every string a person can type goes through one of these, so a name with a
control character or a description of 501 characters is refused the same way
whether it came from a form, the command line or the firm file (R18).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, StringConstraints

# Tabs and line breaks are fine in multi-line text; every other C0/C1 control
# character (and DEL) is not: they corrupt terminals and exports.
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _single_line(value: str) -> str:
    if _SINGLE_LINE_FORBIDDEN.search(value):
        raise ValueError("must not contain control characters or line breaks")
    return value


def _multi_line(value: str) -> str:
    if _MULTI_LINE_FORBIDDEN.search(value):
        raise ValueError("must not contain control characters")
    return value


def _name(min_length: int, max_length: int) -> object:
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_single_line),
    ]


def _text(max_length: int) -> object:
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_multi_line)]


# The largest integer every JSON reader keeps exact (and far inside what orjson can
# write): a bigger one would be accepted here and then fail the save with a TypeError.
MAX_INT = 2**53 - 1
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
Id = Annotated[int, Field(gt=0, le=MAX_INT)]
Login = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.@-]*$"),
]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=40, pattern=r"^[^\s,]+$"),
]

PersonName = _name(1, 120)
AccountName = _name(1, 200)
PipelineName = _name(1, 80)
StageName = _name(1, 60)
StatusName = _name(1, 40)
TemplateName = _name(1, 80)
JobName = _name(1, 200)
NameForClient = _name(0, 120)
StatusDescription = _text(500)
Notes = _text(10_000)
FirmName = _name(1, 200)

Color = Literal["blue", "yellow", "purple", "orange", "green", "red", "teal", "gray"]
COLORS: tuple[Color, ...] = ("blue", "yellow", "purple", "orange", "green", "red", "teal", "gray")

Priority = Literal["low", "medium", "high", "urgent"]
PRIORITIES: tuple[Priority, ...] = get_args(Priority)  # lowest first, as forms list them
Role = Literal["owner", "admin", "employee"]
JobAccess = Literal["all", "assigned", "none"]
# settings: the jobs of a status that was deleted, given its replacement.
Via = Literal["card", "bulk", "automation", "template", "cli", "undo", "settings"]


def utc_now() -> datetime:
    """The current time, to the second, in UTC: what every timestamp stores."""
    return datetime.now(timezone.utc).replace(microsecond=0)
