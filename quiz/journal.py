"""The score journal's format: one JSON line per answer or flag, appended beside the score file and
folded into it (pure: no I/O).

A line says what changed, never the whole history, so recording an answer costs the same with ten
sessions as with fifty thousand. Folding a line twice gives what folding it once gave: a crash after
the score file was replaced but before the journal was emptied loses nothing and doubles nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from quiz.records import EMPTY, ScoreFile, SessionRecord
from quiz.scores import VERSION, answer_json, encode, session_from_json, session_json, with_flag

JOURNAL_VERSION = 1


@dataclass(frozen=True, slots=True)
class SessionEntry:
    """Session `header` (its fields but the answers) now has `answers` from position `start` on."""

    header: dict[str, Any]
    start: int
    answers: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return str(self.header["id"])


@dataclass(frozen=True, slots=True)
class FlagEntry:
    deck: str
    question: str
    at: str | None  # None: unflagged


Entry = SessionEntry | FlagEntry


@dataclass(frozen=True, slots=True)
class Read:
    """A journal read: its entries in order, the lines that were not entries, and the newest version seen."""

    entries: list[Entry] = field(default_factory=list)
    damaged: int = 0  # complete lines that are not journal entries
    torn: bool = False  # the last line has no line break: a write cut short (the answer in flight)
    newer: int = 0  # a line from a newer journal version (0: none); such a journal is not folded


def session_line(session: SessionRecord, start: int) -> bytes:
    """The line that brings a journal up to `session`, whose answers before `start` it already holds."""
    header = session_json(session)
    del header["answers"]
    line = {"journal": JOURNAL_VERSION, "session": header, "from": start, "answers": [answer_json(a) for a in session.answers[start:]]}
    return (encode(line) + "\n").encode("utf-8")


def flag_line(deck: str, question: str, at: str | None) -> bytes:
    line = {"journal": JOURNAL_VERSION, "flag": {"deck": deck, "question": question, "at": at}}
    return (encode(line) + "\n").encode("utf-8")


def read(raw: bytes) -> Read:
    """The entries of a journal's bytes; a line that is not one is counted, never guessed at."""
    lines = raw.split(b"\n")
    torn = bool(lines[-1].strip())
    entries: list[Entry] = []
    damaged = newer = 0
    for line in lines[:-1]:
        if not line.strip():
            continue
        entry = _entry(line)
        if isinstance(entry, int):
            newer = max(newer, entry)
        elif entry is None:
            damaged += 1
        else:
            entries.append(entry)
    return Read(entries, damaged, torn, newer)


def _entry(line: bytes) -> Entry | int | None:
    """The line's entry; the version number of a newer line; None when it is not an entry."""
    try:
        data = json.loads(line, parse_constant=lambda _name: None)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    version = data.get("journal")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    if version > JOURNAL_VERSION:
        return version
    session, flag = data.get("session"), data.get("flag")
    if isinstance(session, dict) and isinstance(session.get("id"), str):
        start, answers = data.get("from"), data.get("answers")
        if (
            isinstance(start, int)
            and not isinstance(start, bool)
            and start >= 0
            and isinstance(answers, list)
            and all(isinstance(a, dict) and isinstance(a.get("id"), str) for a in answers)
            and "answers" not in session
        ):
            return SessionEntry(session, start, answers)
    elif isinstance(flag, dict):
        deck, question, at = flag.get("deck"), flag.get("question"), flag.get("at")
        if isinstance(deck, str) and isinstance(question, str) and (at is None or isinstance(at, str)):
            return FlagEntry(deck, question, at)
    return None


def fold(scores: ScoreFile, entries: Iterable[Entry]) -> ScoreFile:
    """`scores` with the journal's entries applied in order.

    A session only grows while it is played: an entry that would leave a session with fewer answers
    than the file already holds for it is left out (the file's copy is newer, or the entry was folded
    before)."""
    sessions = list(scores.sessions)
    where = {s.id: index for index, s in enumerate(sessions)}
    result = ScoreFile(max(VERSION, scores.version), scores.sessions, scores.flags, scores.extra)
    changed = False
    for entry in entries:
        if isinstance(entry, FlagEntry):
            if changed:
                result, changed = _with_sessions(result, sessions), False
            result = with_flag(result, entry.deck, entry.question, entry.at)
            continue
        index = where.get(entry.id)
        existing = sessions[index] if index is not None else None
        updated = grown(existing, entry)
        if updated is None:
            continue
        if index is None:
            where[entry.id] = len(sessions)
            sessions.append(updated)
        else:
            sessions[index] = updated
        changed = True
    return _with_sessions(result, sessions) if changed else result


def grown(existing: SessionRecord | None, entry: SessionEntry) -> SessionRecord | None:
    """The session once `entry` is applied to the copy we have of it; None when that copy already holds more."""
    before: Sequence[Any] = existing.answers if existing is not None else ()
    kept = min(entry.start, len(before))
    if existing is not None and kept + len(entry.answers) < len(before):
        return None
    raw = dict(entry.header)
    raw["answers"] = [answer_json(a) for a in before[:kept]] + entry.answers
    return session_from_json(raw)


def _with_sessions(scores: ScoreFile, sessions: list[SessionRecord]) -> ScoreFile:
    return ScoreFile(scores.version, tuple(sessions), scores.flags, scores.extra or EMPTY)
