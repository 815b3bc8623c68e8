"""A parse cache for question files: PyYAML is slow, so validated questions are kept as JSON.

Each deck gets one JSON file in the user cache folder. An entry is reused only when the
question file's path, size and modification time, the deck.yaml and source file's, and the
app version all match; anything unreadable or mismatched is ignored and parsed again, so the
cache can make a start faster but never serve stale questions.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from quiz import __version__

FORMAT = 1


def _stamp(path: Path) -> list[Any] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [str(path.resolve()), st.st_size, st.st_mtime_ns]


class DeckCache:
    def __init__(self, folder: Path, depends_on: list[Path], root: Path | None) -> None:
        self.root = root
        self.file: Path | None = None
        self.entries: dict[str, Any] = {}
        self.dirty = False
        self.context = [FORMAT, __version__, *(_stamp(p) for p in depends_on)]
        if root is None:
            return
        key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
        self.file = root / f"deck-{key}.json"
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("context") == self.context and isinstance(data.get("files"), dict):
            self.entries = data["files"]

    @classmethod
    def for_deck(cls, folder: Path, depends_on: list[Path]) -> DeckCache:
        from quiz.paths import cache_dir

        try:
            root: Path | None = cache_dir()
        except Exception:  # no usable cache folder: work without one
            root = None
        return cls(folder, depends_on, root)

    def get(self, path: Path) -> dict[str, Any] | None:
        entry = self.entries.get(str(path))
        if isinstance(entry, dict) and entry.get("stamp") == _stamp(path):
            return entry
        return None

    def put(self, path: Path, questions: list[Any], skipped: int, problems: list[Any]) -> None:
        stamp = _stamp(path)
        if stamp is None:
            return
        self.entries[str(path)] = {
            "stamp": stamp,
            "questions": [[q.id, q.topic, q.question, q.answer, q.distractors, q.explanation, q.path, q.line] for q in questions],
            "skipped": skipped,
            "problems": [[p.path, p.line, p.severity, p.message] for p in problems],
        }
        self.dirty = True

    def save(self, keep: list[Path]) -> None:
        """Write the cache if it changed; a failure only costs speed next time."""
        if self.file is None or not self.dirty:
            return
        wanted = {str(p) for p in keep}
        files = {k: v for k, v in self.entries.items() if k in wanted}
        try:
            from quiz.store import atomic_write

            atomic_write(self.file, json.dumps({"context": self.context, "files": files}, ensure_ascii=False))
        except OSError:
            pass


def disabled() -> bool:
    return os.environ.get("OMS_QUIZ_NO_CACHE", "") not in ("", "0")
