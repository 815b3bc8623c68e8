"""Files a stranger's pull request or an unlucky user can leave: links out of the deck, FIFOs, odd score files.

Real files, links and FIFOs in temporary folders; the command line in real processes.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.deck import load_deck
from quiz.records import DeckError
from quiz.scores import session_from_json
from quiz.store import ScoreStore

from .conftest import GOOD_QUESTION, DeckMaker

SECRET = "Zebra-secret-7731 lives in a file outside the deck."
needs_links = pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def oms_quiz(*args: str, cwd: Path | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)


def outside(tmp_path: Path, name: str = "secret.md") -> Path:
    """A file beside the deck folder, not in it, holding text that must never be printed."""
    secret = tmp_path / "elsewhere" / name
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"# Private notes\n\n{SECRET}\n\nAnother private sentence.\n", encoding="utf-8")
    return secret


@needs_links
def test_a_question_file_linked_outside_the_deck_is_refused_and_nothing_of_it_is_printed(tmp_path: Path, make_deck: DeckMaker) -> None:
    deck = make_deck()
    secret = outside(tmp_path, "questions.yaml")
    secret.write_text(GOOD_QUESTION.replace("opsoclonus-directions", "zebra-secret-7731"), encoding="utf-8")
    (deck / "linked.yaml").symlink_to(secret)
    result = oms_quiz("check", str(deck))
    assert result.returncode == 1
    assert f"{deck / 'linked.yaml'}:1: error: not read: it is a link to a file outside the deck folder" in result.stdout
    assert "zebra" not in (result.stdout + result.stderr).lower()


@needs_links
def test_a_source_linked_outside_the_deck_is_refused_so_no_hint_can_quote_it(tmp_path: Path, make_deck: DeckMaker) -> None:
    deck = make_deck(source=None)
    (deck / "source.md").symlink_to(outside(tmp_path))
    # An explanation close to the secret sentence: a readable source would be quoted in the hint.
    (deck / "questions.yaml").write_text(
        GOOD_QUESTION.replace("Opsoclonus describes seemingly", "Zebra-secret-7731 lives in"), encoding="utf-8"
    )
    result = oms_quiz("check", str(deck))
    assert result.returncode == 1
    assert "source file 'source.md' not read: it is a link to a file outside the deck folder" in result.stdout
    assert SECRET not in result.stdout + result.stderr and "Private notes" not in result.stdout + result.stderr


@needs_links
def test_deck_yaml_linked_outside_the_deck_is_refused(tmp_path: Path, make_deck: DeckMaker) -> None:
    deck = make_deck(deck_yaml=None)
    elsewhere = outside(tmp_path, "deck.yaml")
    elsewhere.write_text("title: Zebra-secret-7731\nsource: source.md\nattribution: x\ntopics: {names: Names}\n", encoding="utf-8")
    (deck / "deck.yaml").symlink_to(elsewhere)
    with pytest.raises(DeckError) as caught:
        load_deck(deck)
    assert [str(p) for p in caught.value.problems if "deck.yaml" in p.path] == [
        f"{deck / 'deck.yaml'}:1: error: not read: it is a link to a file outside the deck folder; a deck reads only its own files"
    ]


@needs_links
def test_a_link_to_a_file_inside_the_deck_is_read(make_deck: DeckMaker) -> None:
    deck = make_deck({"real.yaml": GOOD_QUESTION})
    (deck / "alias.yml").symlink_to(deck / "real.yaml")
    loaded = load_deck(deck)
    assert [q.path for q in loaded.questions] == [str(deck / "alias.yml")]
    assert [p.message for p in loaded.problems if p.path == str(deck / "real.yaml")] == [
        f"id 'opsoclonus-directions' is already used at {deck / 'alias.yml'}:1; ids are unique in a deck"
    ]  # the same question, read twice: both files were read


@needs_links
def test_a_link_to_nothing_is_reported_not_skipped(make_deck: DeckMaker) -> None:
    deck = make_deck()
    (deck / "gone.yaml").symlink_to(deck / "missing.yaml")
    problems = [str(p) for p in load_deck(deck).problems]
    assert f"{deck / 'gone.yaml'}:1: error: not read: it is a link to nothing" in problems


@needs_fifos
def test_a_fifo_among_the_question_files_is_refused_without_hanging(make_deck: DeckMaker) -> None:
    deck = make_deck()
    os.mkfifo(deck / "pipe.yaml")
    result = oms_quiz("check", str(deck), timeout=20)  # opening a FIFO would block until a writer came
    assert result.returncode == 1
    assert f"{deck / 'pipe.yaml'}:1: error: not read: it is a FIFO, not a regular file" in result.stdout


@needs_fifos
def test_a_fifo_as_the_source_is_refused_without_hanging(make_deck: DeckMaker) -> None:
    deck = make_deck(source=None)
    os.mkfifo(deck / "source.md")
    result = oms_quiz("check", str(deck), timeout=20)
    assert result.returncode == 1
    assert "source file 'source.md' not read: it is a FIFO, not a regular file" in result.stdout


def test_a_folder_named_like_a_question_file_is_reported(make_deck: DeckMaker) -> None:
    deck = make_deck()
    (deck / "more.yaml").mkdir()
    problems = [str(p) for p in load_deck(deck).problems]
    assert f"{deck / 'more.yaml'}:1: error: not read: it is a folder, not a regular file" in problems


def test_a_source_named_as_a_path_out_of_the_deck_is_refused(tmp_path: Path, make_deck: DeckMaker) -> None:
    outside(tmp_path)
    deck = make_deck(deck_yaml="title: T\nsource: ../elsewhere/secret.md\nattribution: A\ntopics:\n  names: Names\n")
    result = oms_quiz("check", str(deck))
    assert "source '../elsewhere/secret.md' must be a file name in the deck folder, not a path" in result.stdout
    assert SECRET not in result.stdout + result.stderr


@needs_links
def test_playing_a_deck_with_a_file_linked_outside_prints_nothing_of_it(tmp_path: Path, make_deck: DeckMaker) -> None:
    deck = make_deck()
    secret = outside(tmp_path, "more.yaml")
    secret.write_text(f"- id: zebra\n  question: {SECRET}\n", encoding="utf-8")
    (deck / "more.yaml").symlink_to(secret)
    result = oms_quiz("--questions", str(deck), "--scores", str(tmp_path / "s.json"))
    assert "Skipped 1 invalid question" in result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_check_prints_paths_as_they_were_typed(make_deck: DeckMaker) -> None:
    deck = make_deck({"q.yaml": GOOD_QUESTION.replace("topic: clinical-features", "topic: nope")})
    result = oms_quiz("check", "./deck/q.yaml", cwd=deck.parent)
    assert result.stdout.startswith("./deck/q.yaml:2: error: topic 'nope'"), result.stdout
    result = oms_quiz("check", "./deck/", cwd=deck.parent)
    assert result.stdout.startswith("./deck/q.yaml:2: error: topic 'nope'"), result.stdout


# --- the score file -----------------------------------------------------------------------


def strict_json(text: str) -> object:
    """Parse as RFC 8259 JSON: NaN, Infinity and numbers beyond a double are refused, as jq and browsers do."""

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    def number(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            raise ValueError(f"{literal} is out of range")
        return value

    return json.loads(text, parse_constant=refuse, parse_float=number)


SESSION = {"id": "s1", "deck": "oms", "mode": "practice", "started": "2026-01-01T10:00:00+00:00", "ended": None, "total": 3}


@pytest.mark.parametrize("odd", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_cannot_hold_are_read_as_null_and_never_written_back(tmp_path: Path, odd: str) -> None:
    scores = tmp_path / "scores.json"
    answer = f'{{"id": "a", "choice": "x", "correct": true, "seconds": {odd}, "at": "2026-01-01T10:00:05+00:00"}}'
    scores.write_text(f'{{"version": 1, "sessions": [{json.dumps(SESSION)[:-1]}, "answers": [{answer}]}}], "note": {odd}}}')
    store = ScoreStore(scores)
    store.load()
    assert any("NaN, Infinity or too large" in n and "read as null" in n for n in store.notices)
    store.save_session(
        session_from_json({**SESSION, "id": "s2", "answers": [{"id": "b", "choice": "y", "correct": False, "seconds": 1.5}]})
    )
    data = strict_json(scores.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    assert data["sessions"][0]["answers"][0].get("seconds") is None and data["note"] is None
    assert [s["id"] for s in data["sessions"]] == ["s1", "s2"]


def test_stats_json_is_strict_json_even_from_an_odd_file(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    answer = '{"id": "opsoclonus-directions", "choice": "x", "correct": true, "seconds": NaN}'
    scores.write_text(f'{{"version": 1, "sessions": [{json.dumps(SESSION)[:-1]}, "answers": [{answer}], "minutes": Infinity}}]}}')
    result = oms_quiz("stats", "--json", "--scores", str(scores))
    assert result.returncode == 0, result.stderr
    data = strict_json(result.stdout)
    assert isinstance(data, dict) and data["answers"] == 1


@needs_links
def test_a_linked_score_file_is_written_through_the_link(tmp_path: Path) -> None:
    synced = tmp_path / "Sync" / "oms-scores.json"
    synced.parent.mkdir()
    synced.write_text('{"version": 1, "sessions": []}\n', encoding="utf-8")
    link = tmp_path / "data" / "scores.json"
    link.parent.mkdir()
    link.symlink_to(synced)
    for n in (1, 2):
        store = ScoreStore(link)
        store.load()
        store.save_session(session_from_json({**SESSION, "id": f"s{n}", "answers": [{"id": "a", "choice": "x", "correct": True}]}))
    assert link.is_symlink() and link.resolve() == synced.resolve()
    assert [s["id"] for s in json.loads(synced.read_text(encoding="utf-8"))["sessions"]] == ["s1", "s2"]
    assert (synced.parent / "oms-scores.json.lock").exists() and not (link.parent / "scores.json.lock").exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["scores.json"]  # no temporary file left beside the link


@needs_links
def test_a_damaged_linked_score_file_is_moved_aside_beside_its_target(tmp_path: Path) -> None:
    synced = tmp_path / "Sync" / "scores.json"
    synced.parent.mkdir()
    synced.write_text("{not json", encoding="utf-8")
    link = tmp_path / "scores.json"
    link.symlink_to(synced)
    store = ScoreStore(link)
    store.load()
    store.save_session(session_from_json({**SESSION, "answers": []}))
    [aside] = synced.parent.glob("scores.json.corrupt-*")
    assert aside.read_text(encoding="utf-8") == "{not json"
    assert link.is_symlink() and json.loads(synced.read_text(encoding="utf-8"))["sessions"][0]["id"] == "s1"


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_an_empty_score_file_is_an_empty_history_and_stats_leave_no_file_behind(tmp_path: Path, content: str) -> None:
    scores = tmp_path / "scores.json"
    scores.write_text(content, encoding="utf-8")
    result = oms_quiz("stats", "--json", "--scores", str(scores))
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)["sessions"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.json"] and scores.read_text(encoding="utf-8") == content
    store = ScoreStore(scores)
    store.load()
    assert store.notices == [] and store.read_only is None
    store.save_session(session_from_json({**SESSION, "answers": []}))
    assert json.loads(scores.read_text(encoding="utf-8"))["sessions"][0]["id"] == "s1"
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_stats_on_a_damaged_score_file_says_so_and_changes_nothing(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    scores.write_text("{broken", encoding="utf-8")
    result = oms_quiz("stats", "--scores", str(scores))
    assert result.returncode == 0
    assert "is damaged" in result.stderr and "left as it is" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.json"] and scores.read_text(encoding="utf-8") == "{broken"


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_console_that_cannot_encode_a_symbol_gets_an_escape_not_a_traceback(make_deck: DeckMaker, encoding: str) -> None:
    deck = make_deck({"q.yaml": '- id: ctl\n  "to\\x1bpic": names\n'})
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "check", str(deck / "q.yaml")],
        capture_output=True,
        timeout=30,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"unknown key 'to\\u241bpic' (did you mean 'topic'?)" in result.stdout
