"""The Session, without any UI: the plan, rounds, history, preview, flags and what lands in the score file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from quiz.deck import load_deck
from quiz.plan import Plan
from quiz.records import Deck
from quiz.session import Session
from quiz.store import ScoreStore

from .conftest import BUNDLED, recorded


def make(tmp_path: Path, plan: Plan | None = None, seed: int | None = 3) -> tuple[Session, Path]:
    scores = tmp_path / "scores.json"
    store = ScoreStore(scores)
    store.load()
    return Session(load_deck(BUNDLED), store, plan=plan or Plan(count=3), seed=seed), scores


def on_disk(scores: Path) -> dict[str, Any]:
    """The score file with its journal folded in (what the next start reads)."""
    return recorded(scores)


def answer_all(session: Session, right: bool) -> None:
    round_ = session.round
    assert round_ is not None
    while round_.current is not None:
        item = round_.current
        round_.answer(item.correct_index if right else (item.correct_index + 1) % len(item.choices), 1.0)
        session.record(round_)


def test_starting_a_round_follows_the_plan_and_the_preview(tmp_path: Path) -> None:
    session, _ = make(tmp_path, Plan(mode="exam", count=4, minutes=10, topics=("causes",)))
    causes = sum(1 for q in session.deck.questions if q.topic == "causes")
    assert session.preview().message.startswith(f"{causes} questions match")
    started = session.start()
    assert started.round is not None and started.round is session.round
    assert started.round.mode == "exam" and started.round.total == 4 and started.round.minutes == 10
    assert {item.question.topic for item in started.round.items} == {"causes"}


def test_a_plan_that_matches_nothing_starts_nothing_and_says_why(tmp_path: Path) -> None:
    session, _ = make(tmp_path, Plan(topics=()))
    started = session.start()
    assert started.round is None and session.round is None
    assert started.message.startswith("No questions match")


def test_each_round_of_a_seeded_run_differs_and_a_rerun_repeats_them(tmp_path: Path) -> None:
    first, _ = make(tmp_path / "a")
    second, _ = make(tmp_path / "b")
    runs = []
    for session in (first, second):
        ids = []
        for _ in range(2):
            round_ = session.start().round
            assert round_ is not None
            ids.append([item.question.id for item in round_.items])
        runs.append(ids)
    assert runs[0] == runs[1] and runs[0][0] != runs[0][1]


def test_answers_reach_the_score_file_and_the_history_follows(tmp_path: Path) -> None:
    session, scores = make(tmp_path, Plan(count=2, filter="unseen"))
    total = len(session.deck.questions)
    assert session.preview().message.startswith(f"{total} questions match")
    session.start()
    answer_all(session, right=False)
    assert session.flush(5)
    [saved] = on_disk(scores)["sessions"]
    assert len(saved["answers"]) == 2 and not any(a["correct"] for a in saved["answers"])
    assert len(session.history) == 2
    assert session.preview().message.startswith(f"{total - 2} questions match")  # the unseen filter sees this run's answers
    assert str(session.last_and_best()[0]) == "0/2 (0%)"


def test_a_round_left_half_way_is_ended_and_kept(tmp_path: Path) -> None:
    session, scores = make(tmp_path)
    round_ = session.start().round
    assert round_ is not None
    round_.answer(0, 1.0)
    session.record(round_)
    session.finish_current()
    assert session.round is None and round_.ended is not None
    assert session.flush(5)
    [saved] = on_disk(scores)["sessions"]
    assert saved["ended"] is not None and len(saved["answers"]) == 1


def test_retry_missed_asks_only_the_missed_ones_and_a_review_retry_is_practice(tmp_path: Path) -> None:
    session, _ = make(tmp_path, Plan(mode="review", count=3))
    round_ = session.start().round
    assert round_ is not None and round_.mode == "review"
    answer_all(session, right=False)
    retry = session.retry_missed(round_).round
    assert retry is not None and retry.mode == "practice"
    assert sorted(i.question.id for i in retry.items) == sorted(a.item.question.id for a in round_.missed)


def test_flags_show_at_once_and_land_in_the_file(tmp_path: Path) -> None:
    session, scores = make(tmp_path)
    question = session.deck.questions[0]
    assert session.toggle_flag(question) is True and question.id in session.flags
    assert session.flush(5)
    assert question.id in on_disk(scores)["flags"]["oms"]
    session.plan = replace(session.plan, filter="flagged")
    assert session.preview().message.startswith("1 question match")
    assert session.toggle_flag(question) is False and session.flush(5)
    assert on_disk(scores)["flags"]["oms"] == {}


def test_a_read_only_store_plays_but_records_nothing(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    scores.write_text('{"version": 99, "sessions": []}', encoding="utf-8")
    store = ScoreStore(scores)
    store.load()
    session = Session(load_deck(BUNDLED), store, plan=Plan(count=1))
    assert not session.recording and "newer oms-quiz" in (session.not_recorded_reason or "")
    session.start()
    answer_all(session, right=True)
    assert session.flush(5)
    assert scores.read_text(encoding="utf-8") == '{"version": 99, "sessions": []}'


def test_topic_counts_follow_the_questions_on_offer(tmp_path: Path) -> None:
    deck: Deck = load_deck(BUNDLED)
    store = ScoreStore(tmp_path / "s.json")
    only = tuple(q for q in deck.questions if q.topic == "names")[:2]
    session = Session(deck, store, questions=only)
    counts = session.topic_counts()
    assert list(counts) == list(deck.topics) and counts["names"] == 2 and sum(counts.values()) == 2
