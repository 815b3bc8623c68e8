"""The nouns of oms-quiz: decks, questions, problems, and the sessions and answers of the score file (no I/O)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # a Deck holds its Source; records import nothing of ours at run time
    from quiz.source import Source

Severity = Literal["error", "warning"]
Confidence = Literal["guess", "fair", "certain"]
CONFIDENCE_LEVELS: tuple[Confidence, ...] = ("guess", "fair", "certain")  # least sure first; keys 1, 2, 3
EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return EMPTY


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a deck file, printed as `path:line: severity: message`. Problems sort by file, then line."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        # One problem, one line: a quoted key or choice may hold a line break.
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        return text.replace("\r", "\\r").replace("\n", "\\n")


class DeckError(Exception):
    """A deck that cannot be played at all (no usable deck.yaml or source)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    topic: str
    question: str
    answer: str
    distractors: tuple[str, ...]
    explanation: tuple[str, ...]
    path: str
    line: int

    @property
    def choices(self) -> tuple[str, ...]:
        return (self.answer, *self.distractors)

    @property
    def content_hash(self) -> str:
        """A short hash of what the user answered: it changes when the question is edited."""
        payload = json.dumps([self.question, self.answer, sorted(self.distractors)], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class DeckMeta:
    """What deck.yaml says, with the source it names read (None where it could not be used)."""

    title: str = ""
    attribution: str = ""
    source_name: str = ""
    topics: Mapping[str, str] | None = None
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Deck:
    folder: Path
    slug: str
    title: str
    attribution: str
    source_name: str
    topics: Mapping[str, str]
    questions: tuple[Question, ...]
    source: Source
    problems: tuple[Problem, ...] = ()
    skipped: Mapping[str, int] = field(default_factory=_empty)  # question file -> invalid questions left out


# The score file. Fields oms-quiz does not know (a newer minor version's, or a hand edit's) and
# known fields whose value it cannot use are kept in `extra` and written back as they were.


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer as the score file keeps it."""

    id: str  # the question's id
    choice: str | None  # None: omitted (an exam ran out of time)
    correct: bool
    seconds: float | None = None
    hash: str | None = None  # the question's content_hash when it was answered
    at: str | None = None  # ISO 8601, UTC
    confidence: Confidence | None = None  # how sure the user said they were; None: not asked (older files)
    extra: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One round as the score file keeps it."""

    id: str
    deck: str | None = None
    mode: str = "practice"
    started: str | None = None
    ended: str | None = None
    total: int | None = None
    seed: int | None = None
    minutes: float | None = None  # an exam's time limit
    answers: Sequence[AnswerRecord] = ()  # a tuple, or (read from the file) a sequence made into records when first used
    extra: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class ScoreFile:
    """The whole score file: every session, the flags per deck, and what else it holds."""

    version: int
    sessions: tuple[SessionRecord, ...] = ()
    flags: Mapping[str, Any] = field(default_factory=_empty)  # deck -> question id -> when it was flagged
    extra: Mapping[str, Any] = field(default_factory=_empty)


# The columns of `oms-quiz export csv`, one row per answer (here so the command line's help can
# name them without importing the exporter).
CSV_COLUMNS = ("session", "mode", "started", "question", "topic", "choice", "correct", "confidence", "seconds", "at")
