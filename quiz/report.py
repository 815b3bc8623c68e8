"""The ready-to-paste problem report for one question, for the issue form."""

from __future__ import annotations

from pathlib import Path

from quiz.records import Deck
from quiz.round import LETTERS, Item
from quiz.safe_text import printable
from quiz.version import __version__


def problem_report(deck: Deck, item: Item, chosen: int | None) -> str:
    q = item.question
    given = "(none)" if chosen is None else f"{LETTERS[chosen]}. {item.choices[chosen]}"
    lines = [
        "### Problem with a question",
        f"- deck: {deck.slug} ({deck.title})",
        f"- id: {q.id}",
        f"- file: {Path(q.path).name}, line {q.line}",
        f"- question: {q.question}",
        *(f"  - {LETTERS[i]}. {choice}" for i, choice in enumerate(item.choices)),
        f"- answer given: {given}",
        f"- answer in the deck: {q.answer}",
        f"- app version: oms-quiz {__version__}",
        "- what is wrong: (describe it here, and quote the source sentence if you can)",
    ]
    return printable("\n".join(lines))
