"""`oms-quiz schema`: the JSON Schemas of question files and deck.yaml, for editors (see quiz/deck/schema.py)."""

from __future__ import annotations

from pathlib import Path

from quiz.cli.output import PROG
from quiz.deck import schema as schemas
from quiz.files import atomic_write


def schema(name: str, write: str | None = None) -> int:
    """Print the schema called `name`; with `write`, write every schema into that folder instead."""
    if write is None:
        print(schemas.render(name), end="")
        return 0
    folder = Path(write)
    for each in schemas.NAMES:
        path = folder / schemas.file_name(each)
        atomic_write(path, schemas.render(each), durable=False)
        print(f"{PROG} schema: wrote {path}")
    return 0
