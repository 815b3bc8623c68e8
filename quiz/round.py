"""A round: which questions, in which order, the shuffled choices, the answers and the score (pure, no I/O)."""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from quiz.records import CONFIDENCE_LEVELS, AnswerRecord, Confidence, Question, SessionRecord

LETTERS = "ABCDEF"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Item:
    """A question as asked: its choices in the order shown."""

    question: Question
    choices: tuple[str, ...]

    @property
    def correct_index(self) -> int:
        return self.choices.index(self.question.answer)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the user chose for one item of a round."""

    item: Item
    chosen: int | None  # None: not answered (an exam that ran out of time)
    seconds: float
    at: str  # when it was answered (ISO 8601, UTC)
    confidence: Confidence | None = None  # how sure the user said they were (None: not asked)

    @property
    def confidently_wrong(self) -> bool:
        """Wrong although the user was certain: the errors that matter most."""
        return self.confidence == "certain" and not self.correct

    @property
    def correct(self) -> bool:
        return self.chosen == self.item.correct_index

    @property
    def choice(self) -> str | None:
        return None if self.chosen is None else self.item.choices[self.chosen]


@dataclass
class Round:
    """The questions of one sitting and what the user answered."""

    deck: str
    items: list[Item]
    mode: str = "practice"
    seed: int | None = None
    minutes: float | None = None  # an exam's time limit
    id: str = field(default_factory=lambda: os.urandom(16).hex())  # 128 random bits, as a uuid4 has
    started: str = field(default_factory=now_iso)
    ended: str | None = None
    answers: list[Answer] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        deck: str,
        questions: Sequence[Question],
        count: int | None = None,
        seed: int | None = None,
        mode: str = "practice",
        shuffle_questions: bool = True,
        minutes: float | None = None,
    ) -> Round:
        """Pick `count` questions and shuffle their choices; the same seed gives the same round."""
        rng = random.Random(seed)
        wanted = len(questions) if count is None else max(0, min(count, len(questions)))
        # A sample, not a shuffle of the whole deck: it may hold 10,000 questions.
        pool = rng.sample(questions, wanted) if shuffle_questions else list(questions[:wanted])
        items = []
        for question in pool:
            choices = list(question.choices)
            rng.shuffle(choices)
            items.append(Item(question, tuple(choices)))
        return cls(deck=deck, items=items, mode=mode, seed=seed, minutes=minutes)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def position(self) -> int:
        """Index of the question being asked (== total when the round is over)."""
        return len(self.answers)

    @property
    def current(self) -> Item | None:
        return self.items[self.position] if self.position < self.total else None

    @property
    def finished(self) -> bool:
        return self.ended is not None or self.position >= self.total

    @property
    def score(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    @property
    def missed(self) -> list[Answer]:
        return [a for a in self.answers if not a.correct]

    def answer(self, chosen: int | None, seconds: float, confidence: Confidence | None = None) -> Answer:
        item = self.current
        if item is None:
            raise IndexError("the round is over")
        if chosen is not None and not 0 <= chosen < len(item.choices):
            raise ValueError(f"choice {chosen} out of range")
        answer = Answer(item, chosen, round(max(0.0, seconds), 2), now_iso(), confidence if chosen is not None else None)
        self.answers.append(answer)
        if self.position >= self.total:
            self.finish()
        return answer

    def omit_rest(self) -> None:
        """End the round now; questions not answered count as omitted (an exam out of time)."""
        while self.current is not None:
            self.answers.append(Answer(self.current, None, 0.0, now_iso()))
        self.finish()

    def finish(self) -> None:
        if self.ended is None:
            self.ended = now_iso()

    @property
    def omitted(self) -> int:
        return sum(1 for a in self.answers if a.chosen is None)

    def missed_by_confidence(self) -> list[Answer]:
        """The missed answers, the surest first (certain, fairly sure, guess, not asked), else in the order asked."""
        rank = {"certain": 0, "fair": 1, "guess": 2}
        return sorted(self.missed, key=lambda a: rank.get(a.confidence or "", 3))

    def calibration(self) -> dict[str, tuple[int, int]]:
        """Per confidence level given in this round: (right, asked), least sure first."""
        found: dict[str, tuple[int, int]] = {}
        for level in CONFIDENCE_LEVELS:
            answers = [a for a in self.answers if a.confidence == level]
            if answers:
                found[level] = (sum(1 for a in answers if a.correct), len(answers))
        return found

    def topic_accuracy(self) -> dict[str, tuple[int, int]]:
        """Per topic: (right, asked) in this round, in the order topics first came up."""
        found: dict[str, tuple[int, int]] = {}
        for a in self.answers:
            right, asked = found.get(a.item.question.topic, (0, 0))
            found[a.item.question.topic] = (right + a.correct, asked + 1)
        return found

    def to_session(self) -> SessionRecord:
        """The round as the score file records it."""
        return SessionRecord(
            id=self.id,
            deck=self.deck,
            mode=self.mode,
            started=self.started,
            ended=self.ended,
            total=self.total,
            seed=self.seed,
            minutes=self.minutes,
            answers=tuple(
                AnswerRecord(a.item.question.id, a.choice, a.correct, a.seconds, a.item.question.content_hash, a.at, a.confidence)
                for a in self.answers
            ),
        )
