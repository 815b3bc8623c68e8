"""The history is derived from the score file's sessions, and only when something needs it."""

from __future__ import annotations

from quiz.history import History, attempts
from quiz.plan import Plan, prepare
from quiz.scores import session_from_json

SESSION = session_from_json(
    {
        "id": "s1",
        "deck": "oms",
        "started": "2026-01-01T10:00:00+00:00",
        "answers": [
            {"id": "a", "choice": "x", "correct": False, "seconds": 2.0},
            {"id": "b", "choice": None, "correct": False, "seconds": 0.0},
            {"id": "a", "choice": "y", "correct": True, "seconds": 3.0},
        ],
    }
)


def test_attempts_are_ordered_and_omitted_answers_are_not_attempts() -> None:
    history = attempts([SESSION])
    assert [a.correct for a in history["a"]] == [False, True]
    assert history["a"][0].at < history["a"][1].at  # placed by start time plus seconds
    assert "b" not in history


def test_the_history_is_not_worked_out_for_a_plan_that_does_not_need_it() -> None:
    calls: list[int] = []

    def make() -> History:
        calls.append(1)
        return attempts([SESSION])

    prepare([], Plan(), make, set(), {})
    assert calls == []
    prepare([], Plan(filter="missed"), make, set(), {})
    assert calls == [1]
