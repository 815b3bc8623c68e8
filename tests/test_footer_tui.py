"""The key line at the bottom (what it shows at each width, a click presses a key), and start-up garbage collection."""

from __future__ import annotations

from pathlib import Path

from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.start import StartScreen
from quiz.tui.screens.statistics import StatisticsScreen
from quiz.tui.widgets.footer import KeyFooter

from .test_tui import make_app


def line(app) -> str:
    footer = app.screen.query_one(KeyFooter)
    return footer.render().plain


async def test_at_80_columns_the_screen_keys_that_do_not_fit_end_in_an_ellipsis_and_quit_and_keys_stay(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        shown = line(app)
        assert len(shown) == 80
        assert shown.startswith(" ⏎ Start  m Mode  w Which  - Fewer  + More  … q Quit  ? Keys ")
        assert shown.endswith("▏^p palette")
        assert "Statistics" not in shown  # cut whole, never half a word


async def test_a_wide_terminal_shows_every_key(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        shown = line(app)
        assert " q Quit  ? Keys " in shown and "…" not in shown and shown.endswith("▏^p palette")


async def test_the_keys_follow_the_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert line(app).startswith(" f Flag  q Quit  ? Keys ")


async def test_a_click_on_a_key_presses_it(tmp_path: Path) -> None:
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        x = line(app).index("m Mode") + 3
        await pilot.click(KeyFooter, offset=(x, 0))
        await pilot.pause()
        assert app.session.plan.mode == "exam"  # m cycles the mode from practice
    app = make_app(tmp_path / "scores.json")
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        x = line(app).index("t Statistics") + 3
        await pilot.click(KeyFooter, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
