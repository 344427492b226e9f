"""The firm's text as a terminal may print it: every control character shown, never obeyed.

Names in the firm file are validated (R18), but what reaches a terminal can also come from
the audit log, from what a user typed, or from a file edited by hand. An escape sequence in
any of them could clear the screen, retitle the window, write the clipboard (OSC 52) or
draw a fake prompt; a bidi override could make a name read as another. So the command
line and the screens pass the firm's text through :func:`printable` on its way out.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# C0 controls and DEL show as their Control Pictures (ESC as ␛, CR as ␍), keeping the
# text's width; line breaks and tabs stay, multi-line descriptions need them.
_C0 = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\n\t"}
_DEL = {0x7F: "\u2421"}
# C1 controls (0x9b is a one-byte CSI) and the bidi controls and isolates have no pictures.
_OTHERS = {
    code: REPLACEMENT
    for code in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
}
_VISIBLE = str.maketrans(_C0 | _DEL | _OTHERS)
# The same characters inside JSON strings: escaped as \u…, which JSON readers decode to the very
# same text (the encoder escapes C0 itself; C1 and bidi controls would go out raw). Found by a
# pattern, not ``str.translate``: a listing of 100 000 jobs is megabytes of text, which translate
# looks up one character at a time (4.4 s) and the pattern scans at C speed for the rare few.
_RAW_IN_JSON = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_DEL | _OTHERS)) + "]")


def printable(text: object) -> str:
    """``text`` with every control character (ESC, C1, DEL, bidi overrides) made visible."""
    value = str(text)
    return value if value.isprintable() else value.translate(_VISIBLE)


def printable_json(encoded: str) -> str:
    """JSON text whose strings hold no raw C1 or bidi control character: still exactly the same JSON."""
    return encoded if encoded.isascii() else _RAW_IN_JSON.sub(_escaped, encoded)


def _escaped(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"
