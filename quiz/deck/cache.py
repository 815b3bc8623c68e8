"""A parse cache for decks: PyYAML is slow, so what a deck's files were found to hold is kept.

Each deck folder gets one file in the user cache folder. It holds what deck.yaml says (with
its problems) and, for each question file, its valid questions, how many it skipped and its
problems. A part is used only while the files it came from are unchanged: the same size,
modification time, change time and inode for deck.yaml and the source (the deck part), and for
the question file as well (its part), with the same oms-quiz version. A file changed within
RACY_NS of the load is not cached at all: its time stamps could hide a second edit in the same
clock tick. Anything unreadable or mismatched is parsed again, so the cache can make a start
faster but never serves stale questions.

The file is in Python's marshal format, the one .pyc files use (figure: the 10,000-question warm
start). Like a .pyc it is trusted only as far as the folder it lives in, the user's own cache
folder; it is named after and keyed to the Python that wrote it, and a CRC-32 of its contents
catches a damaged file, which is then ignored.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from quiz.deck.read import DECK_FILE, read_bytes, refusal
from quiz.files import Stamp, atomic_write
from quiz.files import stamp as _stamp
from quiz.records import DeckMeta, Problem, Question
from quiz.source import Source
from quiz.version import __version__

FORMAT = 4
RACY_NS = 2_000_000_000


class DeckCache:
    def __init__(self, folder: Path, root: Path | None) -> None:
        self.folder = folder
        self.file: Path | None = None
        self.started = time.time_ns()  # before anything is read: a file changed since is not cached
        self.context: list[Any] = []
        self._meta: dict[str, Any] | None = None
        self.entries: dict[str, Any] = {}
        self.dirty = False
        if root is None:
            return
        resolved = str(folder.resolve())
        self.context = [FORMAT, __version__, sys.implementation.cache_tag, marshal.version, resolved]
        key = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
        self.file = root / f"deck-{key}-{sys.implementation.cache_tag}.marshal"
        try:
            raw = self.file.read_bytes()
            data = marshal.loads(raw[4:]) if raw[:4] == zlib.crc32(raw[4:]).to_bytes(4, "big") else None
        except (OSError, ValueError, EOFError, TypeError):
            return
        if isinstance(data, dict) and data.get("context") == self.context:
            meta, files = data.get("meta"), data.get("files")
            if isinstance(meta, dict) and isinstance(files, dict):
                self._meta, self.entries = meta, files

    @classmethod
    def for_deck(cls, folder: Path) -> DeckCache:
        from quiz.paths import cache_dir

        try:
            root: Path | None = cache_dir()
        except Exception:  # no usable cache folder: work without one
            root = None
        return cls(folder, root)

    def _settled(self, stamps: list[Stamp | None]) -> bool:
        """Every file exists and was last changed well before this load began."""
        return all(s is not None and max(s[1], s[2]) < self.started - RACY_NS for s in stamps)

    def _forget(self) -> None:
        self._meta = None
        self.entries = {}

    def meta(self, problems: list[Problem]) -> DeckMeta | None:
        """deck.yaml as cached, its problems added to `problems`; None when it must be parsed again."""
        cached = self._meta
        if cached is None:
            return None
        deck_file = self.folder / DECK_FILE
        try:
            name = cached["source_name"]
            source_file = self.folder / name
            if (
                cached["stamps"] != [_stamp(deck_file), _stamp(source_file)]
                or refusal(self.folder, deck_file)
                or refusal(self.folder, source_file)
            ):
                self._forget()
                return None
            topics = dict(cached["topics"])
            meta = DeckMeta(
                title=cached["title"],
                attribution=cached["attribution"],
                source_name=name,
                topics=topics,
                source=Source(read_bytes(self.folder, source_file).decode("utf-8-sig"), source_file),
            )
            found = [Problem(str(deck_file), line, severity, message) for line, severity, message in cached["problems"]]
            texts = (meta.title, meta.attribution, *topics, *topics.values())
            if not all(_problem(p) for p in found) or not all(type(t) is str for t in texts):
                raise TypeError("not what this cache writes")
        except (KeyError, TypeError, ValueError, OSError):
            self._forget()
            return None
        problems.extend(found)
        return meta

    def set_meta(self, meta: DeckMeta, problems: list[Problem]) -> None:
        """Keep a freshly parsed deck.yaml; the question files' parts were checked against the old one."""
        self.entries = {}
        self.dirty = True
        stamps = [_stamp(self.folder / DECK_FILE), _stamp(self.folder / meta.source_name)]
        if not self._settled(stamps):
            self._meta = None
            self.file = None  # nothing can be cached against a deck.yaml or source still being edited
            return
        self._meta = {
            "stamps": stamps,
            "title": meta.title,
            "attribution": meta.attribution,
            "source_name": meta.source_name,
            "topics": list((meta.topics or {}).items()),
            "problems": [[p.line, p.severity, p.message] for p in problems],
        }

    def get(self, path: Path) -> tuple[list[Question], int, list[Problem]] | None:
        """A question file's valid questions, skipped count and problems, if cached and unchanged."""
        entry = self.entries.get(path.name)
        if not isinstance(entry, dict) or entry.get("stamp") != _stamp(path) or refusal(self.folder, path):
            return None
        where = str(path)
        try:
            questions = [Question(i, t, q, a, tuple(d), tuple(e), where, n) for i, t, q, a, d, e, n in entry["questions"]]
            problems = [Problem(where, line, severity, message) for line, severity, message in entry["problems"]]
            skipped = entry["skipped"]
        except (KeyError, TypeError, ValueError):
            return None
        if type(skipped) is not int or not all(_problem(p) for p in problems):
            return None
        return questions, skipped, problems

    def put(self, path: Path, questions: list[Question], skipped: int, problems: list[Problem]) -> None:
        stamp = _stamp(path)
        if self._meta is None or not self._settled([stamp]):
            return
        self.entries[path.name] = {
            "stamp": stamp,
            "questions": [(q.id, q.topic, q.question, q.answer, q.distractors, q.explanation, q.line) for q in questions],
            "skipped": skipped,
            "problems": [[p.line, p.severity, p.message] for p in problems],
        }
        self.dirty = True

    def save(self, keep: list[Path]) -> None:
        """Write the cache if it changed; a failure only costs speed next time."""
        if self.file is None or self._meta is None or not self.dirty:
            return
        wanted = {p.name for p in keep}
        files = {name: entry for name, entry in self.entries.items() if name in wanted}
        payload = marshal.dumps({"context": self.context, "meta": self._meta, "files": files})
        try:
            atomic_write(self.file, zlib.crc32(payload).to_bytes(4, "big") + payload, durable=False)
        except OSError:
            pass


def _problem(problem: Problem) -> bool:
    """A cached problem is sound: problems are sorted, so a wrong type would fail far from here."""
    return type(problem.line) is int and problem.severity in ("error", "warning") and type(problem.message) is str


def disabled() -> bool:
    return os.environ.get("OMS_QUIZ_NO_CACHE", "") not in ("", "0")
