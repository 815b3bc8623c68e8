"""Statistics over the score file: sessions, accuracy per topic, unseen, due, hardest and changed questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from quiz.history import History, attempts, parse_time
from quiz.records import CONFIDENCE_LEVELS, Deck, SessionRecord
from quiz.scores import score as session_score
from quiz.wording import percent


@dataclass(frozen=True)
class Calibrated:
    """Answers given at one confidence level: how many, how many right."""

    correct: int
    asked: int
    percent: int | None


def calibration(pairs: Sequence[tuple[str | None, bool]]) -> dict[str, Calibrated]:
    """Accuracy per confidence level (guess, fair, certain), from (confidence, correct) pairs."""
    found: dict[str, Calibrated] = {}
    for level in CONFIDENCE_LEVELS:
        right = [correct for confidence, correct in pairs if confidence == level]
        found[level] = Calibrated(sum(right), len(right), _percent(sum(right), len(right)))
    return found


@dataclass(frozen=True)
class ConfidentlyWrong:
    id: str
    question: str
    times: int  # answers given as certain that were wrong


@dataclass(frozen=True)
class SessionRow:
    id: str
    date: str
    mode: str
    correct: int
    asked: int
    total: int
    percent: int
    minutes: float | None
    calibration: dict[str, Calibrated]


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: str
    correct: int
    asked: int
    percent: int | None


@dataclass(frozen=True)
class HardRow:
    id: str
    question: str
    wrong: int
    asked: int
    changed: bool


@dataclass(frozen=True)
class Statistics:
    deck: str
    sessions: list[SessionRow]
    topics: list[TopicRow]
    unseen: list[str]
    due: list[str]
    hardest: list[HardRow]
    changed: list[str]  # answered before the question's text changed
    removed: list[str]  # in the history but no longer in the deck
    answers: int
    correct: int
    calibration: dict[str, Calibrated]  # over every session
    confidently_wrong: list[ConfidentlyWrong]  # answered wrong while certain, most often first

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _percent(correct: int, asked: int) -> int | None:
    return percent(correct, asked) if asked else None


def compute(deck: Deck, sessions: Sequence[SessionRecord], now: datetime | None = None, hardest: int = 10) -> Statistics:
    from quiz.schedule import due_times

    now = now or datetime.now(timezone.utc)
    mine = [s for s in sessions if s.deck == deck.slug]
    history = attempts(mine)
    rows = []
    for session in mine:
        score = session_score(session)
        if not score.asked:
            continue
        started = parse_time(session.started)
        total = session.total
        rows.append(
            SessionRow(
                id=session.id,
                date=started.astimezone().strftime("%Y-%m-%d %H:%M") if started else "?",
                mode=session.mode,
                correct=score.correct,
                asked=score.asked,
                total=total if total is not None and total >= score.asked else score.asked,
                percent=score.percent,
                minutes=session.minutes,
                calibration=calibration([(a.confidence, a.correct) for a in session.answers if a.choice is not None]),
            )
        )
    by_id = {q.id: q for q in deck.questions}
    topics = []
    for slug, title in deck.topics.items():
        items = [a for q in deck.questions if q.topic == slug for a in history.get(q.id, [])]
        right = sum(1 for a in items if a.correct)
        topics.append(TopicRow(slug, title, right, len(items), _percent(right, len(items))))
    changed = sorted(qid for qid, items in history.items() if qid in by_id and items[-1].hash not in (None, by_id[qid].content_hash))
    due_at = due_times(deck.questions, history)
    hard = []
    for qid, items in history.items():
        wrong = sum(1 for a in items if not a.correct)
        if wrong and qid in by_id:
            hard.append(HardRow(qid, by_id[qid].question, wrong, len(items), qid in changed))
    hard.sort(key=lambda r: (-r.wrong / r.asked, -r.wrong, r.id))
    every = [a for items in history.values() for a in items]
    sure_wrong = []
    for qid, items in history.items():
        times = sum(1 for a in items if a.confidence == "certain" and not a.correct)
        if times and qid in by_id:
            sure_wrong.append(ConfidentlyWrong(qid, by_id[qid].question, times))
    sure_wrong.sort(key=lambda r: (-r.times, r.id))
    return Statistics(
        deck=deck.slug,
        sessions=rows,
        topics=topics,
        unseen=[q.id for q in deck.questions if not history.get(q.id)],
        due=sorted((qid for qid, t in due_at.items() if t <= now), key=lambda qid: due_at[qid]),
        hardest=hard[:hardest],
        changed=changed,
        removed=sorted(qid for qid in history if qid not in by_id),
        answers=len(every),
        correct=sum(1 for a in every if a.correct),
        calibration=calibration([(a.confidence, a.correct) for a in every]),
        confidently_wrong=sure_wrong,
    )


def source_knowledge(deck: Deck, history: History) -> dict[int, tuple[int, int]]:
    """Per source sentence: (right, asked) over every question that quotes it."""
    known: dict[int, tuple[int, int]] = {}
    for question in deck.questions:
        items = history.get(question.id, [])
        if not items:
            continue
        right = sum(1 for a in items if a.correct)
        for index in deck.source.sentences_of(question.explanation):
            r, n = known.get(index, (0, 0))
            known[index] = (r + right, n + len(items))
    return known
