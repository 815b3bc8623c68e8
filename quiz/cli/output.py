"""What the sub-commands share: the program's name, and a deck loaded or its problems printed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from quiz import paths
from quiz.deck import load_deck
from quiz.records import Deck, DeckError
from quiz.safe_text import printable

PROG = paths.APP_NAME
# Where a command found its deck when it was given no path (see quiz.paths.default_deck).
ORIGINS = {"repository": "this repository's decks", "bundled": "the bundled decks", "environment": f"${paths.ENV_QUESTIONS}"}


def shown(path: Path) -> Path:
    """`path` relative to the current folder when it lies inside it, else absolute: what an editor or a log can open."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd())
    except (ValueError, OSError):
        return absolute


def load_or_report(folder: Path, use: str) -> Deck | None:
    """The deck in `folder`, or None after printing why it cannot be `use`d (loaded, played) to stderr."""
    try:
        return load_deck(folder)
    except DeckError as exc:
        for problem in exc.problems:
            print(printable(str(problem)), file=sys.stderr)
        print(f"{PROG}: the deck in {folder} cannot be {use}; fix the errors above (oms-quiz check {folder})", file=sys.stderr)
        return None
