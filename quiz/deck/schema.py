"""JSON Schemas of a question file and of deck.yaml, built from the rules the parser enforces (quiz/deck/read.py).

Editors read them through a `# yaml-language-server: $schema=...` line: completion of the keys, and
a warning on an unknown or missing key, a wrong type, a bad id or too many distractors while typing.
A schema can see only the shape of a file: whether a topic is one of deck.yaml's, whether a quote is
in the source, repeated ids, YAML anchors and tags, and the item-writing rules are left to
`oms-quiz check`, which stays the authority. The schemas never reject what `check` accepts, with
one exception: a length is counted with any spaces a quoted value starts or ends with, which `check`
strips first.

The committed copies in questions/schema/ are these, written by `oms-quiz schema --write questions/schema`
(a test keeps them equal).
"""

from __future__ import annotations

import json
from typing import Any

from quiz.deck.read import (
    DECK_KEYS,
    MAX_CHOICE_CHARS,
    MAX_DISTRACTORS,
    MAX_ID_CHARS,
    MAX_QUESTION_CHARS,
    MIN_DISTRACTORS,
    QUESTION_KEYS,
    SLUG,
)

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft editors' YAML support knows best
QUESTION_FILE = "question-file"
DECK = "deck"
NAMES = (QUESTION_FILE, DECK)
Schema = dict[str, Any]


def file_name(name: str) -> str:
    """`question-file` -> `question-file.schema.json`."""
    return f"{name}.schema.json"


def _text(description: str, limit: int | None = None, pattern: str | None = None) -> Schema:
    """A text field as the parser reads it: any scalar but null (values are taken as written, so `answer: 42` is
    the text "42", while an editor reads a number), with something besides spaces in it."""
    schema: Schema = {"description": description, "type": ["string", "number", "boolean"], "pattern": pattern or r"\S"}
    if limit is not None:
        schema["maxLength"] = limit
    return schema


def _keys(keys: tuple[str, ...], properties: Schema) -> Schema:
    """A closed mapping: every key required, no other key allowed (so a misspelt key is flagged)."""
    assert tuple(properties) == keys, "every key the parser knows, in its order"
    return {"type": "object", "required": list(keys), "additionalProperties": False, "properties": properties}


def question_file_schema() -> Schema:
    """A question file: a list of questions, each with exactly QUESTION_KEYS."""
    choice = _text(f"A wrong choice, up to {MAX_CHOICE_CHARS} characters.", MAX_CHOICE_CHARS)
    quote = _text("Whole sentences copied word for word from the deck's source; sentences next to each other in the source.")
    question = _keys(
        QUESTION_KEYS,
        {
            "id": _text(
                f"A lowercase slug (a-z, 0-9 and -, not starting with -), up to {MAX_ID_CHARS} characters, unique in the deck. "
                "Never renamed or reused once merged.",
                MAX_ID_CHARS,
                SLUG.pattern,
            ),
            "topic": _text("One of the topic slugs in the deck's deck.yaml.", MAX_ID_CHARS, SLUG.pattern),
            "question": _text(f"The stem, up to {MAX_QUESTION_CHARS} characters.", MAX_QUESTION_CHARS),
            "answer": _text(f"The one correct choice, up to {MAX_CHOICE_CHARS} characters.", MAX_CHOICE_CHARS),
            "distractors": {
                "description": f"{MIN_DISTRACTORS} to {MAX_DISTRACTORS} wrong choices, none the same as the answer or as another.",
                "type": "array",
                "minItems": MIN_DISTRACTORS,
                "maxItems": MAX_DISTRACTORS,
                "uniqueItems": True,
                "items": choice,
            },
            "explanation": {
                "description": "One or more whole sentences quoted word for word from the source: one text, or a list of texts "
                "for sentences that are not next to each other.",
                "anyOf": [quote, {"type": "array", "minItems": 1, "items": quote}],
            },
        },
    )
    return {
        "$schema": DRAFT,
        "title": "oms-quiz question file",
        "description": "A list of multiple-choice questions; every *.yaml file of a deck folder but deck.yaml. "
        "Run `oms-quiz check --strict` for the checks a schema cannot make.",
        "type": "array",
        "minItems": 1,
        "items": question,
    }


def deck_schema() -> Schema:
    """deck.yaml: exactly DECK_KEYS."""
    return {
        "$schema": DRAFT,
        "title": "oms-quiz deck.yaml",
        "description": "A deck's settings. Run `oms-quiz check --strict` for the checks a schema cannot make.",
        **_keys(
            DECK_KEYS,
            {
                "title": _text(f"The deck's name, shown in the app, up to {MAX_CHOICE_CHARS} characters.", MAX_CHOICE_CHARS),
                "source": {
                    **_text("The source text's file name, in the deck folder (a name, not a path).", pattern=r"^[^/\\]*[^/\\\s][^/\\]*$"),
                    "not": {"enum": [".", ".."]},
                },
                "attribution": _text(
                    f"Who wrote and reviewed the source; shown with every explanation. Up to {MAX_QUESTION_CHARS} characters.",
                    MAX_QUESTION_CHARS,
                ),
                "topics": {
                    "description": "Topic slug (a-z, 0-9 and -) to its short title. Every question's topic is one of these slugs.",
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": SLUG.pattern},
                    "additionalProperties": _text(f"The topic's short title, up to {MAX_CHOICE_CHARS} characters.", MAX_CHOICE_CHARS),
                },
            },
        ),
    }


def schema(name: str) -> Schema:
    """The schema called `name` (one of NAMES)."""
    return question_file_schema() if name == QUESTION_FILE else deck_schema()


def render(name: str) -> str:
    """The schema as the committed file holds it: JSON, indented by 2, ending with a newline."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
