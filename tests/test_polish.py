"""Pilot tests of the finishing touches: source reader, help, palette, themes, small terminals, problem report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from textual.widgets import Static, TextArea

from quiz.deck import load_deck
from quiz.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.report import ReportScreen
from quiz.tui.screens.source import SourceScreen
from quiz.tui.screens.start import StartScreen
from quiz.tui.screens.too_small import TooSmallScreen
from tests.conftest import quiz_app

from .conftest import BUNDLED


def make_app(tmp_path: Path, count: int = 2) -> QuizApp:
    scores = tmp_path / "scores.json"
    store = ScoreStore(scores)
    store.load()
    return quiz_app(load_deck(BUNDLED), store, count=count, seed=5, settings=tmp_path / "settings.json")


async def answer_wrong(pilot) -> QuestionScreen:
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    item = screen.round.current
    await pilot.press("abcde"[(item.correct_index + 1) % len(item.choices)])
    return screen


async def test_s_opens_the_source_scrolled_to_the_quoted_passage(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer_wrong(pilot)
        quoted = screen.answered.item.question.explanation
        await pilot.press("s")
        await pilot.pause()
        source = app.screen
        assert isinstance(source, SourceScreen)
        marked = list(source.query(".quoted").results(Static))
        assert marked, "the quoted paragraph is marked"
        shown = " ".join(str(w.visual) for w in marked)
        assert "▶" in shown
        first_sentence = quoted[0].split(". ")[0]
        assert " ".join(first_sentence.split()).replace("'", "’") in shown.replace("'", "’")
        # scrolled so the passage is on screen
        region = marked[0].region
        assert 0 <= region.y < 24
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_source_from_start_marks_passages_by_knowledge(tmp_path: Path) -> None:
    app = make_app(tmp_path, count=1)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await answer_wrong(pilot)
        asked = screen.answered.item.question
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("s")
        await pilot.pause()
        text = " ".join(str(w.visual) for w in app.screen.query(".paragraph").results(Static))
        assert "[✗   0%]" in text  # the passage behind the missed question
        assert "[ new ]" in text
        index = app.session.deck.source.sentences_of(asked.explanation)[0]
        assert app.session.deck.source.sentences[index].raw in text


def help_lines(screen: HelpScreen) -> list[str]:
    """The help as it reads: group titles, and each key with what it does."""
    lines = []
    for widget in screen.query("#help-title, .help-group, .help-row"):
        if widget.has_class("help-row"):
            key, text = widget.query(Static)
            lines.append(f"{key.visual} | {text.visual}")
        else:
            lines.append(str(cast(Static, widget).visual))
    return lines


async def test_question_mark_shows_this_screens_keys_first_and_esc_or_question_mark_closes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = help_lines(app.screen)
        assert lines[:3] == ["Keys (Esc or ? closes this)", "This screen", "a | Answer A"]
        # The digits answer too; while the prompt asks how sure, 1-3 say it. Shift+letter answers as certain.
        assert "1 | Answer A; asked how sure: guess" in lines and "3 | Answer C; asked how sure: certain" in lines
        assert "6 | Answer F" in lines
        assert "A shift+a | Answer A, certain" in lines
        assert "f | Flag or unflag this question to come back to it" in lines
        anywhere = lines.index("Anywhere")
        assert lines.index("This screen") < anywhere and "^c ^q q | Quit; answers given so far are kept" in lines[anywhere:]
        focus = lines.index("Focus and copying")  # Textual's own keys come last
        assert focus > anywhere and "tab | Focus Next" in lines[focus:] and "tab | Focus Next" not in lines[:focus]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_theme_choice_is_kept_for_the_next_start(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert app.session.flush()
    assert json.loads((tmp_path / "settings.json").read_text())["theme"] == "nord"
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "nord"


async def test_unreadable_settings_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "textual-dark"


async def test_small_terminal_asks_to_be_larger_and_recovers(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(50, 14)
        await pilot.pause(0.2)
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one(Static).visual)
        assert "Make the terminal larger" in message and "50×14" in message
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        assert isinstance(app.screen, StartScreen)


async def test_palette_offers_the_main_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Start a practice round", "Start an exam", "Statistics", "Read the source", "Theme"):
            assert wanted in titles


async def test_r_shows_a_problem_report_with_the_question_and_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await answer_wrong(pilot)
        answer = screen.answered
        assert answer is not None
        await pilot.press("r")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        text = report.query_one(TextArea).text
        assert f"- id: {answer.item.question.id}" in text
        assert answer.item.question.question in text
        assert f"- answer given: {'ABCDE'[answer.chosen]}. {answer.choice}" in text
        assert "- app version: oms-quiz " in text
        assert app.clipboard == text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
