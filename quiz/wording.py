"""Numbers in words: plurals and percentages, the same everywhere they are shown."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percentage (0 when there is nothing to divide)."""
    return round(100 * part / whole) if whole else 0


CONFIDENCE_LABELS = {"guess": "Guess", "fair": "Fairly sure", "certain": "Certain"}  # the score file's values as shown
CONFIDENCE_PHRASES = {"guess": "you guessed", "fair": "you were fairly sure", "certain": "you were certain"}
