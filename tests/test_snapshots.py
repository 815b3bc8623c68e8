"""Snapshot tests of every screen and state, at 80x24 and 120x40 (update with `pytest --snapshot-update`).

Deterministic: a fixed seed, a score file with fixed times, no time limit, no toasts, the round's
duration pinned.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.deck import load_deck
from quiz.store import ScoreStore
from quiz.tui.app import QuizApp
from quiz.tui.screens import results
from tests.conftest import quiz_app

from .conftest import BUNDLED

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SEED = 3


def history_file(path: Path) -> Path:
    """Three sessions with fixed times, so statistics and 'last/best' are the same on every run."""
    deck = load_deck(BUNDLED)
    ids = [q.id for q in deck.questions]
    sessions = []
    for n, right in enumerate([2, 4, 3]):
        answers = [
            {
                "id": ids[n * 5 + i],
                "choice": "x",
                "correct": i < right,
                "seconds": 3.0,
                "hash": deck.questions[n * 5 + i].content_hash,
                "at": f"2026-01-0{n + 1}T10:00:0{i}+00:00",
            }
            for i in range(5)
        ]
        sessions.append(
            {
                "id": f"s{n}",
                "deck": "oms",
                "mode": "practice",
                "started": f"2026-01-0{n + 1}T10:00:00+00:00",
                "ended": f"2026-01-0{n + 1}T10:01:00+00:00",
                "total": 5,
                "answers": answers,
            }
        )
    path.write_text(json.dumps({"version": 1, "sessions": sessions}))
    return path


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(results, "duration", lambda round_: "1 min 05 s")

    def make(with_history: bool = True, mode: str = "practice") -> QuizApp:
        from quiz.plan import Plan

        scores = tmp_path / "scores.json"
        if with_history:
            history_file(scores)
        store = ScoreStore(scores)
        store.load()
        return quiz_app(load_deck(BUNDLED), store, plan=Plan(mode=mode, count=3), seed=SEED)

    return make


def current(pilot):
    return pilot.app.screen.round.current


async def answer_right(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("abcde"[current(pilot).correct_index])
    await pilot.pause()


async def answer_wrong(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    item = current(pilot)
    await pilot.press("abcde"[(item.correct_index + 1) % len(item.choices)])
    await pilot.pause()


async def finish_round(pilot) -> None:
    await answer_wrong(pilot)
    for _ in range(2):
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("abcde"[current(pilot).correct_index])
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_question_screen(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_right_answer(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), run_before=answer_right, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_wrong_answer(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), run_before=answer_wrong, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_results_screen(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), run_before=finish_round, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_exam_review(snap_compare, make_app, size) -> None:
    async def exam_then_review(pilot) -> None:
        await pilot.press("enter", "a", "b", "c")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(make_app(mode="exam"), run_before=exam_then_review, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_statistics_screen(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["t"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_source_reader_from_an_explanation(snap_compare, make_app, size) -> None:
    async def open_source(pilot) -> None:
        await answer_wrong(pilot)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(make_app(), run_before=open_source, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_source_with_knowledge_marks(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["s"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help_panel(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), press=["enter", "question_mark"], terminal_size=size)


def test_too_small_terminal(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(50, 14))
