"""The user's history per question, derived from the score file (which stays the one source of truth)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time from the score file, as an aware UTC datetime (None when unreadable)."""
    if not isinstance(value, str):
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


class Attempt(NamedTuple):
    """One recorded answer to one question."""

    at: datetime
    correct: bool
    hash: str | None
    mode: str
    session: str


def attempts(sessions: Iterable[Mapping[str, Any]], deck: str | None = None) -> dict[str, list[Attempt]]:
    """Every question id's attempts, oldest first.

    Answers carry their own time (`at`); older files without it get the
    session's start plus the seconds taken so far, which keeps the order.
    """
    found: dict[str, list[Attempt]] = {}
    for session in sessions:
        if not isinstance(session, Mapping) or (deck is not None and session.get("deck") != deck):
            continue  # a file from a newer oms-quiz is not checked before it is read
        answers = session.get("answers", [])
        clock = parse_time(session.get("started")) or EPOCH
        for answer in answers if isinstance(answers, list) else []:
            if not isinstance(answer, Mapping) or not isinstance(answer.get("id"), str):
                continue
            seconds = answer.get("seconds")
            if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds >= 0:
                try:
                    clock += timedelta(seconds=float(seconds))
                except OverflowError:  # a hand-edited file: keep the order, not the absurd time
                    pass
            if answer.get("choice", "") is None:
                continue  # omitted when an exam ran out of time: not an answer to learn from
            at = parse_time(answer.get("at")) or clock
            found.setdefault(answer["id"], []).append(
                Attempt(
                    at=at,
                    correct=answer.get("correct") is True,
                    hash=answer.get("hash") if isinstance(answer.get("hash"), str) else None,
                    mode=str(session.get("mode", "practice")),
                    session=str(session.get("id", "")),
                )
            )
    for items in found.values():
        items.sort(key=lambda a: a.at)
    return found


def last_wrong(history: Mapping[str, list[Attempt]]) -> set[str]:
    """Ids whose most recent answer was wrong."""
    return {qid for qid, items in history.items() if items and not items[-1].correct}


class LazyHistory(Mapping[str, list[Attempt]]):
    """A history worked out the first time something looks at it: a start screen that shows all
    questions never needs it, and with a thousand sessions it is the slowest part of starting."""

    def __init__(self, make: Callable[[], dict[str, list[Attempt]]]) -> None:
        self._make = make
        self._data: dict[str, list[Attempt]] | None = None

    def _get(self) -> dict[str, list[Attempt]]:
        if self._data is None:
            self._data = self._make()
        return self._data

    def __getitem__(self, key: str) -> list[Attempt]:
        return self._get()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())
