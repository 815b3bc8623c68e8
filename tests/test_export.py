"""`oms-quiz export`: an Anki package read back as Anki reads it (a zip holding a SQLite collection), and the answers as CSV."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import genanki
import pytest

from quiz.cli import main
from quiz.deck import load_deck
from quiz.export import shown_choices, stable_id

from .test_stats import DECK_FILES, NOW, answer, session

HOSTILE = """\
- id: html-in-text
  topic: names
  question: "Which is <b>bold</b> & [red]not markup[/red]?"
  answer: "<script>alert(1)</script>"
  distractors:
    - "=HYPERLINK(\\"http://x\\")"
    - "a & b"
    - "plain"
  explanation: "Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome."
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def read_apkg(path: Path, tmp_path: Path) -> dict[str, Any]:
    """The package as Anki would import it: its notes (guid, model id, fields, tags), cards' deck ids, models and decks."""
    with zipfile.ZipFile(path) as package:
        assert "collection.anki2" in package.namelist()
        target = tmp_path / f"{path.stem}-collection.anki2"
        target.write_bytes(package.read("collection.anki2"))
    db = sqlite3.connect(target)
    try:
        notes = {
            guid: {"id": nid, "mid": mid, "fields": flds.split("\x1f"), "tags": tags.split()}
            for nid, guid, mid, flds, tags in db.execute("SELECT id, guid, mid, flds, tags FROM notes")
        }
        card_decks = {did for (did,) in db.execute("SELECT did FROM cards")}
        models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
    finally:
        db.close()
    return {"notes": notes, "card_decks": card_decks, "models": json.loads(models_json), "decks": json.loads(decks_json)}


@pytest.fixture
def deck_and_scores(make_deck: Any, tmp_path: Path) -> tuple[Path, Path]:
    folder = make_deck({**DECK_FILES, "3-hostile.yaml": HOSTILE})
    deck = load_deck(folder)
    scores = tmp_path / "scores.json"
    data = {
        "version": 1,
        "sessions": [
            session(
                [
                    {**answer(deck, "eye-speed", False, NOW), "confidence": "certain"},
                    answer(deck, "oms-short", True, NOW),
                    {**answer(deck, "html-in-text", False, NOW), "confidence": "guess"},
                ],
                started=NOW,
            )
        ],
        "flags": {"deck": {"limb-jerks": "2025-06-01T12:00:00+00:00"}},
    }
    scores.write_text(json.dumps(data), encoding="utf-8")
    return folder, scores


def test_export_anki_missed_writes_one_note_per_missed_question_with_every_field(
    deck_and_scores: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, scores = deck_and_scores
    out = tmp_path / "missed.apkg"
    code, stdout, stderr = run("export", "anki", "--missed", str(out), "--questions", str(folder), "--scores", str(scores))
    assert code == 0, stderr
    assert "wrote 2 notes" in stdout
    package = read_apkg(out, tmp_path)
    deck = load_deck(folder)
    assert set(package["notes"]) == {genanki.guid_for("deck", "eye-speed"), genanki.guid_for("deck", "html-in-text")}
    speed = package["notes"][genanki.guid_for("deck", "eye-speed")]
    question, choices, answer_field, explanation, source, qid = speed["fields"]
    assert question == "How fast are the eye movements of opsoclonus?"
    asked = next(q for q in deck.questions if q.id == "eye-speed")
    order = shown_choices(asked)
    assert choices == '<ol class="choices">' + "".join(f"<li>{c}</li>" for c in order) + "</ol>"
    assert answer_field == f"{'ABCDEF'[order.index('Rapid')]}. Rapid"
    assert explanation == f'<div class="explanation">“{asked.explanation[0]}”</div>'  # verbatim
    assert source == "Test deck — Test attribution"
    assert qid == "eye-speed"
    assert sorted(speed["tags"]) == ["clinical-features", "deck", "oms-quiz"]
    model_id = stable_id("oms-quiz", "model", "oms-quiz multiple choice", "1")
    assert speed["mid"] == model_id and str(model_id) in package["models"]
    assert [f["name"] for f in package["models"][str(model_id)]["flds"]] == ["Question", "Choices", "Answer", "Explanation", "Source", "Id"]
    deck_id = stable_id("oms-quiz", "deck", "deck")
    assert package["card_decks"] == {deck_id}
    assert package["decks"][str(deck_id)]["name"] == "oms-quiz::Test deck"


def test_deck_text_is_html_escaped_in_the_package(deck_and_scores: tuple[Path, Path], tmp_path: Path) -> None:
    folder, scores = deck_and_scores
    out = tmp_path / "all.apkg"
    assert run("export", "anki", "--all", str(out), "--questions", str(folder), "--scores", str(scores))[0] == 0
    hostile = read_apkg(out, tmp_path)["notes"][genanki.guid_for("deck", "html-in-text")]["fields"]
    assert hostile[0] == "Which is &lt;b&gt;bold&lt;/b&gt; &amp; [red]not markup[/red]?"
    assert hostile[2].endswith(". &lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<li>a &amp; b</li>" in hostile[1] and "<script>" not in "".join(hostile)


def test_a_second_export_keeps_every_guid_and_id_so_anki_updates_instead_of_duplicating(
    deck_and_scores: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, scores = deck_and_scores
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    for out in (first, second):
        assert run("export", "anki", "--all", str(out), "--questions", str(folder), "--scores", str(scores))[0] == 0
    a, b = read_apkg(first, tmp_path), read_apkg(second, tmp_path)
    assert len(a["notes"]) == 7
    assert set(a["notes"]) == set(b["notes"])
    for guid, note in a["notes"].items():
        assert b["notes"][guid]["mid"] == note["mid"] and b["notes"][guid]["fields"] == note["fields"]
    assert a["card_decks"] == b["card_decks"]
    assert a["models"].keys() == b["models"].keys()


def test_export_flagged_and_nothing_to_export(deck_and_scores: tuple[Path, Path], tmp_path: Path) -> None:
    folder, scores = deck_and_scores
    out = tmp_path / "flagged.apkg"
    assert run("export", "anki", "--flagged", str(out), "--questions", str(folder), "--scores", str(scores))[0] == 0
    assert set(read_apkg(out, tmp_path)["notes"]) == {genanki.guid_for("deck", "limb-jerks")}
    code, _, stderr = run("export", "anki", str(tmp_path / "none.apkg"), "--questions", str(folder), "--scores", str(tmp_path / "new.json"))
    assert code == 1 and "no questions answered wrong at least once yet" in stderr
    assert not (tmp_path / "none.apkg").exists()


def test_export_csv_one_row_per_answer(deck_and_scores: tuple[Path, Path], tmp_path: Path) -> None:
    folder, scores = deck_and_scores
    code, stdout, _ = run("export", "csv", "-", "--questions", str(folder), "--scores", str(scores))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert list(rows[0]) == ["session", "mode", "started", "question", "topic", "choice", "correct", "confidence", "seconds", "at"]
    assert [(r["question"], r["topic"], r["correct"], r["confidence"]) for r in rows] == [
        ("eye-speed", "clinical-features", "false", "certain"),
        ("oms-short", "names", "true", ""),
        ("html-in-text", "names", "false", "guess"),
    ]
    assert rows[0]["choice"] == "Slow" and rows[0]["seconds"] == "3" and rows[0]["mode"] == "practice"
    assert rows[2]["choice"] == '\'=HYPERLINK("http://x")'  # a formula in deck text is not run by a spreadsheet
    out = tmp_path / "answers.csv"
    code, stdout, _ = run("export", "csv", str(out), "--questions", str(folder), "--scores", str(scores))
    assert code == 0 and "wrote 3 answers" in stdout
    assert out.read_text(encoding="utf-8").splitlines()[1:] == stdout_rows(folder, scores)


def stdout_rows(folder: Path, scores: Path) -> list[str]:
    return run("export", "csv", "--questions", str(folder), "--scores", str(scores))[1].splitlines()[1:]
