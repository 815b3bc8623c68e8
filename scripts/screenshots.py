"""Regenerate the README screenshots from the real app (never edit the SVGs by hand).

Run: python scripts/screenshots.py   (writes docs/img/*.svg)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz import paths  # noqa: E402
from quiz.deck import load_deck  # noqa: E402
from quiz.plan import Plan  # noqa: E402
from quiz.session import Session  # noqa: E402
from quiz.store import ScoreStore  # noqa: E402
from quiz.tui.app import QuizApp  # noqa: E402

OUT = ROOT / "docs" / "img"
SIZE = (100, 32)
SEED = 7


async def shoot() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = ScoreStore(Path(tmp) / "scores.json")
        store.load()
        session = Session(load_deck(paths.deck_dir()), store, plan=Plan(count=3), seed=SEED)
        app = QuizApp(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.save_screenshot(str(OUT / "start.svg"))
            await pilot.press("enter")
            await pilot.pause()
            item = app.screen.round.current
            await pilot.press("abcde"[(item.correct_index + 1) % len(item.choices)])
            await pilot.pause(0.2)
            app.save_screenshot(str(OUT / "answer.svg"))
            await pilot.press("enter")
            for _ in range(2):
                await pilot.pause()
                item = app.screen.round.current
                await pilot.press("abcde"[item.correct_index], "enter")
            await pilot.pause(0.2)
            app.save_screenshot(str(OUT / "results.svg"))
        session.flush()
    for svg in sorted(OUT.glob("*.svg")):
        print(svg.relative_to(ROOT))


if __name__ == "__main__":
    asyncio.run(shoot())
