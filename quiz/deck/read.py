"""A deck folder's files: which ones there are, and reading them only when they are the deck's own.

Decks come from strangers' pull requests and `check` prints what it reads into public CI logs, so a
deck reads only regular files that lie inside its own folder once links are resolved.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

DECK_FILE = "deck.yaml"
QUESTION_KEYS = ("id", "topic", "question", "answer", "distractors", "explanation")
DECK_KEYS = ("title", "source", "attribution", "topics")
MIN_DISTRACTORS, MAX_DISTRACTORS = 2, 5
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ID_CHARS = 100  # a question's id and a topic slug
MAX_QUESTION_CHARS = 1000  # a question's stem, and deck.yaml's attribution
MAX_CHOICE_CHARS = 300  # the answer, each distractor, deck.yaml's title and each topic's title
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
QUESTION_SUFFIXES = (".yaml", ".yml")


class NotDeckFile(OSError):
    """A file the deck may not read; the message says why, without a byte of the file."""


def question_files(folder: Path) -> list[Path]:
    """The deck's question files (every *.yaml or *.yml but deck.yaml), in a stable order.

    Entries that are not regular files are listed too, so that reading them reports why they are refused."""
    files = [p for p in folder.iterdir() if p.suffix in QUESTION_SUFFIXES and p.name != DECK_FILE]
    return sorted(files, key=lambda p: p.name)


def refusal(folder: Path, path: Path) -> str | None:
    """Why `path` is not one of the deck's own files, or None when it may be read."""
    try:
        real = path.resolve(strict=True)
        home = folder.resolve(strict=True)
    except FileNotFoundError:
        return "it is a link to nothing" if path.is_symlink() else None  # a missing file is reported by the reader
    except (OSError, RuntimeError):
        return "its links cannot be followed (a loop?)"
    if real.parent != home:
        return "it is a link to a file outside the deck folder; a deck reads only its own files"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return None  # the reader reports why it cannot be read
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "not a regular file"
        return f"it is {kind}, not a regular file"
    return None


def read_bytes(folder: Path, path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of one of the deck's own files; NotDeckFile when it is not one, or is larger than `limit`."""
    why = refusal(folder, path)
    if why is not None:
        raise NotDeckFile(f"not read: {why}")
    size = path.stat().st_size  # refuse a huge file before reading it
    if size > limit:
        raise NotDeckFile(f"file is {size / 1e6:.1f} MB; the limit is {limit // (1024 * 1024)} MB")
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotDeckFile(f"file is over {limit // (1024 * 1024)} MB; the limit is {limit // (1024 * 1024)} MB")
    return data


def deck_folder_of(path: Path) -> tuple[Path, Path | None]:
    """For `check PATH`: the deck folder, and the single file asked about (if PATH is a file)."""
    if path.is_dir():
        return path, None
    return path.parent, path
