"""Item-writing lint: each rule with a question it flags and one it lets through."""

from __future__ import annotations

import pytest

from quiz.deck import load_deck
from quiz.lint import lint, lint_question
from quiz.records import Problem, Question

from .conftest import BUNDLED

STEM = "In which directions do the eye movements of opsoclonus occur?"
ANSWER = "Horizontal, vertical and diagonal"
DISTRACTORS = ("Horizontal and vertical only", "Vertical and torsional only", "Torsional and diagonal only")


def make(
    question: str = STEM,
    answer: str = ANSWER,
    distractors: tuple[str, ...] = DISTRACTORS,
    *,
    qid: str = "q",
    path: str = "deck/q.yaml",
    line: int = 1,
) -> Question:
    return Question(
        id=qid,
        topic="clinical-features",
        question=question,
        answer=answer,
        distractors=distractors,
        explanation=("Quote.",),
        path=path,
        line=line,
    )


def test_the_base_question_is_clean() -> None:
    assert lint_question(make()) == []
    assert lint([make()]) == []


# --- "all of the above" and friends ---


@pytest.mark.parametrize(
    ("choices", "phrase"),
    [
        ((ANSWER, ("All of the above", "Vertical only")), "All of the above"),
        ((ANSWER, ("Vertical only", "none of the above")), "none of the above"),
        (("Both of the above", ("Vertical only", "Horizontal only")), "Both of the above"),
        ((ANSWER, ("Neither of the following", "Vertical only")), "Neither of the following"),
    ],
)
def test_all_or_none_of_the_above_is_flagged(choices: tuple[str, tuple[str, ...]], phrase: str) -> None:
    answer, distractors = choices
    choice = next(c for c in (answer, *distractors) if phrase in c)
    assert f"choice '{choice}' uses '{phrase}'; write a single best answer instead" in lint_question(
        make(answer=answer, distractors=distractors)
    )


@pytest.mark.parametrize("distractor", ["Above all, vertical", "None of them", "All directions", "The one above"])
def test_choices_that_only_look_like_of_the_above_pass(distractor: str) -> None:
    assert lint_question(make(distractors=(distractor, "Vertical and torsional only"))) == []


# --- an answer much longer than every distractor ---


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        ("Random, involuntary and rapid movements in all directions", ("Slow drift", "Upward gaze", "Nystagmus")),
        ("x" * 37, ("y" * 24, "z" * 10)),  # more than 1.5 times and 13 characters longer
        ("x" * 22, ("y" * 10, "z" * 3)),  # more than 1.5 times and exactly 12 characters longer
    ],
    ids=["obvious", "ratio boundary", "extra boundary"],
)
def test_a_much_longer_answer_is_flagged(answer: str, distractors: tuple[str, ...]) -> None:
    longest = max(map(len, distractors))
    expected = (
        f"the answer ({len(answer)} characters) is much longer than every distractor (longest {longest}); long answers give themselves away"
    )
    assert lint_question(make(answer=answer, distractors=distractors)) == [expected]


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        (ANSWER, DISTRACTORS),
        ("x" * 36, ("y" * 24, "z" * 10)),  # exactly 1.5 times is not "much longer"
        ("x" * 21, ("y" * 10, "z" * 3)),  # twice as long but only 11 characters more
        ("Short", ("A much longer distractor than the answer", "Another")),
    ],
    ids=["similar lengths", "ratio boundary", "extra boundary", "answer shorter"],
)
def test_an_answer_of_comparable_length_passes(answer: str, distractors: tuple[str, ...]) -> None:
    assert lint_question(make(answer=answer, distractors=distractors)) == []


# --- absolute words only among the distractors ---


def test_an_absolute_word_only_in_a_distractor_is_flagged_once() -> None:
    question = make(distractors=("It always affects adults", "It never affects children", "Vertical and torsional only"))
    assert lint_question(question) == [
        "distractor 'It always affects adults' uses the absolute word 'always' and the answer does not; test-wise students rule it out"
    ]


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        ("It is never inherited", ("It is always inherited", "It is usually inherited")),  # the answer is absolute too
        (ANSWER, ("Hallways and corridors", "Nevertheless vertical")),  # absolute words inside other words
        (ANSWER, DISTRACTORS),
    ],
    ids=["answer absolute too", "inside other words", "no absolutes"],
)
def test_absolute_words_pass_when_the_answer_has_one_or_none_are_used(answer: str, distractors: tuple[str, ...]) -> None:
    assert lint_question(make(answer=answer, distractors=distractors)) == []


# --- negative stems ---


@pytest.mark.parametrize(
    ("stem", "word"),
    [
        ("Which of these is not a sign of OMS?", "NOT"),
        ("Not counting tumours, what causes OMS?", "NOT"),
        ("All of these are signs of OMS except which?", "EXCEPT"),
        ("Which is Not a sign, except in adults?", "NOT"),  # one warning for the first
    ],
)
def test_a_negative_stem_in_lower_case_is_flagged(stem: str, word: str) -> None:
    assert lint_question(make(question=stem)) == [f"negative stem: write '{word}' in capitals so nobody misreads the question"]


@pytest.mark.parametrize(
    "stem",
    [
        "Which of these is NOT a sign of OMS?",
        "All of these are signs of OMS EXCEPT which?",
        "Which sign cannot be seen in OMS?",
        "Nothing about knots is asked here?",
    ],
)
def test_a_capitalised_or_absent_negative_passes(stem: str) -> None:
    assert lint_question(make(question=stem)) == []


# --- the answer word for word in the stem ---


@pytest.mark.parametrize(
    ("stem", "answer"),
    [
        ("Are the eye movements of opsoclonus rapid or slow?", "Rapid"),
        ("Is it dancing eyes-dancing feet syndrome or something else?", "Dancing eyes-dancing feet syndrome"),
        ("Would you say it\u2019s rapid?", "It's rapid"),  # curly and straight apostrophes are the same word
    ],
)
def test_an_answer_repeated_in_the_stem_is_flagged(stem: str, answer: str) -> None:
    question = make(question=stem, answer=answer, distractors=("Slow", "Absent"))
    assert f"the answer '{answer}' appears word for word in the question" in lint_question(question)


@pytest.mark.parametrize(
    ("stem", "answer"),
    [
        ("Are the eye movements of opsoclonus rapid or slow?", "Rap"),  # part of a word is not the word
        ("Are the eye movements of opsoclonus rapid or slow?", "Quick"),
        ("Which rapid syndrome has eyes dancing?", "Dancing eyes"),  # same words, different order
    ],
)
def test_an_answer_not_in_the_stem_passes(stem: str, answer: str) -> None:
    assert lint_question(make(question=stem, answer=answer, distractors=("Slow", "Absent"))) == []


# --- near-identical stems across the deck ---


def test_near_identical_stems_are_flagged_on_the_later_question() -> None:
    first = make(qid="first", path="deck/a.yaml", line=10)
    second = make(question=STEM.replace("occur?", "occur ?").replace("In which", "In what"), qid="second", path="deck/b.yaml", line=3)
    assert lint([second, first]) == [
        Problem("deck/b.yaml", 3, "warning", "question 'second': its stem is nearly identical to 'first' (deck/a.yaml:10)")
    ]


def test_stems_that_differ_in_substance_pass() -> None:
    first = make(qid="first")
    second = make(question="Which movements does the word myoclonus describe?", qid="second", line=12)
    third = make(question="In which directions do the eye movements of nystagmus occur most often in adults?", qid="third", line=23)
    assert lint([first, second, third]) == []


def test_copies_of_a_stem_are_each_reported_once_against_the_first() -> None:
    copies = [make(qid=f"q{i}", line=1 + 11 * i) for i in range(300)]
    problems = lint(copies)
    assert len(problems) == 299  # not one per pair (44,850)
    assert problems[0] == Problem("deck/q.yaml", 12, "warning", "question 'q1': its stem is nearly identical to 'q0' (deck/q.yaml:1)")
    assert {p.message.rsplit("'q", 1)[1] for p in problems} == {"0' (deck/q.yaml:1)"}


def test_lint_warnings_name_the_question_path_and_line() -> None:
    question = make(question="Which is not vertical?", qid="neg", path="deck/x.yaml", line=42)
    assert lint([question]) == [
        Problem("deck/x.yaml", 42, "warning", "question 'neg': negative stem: write 'NOT' in capitals so nobody misreads the question")
    ]


def test_bundled_deck_is_lint_clean() -> None:
    assert lint(load_deck(BUNDLED).questions) == []
