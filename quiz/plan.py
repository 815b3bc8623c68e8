"""The plan of a round: mode, topics, which questions and how many, and what Start would ask."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from quiz.history import History, last_wrong
from quiz.records import Question
from quiz.wording import plural

MODES = ("practice", "exam", "review")
FILTERS = ("all", "unseen", "missed", "flagged")
DEFAULT_COUNT = 10
FILTER_HELP = {
    "all": "every question",
    "unseen": "questions you have never answered",
    "missed": "questions you answered wrong last time",
    "flagged": "questions you flagged",
}


@dataclass(frozen=True, slots=True)
class Plan:
    """What the user asked for: mode, topics (None: all; empty: none), filter, count, exam time limit, whether to ask how sure."""

    mode: str = "practice"
    topics: tuple[str, ...] | None = None
    filter: str = "all"
    count: int | None = None
    minutes: float | None = None
    confidence: bool = False  # ask how sure after each choice (the command line turns it on unless --no-confidence)

    @property
    def wanted(self) -> int:
        """How many questions a round asks: the count chosen, else 10 (or all, if fewer match)."""
        return self.count or DEFAULT_COUNT


def matching(
    questions: Sequence[Question],
    plan: Plan,
    history: Callable[[], History],
    flags: Collection[str],
) -> list[Question]:
    """The questions that fit the plan's topics and filter, in deck order. `history` is asked for
    only by the filters that need it (figure: the 1,000-session start)."""
    chosen = [q for q in questions if plan.topics is None or q.topic in plan.topics]
    if plan.filter == "unseen":
        seen = history()
        chosen = [q for q in chosen if not seen.get(q.id)]
    elif plan.filter == "missed":
        wrong = last_wrong(history())
        chosen = [q for q in chosen if q.id in wrong]
    elif plan.filter == "flagged":
        chosen = [q for q in chosen if q.id in flags]
    return chosen


def describe(plan: Plan, topics: Mapping[str, str]) -> str:
    """`missed questions in Names, Diagnosis`: what the plan selects, in words."""
    if plan.topics is None:
        where = "all topics"
    elif not plan.topics:
        where = "no topic (choose at least one)"
    else:
        where = ", ".join(topics.get(t, t) for t in plan.topics)
    return f"{FILTER_HELP[plan.filter]} in {where}"


@dataclass(frozen=True, slots=True)
class Preparation:
    """What pressing Start would do: the questions in order, the mode to play, and what to tell the user."""

    questions: tuple[Question, ...]
    mode: str
    message: str
    button: str
    shuffle: bool = True


def prepare(
    questions: Sequence[Question],
    plan: Plan,
    history: Callable[[], History],
    flags: Collection[str],
    topics: Mapping[str, str],
    now: datetime | None = None,
) -> Preparation:
    pool = matching(questions, plan, history, flags)
    what = describe(plan, topics)
    if not pool:
        return Preparation((), plan.mode, f"No questions match: {what}. Choose other topics or another filter.", "Nothing to ask")
    if plan.mode != "review":
        return Preparation(tuple(pool), plan.mode, f"{plural(len(pool), 'question')} match: {what}.", f"Start {plan.mode}")
    from quiz.schedule import review_queue

    queue = review_queue(pool, history(), now)
    if queue.questions:
        parts = [f"{len(queue.due)} due", f"{len(queue.missed)} missed", f"{len(queue.unseen)} new"]
        lead = "Nothing is due yet; new questions first" if queue.nothing_due else "Due first, then missed, then new"
        return Preparation(queue.questions, "review", f"{lead}: {' · '.join(parts)} ({what}).", "Start review", shuffle=False)
    when = f" (next on {queue.next_due.astimezone():%Y-%m-%d %H:%M})" if queue.next_due else ""
    return Preparation(
        tuple(pool),
        "practice",
        f"Nothing is due for review{when}. Start practises these {plural(len(pool), 'question')} anyway (cram).",
        "Practise anyway (cram)",
    )
