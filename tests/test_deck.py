"""Loading and validating decks: every malformed input gives `path:line` problems, valid oddities load as written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.deck import load_deck
from quiz.deck.read import QUESTION_KEYS
from quiz.records import Deck, DeckError, Problem

from .conftest import DECK_YAML, SOURCE_MD

# A question no rule (not even a lint rule) objects to. The comments give the
# line numbers the table below relies on.
Q = """\
- id: opsoclonus-directions
  topic: clinical-features
  question: In which directions do the eye movements of opsoclonus occur?
  answer: Horizontal, vertical and diagonal
  distractors:
    - Horizontal and vertical only
    - Vertical and torsional only
    - Torsional and diagonal only
  explanation: >-
    Opsoclonus describes seemingly random, involuntary, and rapid eye movements
    in the horizontal, vertical, and diagonal directions.
"""  # 11 lines: id 1, topic 2, question 3, answer 4, distractors 5 (items 6-8), explanation 9

Q2 = """\
- id: myoclonus-movements
  topic: clinical-features
  question: Which movements does the word myoclonus describe?
  answer: Lightening-like limb jerks
  distractors:
    - Slow writhing of the trunk
    - Rhythmic nodding of the head
    - Sustained twisting postures
  explanation: >-
    Myoclonus describes lightening-like limb movements or limb jerks, that can
    also be more tremulous.
"""

EXPLANATION = """\
  explanation: >-
    Opsoclonus describes seemingly random, involuntary, and rapid eye movements
    in the horizontal, vertical, and diagonal directions.
"""
DISTRACTORS = """\
  distractors:
    - Horizontal and vertical only
    - Vertical and torsional only
    - Torsional and diagonal only
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced; fails loudly when the test data no longer holds `old`."""
    assert old in text, f"test data is missing {old!r}"
    return text.replace(old, new)


def q(old: str, new: str) -> str:
    return edit(Q, old, new)


def problems_of(folder: Path) -> list[Problem]:
    try:
        return list(load_deck(folder).problems)
    except DeckError as exc:
        return exc.problems


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)  # each line nine times the one before: a billion-laughs alias bomb
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + BOMB


@dataclass
class Bad:
    """One malformed input and the problem it must give."""

    name: str
    files: dict[str, str | bytes]
    line: int
    message: str
    file: str = "q.yaml"
    severity: str = "error"
    deck_yaml: str | bytes | None = DECK_YAML
    source: str | None = SOURCE_MD
    extra: dict[str, str] = field(default_factory=dict)
    lost: bool = True  # play mode names the file in Deck.skipped


def one(text: str | bytes) -> dict[str, str | bytes]:
    return {"q.yaml": text}


MALFORMED = [
    # --- the file as a whole: encoding, size, YAML syntax ---
    Bad("empty file", one(""), 1, "file is empty; expected a list of questions", lost=False),
    Bad("blank lines only", one("\n   \n\n"), 1, "file is empty", lost=False),
    Bad("comment only", one("# nothing yet\n"), 1, "file has no content; expected a list of questions", lost=False),
    Bad("null document", one("~\n"), 1, "file has no content"),
    Bad("empty list", one("[]\n"), 1, "the list of questions is empty", lost=False),
    Bad(
        "a mapping, not a list", one("id: x\ntopic: names\n"), 1, "must be a list of questions (each starting with '- id:'), not a mapping"
    ),
    Bad("a number, not a list", one("\n\n42\n"), 3, "must be a list of questions (each starting with '- id:'), not text"),
    Bad("tab indentation", one("- id: a\n\ttopic: names\n"), 2, "YAML syntax error: found a tab character"),
    Bad("unclosed flow list", one(q("answer: Horizontal, vertical and diagonal", "answer: [Horizontal")), 5, "YAML syntax error"),
    Bad("unclosed quote", one(Q + "- id: 'never closed\n"), 13, "YAML syntax error"),
    Bad("bad indentation", one(q("  topic: clinical-features", "    topic: clinical-features")), 2, "YAML syntax error"),
    Bad("two documents", one(Q + "---\n" + Q2), 13, "more than one YAML document"),
    Bad(
        "latin-1 byte",
        one(q("Vertical and torsional only", "Vertical and torsi\xf3nal only").encode("latin-1")),
        7,
        "not UTF-8 text: byte 0xf3 at column 25",
    ),
    Bad("UTF-16 file", one(Q.encode("utf-16")), 1, "not UTF-8 text: byte 0xff at column 1"),
    Bad("NUL byte", one(q("Torsional and diagonal only", "Torsional\x00 only")), 8, "NUL byte"),
    Bad(
        "raw ESC byte",
        one(q("Vertical and torsional only", "Vertical \x1b[31mand torsional only")),
        7,
        "control character U+001B at column 16",
    ),
    Bad("6 MB file", one(Q + "# " + "x" * 6_000_000 + "\n"), 1, "the limit is 5 MB"),
    Bad("100000 nested lists", one("[" * 100_000), 1, "nest"),
    Bad(
        "python tag", one(Q + '- !!python/object/apply:os.system ["true"]\n'), 12, "unsupported YAML tag '!!python/object/apply:os.system'"
    ),
    Bad("custom tag", one(q("answer: Horizontal", "answer: !shout Horizontal")), 4, "unsupported YAML tag '!shout'"),
    Bad("set tag", one(q("answer: Horizontal, vertical and diagonal", "answer: !!set {a, b}")), 4, "unsupported YAML tag '!!set'"),
    Bad(
        "binary tag", one(q("answer: Horizontal, vertical and diagonal", "answer: !!binary aGVsbG8=")), 4, "unsupported YAML tag '!!binary'"
    ),
    Bad(
        "anchor and alias",
        one(q("topic: clinical-features", "topic: &t clinical-features") + Q2.replace("topic: clinical-features", "topic: *t")),
        2,
        "anchors and aliases",
    ),
    Bad("alias bomb", one(BOMB), 1, "anchors and aliases"),
    # --- one question: shape, keys, types ---
    Bad(
        "question is text",
        one(Q + "- just some text\n"),
        12,
        "question 2 must be a mapping with id, topic, question, answer, distractors, explanation, not text",
    ),
    Bad("question is a list", one(Q + "- [a, b]\n"), 12, "question 2 must be a mapping", extra={"not": "not a list"}),
    Bad("missing topic", one(q("  topic: clinical-features\n", "")), 1, "question 'opsoclonus-directions' is missing 'topic'"),
    Bad("missing id", one(q("- id: opsoclonus-directions\n  topic", "- topic")), 1, "question 1 is missing 'id'"),
    Bad(
        "missing three fields",
        one(q(EXPLANATION, "").replace(DISTRACTORS, "").replace("  answer: Horizontal, vertical and diagonal\n", "")),
        1,
        "is missing 'answer', 'distractors', 'explanation'",
    ),
    Bad(
        "'distractor' typo",
        one(q("  distractors:", "  distractor:")),
        5,
        "question 1: unknown key 'distractor' (did you mean 'distractors'?)",
    ),
    Bad(
        "unknown key",
        one(Q + "  difficulty: hard\n"),
        12,
        "unknown key 'difficulty'; the keys are id, topic, question, answer, distractors, explanation",
    ),
    Bad("key given twice", one(Q + "  answer: Vertical\n"), 12, "'answer' is given twice (first on line 4)"),
    Bad("key that is a list", one(Q + "  ? [a, b]\n  : c\n"), 12, "a key must be text, not a list"),
    Bad(
        "id not a slug",
        one(q("id: opsoclonus-directions", "id: Opsoclonus_Directions")),
        1,
        "id 'Opsoclonus_Directions' must be a lowercase slug of a-z, 0-9 and -",
    ),
    Bad("id starts with a dash", one(q("id: opsoclonus-directions", "id: '-directions'")), 1, "must be a lowercase slug"),
    Bad("id too long", one(q("id: opsoclonus-directions", "id: " + "a" * 101)), 1, "id is 101 characters long; the limit is 100"),
    Bad(
        "id used twice in a file",
        one(Q + Q2.replace("myoclonus-movements", "opsoclonus-directions")),
        12,
        "id 'opsoclonus-directions' is already used at",
    ),
    Bad("id used in another file", {"a.yaml": Q, "b.yaml": Q2 + Q}, 12, "is already used at", file="b.yaml"),
    Bad(
        "topic not declared",
        one(q("topic: clinical-features", "topic: treatment")),
        2,
        "topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)",
    ),
    Bad("topic is a list", one(q("topic: clinical-features", "topic: [names]")), 2, "topic must be text, not a list"),
    Bad(
        "question empty",
        one(q("question: In which directions do the eye movements of opsoclonus occur?", "question: ''")),
        3,
        "question is empty",
    ),
    Bad(
        "question null",
        one(q("question: In which directions do the eye movements of opsoclonus occur?", "question:")),
        3,
        "question is empty",
    ),
    Bad("question is a mapping", one(q("question: In which", "question: {In: which}\n  #")), 3, "question must be text, not a mapping"),
    Bad("question too long", one(q("question: In which", "question: " + "word " * 201 + "In which")), 3, "the limit is 1000"),
    Bad(
        "answer is a list",
        one(q("answer: Horizontal, vertical and diagonal", "answer:\n    - Horizontal\n    - Vertical")),
        5,
        "answer must be text, not a list",
    ),
    Bad("answer blank block", one(q("answer: Horizontal, vertical and diagonal", "answer: |\n      \n")), 4, "answer is empty"),
    Bad(
        "answer too long",
        one(q("answer: Horizontal, vertical and diagonal", "answer: " + "x" * 301)),
        4,
        "answer is 301 characters long; the limit is 300",
    ),
    Bad(
        "distractors is text",
        one(q(DISTRACTORS, "  distractors: Horizontal only\n")),
        5,
        "distractors must be a list of 2 to 5 wrong choices, not text",
    ),
    Bad("no distractors", one(q(DISTRACTORS, "  distractors: []\n")), 5, "0 distractors given; a question needs 2 to 5"),
    Bad(
        "one distractor",
        one(q("    - Vertical and torsional only\n    - Torsional and diagonal only\n", "")),
        6,
        "1 distractor given; a question needs 2 to 5",
    ),
    Bad(
        "six distractors",
        one(q("    - Torsional and diagonal only\n", "    - Torsional and diagonal only\n    - A\n    - B\n    - C\n")),
        6,
        "6 distractors given",
    ),
    Bad(
        "distractor is the answer",
        one(q("Vertical and torsional only", "horizontal,   VERTICAL and Diagonal")),
        7,
        "distractor 'horizontal,   VERTICAL and Diagonal' is the answer",
    ),
    Bad(
        "distractors repeat",
        one(q("Torsional and diagonal only", "horizontal AND  vertical only")),
        8,
        "repeats distractor 'Horizontal and vertical only' (ignoring case and spacing)",
    ),
    Bad("distractor empty", one(q("    - Vertical and torsional only", '    - ""')), 7, "distractor is empty"),
    Bad(
        "distractor is a mapping", one(q("    - Vertical and torsional only", "    - {a: b}")), 7, "distractor must be text, not a mapping"
    ),
    Bad(
        "explanation not in source",
        one(q("in the horizontal, vertical, and diagonal directions.", "in every direction.")),
        9,
        'not found word for word in the source; closest source sentence: "Opsoclonus describes',
    ),
    Bad(
        "explanation is half a sentence",
        one(q(EXPLANATION, "  explanation: involuntary, and rapid eye movements\n")),
        9,
        "quotes only part of a source sentence; quote whole sentences",
    ),
    Bad("explanation empty list", one(q(EXPLANATION, "  explanation: []\n")), 9, "explanation is an empty list"),
    Bad(
        "explanation list with a wrong quote",
        one(
            q(
                EXPLANATION,
                "  explanation:\n    - Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.\n    - Myoclonus describes limb jerks.\n",
            )
        ),
        11,
        'not found word for word in the source; closest source sentence: "Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous."',
    ),
    Bad("explanation is a mapping", one(q(EXPLANATION, "  explanation: {quote: x}\n")), 9, "explanation must be text, not a mapping"),
    Bad(
        "escaped control characters",
        one(q("question: In which", 'question: "\\e[31mIn\\x9b which\\e[0m"\n  #')),
        3,
        "question contains control characters (U+001B, U+009B); they are shown as symbols",
        severity="warning",
    ),
    # --- deck.yaml and the source ---
    Bad("no deck.yaml", one(Q), 1, "no deck.yaml in", file="deck.yaml", deck_yaml=None),
    Bad("deck.yaml empty", one(Q), 1, "file is empty; expected deck settings", file="deck.yaml", deck_yaml=""),
    Bad(
        "deck.yaml is a list",
        one(Q),
        1,
        "deck.yaml must be a mapping of title, source, attribution, topics, not a list",
        file="deck.yaml",
        deck_yaml="- title\n",
    ),
    Bad(
        "deck.yaml lacks title",
        one(Q),
        1,
        "deck.yaml: 'title' is missing",
        file="deck.yaml",
        deck_yaml=edit(DECK_YAML, "title: Test deck\n", ""),
    ),
    Bad(
        "deck.yaml lacks two keys",
        one(Q),
        1,
        "deck.yaml: 'attribution' is missing",
        file="deck.yaml",
        deck_yaml=edit(edit(DECK_YAML, "title: Test deck\n", ""), "attribution: Test attribution\n", ""),
    ),
    Bad(
        "deck.yaml key typo",
        one(Q),
        1,
        "deck.yaml: unknown key 'titel' (did you mean 'title'?)",
        file="deck.yaml",
        deck_yaml=edit(DECK_YAML, "title:", "titel:"),
    ),
    Bad(
        "deck.yaml syntax",
        one(Q),
        2,
        "YAML syntax error: did not find expected ',' or ']' (line 2, column 7)",
        file="deck.yaml",
        deck_yaml="title: [Test\nsource: source.md\n",
    ),
    Bad(
        "deck.yaml python tag",
        one(Q),
        1,
        "unsupported YAML tag '!!python/name:os.system'",
        file="deck.yaml",
        deck_yaml=edit(DECK_YAML, "title: Test deck", "title: !!python/name:os.system ''"),
    ),
    Bad("source file missing", one(Q), 2, "source file 'source.md' not found in", file="deck.yaml", source=None),
    Bad(
        "source is a path",
        one(Q),
        2,
        "source '../source.md' must be a file name in the deck folder, not a path",
        file="deck.yaml",
        deck_yaml=edit(DECK_YAML, "source.md", "../source.md"),
    ),
    Bad(
        "source without sentences",
        one(Q),
        2,
        "source file 'source.md' has no sentences to quote",
        file="deck.yaml",
        source="# Title\n\nA by-line without a full stop\n",
    ),
    Bad(
        "topic not a slug",
        one(Q),
        5,
        "topic 'Clinical_Features' must be a lowercase slug",
        file="deck.yaml",
        deck_yaml=edit(DECK_YAML, "  names: Names", "  Clinical_Features: Names"),
    ),
    Bad("topic given twice", one(Q), 7, "topic 'names' is given twice", file="deck.yaml", deck_yaml=DECK_YAML + "  names: Again\n"),
    Bad(
        "topics empty",
        one(Q),
        4,
        "topics must be a mapping of topic slug to its short title",
        file="deck.yaml",
        deck_yaml=edit(DECK_YAML, "topics:\n  names: Names\n  clinical-features: Clinical features\n", "topics: {}\n"),
    ),
    Bad("topic without title", one(Q), 5, "topic 'names' is empty", file="deck.yaml", deck_yaml=edit(DECK_YAML, "names: Names", "names:")),
]


@pytest.mark.parametrize("case", MALFORMED, ids=[c.name for c in MALFORMED])
def test_malformed_input_gives_a_problem_at_its_line(case: Bad, make_deck) -> None:
    folder = make_deck(case.files, deck_yaml=case.deck_yaml, source=case.source)
    problems = problems_of(folder)
    matching = [p for p in problems if case.message in p.message]
    assert len(matching) == 1, "\n".join(map(str, problems))
    problem = matching[0]
    assert problem.path == str(folder / case.file)
    assert (problem.line, problem.severity) == (case.line, case.severity), str(problem)
    for expected in case.extra.values():
        assert expected in problem.message
    assert "\n" not in str(problem)
    assert str(problem) == f"{folder / case.file}:{case.line}: {case.severity}: {problem.message}"


def test_the_malformed_table_is_large_enough() -> None:
    assert len(MALFORMED) >= 35
    assert len({c.name for c in MALFORMED}) == len(MALFORMED)


@pytest.mark.parametrize("case", [c for c in MALFORMED if c.severity == "error" and c.file != "deck.yaml"], ids=lambda c: c.name)
def test_play_mode_skips_the_bad_file_or_question_and_says_where(case: Bad, make_deck) -> None:
    folder = make_deck({"good.yaml": Q2.replace("myoclonus-movements", "kept-question"), **case.files})
    deck = load_deck(folder)  # a bad question file never stops the deck from loading
    assert "kept-question" in {q.id for q in deck.questions}
    if case.lost:
        assert deck.skipped.get(str(folder / case.file), 0) >= 1
    else:  # nothing was in the file to lose
        assert str(folder / case.file) not in deck.skipped
    assert str(folder / "good.yaml") not in deck.skipped


def test_python_tag_is_refused_without_running_anything(make_deck, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = Q + f'- !!python/object/apply:os.system ["touch {marker}"]\n'
    deck_text = DECK_YAML + f'extra: !!python/object/apply:os.system ["touch {marker}"]\n'
    folder = make_deck(one(text), deck_yaml=deck_text)
    with pytest.raises(DeckError) as raised:
        load_deck(folder)
    assert not marker.exists()
    assert any("!!python/object/apply:os.system" in p.message for p in raised.value.problems)


def test_every_problem_in_a_file_is_reported(make_deck) -> None:
    text = (
        q("topic: clinical-features", "topic: treatment")
        + Q2.replace("  distractors:", "  distractor:")
        + Q2.replace("myoclonus-movements", "Bad Id").replace("Lightening-like limb jerks", "Slow writhing of the trunk")
    )
    folder = make_deck(one(text))
    found = sorted((p.line, p.message.split(";")[0]) for p in load_deck(folder).problems)
    assert found == [
        (2, "topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)"),
        (16, "question 2: unknown key 'distractor' (did you mean 'distractors'?)"),
        (23, "id 'Bad Id' must be a lowercase slug of a-z, 0-9 and -"),
        (28, "distractor 'Slow writhing of the trunk' is the answer"),
    ]


def test_a_misspelt_key_does_not_hide_the_other_problems_of_its_question(make_deck) -> None:
    text = q("  distractors:", "  distractor:").replace("topic: clinical-features", "topic: treatment")
    deck = load_deck(make_deck(one(text)))
    assert [(p.line, p.message) for p in deck.problems] == [
        (2, "topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)"),
        (5, "question 1: unknown key 'distractor' (did you mean 'distractors'?)"),
    ]
    assert deck.questions == ()


def test_a_deck_yaml_typo_still_checks_the_questions(make_deck) -> None:
    folder = make_deck(one(q("topic: clinical-features", "topic: treatment")), deck_yaml=edit(DECK_YAML, "title:", "titel:"))
    with pytest.raises(DeckError) as raised:
        load_deck(folder)
    messages = [p.message for p in raised.value.problems]
    assert any("unknown key 'titel'" in m for m in messages)
    assert any("topic 'treatment' is not one of" in m for m in messages)
    assert not any("'title' is missing" in m for m in messages)  # the typo already says it


def test_deck_yaml_missing_keys_are_all_reported(make_deck) -> None:
    folder = make_deck(deck_yaml="attribution: Someone\n")
    with pytest.raises(DeckError) as raised:
        load_deck(folder)
    missing = sorted(p.message for p in raised.value.problems if "is missing" in p.message)
    assert missing == ["deck.yaml: 'source' is missing", "deck.yaml: 'title' is missing", "deck.yaml: 'topics' is missing"]


def test_unicode_line_separator_does_not_shift_line_numbers(make_deck) -> None:
    # YAML ends a line at U+2028 and NEL; editors and grep do not.
    text = q("question: In which directions", 'question: "In\u2028which\x85directions').replace("occur?", 'occur?"') + Q2.replace(
        "Rhythmic nodding of the head", "slow WRITHING of the trunk"
    )
    folder = make_deck(one(text))
    [problem] = [p for p in load_deck(folder).problems if p.severity == "error"]
    assert problem.line == 18
    assert "repeats distractor 'Slow writhing of the trunk'" in problem.message


def test_control_character_after_line_separator_is_on_the_editor_line(make_deck) -> None:
    text = q("question: In which", 'question: "In\u2028which"\n  #') + "- \x1b\n"
    folder = make_deck(one(text))
    [problem] = load_deck(folder).problems
    assert (problem.line, problem.message) == (
        13,
        "file contains the control character U+001B at column 3, which YAML does not allow; remove it",
    )


def test_a_line_break_in_a_quoted_value_stays_on_one_output_line(make_deck) -> None:
    folder = make_deck(one(Q + '  "diff\\nculty": hard\n'))
    [problem] = load_deck(folder).problems
    assert problem.message.startswith("question 1: unknown key 'diff\nculty'")
    assert str(problem).count("\n") == 0
    assert "unknown key 'diff\\nculty'" in str(problem)


# --- valid but unusual: these load, exactly as written --------------------------------------------------------


@dataclass
class Odd:
    name: str
    text: str | bytes
    attribute: str
    expected: object
    file: str = "q.yaml"
    source: str = SOURCE_MD


CURLY_SOURCE = SOURCE_MD + '\nPeople say "dancing eyes" because it\'s the sign they notice first.\n'

ODD = [
    Odd("UTF-8 BOM", b"\xef\xbb\xbf" + Q.encode(), "id", "opsoclonus-directions"),
    Odd("CRLF line ends", Q.replace("\n", "\r\n").encode(), "answer", "Horizontal, vertical and diagonal"),
    Odd(
        "CRLF folded explanation",
        Q.replace("\n", "\r\n").encode(),
        "explanation",
        (
            "Opsoclonus describes seemingly random, involuntary, and rapid eye movements in the horizontal, vertical, and diagonal directions.",
        ),
    ),
    Odd(
        "CJK",
        q(
            "question: In which directions do the eye movements of opsoclonus occur?",
            "question: オプソクローヌスの眼球運動はどの方向に起こりますか？",
        ),
        "question",
        "オプソクローヌスの眼球運動はどの方向に起こりますか？",
    ),
    Odd(
        "emoji",
        q("answer: Horizontal, vertical and diagonal", "answer: Horizontal 👀 vertical and diagonal"),
        "answer",
        "Horizontal 👀 vertical and diagonal",
    ),
    Odd(
        "right-to-left",
        q("question: In which", "question: באילו כיוונים? In which"),
        "question",
        "באילו כיוונים? In which directions do the eye movements of opsoclonus occur?",
    ),
    Odd(
        "markup-like brackets",
        q("question: In which", "question: Does [bold] or [/] or [0] or [red]x[/red] mean anything? In which"),
        "question",
        "Does [bold] or [/] or [0] or [red]x[/red] mean anything? In which directions do the eye movements of opsoclonus occur?",
    ),
    Odd(
        "choice starting with a bracket",
        q("answer: Horizontal, vertical and diagonal", 'answer: "[bold]Horizontal[/bold]"'),
        "answer",
        "[bold]Horizontal[/bold]",
    ),
    Odd(
        "answer yes",
        q("answer: Horizontal, vertical and diagonal", "answer: yes").replace(DISTRACTORS, "  distractors: [no, maybe]\n"),
        "answer",
        "yes",
    ),
    Odd(
        "distractors no and off",
        q("answer: Horizontal, vertical and diagonal", "answer: yes").replace(DISTRACTORS, "  distractors: [no, off]\n"),
        "distractors",
        ("no", "off"),
    ),
    Odd(
        "answer 1997",
        q("answer: Horizontal, vertical and diagonal", "answer: 1997").replace(DISTRACTORS, "  distractors: [1989, 2001]\n"),
        "answer",
        "1997",
    ),
    Odd(
        "answer 3.10",
        q("answer: Horizontal, vertical and diagonal", "answer: 3.10").replace(DISTRACTORS, "  distractors: [3.9, 3.11]\n"),
        "answer",
        "3.10",
    ),
    Odd("answer 0x1F", q("answer: Horizontal, vertical and diagonal", "answer: 0x1F"), "answer", "0x1F"),
    Odd("answer a date", q("answer: Horizontal, vertical and diagonal", "answer: 2001-01-01"), "answer", "2001-01-01"),
    Odd("answer quoted null", q("answer: Horizontal, vertical and diagonal", "answer: 'null'"), "answer", "null"),
    Odd("answer with !!str", q("answer: Horizontal, vertical and diagonal", "answer: !!str 1997"), "answer", "1997"),
    Odd("numeric id", q("id: opsoclonus-directions", "id: 42"), "id", "42"),
    Odd(
        "comment after a value",
        q("answer: Horizontal, vertical and diagonal", "answer: Horizontal, vertical and diagonal  # the answer"),
        "answer",
        "Horizontal, vertical and diagonal",
    ),
    Odd(
        "literal block question",
        q(
            "question: In which directions do the eye movements of opsoclonus occur?",
            "question: |\n    In which directions do the\n    eye movements occur?\n",
        ),
        "question",
        "In which directions do the\neye movements occur?",
    ),
    Odd(
        "tab inside a quoted choice",
        q("answer: Horizontal, vertical and diagonal", 'answer: "Horizontal,\\tvertical and diagonal"'),
        "answer",
        "Horizontal,\tvertical and diagonal",
    ),
    Odd(
        "explanation as a list",
        q(
            EXPLANATION,
            "  explanation:\n    - Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.\n    - Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous.\n",
        ),
        "explanation",
        (
            "Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.",
            "Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous.",
        ),
    ),
    Odd(
        "explanation over two paragraphs",
        q(
            EXPLANATION,
            "  explanation: >-\n    Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous.\n    Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.\n",
        ),
        "id",
        "opsoclonus-directions",
    ),
    Odd(
        "explanation re-wrapped",
        q(
            EXPLANATION,
            "  explanation: |\n    Opsoclonus describes seemingly random,\n       involuntary, and rapid eye movements in the horizontal,\n    vertical, and diagonal directions.\n",
        ),
        "id",
        "opsoclonus-directions",
    ),
    Odd(
        "explanation with curly quotes",
        q(EXPLANATION, "  explanation: People say \u201cdancing eyes\u201d because it\u2019s the sign they notice first.\n"),
        "explanation",
        ("People say \u201cdancing eyes\u201d because it\u2019s the sign they notice first.",),
        source=CURLY_SOURCE,
    ),
    Odd(".yml file", Q, "id", "opsoclonus-directions", file="more.yml"),
]


@pytest.mark.parametrize("case", ODD, ids=[c.name for c in ODD])
def test_valid_unusual_input_loads_as_written(case: Odd, make_deck) -> None:
    folder = make_deck({case.file: case.text}, source=case.source)
    deck = load_deck(folder)
    assert [p for p in deck.problems if p.severity == "error"] == []
    assert deck.skipped == {}
    [question] = deck.questions
    assert getattr(question, case.attribute) == case.expected
    assert question.path == str(folder / case.file)
    assert question.line == 1


def test_deck_yaml_with_bom_and_crlf_loads(make_deck) -> None:
    deck = load_deck(make_deck(one(Q), deck_yaml=b"\xef\xbb\xbf" + DECK_YAML.replace("\n", "\r\n").encode()))
    assert deck.title == "Test deck"
    assert deck.topics == {"names": "Names", "clinical-features": "Clinical features"}
    assert deck.problems == ()


def test_crlf_keeps_line_numbers(make_deck) -> None:
    text = (Q + Q2.replace("Sustained twisting postures", "Slow writhing of the trunk")).replace("\n", "\r\n")
    folder = make_deck(one(text.encode()))
    deck = load_deck(folder)
    assert [q.id for q in deck.questions] == ["opsoclonus-directions"]
    [problem] = deck.problems
    assert problem.line == 19


# --- play mode: what load_deck keeps and what it skips -------------------------------------------------------


def test_load_deck_keeps_valid_questions_and_counts_skipped_ones(make_deck) -> None:
    bad = Q2.replace("topic: clinical-features", "topic: treatment")
    folder = make_deck({"a.yaml": Q + bad, "b.yaml": Q2.replace("myoclonus-movements", "second-file")})
    deck = load_deck(folder)
    assert isinstance(deck, Deck)
    assert [q.id for q in deck.questions] == ["opsoclonus-directions", "second-file"]
    assert deck.skipped == {str(folder / "a.yaml"): 1}
    assert [(Path(p.path).name, p.line) for p in deck.problems] == [("a.yaml", 13)]


def test_a_whole_unreadable_file_is_skipped_with_its_question_count(make_deck) -> None:
    broken = Q + Q2 + "- id: third\n  topic: [\n"
    folder = make_deck({"a.yaml": broken, "b.yaml": Q2})
    deck = load_deck(folder)
    assert [q.id for q in deck.questions] == ["myoclonus-movements"]
    assert deck.skipped == {str(folder / "a.yaml"): 3}


def test_duplicate_id_keeps_the_first_and_skips_the_second(make_deck) -> None:
    folder = make_deck({"a.yaml": Q, "b.yaml": Q2 + Q})
    deck = load_deck(folder)
    assert [(q.id, Path(q.path).name) for q in deck.questions] == [("opsoclonus-directions", "a.yaml"), ("myoclonus-movements", "b.yaml")]
    assert deck.skipped == {str(folder / "b.yaml"): 1}
    [problem] = deck.problems
    assert problem.message == f"id 'opsoclonus-directions' is already used at {folder / 'a.yaml'}:1; ids are unique in a deck"


@pytest.mark.parametrize(
    ("deck_yaml", "source", "message"),
    [
        (None, SOURCE_MD, "no deck.yaml in"),
        ("title: [x\n", SOURCE_MD, "YAML syntax error"),
        (DECK_YAML, None, "source file 'source.md' not found"),
        (edit(DECK_YAML, "topics:", "topix:"), SOURCE_MD, "unknown key 'topix'"),
    ],
    ids=["no deck.yaml", "broken deck.yaml", "no source", "deck.yaml typo"],
)
def test_deck_yaml_problems_raise_deck_error(make_deck, deck_yaml, source, message) -> None:
    folder = make_deck(one(Q), deck_yaml=deck_yaml, source=source)
    with pytest.raises(DeckError) as raised:
        load_deck(folder)
    assert any(message in p.message and p.path == str(folder / "deck.yaml") for p in raised.value.problems)
    assert message in str(raised.value)


def test_a_folder_that_does_not_exist_raises_deck_error(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="not a deck folder"):
        load_deck(tmp_path / "nowhere")


def test_a_deck_without_question_files_has_an_error(make_deck) -> None:
    folder = make_deck({})
    deck = load_deck(folder)
    assert deck.questions == ()
    assert [str(p) for p in deck.problems] == [f"{folder / 'deck.yaml'}:1: error: the deck has no question files (*.yaml beside deck.yaml)"]


def test_deck_fields_come_from_deck_yaml(make_deck) -> None:
    deck = load_deck(make_deck(one(Q)))
    assert (deck.title, deck.attribution, deck.source_name) == ("Test deck", "Test attribution", "source.md")
    assert deck.topics == {"names": "Names", "clinical-features": "Clinical features"}
    assert deck.slug == "deck"
    assert next(q for q in deck.questions if q.id == "opsoclonus-directions").choices[0] == "Horizontal, vertical and diagonal"


def test_content_hash_changes_with_the_question_not_the_order_of_distractors(make_deck, tmp_path: Path) -> None:
    first = load_deck(make_deck(one(Q), name="a")).questions[0]
    shuffled = load_deck(
        make_deck(
            one(
                q(
                    "    - Horizontal and vertical only\n    - Vertical and torsional only\n",
                    "    - Vertical and torsional only\n    - Horizontal and vertical only\n",
                )
            ),
            name="b",
        )
    ).questions[0]
    edited = load_deck(make_deck(one(q("Horizontal, vertical and diagonal", "All directions at once")), name="c")).questions[0]
    assert first.content_hash == shuffled.content_hash
    assert first.content_hash != edited.content_hash


# --- property-based: nothing written in a question file crashes the loader ------------------------------------

YAMLISH = st.text(alphabet=st.sampled_from(list("- :[]{}&*!|>'\"#?%@`,.\n\t\r abcAB01é\x1b\x85\u2028\ufeff")), max_size=200)


def _load_or_deck_error(folder: Path) -> list[Problem]:
    try:
        deck = load_deck(folder)
    except DeckError as exc:
        return exc.problems
    return list(deck.problems)


def _assert_well_formed(problems: list[Problem], text: str) -> None:
    lines = len(re.split(r"\r\n?|\n", text)) + 1
    for problem in problems:
        assert 1 <= problem.line <= lines, str(problem)
        assert problem.severity in ("error", "warning")
        assert "\n" not in str(problem)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), YAMLISH, YAMLISH.map(lambda t: Q + t)))
def test_any_text_loads_or_raises_deck_error(text: str, make_deck, tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    if not folder.exists():
        make_deck(one(Q))
    (folder / "q.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    _assert_well_formed(_load_or_deck_error(folder), text)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=40), st.sampled_from(["clinical-features", "names", "Horizontal only"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=8,
)
QUESTION_LIKE = st.dictionaries(st.sampled_from([*QUESTION_KEYS, "distractor"]), VALUES, max_size=7)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(VALUES, st.lists(st.one_of(QUESTION_LIKE, VALUES), max_size=5)))
def test_any_yaml_document_loads_or_raises_deck_error(document: object, make_deck, tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    if not folder.exists():
        make_deck(one(Q))
    text = yaml.safe_dump(document, allow_unicode=True)
    (folder / "q.yaml").write_text(text, encoding="utf-8", newline="\n")
    _assert_well_formed(_load_or_deck_error(folder), text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=VALUES)
def test_any_deck_yaml_loads_or_raises_deck_error(document: object, make_deck, tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    if not folder.exists():
        make_deck(one(Q))
    text = yaml.safe_dump(document, allow_unicode=True)
    (folder / "deck.yaml").write_text(text, encoding="utf-8", newline="\n")
    _assert_well_formed(_load_or_deck_error(folder), text)
