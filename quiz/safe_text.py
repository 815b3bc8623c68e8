"""Making untrusted deck text safe to print: control characters become visible symbols."""

from __future__ import annotations

import re

# C0 controls (except tab and newline), DEL, C1 controls, and the bidi
# embedding/override/isolate marks that could reorder what the screen shows.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def printable(text: str) -> str:
    """Return `text` with every control character replaced by a visible symbol."""
    return UNSAFE.sub(_visible, text)


def control_characters(text: str) -> list[str]:
    """The control characters in `text`, as U+XXXX names, for error messages."""
    return sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
