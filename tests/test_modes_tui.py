"""Headless Pilot tests of the exam-preparation features: start screen builder, exam, review, flags, results, statistics."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Sparkline, Static

from quiz.history import attempts
from quiz.plan import Plan, prepare
from quiz.records import Deck
from quiz.round import LETTERS, Item
from quiz.scores import session_from_json
from quiz.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.review import ReviewScreen
from quiz.tui.screens.start import StartScreen
from quiz.tui.screens.statistics import StatisticsScreen
from quiz.tui.widgets.session_builder import SessionBuilder
from tests.conftest import choice_texts, quiz_app, recorded, row

from .test_stats import IDS, SLUG, answer, sample_history, session, small_deck, write_scores

SIZE = (80, 24)
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def text(widget: Static) -> str:
    return str(widget.visual)


def shown(screen: Any, selector: str) -> str:
    return text(screen.query_one(selector, Static))


def builder_of(screen: Any) -> SessionBuilder:
    return screen.query_one("#builder", SessionBuilder)


def chosen(row: str) -> list[str]:
    """The options a builder row marks as chosen: `(●) Exam` reads as ["Exam"]."""
    return re.findall(r"\(●\) (\w+)", row)


def button(screen: Any) -> str:
    """What the start button says, e.g. "Start practice (Enter)"."""
    return shown(screen, "#start-button").strip()


def button_disabled(screen: Any) -> bool:
    return screen.query_one("#start-button", Static).has_class("-disabled")


def spot(builder: SessionBuilder, value: str) -> tuple[int, int]:
    """Where `value` is drawn in the builder (x in cells, y in lines), for a click; it must be there once."""
    lines = [row(builder, "mode"), row(builder, "filter"), *row(builder, "topics").split("\n"), row(builder, "count")]
    found = [(cell_len(line[: line.index(value)]), y) for y, line in enumerate(lines) if value in line]
    assert len(found) == 1 and sum(line.count(value) for line in lines) == 1, (value, lines)
    return found[0]


async def click(pilot: Pilot[None], builder: SessionBuilder, value: str) -> None:
    """Click the middle of `value` where the builder draws it, as a mouse would."""
    x, y = spot(builder, value)
    await pilot.click("#builder", offset=(x + cell_len(value) // 2, y))
    await pilot.pause()


def make_app(scores: Path, deck: Deck, plan: Plan | None = None, seed: int = 1, clock: FakeClock | None = None) -> QuizApp:
    store = ScoreStore(scores)
    store.load()
    return quiz_app(deck, store, plan=plan or Plan(count=3), seed=seed, clock=clock)


def saved(scores: Path) -> dict[str, Any]:
    """The score file with its journal folded in (what the next start reads)."""
    return recorded(scores)


def right_key(item: Item) -> str:
    return "abcde"[item.correct_index]


def wrong_key(item: Item) -> str:
    return "abcde"[(item.correct_index + 1) % len(item.choices)]


async def start(pilot: Pilot[None]) -> QuestionScreen:
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


def current(screen: QuestionScreen) -> Item:
    item = screen.round.current
    assert item is not None
    return item


class FakeClock:
    """The question screen's clock, moved by the test instead of waiting real minutes."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def play_through(pilot: Pilot[None], screen: QuestionScreen, wrong: set[int]) -> None:
    """Answer every question of the round (the ones numbered in `wrong` wrongly), as the keys would."""
    for number, item in enumerate(list(screen.round.items)):
        screen.action_answer(item.correct_index if number not in wrong else (item.correct_index + 1) % len(item.choices))
        screen.action_next()
    await pilot.pause()


# --- the start screen: mode, filter, topics, count, time limit ------------------------------


async def test_start_screen_keys_cycle_mode_filter_and_time_limit(tmp_path: Path, make_deck, monkeypatch) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StartScreen)
        builder = builder_of(screen)

        assert chosen(row(builder, "mode")) == ["Practice"] and button(screen) == "Start practice (Enter)"
        assert shown(screen, "#matching") == "6 questions match: every question in all topics."
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6"  # no time limit outside an exam

        await pilot.press("m")
        assert chosen(row(builder, "mode")) == ["Exam"] and button(screen) == "Start exam (Enter)"
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6   Time limit: none"
        await pilot.press("l")
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6   Time limit: 5 min"

        await pilot.press("m")
        assert chosen(row(builder, "mode")) == ["Review"] and "Time limit" not in row(builder, "count")
        assert button(screen) == "Start review (Enter)"
        assert (
            shown(screen, "#matching")
            == "Nothing is due yet; new questions first: 0 due · 0 missed · 6 new (every question in all topics)."
        )
        await pilot.press("l")  # the time limit is for exams only: l does nothing here
        assert app.session.plan.minutes == 5 and "Time limit" not in row(builder, "count")

        await pilot.press("m")
        assert chosen(row(builder, "mode")) == ["Practice"] and app.session.plan.minutes == 5

        expected = {
            "unseen": "6 questions match: questions you have never answered in all topics.",
            "missed": "No questions match: questions you answered wrong last time in all topics. Choose other topics or another filter.",
            "flagged": "No questions match: questions you flagged in all topics. Choose other topics or another filter.",
            "all": "6 questions match: every question in all topics.",
        }
        for name, message in expected.items():
            await pilot.press("w")
            assert app.session.plan.filter == name
            assert chosen(row(builder, "filter")) == [name.capitalize()]
            assert shown(screen, "#matching") == message
            empty = name in ("missed", "flagged")
            assert button_disabled(screen) == empty
            if empty:
                assert button(screen) == "Nothing to ask"
                assert row(builder, "count") == "Questions  ◀ 0 ▶ of 0"
            else:
                assert button(screen) == "Start practice (Enter)"
                assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6"
            if name == "missed":  # Enter never starts an empty round
                await pilot.press("enter")
                await pilot.pause()
                assert app.screen is screen and app.session.round is None

        # back to exam: the limit chosen before is kept; it reaches the round, the clock and the score file
        await pilot.press("m")
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6   Time limit: 5 min"
        await pilot.press("l")
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6   Time limit: 10 min"
        question = await start(pilot)
        assert question.round.mode == "exam" and question.round.minutes == 10
        assert shown(question, "#progress") == "Question 1/3 · Exam · ⏱ 10:00 left"
        await pilot.press(right_key(current(question)), "q")
        await pilot.pause()
    assert app.session.flush()
    (stored,) = saved(scores)["sessions"]
    assert stored["mode"] == "exam" and stored["minutes"] == 10 and len(stored["answers"]) == 1


async def test_topics_and_count_are_chosen_before_starting(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    app = make_app(tmp_path / "scores.json", deck, Plan(count=2))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        builder = builder_of(screen)
        assert row(builder, "count") == "Questions  ◀ 2 ▶ of 6"
        assert row(builder, "topics") == "Topics     [✓] Names (3)                    [✓] Clinical features (3)"
        await click(pilot, builder, "[✓] Clinical features (3)")
        assert app.session.plan.topics == ("names",)
        assert row(builder, "topics") == "Topics     [✓] Names (3)                    [ ] Clinical features (3)"
        assert shown(screen, "#matching") == "3 questions match: every question in Names."
        await pilot.press("up", "space")  # the click left the cursor on Clinical features; Names is before it
        assert app.session.plan.topics == ()
        assert row(builder, "topics") == "Topics     [ ] Names (3)                    [ ] Clinical features (3)"
        assert shown(screen, "#matching") == (
            "No questions match: every question in no topic (choose at least one). Choose other topics or another filter."
        )
        assert button_disabled(screen) and button(screen) == "Nothing to ask"
        assert row(builder, "count") == "Questions  ◀ 0 ▶ of 0"
        await pilot.press("down", "space")
        assert app.session.plan.topics == ("clinical-features",)
        assert row(builder, "topics") == "Topics     [ ] Names (3)                    [✓] Clinical features (3)"
        assert shown(screen, "#matching") == "3 questions match: every question in Clinical features."
        assert not button_disabled(screen) and button(screen) == "Start practice (Enter)"
        assert row(builder, "count") == "Questions  ◀ 2 ▶ of 3"
        await pilot.press("plus", "plus")  # never more than match
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 3"
        question = await start(pilot)
        assert question.round.total == 3
        assert sorted(i.question.id for i in question.round.items) == ["eye-directions", "eye-speed", "limb-jerks"]


async def test_every_value_of_the_builder_is_set_by_a_click(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, Plan(count=3))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        builder = builder_of(screen)
        await click(pilot, builder, "( ) Exam")
        assert row(builder, "mode") == "Mode       ( ) Practice   (●) Exam   ( ) Review"
        assert button(screen) == "Start exam (Enter)"
        await click(pilot, builder, "Time limit: none")
        assert row(builder, "count") == "Questions  ◀ 3 ▶ of 6   Time limit: 5 min"
        await click(pilot, builder, "( ) Unseen")
        assert row(builder, "filter") == "Which      ( ) All   (●) Unseen   ( ) Missed   ( ) Flagged"
        assert shown(screen, "#matching") == "6 questions match: questions you have never answered in all topics."
        await click(pilot, builder, "( ) Flagged")
        assert chosen(row(builder, "filter")) == ["Flagged"] and button(screen) == "Nothing to ask"
        await click(pilot, builder, "( ) All")
        assert chosen(row(builder, "filter")) == ["All"]
        await click(pilot, builder, "[✓] Names (3)")
        assert "[ ] Names (3)" in row(builder, "topics") and app.session.plan.topics == ("clinical-features",)
        assert shown(screen, "#matching") == "3 questions match: every question in Clinical features."
        await click(pilot, builder, "▶")  # already all three that match: stays
        assert row(builder, "count").startswith("Questions  ◀ 3 ▶ of 3")
        await click(pilot, builder, "◀")
        await click(pilot, builder, "◀")
        assert row(builder, "count").startswith("Questions  ◀ 1 ▶ of 3")
        await click(pilot, builder, "◀")  # never fewer than one
        assert row(builder, "count").startswith("Questions  ◀ 1 ▶ of 3")
        await click(pilot, builder, "▶")
        assert row(builder, "count").startswith("Questions  ◀ 2 ▶ of 3")
        await pilot.click("#start-button")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionScreen)
        assert question.round.mode == "exam" and question.round.total == 2 and question.round.minutes == 5
        assert {i.question.topic for i in question.round.items} == {"clinical-features"}


async def test_clicking_the_start_button_with_nothing_to_ask_does_nothing(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    app = make_app(tmp_path / "scores.json", deck, Plan(filter="flagged", count=3))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert button(screen) == "Nothing to ask" and button_disabled(screen)
        await pilot.click("#start-button")
        await pilot.pause()
        assert app.screen is screen and app.session.round is None


# --- exam -----------------------------------------------------------------------------------


async def test_exam_gives_no_feedback_until_the_end_then_a_full_review(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, Plan(mode="exam", count=3))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        items = list(screen.round.items)
        assert shown(screen, "#progress") == "Question 1/3 · Exam"
        for number, item in enumerate(items, start=1):
            assert current(screen) is item
            await pilot.press(wrong_key(item) if number == 1 else right_key(item))
            if number < len(items):
                # straight on to the next question: no verdict, no explanation, no marked choices
                assert app.screen is screen
                assert shown(screen, "#verdict").startswith("Press A–") and shown(screen, "#explanation") == ""
                assert shown(screen, "#citation") == ""
                assert shown(screen, "#progress") == f"Question {number + 1}/3 · Exam"
                assert shown(screen, "#question") == items[number].question.question
                assert not any("correct answer" in label or "your answer" in label for label in choice_texts(screen))
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert shown(results, "#score") == "You scored 2/3 (67%)"
        assert shown(results, "#time").startswith("Exam · time taken ")
        assert "omitted" not in shown(results, "#time")

        await pilot.press("enter")  # after an exam, Enter opens its review
        await pilot.pause()
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        listing = review.query_one("#list", OptionList)
        assert listing.option_count == 3
        assert "✗ wrong" in str(listing.get_option_at_index(0).prompt)
        for number, item in enumerate(items, start=1):
            if number > 1:
                await pilot.press("n")
            mark = "✗ wrong" if number == 1 else "✓ right"
            assert shown(review, "#position") == f"Question {number}/3 · {mark}"
            assert shown(review, "#question") == item.question.question
            choices = shown(review, "#choices")
            assert f"✓ {LETTERS[item.correct_index]}. {item.question.answer}  (correct answer)" in choices
            assert ("(your answer)" in choices) == (number == 1)
            for passage in item.question.explanation:
                assert passage in shown(review, "#explanation")
        await pilot.press("n")  # stays on the last one
        assert shown(review, "#position").startswith("Question 3/3")
        await pilot.press("p", "p")
        assert shown(review, "#position") == "Question 1/3 · ✗ wrong"
        first = items[0]
        assert f"✗ {LETTERS[(first.correct_index + 1) % len(first.choices)]}. " in shown(review, "#choices")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results
    assert app.session.flush()
    (stored,) = saved(scores)["sessions"]
    assert stored["mode"] == "exam" and "minutes" not in stored
    assert [a["correct"] for a in stored["answers"]] == [False, True, True]


async def wait_for_results(pilot: Pilot[None], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not isinstance(pilot.app.screen, ResultsScreen) and time.monotonic() < deadline:
        await pilot.pause(0.2)
    assert isinstance(pilot.app.screen, ResultsScreen)
    await pilot.pause()  # let the new screen finish mounting


async def test_when_exam_time_is_up_the_rest_count_as_omitted(tmp_path: Path, make_deck, monkeypatch) -> None:
    clock = FakeClock()
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, Plan(mode="exam", count=3, minutes=1), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert shown(screen, "#progress") == "Question 1/3 · Exam · ⏱ 1:00 left"
        first = current(screen)
        clock.now += 20
        await pilot.press(right_key(first))
        assert shown(screen, "#progress") == "Question 2/3 · Exam · ⏱ 0:40 left"
        clock.now += 41  # time is up; the screen's one-second tick notices
        await wait_for_results(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert shown(results, "#score") == "You scored 1/3 (33%)"
        assert shown(results, "#time").endswith(" · 2 omitted")
        missed = " ".join(text(w) for w in results.query(".missed Static").results(Static))
        assert missed.count("Your answer: (no answer)") == 2

        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert shown(review, "#position") == "Question 1/3 · ✓ right"
        await pilot.press("n")
        assert shown(review, "#position") == "Question 2/3 · – omitted"
        assert "No answer given (time ran out)." in shown(review, "#choices")
        assert "(your answer)" not in shown(review, "#choices")
    assert app.session.flush()
    (stored,) = saved(scores)["sessions"]
    assert stored["minutes"] == 1 and stored["ended"]
    assert [a["choice"] for a in stored["answers"]] == [first.question.answer, None, None]
    assert [a["correct"] for a in stored["answers"]] == [True, False, False]
    assert stored["answers"][0]["seconds"] == 20


async def test_a_tiny_real_time_limit_ends_the_exam_by_itself(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, Plan(mode="exam", count=2, minutes=0.02))  # 1.2 seconds, real time
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for_results(pilot)
        assert shown(app.screen, "#score") == "You scored 0/2 (0%)"
        assert shown(app.screen, "#time").endswith(" · 2 omitted")
    assert app.session.flush()
    (stored,) = saved(scores)["sessions"]
    assert stored["minutes"] == 0.02 and [a["choice"] for a in stored["answers"]] == [None, None]


# --- review ---------------------------------------------------------------------------------


def review_scores(path: Path, deck: Deck, now: datetime) -> Path:
    """Two questions learned long ago (due), one lapsed a minute ago (missed), one right a minute ago (not due)."""
    return write_scores(
        path,
        [
            session(
                [answer(deck, "eye-speed", True, now - 30 * DAY), answer(deck, "eye-speed", True, now - 30 * DAY + 10 * MINUTE)],
                started=now - 30 * DAY,
            ),
            session(
                [
                    answer(deck, "oms-short", True, now - 10 * DAY),
                    answer(deck, "oms-short", True, now - 10 * DAY + 10 * MINUTE),
                    answer(deck, "oms-nickname", True, now - 20 * DAY),
                    answer(deck, "oms-nickname", True, now - 20 * DAY + 10 * MINUTE),
                ],
                started=now - 20 * DAY,
            ),
            session(
                [answer(deck, "oms-nickname", False, now - MINUTE), answer(deck, "eye-directions", True, now - MINUTE)],
                started=now - 2 * MINUTE,
                mode="review",
            ),
        ],
    )


async def test_review_asks_due_then_missed_then_new_and_records_the_answers(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = review_scores(tmp_path / "scores.json", deck, datetime.now(timezone.utc))
    app = make_app(scores, deck, Plan(count=10))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("m", "m")
        assert app.session.plan.mode == "review"
        assert shown(screen, "#matching") == "Due first, then missed, then new: 2 due · 1 missed · 2 new (every question in all topics)."
        assert button(screen) == "Start review (Enter)"
        assert chosen(row(builder_of(screen), "mode")) == ["Review"]
        assert row(builder_of(screen), "count") == "Questions  ◀ 5 ▶ of 5"
        question = await start(pilot)
        assert question.round.mode == "review"
        assert [i.question.id for i in question.round.items] == ["eye-speed", "oms-short", "oms-nickname", "oms-long", "limb-jerks"]
        assert shown(question, "#progress") == "Question 1/5 · Score 0 · Review"
        await pilot.press(wrong_key(current(question)))
        assert shown(question, "#explanation").startswith("“")  # review explains, like practice
        assert shown(question, "#verdict").startswith("✗ Wrong.")
        await pilot.press("f")
        assert shown(question, "#progress").endswith("· Review · ⚑ Flagged")
        await pilot.press("enter", right_key(current(question)), "q")
        await pilot.pause()
    assert app.session.flush()
    data = saved(scores)
    last = data["sessions"][-1]
    assert last["mode"] == "review"
    assert [(a["id"], a["correct"]) for a in last["answers"]] == [("eye-speed", False), ("oms-short", True)]
    assert list(data["flags"][SLUG]) == ["eye-speed"]
    # the next review is derived from the file again: eye-speed was just missed, oms-short is no longer due
    history = attempts([session_from_json(s) for s in data["sessions"]], deck=SLUG)
    again = prepare(deck.questions, Plan(mode="review"), lambda: history, set(), deck.topics)
    assert [q.id for q in again.questions] == ["oms-nickname", "eye-speed", "oms-long", "limb-jerks"]
    assert again.message.startswith("Due first, then missed, then new: 0 due · 2 missed · 2 new")


async def test_review_with_nothing_due_or_new_offers_to_practise_anyway(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    recently = datetime.now(timezone.utc) - 2 * MINUTE
    scores = write_scores(tmp_path / "scores.json", [session([answer(deck, qid, True, recently) for qid in IDS], started=recently)])
    app = make_app(scores, deck, Plan(mode="review", count=2))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        matching = shown(screen, "#matching")
        assert matching.startswith("Nothing is due for review (next on ")
        assert matching.endswith("Start practises these 6 questions anyway (cram).")
        assert button(screen) == "Practise anyway (cram) (Enter)" and not button_disabled(screen)
        question = await start(pilot)
        assert question.round.mode == "practice" and question.round.total == 2
        assert "Review" not in shown(question, "#progress")
        await pilot.press(right_key(current(question)))
        assert shown(question, "#verdict") == "✓ Correct!"


# --- flags ----------------------------------------------------------------------------------


async def test_flags_work_in_any_mode_and_survive_a_restart(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    first = make_app(scores, deck, Plan(mode="exam", count=2))
    async with first.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        flagged = current(screen).question.id
        await pilot.press("f")
        assert shown(screen, "#progress") == "Question 1/2 · Exam · ⚑ Flagged"
        await pilot.press(right_key(current(screen)))
        assert shown(screen, "#progress") == "Question 2/2 · Exam"
        await pilot.press("f", "f")  # flag and unflag the second one
        assert shown(screen, "#progress") == "Question 2/2 · Exam"
        await pilot.press("q")
        await pilot.pause()
    assert first.session.flush()
    marks = saved(scores)["flags"]
    assert list(marks) == [SLUG] and list(marks[SLUG]) == [flagged]
    assert datetime.fromisoformat(marks[SLUG][flagged]) <= datetime.now(timezone.utc)

    second = make_app(scores, deck, Plan(count=5))
    async with second.run_test(size=SIZE) as pilot:
        screen = second.screen
        await pilot.press("w", "w", "w")
        assert second.session.plan.filter == "flagged" and chosen(row(builder_of(screen), "filter")) == ["Flagged"]
        assert shown(screen, "#matching") == "1 question match: questions you flagged in all topics."
        question = await start(pilot)
        assert [i.question.id for i in question.round.items] == [flagged]
        assert shown(question, "#progress").endswith("⚑ Flagged")
        await pilot.press(right_key(current(question)), "f")  # practice: unflag after answering
        assert "Flagged" not in shown(question, "#progress")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(second.screen, ResultsScreen)
    assert second.session.flush()
    assert saved(scores)["flags"] == {SLUG: {}}


# --- results --------------------------------------------------------------------------------


async def test_results_show_score_time_topics_and_retry_the_missed_ones(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, Plan(count=4), seed=4)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        items = list(screen.round.items)
        missed_ids = [items[1].question.id, items[2].question.id]
        await play_through(pilot, screen, wrong={1, 2})
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert shown(results, "#score") == "You scored 2/4 (50%)"
        assert shown(results, "#time").startswith("Practice · time taken ")
        assert shown(results, "#time").endswith(" s")
        topics = [text(w) for w in results.query(".topic").results(Static)]
        expected = []
        for topic, title in deck.topics.items():
            asked = [a for a in screen.round.answers if a.item.question.topic == topic]
            right = sum(1 for a in asked if a.correct)
            if asked:
                expected.append(f"{title}: {right}/{len(asked)} ({round(100 * right / len(asked))}%)")
        assert sorted(topics) == sorted(expected) and len(topics) == 2
        assert shown(results, "#missed-title") == "Missed questions (2)"

        await pilot.press("m")
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuestionScreen) and retry is not screen
        assert retry.round.mode == "practice"
        assert sorted(i.question.id for i in retry.round.items) == sorted(missed_ids)
        await play_through(pilot, retry, wrong={1})
        assert isinstance(app.screen, ResultsScreen)
        assert shown(app.screen, "#score") == "You scored 1/2 (50%)"

        await pilot.press("escape")
        await pilot.pause()
        start_screen = app.screen
        assert isinstance(start_screen, StartScreen)
        await pilot.press("w", "w")  # missed: wrong the last time, over both rounds
        assert shown(start_screen, "#matching") == "1 question match: questions you answered wrong last time in all topics."
    assert app.session.flush()
    sessions = saved(scores)["sessions"]
    assert [len(s["answers"]) for s in sessions] == [4, 2]


# --- statistics -----------------------------------------------------------------------------


def table_rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_statistics_screen_shows_sessions_chart_topics_and_hardest(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps(sample_history(deck)), encoding="utf-8")  # three sessions in 2025
    app = make_app(scores, deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        assert shown(screen, "#overview") == "3 sessions · 9 answers · 44% right"
        assert shown(screen, "#counts") == "Never seen: 2 of 6 questions · Due for review: 4 · Flagged: 0"
        assert not screen.query("#changed")
        assert list(screen.query_one("#chart", Sparkline).data or []) == [50.0, 50.0, 33.0]
        sessions = table_rows(screen.query_one("#sessions", DataTable))
        newest = (datetime.fromisoformat(sample_history(deck)["sessions"][3]["started"])).astimezone()
        assert sessions[0][0] == f"{newest:%Y-%m-%d %H:%M}"  # newest first
        assert [row[1:] for row in sessions] == [["review", "1/3", "33", ""], ["exam", "1/2", "50", "5 min"], ["practice", "2/4", "50", ""]]
        assert table_rows(screen.query_one("#topics", DataTable)) == [["Names", "3", "5", "60"], ["Clinical features", "1", "4", "25"]]
        hardest = table_rows(screen.query_one("#hardest", DataTable))
        assert [row[:2] for row in hardest] == [["3/3", "eye-speed"], ["2/3", "oms-nickname"]]
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_statistics_mark_changed_and_removed_questions(tmp_path: Path, make_deck) -> None:
    deck = small_deck(make_deck)
    when = datetime.now(timezone.utc) - DAY
    scores = write_scores(
        tmp_path / "scores.json",
        [
            session(
                [
                    answer(deck, "eye-speed", False, when, hash="aaaaaaaaaaaa"),  # the question was edited since
                    answer(deck, "gone-question", True, when),  # no longer in the deck
                ],
                started=when,
            )
        ],
        flags={SLUG: {"oms-long": "2025-01-01T00:00:00+00:00"}},
    )
    app = make_app(scores, deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        assert shown(screen, "#overview") == "1 session · 2 answers · 50% right"
        assert shown(screen, "#counts") == "Never seen: 5 of 6 questions · Due for review: 1 · Flagged: 1"
        assert shown(screen, "#changed") == "Changed since you answered them: 1 (marked *) · No longer in the deck, history kept: 1"
        assert shown(screen, "#chart-empty") == "The chart appears after two sessions."
        assert not screen.query("#chart")
        assert table_rows(screen.query_one("#hardest", DataTable))[0][:2] == ["1/1", "eye-speed *"]
