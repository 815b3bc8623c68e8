"""Spaced review with FSRS: each question's card is replayed from its recorded answers, never stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from quiz.history import Attempt, History
from quiz.records import Question

if TYPE_CHECKING:
    from fsrs import Card, Scheduler


def _scheduler() -> Scheduler:
    from fsrs import Scheduler

    # No fuzzing: the same answers must always give the same schedule.
    return Scheduler(enable_fuzzing=False)


def grade(attempt: Attempt) -> int:
    """The FSRS rating (1 Again, 2 Hard, 3 Good, 4 Easy) of one answer: wrong is Again; right is Hard
    for a guess, Good when fairly sure, Easy when certain, and Good when no confidence was given."""
    if not attempt.correct:
        return 1
    return {"guess": 2, "fair": 3, "certain": 4}.get(attempt.confidence or "", 3)


def replay(attempts: Sequence[Attempt], scheduler: Scheduler | None = None) -> Card:
    """The FSRS card after these answers, each graded by grade()."""
    from fsrs import Card, Rating

    scheduler = scheduler or _scheduler()
    card = Card(card_id=1)
    for attempt in attempts:
        rating = Rating(grade(attempt))
        card, _ = scheduler.review_card(card, rating, review_datetime=attempt.at.astimezone(timezone.utc))
    return card


@dataclass(frozen=True)
class ReviewQueue:
    """Questions for a review round, in the order FSRS wants them."""

    due: tuple[Question, ...]  # seen before and due now, most overdue first
    missed: tuple[Question, ...]  # wrong last time but not yet due
    unseen: tuple[Question, ...]
    next_due: datetime | None  # when the next seen question falls due

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.due + self.missed + self.unseen

    @property
    def nothing_due(self) -> bool:
        return not (self.due or self.missed)


def due_times(questions: Sequence[Question], history: History) -> dict[str, datetime]:
    """When each question that has been answered falls due."""
    scheduler = _scheduler()
    return {q.id: replay(history[q.id], scheduler).due for q in questions if history.get(q.id)}


def review_queue(questions: Sequence[Question], history: History, now: datetime | None = None) -> ReviewQueue:
    now = now or datetime.now(timezone.utc)
    due_at = due_times(questions, history)
    due = sorted((q for q in questions if q.id in due_at and due_at[q.id] <= now), key=lambda q: due_at[q.id])
    due_ids = {q.id for q in due}
    missed = [q for q in questions if q.id not in due_ids and history.get(q.id) and not history[q.id][-1].correct]
    unseen = [q for q in questions if not history.get(q.id)]
    later = [t for qid, t in due_at.items() if t > now]
    return ReviewQueue(tuple(due), tuple(missed), tuple(unseen), min(later) if later else None)
