"""Spaced review with FSRS: cards replayed from the recorded answers, due first, then missed, then unseen."""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from quiz.history import Attempt, attempts
from quiz.plan import Plan, prepare
from quiz.schedule import due_times, replay, review_queue

from .test_stats import NOW, SLUG, answer, read, session, small_deck

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def attempt(correct: bool, at: datetime) -> Attempt:
    return Attempt(at=at, correct=correct, hash=None, mode="review", session="s")


def test_a_wrong_answer_counts_as_again_and_a_right_one_as_good() -> None:
    scheduler = Scheduler(enable_fuzzing=False)
    for correct, rating in ((True, Rating.Good), (False, Rating.Again)):
        expected, _ = scheduler.review_card(Card(card_id=1), rating, review_datetime=NOW)
        card = replay([attempt(correct, NOW)])
        assert card.due == expected.due
        assert card.state == expected.state
    # With FSRS's default learning steps: Again brings a new card back in 1 minute, Good in 10.
    assert replay([attempt(False, NOW)]).due == NOW + MINUTE
    assert replay([attempt(True, NOW)]).due == NOW + 10 * MINUTE


def test_replay_follows_every_answer_in_order() -> None:
    learned = replay([attempt(True, NOW), attempt(True, NOW + 10 * MINUTE)])
    assert learned.state == State.Review
    assert learned.due > NOW + DAY
    lapsed = replay([attempt(True, NOW), attempt(True, NOW + 10 * MINUTE), attempt(False, NOW + 5 * DAY)])
    assert lapsed.state == State.Relearning
    assert lapsed.due == NOW + 5 * DAY + 10 * MINUTE


def test_the_same_answers_always_give_the_same_schedule() -> None:
    """No fuzzing: the schedule is derived from the score file, so it must not change between runs."""
    answers = [attempt(True, NOW - 40 * DAY + i * 3 * DAY) for i in range(6)]
    dues = {replay(answers).due for _ in range(5)}
    assert len(dues) == 1


def history_of(deck, sessions):
    """The history oms-quiz reads from a score file holding these sessions."""
    return attempts(read(sessions), deck=SLUG)


def review_sessions(deck):
    """In the score file: two long-learned questions now due, one missed a minute ago, one answered right a minute ago."""
    learned_long_ago = NOW - 30 * DAY
    learned_recently = NOW - 10 * DAY
    return [
        session(
            [
                answer(deck, "eye-speed", True, learned_long_ago),
                answer(deck, "eye-speed", True, learned_long_ago + 10 * MINUTE),
                answer(deck, "limb-jerks", True, learned_long_ago),
                answer(deck, "limb-jerks", True, learned_long_ago + 10 * MINUTE),
            ],
            started=learned_long_ago,
        ),
        session(
            [
                answer(deck, "oms-short", True, learned_recently),
                answer(deck, "oms-short", True, learned_recently + 10 * MINUTE),
                answer(deck, "oms-nickname", True, learned_recently),
                answer(deck, "oms-nickname", True, learned_recently + 10 * MINUTE),
            ],
            started=learned_recently,
        ),
        session(
            [answer(deck, "oms-nickname", False, NOW - MINUTE), answer(deck, "eye-directions", True, NOW - MINUTE)],
            started=NOW - 2 * MINUTE,
            mode="review",
        ),
    ]


def test_review_queue_due_first_most_overdue_first_then_missed_then_unseen(make_deck) -> None:
    deck = small_deck(make_deck)
    history = history_of(deck, review_sessions(deck))
    queue = review_queue(deck.questions, history, now=NOW)
    # eye-speed was learned 30 days ago and limb-jerks at the same time; oms-short 10 days ago
    assert [q.id for q in queue.due] == ["eye-speed", "limb-jerks", "oms-short"]
    assert [q.id for q in queue.missed] == ["oms-nickname"]  # wrong a minute ago: due again in 9 minutes
    assert [q.id for q in queue.unseen] == ["oms-long"]
    assert [q.id for q in queue.questions] == ["eye-speed", "limb-jerks", "oms-short", "oms-nickname", "oms-long"]
    assert "eye-directions" not in {q.id for q in queue.questions}  # right a minute ago, not due
    assert queue.next_due == NOW + 9 * MINUTE
    assert not queue.nothing_due


def test_a_missed_question_becomes_due_once_its_step_has_passed(make_deck) -> None:
    deck = small_deck(make_deck)
    history = history_of(deck, review_sessions(deck))
    later = review_queue(deck.questions, history, now=NOW + 15 * MINUTE)
    assert [q.id for q in later.due][-2:] == ["oms-nickname", "eye-directions"]
    assert later.missed == ()


def test_due_times_cover_only_answered_questions(make_deck) -> None:
    deck = small_deck(make_deck)
    history = history_of(deck, review_sessions(deck))
    times = due_times(deck.questions, history)
    assert set(times) == {"eye-speed", "limb-jerks", "oms-short", "oms-nickname", "eye-directions"}
    assert all(t.tzinfo is not None for t in times.values())


def test_nothing_answered_puts_every_question_in_the_new_pile(make_deck) -> None:
    deck = small_deck(make_deck)
    queue = review_queue(deck.questions, {}, now=NOW)
    assert queue.due == () and queue.missed == ()
    assert [q.id for q in queue.unseen] == [q.id for q in deck.questions]
    assert queue.nothing_due and queue.next_due is None


def test_prepare_review_reads_its_state_from_the_score_file(make_deck) -> None:
    deck = small_deck(make_deck)
    history = history_of(deck, review_sessions(deck))
    choice = prepare(deck.questions, Plan(mode="review"), lambda: history, set(), deck.topics, now=NOW)
    assert choice.mode == "review"
    assert not choice.shuffle  # the order is FSRS's
    assert [q.id for q in choice.questions] == ["eye-speed", "limb-jerks", "oms-short", "oms-nickname", "oms-long"]
    assert choice.message == "Due first, then missed, then new: 3 due · 1 missed · 1 new (every question in all topics)."
    assert choice.button == "Start review"


def test_prepare_review_with_nothing_due_offers_new_questions_first(make_deck) -> None:
    deck = small_deck(make_deck)
    history = history_of(deck, [session([answer(deck, "oms-short", True, NOW - MINUTE)], started=NOW - MINUTE)])
    choice = prepare(deck.questions, Plan(mode="review"), lambda: history, set(), deck.topics, now=NOW)
    assert choice.mode == "review"
    assert [q.id for q in choice.questions] == ["oms-nickname", "oms-long", "eye-directions", "eye-speed", "limb-jerks"]
    assert choice.message.startswith("Nothing is due yet; new questions first: 0 due · 0 missed · 5 new")


def test_review_with_nothing_due_and_nothing_unseen_offers_a_cram_practice(make_deck) -> None:
    deck = small_deck(make_deck)
    recent = NOW - 2 * MINUTE
    history = history_of(deck, [session([answer(deck, q.id, True, recent) for q in deck.questions], started=recent)])
    choice = prepare(deck.questions, Plan(mode="review"), lambda: history, set(), deck.topics, now=NOW)
    assert choice.mode == "practice"
    assert choice.button == "Practise anyway (cram)"
    assert choice.message.startswith("Nothing is due for review")
    assert "anyway (cram)" in choice.message
    next_due = (recent + 10 * MINUTE).astimezone()
    assert f"(next on {next_due:%Y-%m-%d %H:%M})" in choice.message
    assert [q.id for q in choice.questions] == [q.id for q in deck.questions]
    assert choice.shuffle


def test_review_respects_topics_and_filter(make_deck) -> None:
    deck = small_deck(make_deck)
    history = history_of(deck, review_sessions(deck))
    names = prepare(deck.questions, Plan(mode="review", topics=("names",)), lambda: history, set(), deck.topics, now=NOW)
    assert [q.id for q in names.questions] == ["oms-short", "oms-nickname", "oms-long"]
    flagged = prepare(
        deck.questions, Plan(mode="review", filter="flagged"), lambda: history, {"limb-jerks", "eye-directions"}, deck.topics, now=NOW
    )
    assert [q.id for q in flagged.questions] == ["limb-jerks"]  # eye-directions is flagged but not due
    assert flagged.message.endswith("(questions you flagged in all topics).")


def test_answers_to_a_changed_question_still_drive_its_schedule(make_deck) -> None:
    deck = small_deck(make_deck)
    old = NOW - 30 * DAY
    sessions = [session([answer(deck, "eye-speed", True, old, hash="ffffffffffff")], started=old)]
    queue = review_queue(deck.questions, history_of(deck, sessions), now=NOW)
    assert [q.id for q in queue.due] == ["eye-speed"]
    assert "eye-speed" not in {q.id for q in queue.unseen}
