"""Constrained value types shared by the models: the limits of SPEC §1 as types.

Every string a person can type goes through one of these, so a name with a
control character or a description of 501 characters is refused the same way
whether it came from a form, the command line or the firm file (R18).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, GetCoreSchemaHandler, StringConstraints, ValidationError
from pydantic_core import CoreSchema, ErrorDetails, core_schema

# Tabs and line breaks are fine in multi-line text; every other C0/C1 control
# character (and DEL) is not: they corrupt terminals and exports.
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


ZERO_WIDTH_JOINER = "\u200d"
ZERO_WIDTH_NON_JOINER = "\u200c"
WAVING_BLACK_FLAG = "\U0001f3f4"
CANCEL_TAG = "\U000e007f"
_TAGS = range(0xE0020, 0xE007F)  # the tag letters of a subdivision flag (🏴 + "gbeng" + cancel tag)


def _single_line(value: str) -> str:
    if _SINGLE_LINE_FORBIDDEN.search(value):
        raise ValueError("must not contain control characters or line breaks")
    return _shows_as_written(value)


def _multi_line(value: str) -> str:
    if _MULTI_LINE_FORBIDDEN.search(value):
        raise ValueError("must not contain control characters")
    return _shows_as_written(value)


@lru_cache(maxsize=1 << 16)
def _shows_as_written(value: str) -> str:
    """Refuse the invisible format characters (Unicode category Cf): bidi overrides and isolates
    make ``invoice\u202efdp.exe`` read as ``invoiceexe.pdf`` and shift table columns, and
    zero-width characters make two names that look alike differ. Emoji keep what they need: a
    zero-width joiner between two emoji (👩‍💻) and the tag letters of a subdivision flag.

    Cached: a firm's names repeat (every job of an account, every "2025 Form 1040"), and a
    firm file of 10 000 jobs checked them one character at a time at every load."""
    if value.isascii():
        return value  # the common case, at no cost
    index = 0
    while index < len(value):
        character = value[index]
        if character == WAVING_BLACK_FLAG:
            end = index + 1
            while end < len(value) and ord(value[end]) in _TAGS:
                end += 1
            if end > index + 1 and end < len(value) and value[end] == CANCEL_TAG:
                index = end + 1
                continue
        elif unicodedata.category(character) == "Cf" and not (_joins_emoji(value, index) or _joins_letters(value, index)):
            raise ValueError(f"contains an invisible or text-direction character (U+{ord(character):04X})")
        index += 1
    return value


def _joins_emoji(value: str, index: int) -> bool:
    """A zero-width joiner between an emoji (with its variation selector or skin tone) and the next emoji."""
    if value[index] != ZERO_WIDTH_JOINER or index == 0 or index + 1 == len(value):
        return False
    before, after = value[index - 1], value[index + 1]
    return (before == "\ufe0f" or unicodedata.category(before) in ("So", "Sk")) and unicodedata.category(after) == "So"


def _joins_letters(value: str, index: int) -> bool:
    """A zero-width (non-)joiner inside a word of a script that spells with it — Persian and Arabic
    (``می‌خواهم``), the Indic scripts, Syriac, Mongolian — between two of its letters or marks.
    Between Latin letters it does nothing visible, so there it stays refused."""
    if value[index] not in (ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER) or index == 0 or index + 1 == len(value):
        return False
    return _in_joining_script(value[index - 1]) and _in_joining_script(value[index + 1])


_JOINING_SCRIPTS = (
    "ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL",
    "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "KHMER", "MYANMAR", "TIBETAN",
)


def _in_joining_script(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM" and unicodedata.name(character, "").startswith(_JOINING_SCRIPTS)


# The check runs in pydantic-core (Rust): the pattern accepts text with no control character and
# no invisible format character (category Cf) other than an emoji's zero-width joiner or a
# subdivision flag's tags. Only text it does not accept — a joiner inside a Persian or Indic word,
# or text to refuse — comes to the Python functions above, whose verdict (and message) is final.
# So the pattern only has to accept nothing they refuse: its emoji classes are limited to the
# characters of this Python's Unicode version (``unicodedata``), whose categories they share.
_UNICODE_AGE = "V" + "_".join(unicodedata.unidata_version.split(".")[:2])
_EMOJI_BEFORE_JOINER = rf"[[\p{{So}}\p{{Sk}}\x{{FE0F}}]&&\p{{Age={_UNICODE_AGE}}}]"
_EMOJI_AFTER_JOINER = rf"[\p{{So}}&&\p{{Age={_UNICODE_AGE}}}]"
_FLAG = r"\x{1F3F4}[\x{E0020}-\x{E007E}]+\x{E007F}"
_EMOJI = rf"{_EMOJI_BEFORE_JOINER}(?:\x{{200D}}{_EMOJI_AFTER_JOINER})*\x{{200D}}(?:{_EMOJI_AFTER_JOINER}|{_FLAG})"


def _shown_as_written_pattern(allowed: str) -> str:
    return rf"^(?:[^{allowed}\p{{Cf}}]|{_FLAG}|{_EMOJI})*$"


SINGLE_LINE_PATTERN = _shown_as_written_pattern(r"\x00-\x1F\x7F-\x9F\x{2028}\x{2029}")
MULTI_LINE_PATTERN = _shown_as_written_pattern(r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F")


# The labels of the two choices of a text check's union: they end the ``loc`` of its errors.
_AS_WRITTEN = "as written"
_CHECKED = "checked"


@dataclass(frozen=True)
class ShownAsWritten:
    """Annotated metadata: the text passes ``pattern`` in pydantic-core, or ``check`` (in Python) decides.

    The check sits in a union behind the pattern, so Python is called only for text the pattern
    does not accept (a joiner inside a Persian word, or text to refuse): a firm of 100 000 jobs
    holds half a million such texts, and a Python step after every one of them was a fifth of
    the time its first load spent validating. A refusal is then an error of each choice of the
    union; ``problems_of`` gives it as one, in the words of ``check``, for the field.
    """

    pattern: str
    check: Callable[[str], str]

    def __get_pydantic_core_schema__(self, source: type[Any], handler: GetCoreSchemaHandler) -> CoreSchema:
        verdict = core_schema.union_schema(
            [
                (core_schema.str_schema(pattern=self.pattern), _AS_WRITTEN),
                (core_schema.no_info_plain_validator_function(self.check), _CHECKED),
            ],
            mode="left_to_right",
        )
        return core_schema.chain_schema([handler(source), verdict])


def problems_of(error: ValidationError) -> list[ErrorDetails]:
    """``error.errors()`` as the edges word them: each text check's refusal as one error, the
    check's, at the field's own ``loc`` (the pattern's half of the union only says the quick path
    did not accept the text), and a check's reason without pydantic's "Value error, " before it."""
    problems: list[ErrorDetails] = []
    for problem in error.errors():  # a fresh list of fresh dicts at every call
        where = problem["loc"]
        if where and where[-1] == _AS_WRITTEN:
            continue
        if where and where[-1] == _CHECKED:
            problem["loc"] = where[:-1]
        problem["msg"] = problem["msg"].removeprefix("Value error, ")
        problems.append(problem)
    return problems


SINGLE_LINE = ShownAsWritten(SINGLE_LINE_PATTERN, _single_line)
MULTI_LINE = ShownAsWritten(MULTI_LINE_PATTERN, _multi_line)


def _name(min_length: int, max_length: int) -> object:
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length), SINGLE_LINE
    ]


def _text(max_length: int) -> object:
    return Annotated[str, StringConstraints(max_length=max_length), MULTI_LINE]


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
    SINGLE_LINE,
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
# Who changed something: a login, or an automation or template named after its stage or template.
ActorName = _name(1, 120)

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
