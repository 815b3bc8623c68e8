"""The JSON Schemas for editors: the committed copies are the generated ones, they accept the bundled bank, and they
reject the invalid files the parser rejects (as far as a schema can see)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from quiz.deck import load_deck, question_files
from quiz.deck import schema as schemas
from quiz.records import DeckError

from .conftest import BUNDLED, DECK_YAML, GOOD_QUESTION, REPO, DeckMaker
from .test_deck import edit

SCHEMA_DIR = REPO / "questions" / "schema"
NULL = "tag:yaml.org,2002:null"


class Plain(yaml.SafeLoader):
    """YAML as the parser reads it: every plain scalar is text as written, except null."""


Plain.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMA_DIR / schemas.file_name(name)).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def schema_errors(name: str, text: str, loader: type[yaml.SafeLoader] = Plain) -> list[str]:
    """Each error as `keyword: message` (the keyword reads the same in every jsonschema version; some messages do not)."""
    return [f"{error.validator}: {error.message}" for error in validator(name).iter_errors(yaml.load(text, Loader=loader))]


def parser_errors(make_deck: DeckMaker, question_file: str | None = None, deck_yaml: str = DECK_YAML) -> list[str]:
    try:
        deck = load_deck(make_deck({"q.yaml": question_file or GOOD_QUESTION}, deck_yaml=deck_yaml))
    except DeckError as exc:
        return [p.message for p in exc.problems if p.severity == "error"]
    return [p.message for p in deck.problems if p.severity == "error"]


@pytest.mark.parametrize("name", schemas.NAMES)
def test_the_committed_schemas_are_the_generated_ones(name: str) -> None:
    committed = (SCHEMA_DIR / schemas.file_name(name)).read_text(encoding="utf-8")
    assert committed == schemas.render(name), "regenerate them: python -m quiz schema --write questions/schema"


@pytest.mark.parametrize("name", schemas.NAMES)
def test_oms_quiz_schema_prints_them(name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "quiz", "schema", name], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == schemas.render(name)


def test_oms_quiz_schema_write_writes_both(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "schema", "--write", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for name in schemas.NAMES:
        assert (tmp_path / "out" / schemas.file_name(name)).read_text(encoding="utf-8") == schemas.render(name)


def test_the_schemas_are_built_from_the_parsers_rules() -> None:
    from quiz.deck import read

    question = schemas.question_file_schema()["items"]
    assert question["required"] == list(read.QUESTION_KEYS)
    assert question["properties"]["id"]["pattern"] == read.SLUG.pattern
    assert question["properties"]["distractors"]["minItems"] == read.MIN_DISTRACTORS
    assert question["properties"]["distractors"]["maxItems"] == read.MAX_DISTRACTORS
    assert question["properties"]["answer"]["maxLength"] == read.MAX_CHOICE_CHARS
    assert schemas.deck_schema()["required"] == list(read.DECK_KEYS)


def test_every_bundled_file_names_its_schema_and_passes_it() -> None:
    files = [*question_files(BUNDLED), BUNDLED / "deck.yaml"]
    assert len(files) > 1
    for path in files:
        name = schemas.DECK if path.name == "deck.yaml" else schemas.QUESTION_FILE
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schema/{schemas.file_name(name)}", path
        assert (path.parent / f"../schema/{schemas.file_name(name)}").is_file()
        assert schema_errors(name, text) == [], path
        # An editor reads `Yes` and `42` as a boolean and a number; the parser, and so the schema, accept them as text.
        assert schema_errors(name, text, yaml.SafeLoader) == [], path


def test_values_an_editor_reads_as_numbers_or_booleans_are_text_to_both(make_deck: DeckMaker) -> None:
    text = edit(GOOD_QUESTION, "answer: Horizontal, vertical and diagonal", "answer: 42").replace("- Vertical plane only", "- yes")
    assert parser_errors(make_deck, text) == []
    assert schema_errors(schemas.QUESTION_FILE, text, yaml.SafeLoader) == []


# Invalid question files: (the change to a valid one, a word of the parser's error, a word of the schema's).
INVALID_QUESTIONS = {
    "misspelt key": (("  distractors:", "  distractor:"), "unknown key 'distractor'", "'distractor' was unexpected"),
    "missing key": (("  topic: clinical-features\n", ""), "is missing 'topic'", "'topic' is a required property"),
    "one distractor": (("    - Vertical plane only\n    - Horizontal and vertical only\n", ""), "1 distractor given", "is too short"),
    "six distractors": (("    - Vertical plane only\n", "    - A\n    - B\n    - C\n    - D\n"), "6 distractors given", "is too long"),
    "bad id": (("id: opsoclonus-directions", "id: Opsoclonus_Directions"), "must be a lowercase slug", "does not match"),
    "empty answer": (("answer: Horizontal, vertical and diagonal", 'answer: ""'), "answer is empty", "does not match"),
    "null answer": (("answer: Horizontal, vertical and diagonal", "answer:"), "answer is empty", "None is not of type"),
    "long answer": (("answer: Horizontal, vertical and diagonal", "answer: " + "x" * 301), "the limit is 300", "is too long"),
    "list as question": (("question: In which", "question:\n    - In which"), "question must be text", "is not of type"),
    "empty explanation list": (
        (
            "explanation: >-\n    Opsoclonus describes seemingly random, involuntary, and rapid eye movements\n"
            "    in the horizontal, vertical, and diagonal directions.",
            "explanation: []",
        ),
        "explanation is an empty list",
        "is not valid under any of the given schemas",
    ),
    "repeated distractor": (("    - Vertical plane only", "    - Horizontal plane only"), "repeats distractor", "non-unique elements"),
}


@pytest.mark.parametrize("case", list(INVALID_QUESTIONS))
def test_the_schema_rejects_questions_the_parser_rejects(case: str, make_deck: DeckMaker) -> None:
    (old, new), parser_says, schema_says = INVALID_QUESTIONS[case]
    text = edit(GOOD_QUESTION, old, new)
    rejected = parser_errors(make_deck, text)
    assert any(parser_says in message for message in rejected), rejected
    found = schema_errors(schemas.QUESTION_FILE, text)
    assert any(schema_says in message for message in found), found


INVALID_DECKS = {
    "misspelt key": (("topics:", "topic:"), "unknown key 'topic'", "'topic' was unexpected"),
    "bad topic slug": (("  names: Names", "  Names: Names"), "must be a lowercase slug", "does not match"),
    "source is a path": (("source: source.md", "source: ../source.md"), "must be a file name", "does not match"),
    "no topics": (
        ("topics:\n  names: Names\n  clinical-features: Clinical features\n", "topics: {}\n"),
        "topics must be a mapping",
        "minProperties: ",
    ),
}


@pytest.mark.parametrize("case", list(INVALID_DECKS))
def test_the_deck_schema_rejects_deck_files_the_parser_rejects(case: str, make_deck: DeckMaker) -> None:
    (old, new), parser_says, schema_says = INVALID_DECKS[case]
    text = edit(DECK_YAML, old, new)
    rejected = parser_errors(make_deck, deck_yaml=text)
    assert any(parser_says in message for message in rejected), rejected
    found = schema_errors(schemas.DECK, text)
    assert any(schema_says in message for message in found), found


def test_a_schema_is_valid_json_schema() -> None:
    for name in schemas.NAMES:
        schema: dict[str, Any] = schemas.schema(name)
        jsonschema.Draft7Validator.check_schema(schema)
