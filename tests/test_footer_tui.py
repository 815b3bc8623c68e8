"""The key line at the bottom: Textual's own footer, following the screen, and a click on a key presses it."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets._footer import FooterKey

from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.start import StartScreen
from quiz.tui.screens.statistics import StatisticsScreen

from .test_tui import make_app


def keys(app: App[None]) -> list[str]:
    """The descriptions the footer shows, left to right."""
    return [key.description for key in sorted(app.screen.query(FooterKey), key=lambda k: k.region.x) if key.description]


async def test_the_keys_follow_the_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert keys(app)[:4] == ["Start", "Mode", "Which", "Fewer"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert keys(app)[:3] == ["Flag", "Quit", "Keys"]


async def test_the_time_limit_key_shows_only_in_exam_mode(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert "Time limit" not in keys(app)
        await pilot.press("m")
        await pilot.pause()
        assert "Time limit" in keys(app)


async def test_a_click_on_a_key_presses_it(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [statistics] = [key for key in app.screen.query(FooterKey) if key.description == "Statistics"]
        await pilot.click(statistics)
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
