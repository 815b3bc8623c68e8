"""`oms-quiz stats` (Rich tables and --json) and the play command's usage errors, as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from quiz.cli.stats import sparkline, stats
from quiz.records import Deck
from quiz.round import Round
from quiz.store import ScoreStore

from .conftest import BUNDLED
from .test_stats import SLUG, answer, session, small_deck


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=cwd,
    )


def play(store: ScoreStore, deck: Deck, right: dict[str, bool], *, mode: str = "practice", minutes: float | None = None) -> Round:
    """Record a round as the app does: one save per answer, then the finished session."""
    chosen = [q for q in deck.questions if q.id in right]
    round_ = Round.build(SLUG, chosen, seed=7, mode=mode, shuffle_questions=False)
    if minutes is not None:
        round_.minutes = minutes
    for item in round_.items:
        good = right[item.question.id]
        round_.answer(item.correct_index if good else (item.correct_index + 1) % len(item.choices), 2.5)
        store.save_session(round_.to_session())
    return round_


@pytest.fixture
def recorded(make_deck, tmp_path: Path) -> tuple[Deck, Path]:
    """Three recorded sessions and a flag in a fresh score file."""
    deck = small_deck(make_deck)
    scores = tmp_path / "scores.json"
    store = ScoreStore(scores)
    store.load()
    play(store, deck, {"oms-short": True, "oms-nickname": False, "eye-speed": False, "eye-directions": True})
    play(store, deck, {"oms-nickname": True, "eye-speed": False}, mode="exam", minutes=5)
    play(store, deck, {"eye-speed": False, "oms-short": True, "oms-nickname": False}, mode="review")
    store.set_flag(SLUG, "limb-jerks", True)
    return deck, scores


@pytest.mark.parametrize("options_after_the_command", [False, True], ids=["oms-quiz --scores F stats", "oms-quiz stats --scores F"])
def test_stats_json_after_several_sessions(recorded: tuple[Deck, Path], options_after_the_command: bool) -> None:
    deck, scores = recorded
    options = ["--scores", str(scores), "--questions", str(deck.folder)]
    args = ["stats", "--json", *options] if options_after_the_command else [*options, "stats", "--json"]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["scores"] == str(scores)
    assert data["deck"] == SLUG
    assert len(data["sessions"]) == 3
    assert [(s["mode"], s["correct"], s["asked"], s["percent"], s["minutes"]) for s in data["sessions"]] == [
        ("practice", 2, 4, 50, None),
        ("exam", 1, 2, 50, 5),
        ("review", 1, 3, 33, None),
    ]
    assert all(len(s["date"]) == len("2025-06-01 12:00") for s in data["sessions"])
    assert [(t["topic"], t["title"], t["correct"], t["asked"], t["percent"]) for t in data["topics"]] == [
        ("names", "Names", 3, 5, 60),
        ("clinical-features", "Clinical features", 1, 4, 25),
    ]
    assert data["unseen"] == ["oms-long", "limb-jerks"]
    assert [h["id"] for h in data["hardest"]] == ["eye-speed", "oms-nickname"]
    assert [(h["wrong"], h["asked"]) for h in data["hardest"]] == [(3, 3), (2, 3)]
    assert (data["answers"], data["correct"]) == (9, 4)
    assert data["flagged"] == ["limb-jerks"]
    assert data["changed"] == [] and data["removed"] == []
    assert data["due"] == []  # everything was answered just now


def test_stats_json_reports_changed_and_removed_questions(recorded: tuple[Deck, Path]) -> None:
    deck, scores = recorded
    names = deck.folder / "1-names.yaml"
    text = names.read_text(encoding="utf-8")
    nickname = text[text.index("- id: oms-nickname") : text.index("- id: oms-long")]
    # oms-short is reworded; oms-nickname leaves the deck, its history stays in the file
    edited = text.replace("Which short form is used", "Which abbreviation is used").replace(nickname, "")
    names.write_text(edited, encoding="utf-8", newline="\n")
    result = run("--scores", str(scores), "--questions", str(deck.folder), "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["changed"] == ["oms-short"]
    assert data["removed"] == ["oms-nickname"]
    assert data["answers"] == 9  # no answer was lost
    assert "oms-short" not in data["unseen"]
    assert [h["id"] for h in data["hardest"]] == ["eye-speed"]


def test_stats_prints_rich_tables(recorded: tuple[Deck, Path]) -> None:
    deck, scores = recorded
    result = run("--scores", str(scores), "--questions", str(deck.folder), "stats")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Test deck: 3 sessions, 9 answers, 44% right" in out
    assert "Never seen: 2 of 6 · due for review: 0 · flagged: 1" in out
    assert f"Score over sessions: {sparkline([50, 50, 33])}" in out
    for title in ("Sessions", "Accuracy by topic", "Hardest questions for you"):
        assert title in out
    assert "5 min" in out  # the exam's time limit
    assert "exam" in out and "review" in out and "practice" in out
    assert "Clinical features" in out and "eye-speed" in out


def test_stats_on_an_empty_score_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scores = tmp_path / "none-yet.json"
    assert stats(BUNDLED, scores) == 0
    out = capsys.readouterr().out
    assert "0 sessions, 0 answers, no answers yet" in out
    assert "Never seen: 60 of 60" in out
    assert "Score over sessions" not in out and "Hardest" not in out
    assert not scores.exists()  # looking does not create the file
    assert stats(BUNDLED, scores, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == [] and len(data["unseen"]) == 60 and data["flagged"] == []


def test_stats_reads_sessions_written_with_past_times(make_deck, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = small_deck(make_deck)
    long_ago = datetime.now(timezone.utc) - timedelta(days=40)
    scores = tmp_path / "scores.json"
    data = {
        "version": 1,
        "sessions": [
            session(
                [answer(deck, "eye-speed", False, long_ago), answer(deck, "oms-short", True, long_ago)],
                started=long_ago,
            )
        ],
    }
    scores.write_text(json.dumps(data), encoding="utf-8")
    assert stats(deck.folder, scores, as_json=True) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["due"] == ["eye-speed", "oms-short"]


def test_stats_survive_a_hand_edited_score_file(make_deck, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = small_deck(make_deck)
    when = datetime.now(timezone.utc) - timedelta(hours=1)
    scores = tmp_path / "scores.json"
    edited = session([answer(deck, "oms-short", True, when)], started=when, total="ten", minutes="five")
    scores.write_text(json.dumps({"version": 1, "sessions": [edited]}), encoding="utf-8")
    assert stats(deck.folder, scores) == 0
    out = capsys.readouterr().out
    assert "Test deck: 1 session, 1 answer, 100% right" in out


# --- usage errors of the play command -------------------------------------------------------


def usage_error(args: Sequence[str], tmp_path: Path) -> str:
    result = run("--scores", str(tmp_path / "scores.json"), *args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("usage: oms-quiz")
    assert not (tmp_path / "scores.json").exists()
    return result.stderr


def test_an_unknown_topic_is_a_usage_error_naming_the_topics(tmp_path: Path) -> None:
    message = usage_error(["--topic", "names", "--topic", "nosuch"], tmp_path)
    assert "--topic: unknown topic 'nosuch'" in message
    assert "the topics are names, clinical-features, pathophysiology, causes, diagnosis" in message


def test_minutes_only_go_with_an_exam(tmp_path: Path) -> None:
    message = usage_error(["--minutes", "5", "--mode", "practice"], tmp_path)
    assert "--minutes is the time limit of an exam; use it with --mode exam" in message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--mode", "bogus"], "argument --mode: invalid choice: 'bogus'"),
        (["--filter", "someday"], "argument --filter: invalid choice: 'someday'"),
        (["--minutes", "0"], "must be between 0 and 1440 minutes"),
        (["--minutes", "soon"], "expected a number of minutes, got 'soon'"),
    ],
)
def test_bad_mode_filter_or_minutes_are_usage_errors(tmp_path: Path, args: list[str], expected: str) -> None:
    assert expected in usage_error(args, tmp_path)


def test_a_valid_exam_with_topics_gets_past_validation(tmp_path: Path) -> None:
    """No usage error; it stops only because a test has no terminal to play in."""
    result = run("--scores", str(tmp_path / "scores.json"), "--mode", "exam", "--minutes", "5", "--topic", "names", cwd=tmp_path)
    assert "usage:" not in result.stderr
    assert "interactive terminal" in result.stderr
