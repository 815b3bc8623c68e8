"""Confidence per answer: the score-file field, the FSRS grade it gives, and the calibration it shows."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler

from quiz.history import Attempt, attempts
from quiz.records import ScoreFile
from quiz.round import Round
from quiz.schedule import grade, replay
from quiz.scores import dump, parse, session_json
from quiz.stats import compute

from .test_stats import NOW, answer, session, small_deck

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def attempt(correct: bool, confidence: Any, at: Any = NOW) -> Attempt:
    return Attempt(at=at, correct=correct, hash=None, mode="practice", session="s", confidence=confidence)


def test_right_and_wrong_times_confidence_give_the_documented_fsrs_grades() -> None:
    assert grade(attempt(False, "certain")) == grade(attempt(False, "guess")) == grade(attempt(False, None)) == Rating.Again
    assert grade(attempt(True, "guess")) == Rating.Hard
    assert grade(attempt(True, "fair")) == Rating.Good
    assert grade(attempt(True, "certain")) == Rating.Easy
    assert grade(attempt(True, None)) == Rating.Good  # answers without a confidence keep today's mapping


def test_the_grade_reaches_fsrs_as_its_own_scheduler_would_rate_it() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    for confidence, rating in (("guess", Rating.Hard), ("fair", Rating.Good), ("certain", Rating.Easy)):
        expected, _ = scheduler.review_card(Card(card_id=1), rating, review_datetime=NOW)
        assert replay([attempt(True, confidence)]).due == expected.due


def test_a_certain_right_answer_comes_back_later_than_a_guessed_right_one() -> None:
    def due(confidence: str) -> Any:
        return replay([attempt(True, confidence, NOW), attempt(True, confidence, NOW + 10 * MINUTE)]).due

    assert due("guess") < due("fair") < due("certain")
    assert due("certain") - NOW > 3 * DAY  # Easy graduates a new card straight to days


def test_confidence_is_written_read_back_and_reaches_the_history(make_deck: Any) -> None:
    deck = small_deck(make_deck)
    round_ = Round.build(deck.slug, deck.questions, count=3, seed=1)
    for level, right in (("guess", True), ("fair", True), ("certain", False)):
        item = round_.items[round_.position]
        round_.answer(item.correct_index if right else (item.correct_index + 1) % len(item.choices), 1.0, level)
    text = dump(ScoreFile(1, (round_.to_session(),)))
    stored = json.loads(text)["sessions"][0]["answers"]
    assert [a["confidence"] for a in stored] == ["guess", "fair", "certain"]
    reread = parse(text.encode()).scores
    assert reread is not None
    assert [a.confidence for a in reread.sessions[0].answers] == ["guess", "fair", "certain"]
    history = attempts(reread.sessions)
    assert sorted(a.confidence for items in history.values() for a in items) == ["certain", "fair", "guess"]
    assert round_.calibration() == {"guess": (1, 1), "fair": (1, 1), "certain": (0, 1)}
    assert [a.confidence for a in round_.missed_by_confidence()] == ["certain"]


def test_old_answers_without_confidence_load_and_are_written_back_without_it() -> None:
    raw = {"version": 1, "sessions": [{"id": "s", "answers": [{"id": "q", "choice": "x", "correct": True}]}]}
    scores = parse(json.dumps(raw).encode()).scores
    assert scores is not None
    only = scores.sessions[0].answers[0]
    assert only.confidence is None
    assert "confidence" not in session_json(scores.sessions[0])["answers"][0]


def test_an_unknown_confidence_value_is_kept_as_written_and_not_used() -> None:
    raw = {"version": 1, "sessions": [{"id": "s", "answers": [{"id": "q", "choice": "x", "correct": True, "confidence": "sure-ish"}]}]}
    scores = parse(json.dumps(raw).encode()).scores
    assert scores is not None
    only = scores.sessions[0].answers[0]
    assert only.confidence is None
    assert only.extra == {"confidence": "sure-ish"}
    assert session_json(scores.sessions[0])["answers"][0]["confidence"] == "sure-ish"


def with_confidence(record: dict[str, Any], level: str) -> dict[str, Any]:
    return {**record, "confidence": level}


def test_statistics_give_accuracy_per_confidence_and_the_confidently_wrong_first(make_deck: Any, tmp_path: Path) -> None:
    deck = small_deck(make_deck)
    first = NOW - 2 * DAY
    second = NOW - DAY
    data = [
        session(
            [
                with_confidence(answer(deck, "oms-short", True, first), "certain"),
                with_confidence(answer(deck, "eye-speed", False, first), "certain"),
                with_confidence(answer(deck, "limb-jerks", True, first), "guess"),
                answer(deck, "oms-long", False, first),  # an older answer: no confidence
            ],
            started=first,
        ),
        session(
            [
                with_confidence(answer(deck, "eye-speed", False, second), "certain"),
                with_confidence(answer(deck, "oms-nickname", False, second), "fair"),
            ],
            started=second,
        ),
    ]
    scores = parse(json.dumps({"version": 1, "sessions": data}).encode()).scores
    assert scores is not None
    figures = compute(deck, scores.sessions, now=NOW).to_json()
    assert figures["calibration"] == {
        "guess": {"correct": 1, "asked": 1, "percent": 100},
        "fair": {"correct": 0, "asked": 1, "percent": 0},
        "certain": {"correct": 1, "asked": 3, "percent": 33},
    }
    assert figures["confidently_wrong"] == [{"id": "eye-speed", "question": "How fast are the eye movements of opsoclonus?", "times": 2}]
    assert [s["calibration"]["certain"] for s in figures["sessions"]] == [
        {"correct": 1, "asked": 2, "percent": 50},
        {"correct": 0, "asked": 1, "percent": 0},
    ]
    assert figures["sessions"][1]["calibration"]["guess"] == {"correct": 0, "asked": 0, "percent": None}
