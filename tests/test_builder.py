"""The session builder (topics, filter, count, what Start would do), history from the score file, and rounds."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from quiz.history import attempts, last_wrong, parse_time
from quiz.plan import FILTERS, MODES, Plan, describe, matching, prepare
from quiz.round import Round
from quiz.scores import parse, session_json

from .test_stats import IDS, NOW, SLUG, answer, read, score_data, session, small_deck

MINUTE = timedelta(minutes=1)


def ids(questions) -> list[str]:
    return [q.id for q in questions]


def played(deck):
    """oms-short right then wrong, oms-nickname wrong then right, eye-speed wrong, eye-directions right."""
    first = NOW - timedelta(days=2)
    second = NOW - timedelta(days=1)
    return attempts(
        read(
            [
                session(
                    [
                        answer(deck, "oms-short", True, first),
                        answer(deck, "oms-nickname", False, first),
                        answer(deck, "eye-speed", False, first),
                    ],
                    started=first,
                ),
                session(
                    [
                        answer(deck, "oms-short", False, second),
                        answer(deck, "oms-nickname", True, second),
                        answer(deck, "eye-directions", True, second),
                        answer(deck, "limb-jerks", False, second, omitted=True),
                    ],
                    started=second,
                    mode="exam",
                ),
            ]
        ),
        deck=SLUG,
    )


def test_modes_and_filters_are_the_documented_ones() -> None:
    assert MODES == ("practice", "exam", "review")
    assert FILTERS == ("all", "unseen", "missed", "flagged")


# --- topics ---------------------------------------------------------------------------------


def test_topics_select_questions_and_several_can_be_chosen(make_deck) -> None:
    deck = small_deck(make_deck)
    assert ids(matching(deck.questions, Plan(), dict, set())) == list(IDS)
    assert ids(matching(deck.questions, Plan(topics=("clinical-features",)), dict, set())) == ["eye-directions", "eye-speed", "limb-jerks"]
    assert ids(matching(deck.questions, Plan(topics=("clinical-features", "names")), dict, set())) == list(IDS)  # deck order
    assert matching(deck.questions, Plan(topics=()), dict, set()) == []


def test_describe_names_the_filter_and_topics(make_deck) -> None:
    deck = small_deck(make_deck)
    assert describe(Plan(), deck.topics) == "every question in all topics"
    assert describe(Plan(filter="missed", topics=("names", "clinical-features")), deck.topics) == (
        "questions you answered wrong last time in Names, Clinical features"
    )
    assert describe(Plan(topics=()), deck.topics) == "every question in no topic (choose at least one)"


# --- filters --------------------------------------------------------------------------------


def test_unseen_filter_keeps_questions_never_answered(make_deck) -> None:
    deck = small_deck(make_deck)
    # limb-jerks was only omitted when an exam ran out of time: still unseen
    assert ids(matching(deck.questions, Plan(filter="unseen"), lambda: played(deck), set())) == ["oms-long", "limb-jerks"]


def test_missed_filter_keeps_questions_wrong_the_last_time(make_deck) -> None:
    deck = small_deck(make_deck)
    history = played(deck)
    assert last_wrong(history) == {"oms-short", "eye-speed"}
    assert ids(matching(deck.questions, Plan(filter="missed"), lambda: history, set())) == ["oms-short", "eye-speed"]
    assert ids(matching(deck.questions, Plan(filter="missed", topics=("names",)), lambda: history, set())) == ["oms-short"]


def test_flagged_filter_keeps_flagged_questions(make_deck) -> None:
    deck = small_deck(make_deck)
    flags = {"limb-jerks", "oms-long", "not-in-this-deck"}
    assert ids(matching(deck.questions, Plan(filter="flagged"), dict, flags)) == ["oms-long", "limb-jerks"]
    assert ids(matching(deck.questions, Plan(filter="flagged", topics=("clinical-features",)), dict, flags)) == ["limb-jerks"]


# --- what Start would do --------------------------------------------------------------------


def test_prepare_says_how_many_match_before_starting(make_deck) -> None:
    deck = small_deck(make_deck)
    history = played(deck)
    both = prepare(deck.questions, Plan(filter="missed"), lambda: history, set(), deck.topics, now=NOW)
    assert both.message == "2 questions match: questions you answered wrong last time in all topics."
    assert both.button == "Start practice" and both.mode == "practice" and both.shuffle
    one = prepare(deck.questions, Plan(mode="exam", topics=("names",), filter="missed"), lambda: history, set(), deck.topics, now=NOW)
    assert one.message == "1 question match: questions you answered wrong last time in Names."
    assert one.button == "Start exam" and one.mode == "exam"
    assert ids(one.questions) == ["oms-short"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "plan",
    [Plan(filter="flagged"), Plan(topics=()), Plan(filter="missed", topics=("clinical-features",))],
    ids=["nothing-flagged", "no-topic", "nothing-missed-here"],
)
def test_zero_matches_give_a_clear_message_and_nothing_to_start(make_deck, mode: str, plan: Plan) -> None:
    deck = small_deck(make_deck)
    history = attempts(read([session([answer(deck, "eye-speed", True, NOW - MINUTE)], started=NOW - MINUTE)]), deck=SLUG)
    plan = Plan(mode=mode, topics=plan.topics, filter=plan.filter)
    choice = prepare(deck.questions, plan, lambda: history, set(), deck.topics, now=NOW)
    assert choice.questions == ()
    assert choice.message.startswith("No questions match: ")
    assert choice.message.endswith("Choose other topics or another filter.")
    assert describe(plan, deck.topics) in choice.message
    assert choice.button == "Nothing to ask"


# --- history from the score file ------------------------------------------------------------


def test_history_is_ordered_by_answer_time_and_keeps_hash_and_mode(make_deck) -> None:
    deck = small_deck(make_deck)
    late = NOW - MINUTE
    early = NOW - timedelta(days=5)
    sessions = read(
        [
            session([answer(deck, "oms-short", False, late)], started=late, mode="review", sid="late"),
            session([answer(deck, "oms-short", True, early, hash="abcdefabcdef")], started=early, mode="exam", sid="early"),
            session([answer(deck, "oms-short", True, NOW)], started=NOW, deck="other"),
        ]
    )
    history = attempts(sessions, deck=SLUG)
    assert [(a.correct, a.mode, a.session, a.hash) for a in history["oms-short"]] == [
        (True, "exam", "early", "abcdefabcdef"),
        (False, "review", "late", next(q for q in deck.questions if q.id == "oms-short").content_hash),
    ]
    assert last_wrong(history) == {"oms-short"}
    assert len(attempts(sessions)["oms-short"]) == 3  # no deck given: every deck


def test_answers_without_a_time_use_the_session_start_plus_seconds() -> None:
    started = NOW - timedelta(days=1)
    legacy = {
        "id": "old",
        "deck": SLUG,
        "started": started.isoformat(),
        "answers": [
            {"id": "a", "correct": True, "seconds": 30},
            {"id": "b", "correct": False, "seconds": 15.5},
            {"id": "c", "correct": "yes", "seconds": -4},  # only True is right; bad seconds ignored
        ],
    }
    history = attempts(read([legacy]))
    assert history["a"][0].at == started + timedelta(seconds=30)
    assert history["b"][0].at == started + timedelta(seconds=45.5)
    assert history["c"][0].at == started + timedelta(seconds=45.5) and not history["c"][0].correct
    assert set(history) == {"a", "b", "c"}
    assert history["a"][0].hash is None and history["a"][0].mode == "practice"
    # Something in the answers that is not an answer: the file is damaged (moved aside), not half read.
    for odd in ("not an answer", {"id": 7, "correct": True}):
        damaged = parse(json.dumps(score_data([{**legacy, "answers": [*legacy["answers"], odd]}])).encode())
        assert damaged.scores is None and damaged.problem == "session 1 has damaged answers"


def test_times_the_score_file_holds_that_are_not_text_fall_back_to_the_session_order() -> None:
    odd = {"id": "odd", "deck": SLUG, "started": 5, "answers": [{"id": "a", "correct": True, "seconds": 2, "at": 7}]}
    good = {"id": "good", "deck": SLUG, "started": NOW.isoformat(), "answers": [{"id": "a", "correct": False, "seconds": 1}]}
    history = attempts(read([good, odd]))
    assert [(a.session, a.correct) for a in history["a"]] == [("odd", True), ("good", False)]  # no time: the epoch, first


def test_parse_time_reads_iso_times_as_utc() -> None:
    assert parse_time("2025-06-01T12:00:00Z") == NOW
    assert parse_time("2025-06-01T14:00:00+02:00") == NOW
    assert parse_time("2025-06-01T12:00:00") == NOW  # no zone: UTC
    assert parse_time("yesterday") is None and parse_time(None) is None


# --- rounds ---------------------------------------------------------------------------------


def test_a_review_round_keeps_the_queue_order_and_takes_the_first_n(make_deck) -> None:
    deck = small_deck(make_deck)
    order = list(reversed(deck.questions))
    round_ = Round.build(SLUG, order, count=4, seed=3, mode="review", shuffle_questions=False)
    assert [i.question.id for i in round_.items] == ids(order)[:4]
    shuffled = Round.build(SLUG, order, count=None, seed=3)
    assert sorted(i.question.id for i in shuffled.items) == sorted(IDS)
    assert Round.build(SLUG, order, seed=3).items == shuffled.items  # same seed, same round


def test_running_out_of_time_omits_the_rest_and_the_score_file_says_so(make_deck) -> None:
    deck = small_deck(make_deck)
    round_ = Round.build(SLUG, deck.questions, count=3, seed=1, mode="exam")
    round_.minutes = 10
    first = round_.current
    assert first is not None
    round_.answer(first.correct_index, 4.2)
    round_.omit_rest()
    assert round_.finished and round_.ended is not None
    assert round_.score == 1 and round_.omitted == 2 and len(round_.missed) == 2
    saved = session_json(round_.to_session())  # as the score file holds it
    assert saved["mode"] == "exam" and saved["minutes"] == 10 and saved["total"] == 3
    answers = saved["answers"]
    assert isinstance(answers, list)
    assert [a["choice"] for a in answers][1:] == [None, None]
    assert [a["correct"] for a in answers] == [True, False, False]
    assert all(a["hash"] == i.question.content_hash for a, i in zip(answers, round_.items))
    assert all(parse_time(a["at"]) is not None for a in answers)
    # omitted answers never become history (not unseen → seen, not wrong → missed)
    history = attempts([round_.to_session()])
    assert set(history) == {first.question.id}


def test_topic_accuracy_of_a_round(make_deck) -> None:
    deck = small_deck(make_deck)
    round_ = Round.build(SLUG, deck.questions, seed=2, shuffle_questions=False)
    for n, item in enumerate(round_.items):
        wrong = (item.correct_index + 1) % len(item.choices)
        round_.answer(item.correct_index if n in (0, 1, 3) else wrong, 1.0)
    assert round_.topic_accuracy() == {"names": (2, 3), "clinical-features": (1, 3)}
    assert [a.item.question.id for a in round_.missed] == ["oms-long", "eye-speed", "limb-jerks"]
    with pytest.raises(IndexError):
        round_.answer(0, 1.0)
