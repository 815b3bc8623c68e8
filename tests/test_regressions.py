"""Behaviours a review found broken once: each test names what a user would have seen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.widgets import Static

from quiz.deck import load_deck
from quiz.plan import Plan
from quiz.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.widgets.session_builder import SessionBuilder
from tests.conftest import quiz_app, row

from .conftest import DECK_YAML, GOOD_QUESTION

SIX_CHOICES = GOOD_QUESTION.replace(
    "    - Horizontal and vertical only\n",
    "    - Horizontal and vertical only\n    - Vertical and diagonal only\n    - Diagonal plane only\n",
)


def app_for(folder: Path, scores: Path, plan: Plan) -> QuizApp:
    store = ScoreStore(scores)
    store.load()
    return quiz_app(load_deck(folder), store, plan=plan, seed=1)


async def test_a_topic_title_with_markup_is_shown_literally_in_the_match_line(tmp_path: Path, make_deck) -> None:
    folder = make_deck(deck_yaml=DECK_YAML.replace("names: Names", "names: '[/]bad [b]Names[/b]'"))
    app = app_for(folder, tmp_path / "s.json", Plan(topics=("names", "clinical-features")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#matching", Static).visual)
        assert "[/]bad [b]Names[/b]" in shown
        # and in the builder's topic row, where the title is a value to tick
        topics = row(app.screen.query_one("#builder", SessionBuilder), "topics")
        assert topics.startswith("Topics     [✓] [/]bad [b]Names[/b] (0)   ")
        assert topics.endswith("[✓] Clinical features (1)")


async def test_play_again_with_the_unseen_filter_does_not_repeat_what_was_just_answered(tmp_path: Path, make_deck) -> None:
    three = "".join(
        GOOD_QUESTION.replace("opsoclonus-directions", f"q{n}").replace("In which directions", f"({n}) In which directions")
        for n in range(3)
    )
    app = app_for(make_deck({"three.yaml": three}), tmp_path / "s.json", Plan(filter="unseen", count=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("a", "enter", "a", "enter", "a", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("p")  # every question has been seen now: nothing to ask
        await pilot.pause()
        assert not isinstance(app.screen, QuestionScreen)
        assert "No questions match" in str(app.screen.query_one("#matching", Static).visual)


async def test_the_sixth_choice_is_answered_with_6(tmp_path: Path, make_deck) -> None:
    folder = make_deck({"six.yaml": SIX_CHOICES})
    app = app_for(folder, tmp_path / "s.json", Plan(count=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert str(screen.query_one("#verdict", Static).visual).startswith("Press A–E or 1–6")
        await pilot.press("6")
        assert screen.answered is not None and screen.answered.chosen == 5


def test_stats_shows_an_odd_mode_literally(tmp_path: Path) -> None:
    scores = tmp_path / "s.json"
    session = {"id": "x", "deck": "oms", "mode": "[/]", "started": "2026-01-01T00:00:00+00:00", "total": 1}
    session["answers"] = [{"id": "opsoclonus-directions", "choice": "a", "correct": True, "seconds": 1.0}]
    scores.write_text(json.dumps({"version": 1, "sessions": [session]}))
    result = subprocess.run([sys.executable, "-m", "quiz", "--scores", str(scores), "stats"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "[/]" in result.stdout and "Traceback" not in result.stderr
