"""Confidence in the TUI: asked after a choice (or given with Shift), in every mode; calibration on the results and statistics."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from quiz.cli import main
from quiz.plan import Plan
from quiz.round import Item
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.statistics import StatisticsScreen

from .test_modes_tui import SIZE, current, make_app, right_key, saved, shown, start, wrong_key
from .test_stats import small_deck


def answers_on_disk(scores: Path) -> list[dict[str, Any]]:
    return [a for s in saved(scores)["sessions"] for a in s["answers"]]


def digit_of(key: str) -> str:
    return str("abcde".index(key) + 1)


@pytest.mark.parametrize("mode", ["practice", "exam", "review"])
async def test_a_choice_then_a_digit_says_how_sure_in_every_mode(tmp_path: Path, make_deck: Any, mode: str) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, plan=Plan(mode=mode, count=3, confidence=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        assert "then how sure" in shown(screen, "#verdict")
        first = current(screen)
        await pilot.press(right_key(first))
        # Nothing is recorded and no verdict shown until the user says how sure.
        assert screen.round.position == 0
        prompt = shown(screen, "#verdict")
        assert "how sure?" in prompt and "1 Guess" in prompt and "2 Fairly sure" in prompt and "3 Certain" in prompt
        await pilot.press("1")  # the digit is the confidence now, not choice A
        await pilot.pause()
        assert screen.round.answers[0].chosen == first.correct_index
        assert screen.round.answers[0].confidence == "guess"
        if mode != "exam":
            assert shown(screen, "#verdict") == "✓ Correct! (you guessed)"
            await pilot.press("enter")
        second = current(screen)
        await pilot.press(wrong_key(second), "3")
        await pilot.pause()
        if mode != "exam":
            assert shown(screen, "#verdict").startswith("✗ Wrong, and you were certain. The answer is")
            await pilot.press("space")
        third = current(screen)
        await pilot.press(digit_of(right_key(third)), "2")  # a digit answers, the next digit says how sure
        await pilot.pause()
        if mode != "exam":
            await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        app.session.flush()
    on_disk = answers_on_disk(scores)
    assert [(a["correct"], a["confidence"]) for a in on_disk] == [(True, "guess"), (False, "certain"), (True, "fair")]


async def test_shift_letter_answers_as_certain_with_its_feedback_in_the_same_key_press(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, plan=Plan(count=3, confidence=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        item = current(screen)
        await pilot.press(right_key(item).upper())
        assert screen.answered is not None and screen.answered.confidence == "certain"
        assert shown(screen, "#verdict") == "✓ Correct! (you were certain)"


async def test_esc_takes_a_choice_back_and_a_letter_changes_it(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    app = make_app(tmp_path / "scores.json", deck, plan=Plan(count=3, confidence=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        item = current(screen)
        await pilot.press(wrong_key(item))
        assert "how sure?" in shown(screen, "#verdict")
        await pilot.press("escape")
        assert "then how sure" in shown(screen, "#verdict")
        assert isinstance(app.screen, QuestionScreen)  # Esc did nothing else
        await pilot.press(wrong_key(item), right_key(item))  # a second letter changes the choice
        assert shown(screen, "#verdict").startswith(f"{right_key(item).upper()}: how sure?")
        await pilot.press("3")
        assert screen.answered is not None and screen.answered.correct and screen.answered.confidence == "certain"


async def test_the_mouse_chooses_and_clicks_how_sure(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    app = make_app(tmp_path / "scores.json", deck, plan=Plan(count=3, confidence=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        item: Item = current(screen)
        await pilot.click("#choices", offset=(4, 1 + item.correct_index))
        await pilot.pause()
        prompt = shown(screen, "#verdict")
        assert "how sure?" in prompt
        await pilot.click("#verdict", offset=(prompt.index("2 Fairly sure") + 2, 0))
        await pilot.pause()
        assert screen.answered is not None and screen.answered.correct and screen.answered.confidence == "fair"


async def test_without_confidence_a_key_answers_at_once_and_nothing_is_stored(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, plan=Plan(count=3, confidence=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        await pilot.press(right_key(current(screen)))
        assert shown(screen, "#verdict") == "✓ Correct!"
        app.session.flush()
    assert "confidence" not in answers_on_disk(scores)[0]


async def test_the_palette_toggle_stops_asking_and_is_kept_in_settings(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    app = make_app(tmp_path / "scores.json", deck, plan=Plan(count=3, confidence=True))
    app.settings_path = tmp_path / "settings.json"
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(pilot)
        app.toggle_confidence()
        await pilot.pause()
        assert "then how sure" not in shown(screen, "#verdict")
        await pilot.press(right_key(current(screen)))
        assert shown(screen, "#verdict") == "✓ Correct!"
        app.session.flush()
    assert json.loads((tmp_path / "settings.json").read_text())["confidence"] is False


async def test_results_show_calibration_and_the_confidently_wrong_first(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, plan=Plan(count=3, confidence=True))
    async with app.run_test(size=(80, 60)) as pilot:
        screen = await start(pilot)
        items = list(screen.round.items)
        await pilot.press(wrong_key(items[0]), "1", "enter")  # wrong, a guess
        await pilot.press(wrong_key(items[1]), "3", "enter")  # wrong and certain
        await pilot.press(right_key(items[2]), "3", "enter")  # right and certain
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        lines = shown(results, "#calibration").splitlines()
        assert lines[0].startswith("Guess") and lines[0].endswith("0/1 right (0%)")
        assert lines[1].startswith("Certain") and lines[1].endswith("1/2 right (50%)")
        assert "█" * 10 + "░" * 10 in lines[1]
        assert shown(results, "#confidently-wrong").startswith("Confidently wrong: 1, listed first below.")
        missed = [str(s.visual) for s in results.query(".missed-question").results(Static)]
        assert missed[0] == f"1. {items[1].question.question}"  # the certain one first, though asked second
        wrong_lines = [str(s.visual) for s in results.query(".wrong").results(Static)]
        assert wrong_lines[0].endswith("(you were certain)") and wrong_lines[1].endswith("(you guessed)")
        assert shown(results, "#reread-title") == "What to reread (confidently wrong first, then in source order)"
        first_reread = str(results.query(".reread").results(Static).__next__().visual)
        assert first_reread == "• " + items[1].question.explanation[0]


async def test_statistics_screen_shows_calibration_and_stats_json_has_it(tmp_path: Path, make_deck: Any) -> None:
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    app = make_app(scores, deck, plan=Plan(count=3, confidence=True))
    async with app.run_test(size=(80, 60)) as pilot:
        screen = await start(pilot)
        items = list(screen.round.items)
        await pilot.press(wrong_key(items[0]).upper(), "enter", right_key(items[1]), "1", "enter", right_key(items[2]), "2", "enter")
        await pilot.pause()
        await pilot.press("b", "t")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatisticsScreen)
        lines = shown(stats, "#calibration").splitlines()
        assert [line.split()[0] for line in lines] == ["Guess", "Fairly", "Certain"]
        assert lines[2].endswith("0/1 right (0%)")
        wrong = stats.query_one("#confidently-wrong-table")
        assert wrong.row_count == 1  # type: ignore[attr-defined]
        app.session.flush()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["stats", "--json", "--questions", str(deck.folder), "--scores", str(scores)]) == 0
    figures = json.loads(out.getvalue())
    assert figures["calibration"]["certain"] == {"correct": 0, "asked": 1, "percent": 0}
    assert figures["calibration"]["guess"] == {"correct": 1, "asked": 1, "percent": 100}
    assert figures["confidently_wrong"] == [{"id": items[0].question.id, "question": items[0].question.question, "times": 1}]
