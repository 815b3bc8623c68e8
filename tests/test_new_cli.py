"""`oms-quiz new`: a question skeleton that passes `check --strict` as it is, printed or appended (real subprocesses)."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import yaml

from quiz.deck import load_deck
from quiz.deck.read import SLUG

from .conftest import BUNDLED, DeckMaker, native
from .test_check_cli import Q2, Q, lines, run

APPENDED = re.compile(
    r"^oms-quiz new: appended question '(?P<id>[a-z0-9-]+)' \(topic (?P<topic>[a-z0-9-]+), source sentence (?P<sentence>\d+), "
    r"quoted by \d+ questions?\) at (?P<file>.+):(?P<line>\d+); write it, then run 'oms-quiz check --strict'$"
)


def clone(tmp_path: Path) -> Path:
    """A contributor's clone: the bundled deck under questions/, with the schemas beside it."""
    root = tmp_path / "clone"
    shutil.copytree(BUNDLED.parent, root / "questions")
    return root


def test_the_printed_skeleton_passes_strict_check_as_it_is(tmp_path: Path) -> None:
    root = clone(tmp_path)
    result = run("new", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    item = yaml.safe_load(result.stdout)[0]
    assert SLUG.match(item["id"]) and item["id"].startswith("new-")
    (root / "questions" / "oms" / "mine.yaml").write_text(result.stdout, encoding="utf-8")
    check = run("check", "--strict", cwd=root)
    bank = len(load_deck(root / "questions" / "oms").questions)  # the bank and the new question
    assert lines(check) == [f"oms-quiz check: no problems (1 deck, {bank} valid questions) in questions (this repository's decks)"]
    assert check.returncode == 0


def test_the_skeleton_takes_the_least_covered_topic_and_sentence(make_deck: DeckMaker, tmp_path: Path) -> None:
    # Two questions on clinical-features quote sentences 1 and 2: names has none, and sentence 3 is quoted by none.
    folder = make_deck({"q.yaml": Q + Q2})
    result = run("new", "deck", cwd=tmp_path)
    item = yaml.safe_load(result.stdout)[0]
    assert item["topic"] == "names"
    deck = load_deck(folder)
    assert deck.source.find(item["explanation"]) is not None
    assert deck.source.sentences_of([item["explanation"]]) == [2]
    assert result.stdout.splitlines()[:2] == [
        "# Replace the question, answer and distractors; keep the quote or use other whole sentences of the source.",
        "# kind: recall  (recall, definition or vignette)",
    ]
    chosen = yaml.safe_load(run("new", "deck", "--topic", "clinical-features", cwd=tmp_path).stdout)[0]
    assert chosen["topic"] == "clinical-features"
    assert chosen["id"] != item["id"]


def test_append_adds_the_skeleton_to_a_question_file_and_says_where(tmp_path: Path) -> None:
    root = clone(tmp_path)
    causes = root / "questions" / "oms" / "causes.yaml"
    before = causes.read_text(encoding="utf-8")
    mode = stat.S_IMODE(causes.stat().st_mode)
    result = run("new", "--append", native("questions/oms/causes.yaml"), "--topic", "causes", cwd=root)
    assert result.returncode == 0, result.stderr
    told = APPENDED.match(lines(result)[0])
    assert told, result.stdout
    assert told["file"] == native("questions/oms/causes.yaml") and told["topic"] == "causes"
    after = causes.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after.splitlines()[int(told["line"]) - 1] == f"- id: {told['id']}"
    assert stat.S_IMODE(causes.stat().st_mode) == mode  # not the 0600 of a private temporary file
    assert run("check", "--strict", cwd=root).returncode == 0


def test_append_creates_a_new_file_with_the_schema_line(tmp_path: Path) -> None:
    root = clone(tmp_path)
    result = run("new", "--append", native("questions/oms/my-topic.yaml"), cwd=root)
    assert result.returncode == 0, result.stderr
    text = (root / "questions" / "oms" / "my-topic.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/question-file.schema.json"
    told = APPENDED.match(lines(result)[0])
    assert told and told["line"] == "4"
    assert run("check", "--strict", cwd=root).returncode == 0


def test_a_second_skeleton_waits_until_the_first_is_written(tmp_path: Path) -> None:
    root = clone(tmp_path)
    first = APPENDED.match(lines(run("new", "--append", native("questions/oms/mine.yaml"), cwd=root))[0])
    assert first
    second = run("new", cwd=root)
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr == (
        f"oms-quiz new: error: question '{first['id']}' ({native('questions/oms/mine.yaml')}:{first['line']}) "
        "is a skeleton still to be written; write it before you add another\n"
    )


def test_a_file_that_would_break_is_left_as_it_was(make_deck: DeckMaker, tmp_path: Path) -> None:
    make_deck({"q.yaml": Q, "flow.yaml": "[]\n"})
    result = run("new", "--append", native("deck/flow.yaml"), cwd=tmp_path)
    assert result.returncode == 1
    assert (tmp_path / "deck" / "flow.yaml").read_text(encoding="utf-8") == "[]\n"
    assert "does not read as a list of questions with the new one appended; left as it was" in result.stderr


def test_usage_errors(make_deck: DeckMaker, tmp_path: Path) -> None:
    make_deck({"q.yaml": Q})
    unknown = run("new", "deck", "--topic", "treatment", cwd=tmp_path)
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == "oms-quiz new: error: --topic: unknown topic 'treatment'; the topics are names, clinical-features\n"
    not_questions = run("new", "--append", native("deck/deck.yaml"), cwd=tmp_path)
    assert not_questions.returncode == 2
    assert "is not a question file" in not_questions.stderr
    assert (tmp_path / "deck" / "deck.yaml").read_text(encoding="utf-8").startswith("title: Test deck")
    (tmp_path / "other").mkdir()
    elsewhere = run("new", "deck", "--append", native("other/q.yaml"), cwd=tmp_path)
    assert elsewhere.returncode == 2
    assert "is not in the deck folder deck" in elsewhere.stderr
    not_a_deck = run("new", "other", cwd=tmp_path)
    assert (not_a_deck.returncode, not_a_deck.stderr) == (2, "oms-quiz new: error: no deck in other (a deck folder holds deck.yaml)\n")
