"""The user's history per question, derived from the score file (which stays the one source of truth)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from quiz.records import Confidence, SessionRecord

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time from the score file, as an aware UTC datetime (None when unreadable)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:  # year 1 with a negative offset, say
        return None


@dataclass(frozen=True, slots=True)
class Attempt:
    """One recorded answer to one question."""

    at: datetime
    correct: bool
    hash: str | None
    mode: str
    session: str
    confidence: Confidence | None = None  # how sure the user said they were (None: not asked)


History = Mapping[str, list[Attempt]]


def attempts(sessions: Iterable[SessionRecord], deck: str | None = None) -> dict[str, list[Attempt]]:
    """Every question id's attempts, oldest first.

    Answers carry their own time (`at`); older files without it get the
    session's start plus the seconds taken so far, which keeps the order.
    """
    found: dict[str, list[Attempt]] = {}
    for session in sessions:
        if deck is not None and session.deck != deck:
            continue
        clock = parse_time(session.started) or EPOCH
        for answer in session.answers:
            if answer.seconds is not None:
                try:
                    clock += timedelta(seconds=answer.seconds)
                except OverflowError:  # a hand-edited file: keep the order, not the absurd time
                    pass
            if answer.choice is None:
                continue  # omitted when an exam ran out of time: not an answer to learn from
            at = parse_time(answer.at) or clock
            found.setdefault(answer.id, []).append(Attempt(at, answer.correct, answer.hash, session.mode, session.id, answer.confidence))
    for items in found.values():
        items.sort(key=lambda a: a.at)
    return found


def last_wrong(history: History) -> set[str]:
    """Ids whose most recent answer was wrong."""
    return {qid for qid, items in history.items() if items and not items[-1].correct}
