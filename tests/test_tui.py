"""Headless Pilot tests of the whole flow: start, answer right and wrong, explanation, results, quit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from quiz.deck import load_deck
from quiz.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.start import StartScreen
from quiz.tui.widgets.choices import Choices
from quiz.tui.widgets.session_builder import SessionBuilder
from tests.conftest import choice_texts, quiz_app, recorded, row

from .conftest import BUNDLED

HOSTILE = """\
- id: hostile
  topic: names
  question: "Is [bold]this[/] shown as [0] and [red]typed[/red]?"
  answer: "[/]"
  distractors:
    - "[link=http://x]click[/link]"
    - "\\x1b[31mred\\x1b[0m"
  explanation: Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.
"""


def text(widget: Static) -> str:
    """What a Static shows, as plain text."""
    return str(widget.visual)


def builder_row(screen: StartScreen, name: str) -> str:
    """A row of the session builder as it reads on screen."""
    return row(screen.query_one("#builder", SessionBuilder), name)


def make_app(scores: Path, deck_dir: Path = BUNDLED, count: int = 3, seed: int = 1) -> QuizApp:
    store = ScoreStore(scores)
    store.load()
    return quiz_app(load_deck(deck_dir), store, count=count, seed=seed)


def saved(scores: Path) -> dict[str, Any]:
    """The score file with its journal folded in (what the next start reads)."""
    return recorded(scores)


async def start(pilot) -> QuestionScreen:
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


async def test_start_screen_shows_deck_count_and_no_history(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)):
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert text(screen.query_one("#title", Static)) == "Opsoclonus-myoclonus syndrome"
        assert text(screen.query_one("#matching", Static)) == "60 questions match: every question in all topics."
        assert text(screen.query_one("#history", Static)) == "No rounds played yet"
        assert builder_row(screen, "mode") == "Mode       (●) Practice   ( ) Exam   ( ) Review"
        assert builder_row(screen, "filter") == "Which      (●) All   ( ) Unseen   ( ) Missed   ( ) Flagged"
        assert builder_row(screen, "topics") == (
            "Topics     [✓] Names (6)                    [✓] Clinical features (11)\n"
            "           [✓] Pathophysiology (12)         [✓] Causes by age (19)\n"
            "           [✓] Diagnosis (12)"
        )
        assert builder_row(screen, "count") == "Questions  ◀ 3 ▶ of 60"
        assert text(screen.query_one("#start-button", Static)) == " Start practice (Enter) "


async def test_count_keys_change_the_number_of_questions(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json", count=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus", "plus", "minus", "plus")
        assert isinstance(app.screen, StartScreen)
        assert builder_row(app.screen, "count") == "Questions  ◀ 5 ▶ of 60"
        await pilot.press("equals_sign")  # + without shift
        assert builder_row(app.screen, "count") == "Questions  ◀ 6 ▶ of 60"
        await pilot.press("minus")
        screen = await start(pilot)
        assert screen.round.total == 5


async def test_question_shows_progress_and_lettered_choices(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        assert text(screen.query_one("#progress", Static)).startswith("Question 1/3")
        labels = choice_texts(screen)
        item = screen.round.current
        assert item is not None
        # Two cells left for the mark an answer puts there (✓ or ✗), so the text never moves.
        assert labels == [f"  {'ABCDEF'[i]}. {choice}" for i, choice in enumerate(item.choices)]
        assert text(screen.query_one("#question", Static)) == item.question.question


async def test_right_answer_says_correct_and_quotes_the_source_with_citation(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    app = make_app(scores)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        item = screen.round.current
        assert item is not None
        await pilot.press("abcde"[item.correct_index])
        assert text(screen.query_one("#verdict", Static)) == "✓ Correct!"
        explanation = text(screen.query_one("#explanation", Static))
        for passage in item.question.explanation:
            assert passage in explanation
        citation = text(screen.query_one("#citation", Static))
        assert "Opsoclonus-myoclonus syndrome" in citation
        assert any("(correct answer)" in label and label.startswith("✓") for label in choice_texts(screen))
    app.session.flush()
    session = saved(scores)["sessions"][0]
    assert session["answers"][0]["correct"] is True
    assert session["answers"][0]["choice"] == item.question.answer


async def test_wrong_answer_shows_explanation_and_the_right_choice(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        item = screen.round.current
        assert item is not None
        wrong = (item.correct_index + 1) % len(item.choices)
        await pilot.press(str(wrong + 1))
        verdict = text(screen.query_one("#verdict", Static))
        assert verdict.startswith("✗ Wrong. The answer is ")
        assert item.question.answer in verdict
        labels = choice_texts(screen)
        assert "(your answer)" in labels[wrong] and labels[wrong].startswith("✗")
        assert "(correct answer)" in labels[item.correct_index]
        assert text(screen.query_one("#explanation", Static)).startswith("“")  # the quote, shown


async def test_arrow_keys_and_enter_answer_too(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("down", "enter")
        assert screen.answered is not None and screen.answered.chosen == 1


async def test_a_letter_beyond_the_choices_does_nothing(tmp_path: Path, make_deck) -> None:
    deck = make_deck()  # one question with four choices
    app = make_app(tmp_path / "scores.json", deck_dir=deck, count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("e", "5")
        assert screen.answered is None


async def test_full_round_ends_on_results_with_missed_questions(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    app = make_app(scores)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        missed_question = screen.round.current
        assert missed_question is not None
        await pilot.press(str((missed_question.correct_index + 1) % len(missed_question.choices) + 1), "enter")
        for _ in range(2):
            item = screen.round.current
            assert item is not None
            await pilot.press("abcde"[item.correct_index], "space")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert text(results.query_one("#score", Static)) == "You scored 2/3 (67%)"
        body = " ".join(text(w) for w in results.query(".missed Static").results(Static))
        assert missed_question.question.question in body
        assert f"Correct answer: {'ABCDEF'[missed_question.correct_index]}. {missed_question.question.answer}" in body
        assert missed_question.question.explanation[0] in body
    app.session.flush()
    data = saved(scores)
    assert data["version"] == 1
    (session,) = data["sessions"]
    assert [a["correct"] for a in session["answers"]] == [False, True, True]
    assert session["ended"] and session["deck"] == "oms" and session["mode"] == "practice"


async def test_play_again_starts_a_new_round_and_start_screen_shows_last_score(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    app = make_app(scores, count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        item = screen.round.current
        assert item is not None
        await pilot.press("abcde"[item.correct_index], "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        app.session.flush()
        await pilot.pause()
        assert text(app.screen.query_one("#history", Static)) == "Last score: 1/1 (100%) · Best score: 1/1 (100%)"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_quit_mid_round_keeps_the_answers_given(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    app = make_app(scores, count=5)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        first = screen.round.current
        assert first is not None
        await pilot.press("a", "enter", "b")
        await pilot.press("q")
        await pilot.pause()
    assert app.session.flush()
    (session,) = saved(scores)["sessions"]
    assert len(session["answers"]) == 2
    assert session["answers"][0]["id"] == first.question.id
    assert session["total"] == 5
    assert session["ended"] is not None


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_deck_text_is_shown_literally_never_as_markup(tmp_path: Path, make_deck, size: tuple[int, int]) -> None:
    deck = make_deck({"hostile.yaml": HOSTILE})
    app = make_app(tmp_path / "scores.json", deck_dir=deck, count=1)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot)
        assert text(screen.query_one("#question", Static)) == "Is [bold]this[/] shown as [0] and [red]typed[/red]?"
        labels = choice_texts(screen)
        assert any(label.endswith(". [/]") for label in labels)
        assert any("[link=http://x]click[/link]" in label for label in labels)
        # ESC shows as a visible symbol, never as a raw escape sequence
        assert any("␛[31mred␛[0m" in label for label in labels)
        assert not any("\x1b" in label for label in labels)
        answer = screen.round.current
        assert answer is not None
        await pilot.press("abc"[(answer.correct_index + 1) % 3])
        assert "[/]" in text(screen.query_one("#verdict", Static))


async def test_read_only_store_plays_and_says_answers_are_not_recorded(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    newer = json.dumps({"version": 99, "sessions": []})
    scores.write_text(newer)
    app = make_app(scores)
    async with app.run_test(size=(80, 24)) as pilot:
        notice = app.screen.query_one("#notice", Static)
        assert notice.display and "not being recorded" in text(notice)
        screen = await start(pilot)
        assert "not recorded" in text(screen.query_one("#progress", Static))
        await pilot.press("a")
    app.session.flush()
    assert scores.read_text() == newer


WIDE = """\
- id: wide
  topic: names
  question: "这个综合征的别名是什么？🧠 ما هو الاسم الآخر؟ Which other name does the syndrome have, written out in full, so the stem runs well past one line?"
  answer: Dancing eyes-dancing feet syndrome 💃
  distractors:
    - 眼阵挛综合征以外的名字 (a name in CJK that is long enough to wrap across the width of the choices box)
    - مرض آخر
  explanation: Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.
"""


async def test_wide_and_right_to_left_text_wraps_inside_the_screen(tmp_path: Path, make_deck) -> None:
    deck = make_deck({"wide.yaml": WIDE})
    app = make_app(tmp_path / "scores.json", deck_dir=deck, count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        question = screen.query_one("#question", Static)
        assert text(question).startswith("这个综合征的别名是什么？🧠")
        assert question.region.right <= 80 and question.region.height >= 2  # wrapped, not cut
        options = screen.query_one("#choices", Choices)
        assert options.region.right <= 80
        labels = choice_texts(screen)
        assert any("(a name in CJK that is long enough to wrap across the width of the choices box)" in label for label in labels)
        assert options.region.height >= len(labels) + 3  # the long choice takes more than one line


async def test_a_click_on_a_choice_answers_with_it(tmp_path: Path) -> None:
    """The choices list gave Enter to the screen; a click still answers."""
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        item = screen.round.current
        assert item is not None
        await pilot.click(Choices, offset=(6, 2))  # the second choice: the list has a border and padding
        await pilot.pause()
        assert screen.answered is not None and screen.answered.chosen == 1
        assert screen.answered.choice == item.choices[1]
