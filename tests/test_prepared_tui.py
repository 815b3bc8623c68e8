"""The feedback of an answer is drawn while the question is read, and its save waits for it to be on screen."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.visual import Visual

from quiz.deck import load_deck
from quiz.store import ScoreStore
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.widgets.drawn import Prepared
from tests.conftest import quiz_app, recorded

from .conftest import BUNDLED

FEEDBACK = {"progress", "verdict", "explanation", "citation", "choices"}


def drawn_lines(widget: Prepared) -> list[str]:
    """What the widget shows, line by line (its content, without padding or bar)."""
    return [widget.render_line(y).text.rstrip() for y in range(widget.content_region.height)]


async def question_screen(pilot: Any) -> QuestionScreen:
    await pilot.press("enter")
    await pilot.pause(0.2)  # the question read for a moment: its feedback is drawn after its first frame
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


def record_drawing(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The ids of the widgets that draw text from now on."""
    drawn: list[str | None] = []
    original = Visual.to_strips

    def to_strips(cls: type[Visual], widget: Any, *args: Any, **kwargs: Any) -> Any:
        drawn.append(widget.id)
        return original(widget, *args, **kwargs)

    monkeypatch.setattr(Visual, "to_strips", classmethod(to_strips))
    return drawn


@pytest.mark.parametrize(
    ("key", "verdict"),
    [
        ("right letter", "✓ Correct!"),
        ("wrong digit", "✗ Wrong. The answer is "),
        ("wrong shift+letter", "✗ Wrong, and you were certain. The answer is "),
    ],
)
async def test_an_answer_shows_feedback_drawn_before_the_key_press(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, verdict: str
) -> None:
    store = ScoreStore(tmp_path / "scores.json")
    store.load()
    app = quiz_app(load_deck(BUNDLED), store, count=3, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await question_screen(pilot)
        item = screen.round.current
        assert item is not None
        explanation = screen.query_one("#explanation", Prepared)
        assert explanation.region.height == 0  # no quote, no bar, before an answer
        wrong = (item.correct_index + 1) % len(item.choices)
        press = {
            "right letter": "abcde"[item.correct_index],
            "wrong digit": str(wrong + 1),
            "wrong shift+letter": "ABCDE"[wrong],
        }[key]
        drawn = record_drawing(monkeypatch)
        await pilot.press(press)
        await pilot.pause()
        assert not FEEDBACK & set(drawn), f"drawn on the key press: {sorted(FEEDBACK & set(drawn))}"
        assert drawn_lines(screen.query_one("#verdict", Prepared))[0].startswith(verdict)
        shown = " ".join(drawn_lines(explanation))
        assert shown.startswith("“") and shown.endswith("”")
        assert explanation.region.height == len(drawn_lines(explanation)) > 0
        assert "Enter or Space: next question" in " ".join(drawn_lines(screen.query_one("#citation", Prepared)))
        score = 1 if key == "right letter" else 0
        assert drawn_lines(screen.query_one("#progress", Prepared)) == [f"Question 1/3 · Score {score}"]


async def test_the_last_answer_of_a_round_is_drawn_ahead_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ScoreStore(tmp_path / "scores.json")
    store.load()
    app = quiz_app(load_deck(BUNDLED), store, count=2, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await question_screen(pilot)
        await pilot.press("a", "enter")
        await pilot.pause(0.2)  # the next question read for a moment, as a person reads it
        drawn = record_drawing(monkeypatch)
        await pilot.press("a")
        await pilot.pause()
        assert not FEEDBACK & set(drawn), drawn
        assert "Enter or Space: see your results" in " ".join(drawn_lines(screen.query_one("#citation", Prepared)))


class PreparedApp(App[None]):
    CSS = "Prepared { padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield Prepared(id="text")


async def test_prepared_text_reads_as_given_literally_and_an_empty_one_takes_no_line() -> None:
    app = PreparedApp()
    async with app.run_test(size=(30, 10)) as pilot:
        text = app.query_one(Prepared)
        await pilot.pause()
        assert text.region.height == 0
        hostile = Content("[bold]not bold[/] and [/] as typed, long enough to wrap")
        text.prepare(hostile)
        text.update(Content(hostile.plain))  # an equal text, not the same object: drawn from the same lines
        await pilot.pause()
        assert drawn_lines(text) == ["[bold]not bold[/] and [/] as", "typed, long enough to wrap"]
        text.update("not prepared [b]either[/b]")
        await pilot.pause()
        assert drawn_lines(text) == ["not prepared [b]either[/b]"]


async def test_a_new_theme_redraws_prepared_text_in_its_colours() -> None:
    app = PreparedApp()
    async with app.run_test(size=(30, 10)) as pilot:
        text = app.query_one(Prepared)
        await pilot.pause()
        right = Content("✓ Correct!").stylize("bold $success")
        text.prepare(right)
        text.update(right)
        await pilot.pause()
        before = next(iter(text.render_line(0))).style
        app.register_theme(dataclasses.replace(app.current_theme, name="other-success", success="#ff00ff"))
        app.theme = "other-success"
        await pilot.pause()
        after = next(iter(text.render_line(0))).style
        assert before is not None and after is not None and after.color is not None and after.color.triplet is not None
        assert tuple(after.color.triplet) == (255, 0, 255) != tuple(before.color.triplet if before.color and before.color.triplet else ())


async def test_the_answer_goes_to_disk_once_its_feedback_is_on_screen(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    store = ScoreStore(scores)
    store.load()
    app = quiz_app(load_deck(BUNDLED), store, count=3, seed=1)
    app.session.recorder.hold_limit = 30  # only the frame can let the save go within this test
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await question_screen(pilot)
        item = screen.round.current
        assert item is not None
        await pilot.press("abcde"[item.correct_index])
        for _ in range(50):
            await pilot.pause(0.05)
            if recorded(scores)["sessions"]:
                break
        [session] = recorded(scores)["sessions"]
        assert [answer["correct"] for answer in session["answers"]] == [True]
