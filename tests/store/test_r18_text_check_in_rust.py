"""R18: the text check that runs in pydantic-core accepts and refuses exactly what the Python check did.

``store/fields.py`` checks names and texts with a pattern in pydantic-core and hands only the text the
pattern does not accept to Python. The functions below are the Python check as it was before (the
reference, kept here unchanged): on any text, the new check must accept what they accept, refuse what
they refuse, and word the refusal the same way.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Annotated

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from wipboard.store.fields import MULTI_LINE, SINGLE_LINE, problems_of

# --- The reference: the Python check as it was --------------------------------------------------

_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ZERO_WIDTH_JOINER = "\u200d"
ZERO_WIDTH_NON_JOINER = "\u200c"
WAVING_BLACK_FLAG = "\U0001f3f4"
CANCEL_TAG = "\U000e007f"
_TAGS = range(0xE0020, 0xE007F)


def reference_single_line(value: str) -> str:
    if _SINGLE_LINE_FORBIDDEN.search(value):
        raise ValueError("must not contain control characters or line breaks")
    return _shows_as_written(value)


def reference_multi_line(value: str) -> str:
    if _MULTI_LINE_FORBIDDEN.search(value):
        raise ValueError("must not contain control characters")
    return _shows_as_written(value)


def _shows_as_written(value: str) -> str:
    if value.isascii():
        return value
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
    if value[index] != ZERO_WIDTH_JOINER or index == 0 or index + 1 == len(value):
        return False
    before, after = value[index - 1], value[index + 1]
    return (before == "\ufe0f" or unicodedata.category(before) in ("So", "Sk")) and unicodedata.category(after) == "So"


def _joins_letters(value: str, index: int) -> bool:
    if value[index] not in (ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER) or index == 0 or index + 1 == len(value):
        return False
    return _in_joining_script(value[index - 1]) and _in_joining_script(value[index + 1])


_JOINING_SCRIPTS = (
    "ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL",
    "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "KHMER", "MYANMAR", "TIBETAN",
)


def _in_joining_script(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM" and unicodedata.name(character, "").startswith(_JOINING_SCRIPTS)


# --- The comparison -------------------------------------------------------------------------------

SINGLE = TypeAdapter(Annotated[str, SINGLE_LINE])
MULTI = TypeAdapter(Annotated[str, MULTI_LINE])
CHECKS = [(SINGLE, reference_single_line), (MULTI, reference_multi_line)]


def verdict_of_reference(check, value: str) -> str | None:  # type: ignore[no-untyped-def]
    try:
        assert check(value) == value
    except ValueError as error:
        return str(error)
    return None


def verdict_of_new(adapter: TypeAdapter[str], value: str) -> str | None:
    try:
        assert adapter.validate_python(value) == value
    except ValidationError as error:
        problems = problems_of(error)  # as every edge reads a refusal
        assert len(problems) == 1, problems
        assert problems[0]["loc"] == ()
        return problems[0]["msg"]
    return None


def assert_same_verdicts(value: str) -> None:
    for adapter, check in CHECKS:
        assert verdict_of_new(adapter, value) == verdict_of_reference(check, value), (value, [hex(ord(c)) for c in value])


# What the rules turn on: joiners, variation selectors, flags and their tags, the other format
# characters, controls and line breaks, letters of joining scripts and of Latin, emoji and symbols.
INTERESTING = [
    ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER, "\ufe0f", "\ufe0e", WAVING_BLACK_FLAG, CANCEL_TAG, "\U000e0067",
    "\U000e0062", "\U000e0020", "\U000e007e", "\U000e0080", "\U000e001f", "\u202e", "\u2066", "\u200b", "\u00ad",
    "\ufeff", "\u2060", "\u061c", "\U000110bd", "\x00", "\t", "\n", "\r", "\x85", "\x7f", "\u2028", "\u2029",
    "\u0645", "\u06cc", "\u064b", "\u0640", "\u0915", "\u094d", "\u0937", "\u0710", "\u1820", "\u0d15", "\u1780",
    "a", "Z", "é", " ", "👩", "💻", "🔥", "❤", "☠", "🏽", "^", "\u02c2", "1", "\u20e3", "\U0001fae8", "\U0001f6dc",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(INTERESTING), st.characters()), max_size=12).map("".join))
def test_r18_the_check_in_rust_agrees_with_the_python_reference_on_random_text(value: str) -> None:
    assert_same_verdicts(value)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_r18_the_check_in_rust_agrees_with_the_python_reference_on_any_text(value: str) -> None:
    assert_same_verdicts(value)


def _characters_of(categories: set[str]) -> list[str]:
    return [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) in categories]


@pytest.mark.parametrize("categories", [{"Cf"}, {"So", "Sk"}, {"Mn"}], ids=lambda c: "+".join(sorted(c)))
def test_r18_every_format_character_and_symbol_is_judged_as_the_reference_judges_it(categories: set[str]) -> None:
    """Each character of the categories the rules name, alone and on either side of a joiner next to an emoji."""
    characters = _characters_of(categories)
    if categories == {"So", "Sk"}:  # and the unassigned emoji code points a newer Unicode may have filled
        characters += [chr(code) for code in range(0x1F000, 0x1FB00) if unicodedata.category(chr(code)) == "Cn"]
    for character in characters:
        for value in (f"a{character}b", f"👩{ZERO_WIDTH_JOINER}{character}", f"{character}{ZERO_WIDTH_JOINER}👩",
                      f"\u0645{character}\u062e"):
            assert_same_verdicts(value)
