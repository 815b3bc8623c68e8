"""Item-writing lint: each rule with a question it flags and one it lets through."""

from __future__ import annotations

import pytest

from quiz.deck import load_deck
from quiz.lint import (
    BANK_MIN_QUESTIONS,
    SAME_OPTIONS,
    at_least,
    at_most,
    bank_figures,
    common_stem_words,
    kinds_of,
    lint,
    lint_question,
    longest_keys,
    near_duplicates,
    option_concepts,
)
from quiz.records import Problem, Question
from quiz.source import Source

from .conftest import BUNDLED

STEM = "In which directions do the eye movements of opsoclonus occur?"
NEUTRAL = "Which choice fits best?"  # a stem that shares no word with any choice
ANSWER = "Horizontal, vertical and diagonal"
DISTRACTORS = ("Horizontal and vertical", "Vertical and torsional", "Torsional, diagonal and horizontal")


def make(
    question: str = STEM,
    answer: str = ANSWER,
    distractors: tuple[str, ...] = DISTRACTORS,
    *,
    qid: str = "q",
    path: str = "deck/q.yaml",
    line: int = 1,
    explanation: tuple[str, ...] = ("Quote.",),
) -> Question:
    return Question(
        id=qid,
        topic="clinical-features",
        question=question,
        answer=answer,
        distractors=distractors,
        explanation=explanation,
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
    # "all" and "none" are absolute words, a rule of their own; only "of the above" is asked here.
    found = lint_question(make(distractors=(distractor, "Torsional, diagonal and horizontal")))
    assert not [m for m in found if "single best answer" in m]


# --- an answer much longer than every distractor ---


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        ("Random, involuntary and rapid movements in all directions", ("Slow drift", "Upward gaze", "Nystagmus")),
        ("x" * 108, ("y" * 100, "z" * 10)),  # exactly 8% and 8 characters longer
        ("x" * 29, ("y" * 24, "z" * 10)),  # exactly 5 characters (and 21%) longer
        # The review's worst item: 62 against 48.
        (
            "Opsoclonus and myoclonus arising abruptly, worsening over days",
            ("Stable eye movement problems present since birth", "Brief eye rolling"),
        ),
        # 58 against 50: the old rule (1.5 times and 12 characters) let it through.
        (
            "A hidden tumor triggers antibodies that target nerve cells",
            ("A tumor spreads into the brain and compresses it", "A tumor releases toxins"),
        ),
    ],
    ids=["obvious", "ratio boundary", "extra boundary", "review worst", "review +8"],
)
def test_a_much_longer_answer_is_flagged(answer: str, distractors: tuple[str, ...]) -> None:
    longest = max(map(len, distractors))
    expected = (
        f"the answer ({len(answer)} characters) is much longer than every distractor (longest {longest}); long answers give themselves away"
    )
    assert lint_question(make(question=NEUTRAL, answer=answer, distractors=distractors)) == [expected]


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        (ANSWER, DISTRACTORS),
        ("x" * 107, ("y" * 100, "z" * 10)),  # 7 characters but only 7% longer
        ("x" * 28, ("y" * 24, "z" * 10)),  # 17% longer but only 4 characters more
        ("Short", ("A much longer distractor than the answer", "Another")),
        ("x" * 40, ("y" * 40, "z" * 10)),  # a tie for longest
    ],
    ids=["similar lengths", "ratio boundary", "extra boundary", "answer shorter", "tie"],
)
def test_an_answer_of_comparable_length_passes(answer: str, distractors: tuple[str, ...]) -> None:
    assert lint_question(make(question=NEUTRAL, answer=answer, distractors=distractors)) == []


# --- absolute words only among the distractors ---


def test_an_absolute_word_only_in_a_distractor_is_flagged_once() -> None:
    question = make(distractors=("It always affects adults", "It never affects children", "Torsional, diagonal and horizontal"))
    assert lint_question(question) == [
        "distractor 'It always affects adults' uses the absolute word 'always' and the answer does not; test-wise students rule it out"
    ]


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        ("It is never inherited", ("It is always inherited", "It is usually inherited")),  # the answer is absolute too
        (ANSWER, ("Hallways and corridors", "Nevertheless vertical", "Everyone", DISTRACTORS[2])),  # absolute words inside other words
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
    # Only the whole answer is asked about here; shared words are the echo rule's (below).
    found = lint_question(make(question=stem, answer=answer, distractors=("Slow", "Absent")))
    assert not [m for m in found if "word for word" in m]


# --- near-identical stems across the deck ---


def test_near_identical_stems_are_flagged_on_the_later_question() -> None:
    first = make(qid="first", path="deck/a.yaml", line=10)
    second = make(question=STEM.replace("occur?", "occur ?").replace("In which", "In what"), qid="second", path="deck/b.yaml", line=3)
    assert lint([second, first]) == [
        Problem("deck/b.yaml", 3, "warning", "question 'second': its stem is nearly identical to 'first' (deck/a.yaml:10)")
    ]


def test_stems_that_differ_in_substance_pass() -> None:
    first = make(qid="first")
    second = make(question="Which movements does the word myoclonus describe?", answer="Limb jerks", qid="second", line=12)
    third = make(
        question="In which directions do the eye movements of nystagmus occur most often in adults?",
        answer="Sideways",
        qid="third",
        line=23,
    )
    assert lint([first, second, third]) == []


def test_copies_of_a_stem_are_each_reported_once_against_the_first() -> None:
    copies = [make(qid=f"q{i}", line=1 + 11 * i) for i in range(300)]
    problems = lint(copies)
    # The key is never the longest of the copies' choices (chance 75): the bank-level warning comes last.
    assert problems[-1].path == "deck/deck.yaml" and "unique longest choice in only 0 of 300" in problems[-1].message
    problems = problems[:-1]
    assert len(problems) == 299  # not one per pair (44,850)
    assert problems[0] == Problem("deck/q.yaml", 12, "warning", "question 'q1': its stem is nearly identical to 'q0' (deck/q.yaml:1)")
    assert {p.message.rsplit("'q", 1)[1] for p in problems} == {"0' (deck/q.yaml:1)"}


def test_lint_warnings_name_the_question_path_and_line() -> None:
    question = make(question="Which is not vertical?", qid="neg", path="deck/x.yaml", line=42)
    assert lint([question]) == [
        Problem("deck/x.yaml", 42, "warning", "question 'neg': negative stem: write 'NOT' in capitals so nobody misreads the question")
    ]


def test_bundled_deck_is_lint_clean() -> None:
    deck = load_deck(BUNDLED)
    assert lint(deck.questions, deck.source) == []
    assert lint(deck.questions) == []  # without the source, explanations are compared as text


# --- restrictive words: "only", "all", "none", "every", "must" count as absolute too ---


@pytest.mark.parametrize(
    ("distractor", "word"),
    [
        ("Horizontal plane only", "only"),
        ("Vertical in all children", "all"),
        ("None in children", "None"),
        ("In every child", "every"),
        ("It must be inherited", "must"),
        ("Solely vertical", "Solely"),
        ("A single-gene defect", "single"),
        ("It cannot start before three", "cannot"),
        ("Hardly any", "Hardly"),
    ],
)
def test_restrictive_words_only_in_a_distractor_are_flagged(distractor: str, word: str) -> None:
    assert lint_question(make(distractors=(distractor, *DISTRACTORS[1:]))) == [
        f"distractor '{distractor}' uses the absolute word '{word}' and the answer does not; test-wise students rule it out"
    ]


def test_the_reviews_only_item_is_flagged() -> None:
    # opsoclonus-directions as it was: the key was the only choice without "only" or "no".
    question = make(distractors=("Horizontal plane only", "Vertical plane only", "Horizontal and vertical but no diagonal"))
    assert lint_question(question) == [
        "distractor 'Horizontal plane only' uses the absolute word 'only' and the answer does not; test-wise students rule it out"
    ]


def test_restrictive_words_pass_when_the_answer_has_one_too() -> None:
    question = make(answer="In every child", distractors=("In every case", "In half of cases", "In a small minority of cases"))
    assert lint_question(question) == []


# --- absolute words are matched as phrases: "almost always" is not "always" ---


def test_a_qualified_absolute_in_the_answer_does_not_excuse_a_bare_one_in_a_distractor() -> None:
    # why-first-diagnosis-missed as it was: the key's "almost always" let "always" and "cannot" through.
    question = make(
        answer="Ataxia is almost always part of OMS",
        distractors=("OMS cannot be diagnosed before three", "Acute cerebellar ataxia always turns into OMS", "Toddlers seldom have it"),
    )
    assert lint_question(question) == [
        "distractor 'OMS cannot be diagnosed before three' uses the absolute word 'cannot' and the answer does not; "
        "test-wise students rule it out"
    ]


@pytest.mark.parametrize("distractor", ["Nearly every case", "Not always inherited", "Almost never in adults", "Virtually all children"])
def test_qualified_absolutes_in_a_distractor_pass(distractor: str) -> None:
    assert lint_question(make(distractors=(distractor, *DISTRACTORS[1:]))) == []


# --- a hedge in the key and in no distractor ---


@pytest.mark.parametrize(
    ("answer", "hedge"),
    [
        ("Speech loss can be part of OMS", "can"),
        ("It is a likely trigger", "likely"),
        ("These cells seem to play a role", "seem"),
        ("Ataxia is often present", "often"),
        ("Ataxia is almost present", "almost"),  # "almost" before no absolute word is a hedge
        ("It usually begins abruptly", "usually"),
        ("Probably a tumour", "Probably"),
    ],
)
def test_a_hedge_only_in_the_answer_is_flagged(answer: str, hedge: str) -> None:
    distractors = ("It is an unrelated finding", "It shows an inherited disease", "It is a side effect")
    assert lint_question(make(question=NEUTRAL, answer=answer, distractors=distractors)) == [
        f"the answer '{answer}' hedges with '{hedge}' and no distractor hedges; test-wise students pick the qualified choice"
    ]


@pytest.mark.parametrize(
    ("answer", "distractors"),
    [
        ("It can be part of OMS", ("It may mean a stroke", "It is a side effect")),  # a distractor hedges too, with another word
        ("In nearly every case", ("In half of cases", "In a small minority of cases")),  # "nearly every" is a frequency, not a hedge
        ("It is part of OMS", ("It can mean a stroke", "It is a side effect")),  # the hedge is in a distractor only
        ("Scan the abdomen", ("Scan the chest", "Scanning cannot help")),  # 'can' inside 'scan' is not the word
    ],
    ids=["both hedged", "nearly every", "distractor only", "inside a word"],
)
def test_balanced_or_absent_hedges_pass(answer: str, distractors: tuple[str, ...]) -> None:
    found = lint_question(make(question=NEUTRAL, answer=answer, distractors=distractors))
    assert not [m for m in found if "hedges" in m], found


# --- the stem repeats a distinctive word of the answer ---


def test_a_stem_that_echoes_a_word_of_the_answer_is_flagged() -> None:
    # The review's example: the answer pointed back at the illness the stem describes.
    question = make(
        question="A 14-year-old boy recently had a sore throat and now has opsoclonus. What is the most likely trigger?",
        answer="The recent infection",
        distractors=("A hidden lung cancer", "An inherited gene defect", "A hidden neuroblastoma"),
    )
    assert lint_question(question) == [
        "the stem repeats 'recent' from the answer 'The recent infection' and no distractor has it; "
        "students match words instead of knowing the fact"
    ]


@pytest.mark.parametrize(
    ("stem", "answer", "echo"),
    [
        ("Which infections can precede OMS in teenagers?", "A viral infection", "infection"),  # plural and singular
        ("Which structure, which coordinates movement, is affected?", "The coordinating cerebellum", "coordinating"),
        ("What do B-cells do in the fluid around the brain?", "They enter the brain's fluid", "brain's, fluid"),
    ],
)
def test_echoes_are_found_through_simple_word_endings(stem: str, answer: str, echo: str) -> None:
    found = lint_question(make(question=stem, answer=answer, distractors=("Slow drift", "Upward gaze", "Nodding")))
    listed = ", ".join(f"'{w}'" for w in echo.split(", "))
    assert any(m.startswith(f"the stem repeats {listed} from the answer") for m in found), found


@pytest.mark.parametrize(
    ("stem", "answer", "distractors"),
    [
        # the word is in a distractor too, so it tells nothing
        ("Which cancer should be looked for?", "Breast cancer", ("Thyroid cancer", "Skin cancer")),
        # stopwords and very short words do not count
        ("Which of these is it, in the end?", "It is in the blood", ("It is in the bone", "Nothing")),
        # a different word that merely starts the same
        ("Which recency effect is seen?", "The recent infection", ("A hidden tumor in the chest", "An inherited gene")),
    ],
    ids=["shared with a distractor", "stopwords", "different word"],
)
def test_words_that_give_nothing_away_pass(stem: str, answer: str, distractors: tuple[str, ...]) -> None:
    assert lint_question(make(question=stem, answer=answer, distractors=distractors)) == []


def test_words_common_to_the_decks_stems_are_not_echoes() -> None:
    question = make(question="Which sign makes a toddler with OMS unsteady?", answer="OMS ataxia", distractors=("Chorea", "Dystonia"))
    assert lint_question(question) != []
    assert lint_question(question, common=frozenset({"oms"})) == []


def test_common_stem_words_are_judged_only_in_big_decks() -> None:
    many = [make(question=f"{chr(97 + i) * 5} in OMS?", qid=f"q{i}") for i in range(BANK_MIN_QUESTIONS)]
    assert common_stem_words(many) == frozenset({"oms"})
    assert common_stem_words(many[:-1]) == frozenset()


# --- bank level: the key is the unique longest choice more or less often than chance ---


def bank(size: int, longest: int, tie: bool = False) -> list[Question]:
    """`size` questions with nothing else wrong; in the first `longest`, the key is the unique longest choice by one character."""
    questions = []
    for i in range(size):
        letter = chr(97 + i % 26) + chr(97 + i // 26)
        answer = "Key " + letter * (11 if i < longest else 9)  # 26 or 22 characters
        questions.append(
            make(
                question=f"Question {letter * 3}?",
                answer=answer,
                distractors=("y" * (26 if tie else 25), "z" * 24, "w" * 23),
                qid=f"q{i}",
                line=1 + 11 * i,
            )
        )
    return questions


def test_keys_longest_beyond_chance_are_flagged_on_deck_yaml() -> None:
    assert lint(bank(20, 20)) == [
        Problem(
            "deck/deck.yaml",
            1,
            "warning",
            "the answer is the unique longest choice in 20 of 20 questions; chance would give 5.0 (p = 0.000); "
            "make a distractor the longest choice in some of them",
        )
    ]


def test_the_share_rule_uses_an_exact_p_value() -> None:
    # With chance 1/4 in each of 20 questions: P(X >= 9) = 0.041, P(X >= 8) = 0.102.
    assert [p.message.split(";")[0] for p in lint(bank(20, 9))] == ["the answer is the unique longest choice in 9 of 20 questions"]
    assert lint(bank(20, 8)) == []
    assert at_least([0.25] * 20, 9) == pytest.approx(0.0409, abs=1e-4)
    assert at_least([0.25] * 4, 4) == pytest.approx(0.25**4)
    assert at_least([], 0) == 1.0


def test_at_most_is_the_lower_tail() -> None:
    # With chance 1/4 in each of 20 questions: P(X <= 1) = 0.024, P(X <= 2) = 0.091.
    assert at_most([0.25] * 20, 1) == pytest.approx(0.0243, abs=1e-4)
    assert at_most([0.25] * 20, 2) == pytest.approx(0.0913, abs=1e-4)
    assert at_most([0.25] * 4, 0) == pytest.approx(0.75**4)
    assert at_most([0.25] * 4, 4) == 1.0
    assert at_most([0.25] * 4, -1) == 0.0
    assert at_most([], 0) == 1.0
    # The two tails overlap at the observed count: P(X <= k) + P(X >= k + 1) = 1.
    probabilities = [0.25, 1 / 3, 0.25, 0.2, 1 / 3]
    for k in range(6):
        assert at_most(probabilities, k) + at_least(probabilities, k + 1) == pytest.approx(1.0)


def test_keys_longest_far_less_often_than_chance_are_flagged_on_deck_yaml() -> None:
    # 1 of 20, chance 5.0: P(X <= 1) = 0.024 < 0.05; the opposite cue, "the longest is rarely right".
    assert lint(bank(20, 1)) == [
        Problem(
            "deck/deck.yaml",
            1,
            "warning",
            "the answer is the unique longest choice in only 1 of 20 questions; chance would give 5.0 "
            "(p = 0.024 for that few or fewer); students learn to rule out the longest choice; "
            "make the answer the longest choice in some of them",
        )
    ]
    assert [p.message.split(";")[0] for p in lint(bank(20, 0))] == ["the answer is the unique longest choice in only 0 of 20 questions"]
    assert lint(bank(20, 2)) == []  # P(X <= 2) = 0.091
    assert longest_keys(bank(20, 1)).p_low == pytest.approx(0.0243, abs=1e-4)


def test_small_decks_and_ties_are_not_judged() -> None:
    assert lint(bank(BANK_MIN_QUESTIONS - 1, BANK_MIN_QUESTIONS - 1)) == []
    tied = bank(20, 20, tie=True)  # each key ties with a distractor: no unique longest, chance 0
    assert longest_keys(tied).observed == 0 and longest_keys(tied).expected == 0
    assert lint(tied) == []  # chance 0 and 0 observed: P(X <= 0) = 1, no warning either way
    assert lint(bank(BANK_MIN_QUESTIONS - 1, 0)) == []


# --- bank level: near-duplicate questions ---


def test_same_answer_and_same_quote_is_a_near_duplicate() -> None:
    first = make(qid="first", path="deck/a.yaml", line=10)
    second = make(question="Which planes does opsoclonus move the eyes in?", qid="second", path="deck/b.yaml", line=3)
    assert lint([second, first]) == [
        Problem(
            "deck/b.yaml",
            3,
            "warning",
            "question 'second': same answer and same quoted sentences as 'first' (deck/a.yaml:10); a student who has seen one has seen both",
        )
    ]


# Distractors none of which is in DISTRACTORS, so that only the rule under test can join two questions.
OTHER_DISTRACTORS = ("Torsional, upward and downward", "Upward, downward and inward", "Convergent, divergent and upward")
SOURCE = Source("# T\n\nThe first sentence is here. The second one follows.\n\nA third one ends it.\n")


def test_quotes_are_compared_as_source_sentences() -> None:
    first = make(qid="first", explanation=("The first sentence is here.",))
    rewrapped = make(
        question="Something else entirely?",
        answer=ANSWER.upper() + ".",
        qid="second",
        line=12,
        explanation=("The first\n sentence is here.",),
    )
    other = make(question="A third question?", qid="third", line=23, distractors=OTHER_DISTRACTORS, explanation=("A third one ends it.",))
    assert [(a.id, b.id) for a, b, _ in near_duplicates([first, rewrapped, other], SOURCE)] == [("first", "second")]


def test_same_answer_with_other_quotes_passes() -> None:
    first = make(qid="first", explanation=("The first sentence is here.",))
    second = make(
        question="Something else entirely?", qid="second", line=12, distractors=OTHER_DISTRACTORS, explanation=("A third one ends it.",)
    )
    assert lint([first, second], SOURCE) == []


def test_same_answer_and_one_more_quoted_sentence_is_a_near_duplicate() -> None:
    # parents-ask-what-is-happening (S5) and teen-post-viral-mechanism (S5 + S10): the same key on the same fact.
    first = make(qid="first", path="deck/a.yaml", line=10, explanation=("The first sentence is here.",))
    second = make(
        question="Something else entirely?",
        qid="second",
        path="deck/a.yaml",
        line=21,
        distractors=OTHER_DISTRACTORS,
        explanation=("The first sentence is here.", "A third one ends it."),
    )
    assert lint([first, second], SOURCE) == [
        Problem(
            "deck/a.yaml",
            21,
            "warning",
            "question 'second': same answer as 'first' (deck/a.yaml:10), and one quotes only sentences the other quotes too; "
            "a student who has seen one has seen both",
        )
    ]


def test_same_answer_that_adds_two_sentences_passes() -> None:
    first = make(qid="first", explanation=("The first sentence is here.",))
    second = make(
        question="Something else entirely?",
        qid="second",
        line=12,
        distractors=OTHER_DISTRACTORS,
        explanation=("The first sentence is here.", "The second one follows.", "A third one ends it."),
    )
    assert lint([first, second], SOURCE) == []


def test_same_key_concept_and_half_the_distractors_is_a_near_duplicate() -> None:
    # csf-cells-important-in-oms and cd20-marker-cell-type: "CD20+ B-cells" and "B-cells", with neutrophils and monocytes in both.
    first = make(
        question="Which cells in the CSF seem to matter in OMS?",
        answer="CD20+ B-cells",
        distractors=("CD15+ neutrophils", "CD117+ mast cells", "CD14+ monocytes"),
        qid="first",
        path="deck/a.yaml",
        line=10,
        explanation=("The first sentence is here.",),
    )
    second = make(
        question="Which immune cell does the CD20 marker identify?",
        answer="The B-cells",
        distractors=("Neutrophils", "Natural killer cells", "Monocytes"),
        qid="second",
        path="deck/b.yaml",
        line=3,
        explanation=("A third one ends it.",),
    )
    assert lint([second, first], SOURCE) == [
        Problem(
            "deck/b.yaml",
            3,
            "warning",
            "question 'second': same key and at least half the same distractors as 'first' (deck/a.yaml:10), "
            "once case, articles and shared openings are set aside; a student who has seen one has seen both",
        )
    ]


def test_openings_shared_by_every_choice_are_set_aside() -> None:
    first = make(
        question="Q one?",
        answer="Unknown, but often paraneoplastic",
        distractors=("Unknown, but often an inherited gene", "Unknown, but often a food allergy", "Unknown, but often a birth injury"),
    )
    second = make(question="Q two?", answer="Paraneoplastic", distractors=("An inherited gene", "Food allergy", "Head injury"), qid="b")
    assert option_concepts(first) == ("paraneoplastic", frozenset({"inherited gene", "food allergy", "birth injury"}))
    assert [(a.id, b.id, why) for a, b, why in near_duplicates([first, second])] == [("q", "b", SAME_OPTIONS)]


@pytest.mark.parametrize(
    "distractors",
    [
        ("Neutrophils", "Eosinophils", "Basophils"),  # one of three shared: less than half
        ("T-cells", "Mast cells", "Platelets"),  # none shared
    ],
)
def test_same_key_with_mostly_other_distractors_passes(distractors: tuple[str, ...]) -> None:
    first = make(question="Q one?", answer="B-cells", distractors=("Neutrophils", "NK cells", "Monocytes"), explanation=("A.",))
    second = make(question="Q two?", answer="B-cells", distractors=distractors, qid="b", line=12, explanation=("B.",))
    assert near_duplicates([first, second]) == []


def test_each_near_duplicate_is_reported_once_against_the_first() -> None:
    copies = [make(question=f"{chr(97 + i) * 8}?", qid=f"q{i}", line=1 + 11 * i) for i in range(3)]
    assert [(a.id, b.id) for a, b, _ in near_duplicates(copies)] == [("q0", "q1"), ("q0", "q2")]


# --- the figures `oms-quiz coverage` prints ---


KINDS_FILE = """\
# kind: recall
- id: first
  topic: t
# a comment between
# kind: vignette
- id: second
- id: third
"""


def test_kind_comments_apply_to_the_next_item() -> None:
    assert kinds_of({"deck/q.yaml": KINDS_FILE}) == {("deck/q.yaml", "first"): "recall", ("deck/q.yaml", "second"): "vignette"}


def test_bank_figures() -> None:
    questions = [
        make(qid="first", answer="Horizontal, vertical, diagonal and torsional"),  # the unique longest
        make(question="Which is NOT a direction?", qid="second", line=12, answer="Up", explanation=("Other.",)),  # the unique shortest
        make(question="A third question?", qid="third", line=23, explanation=("Quote.",)),  # repeats 'first'? no: other answer
    ]
    figures = bank_figures(questions, texts={"deck/q.yaml": KINDS_FILE})
    assert figures.lines() == [
        "Bank figures",
        "  questions: 3",
        "  key is the unique longest choice: 1 (chance 0.8, p = 0.578, lower p = 0.844)",
        "  key is the unique shortest choice: 1 (chance 0.8, p = 0.578, lower p = 0.844)",
        "  near-duplicate pairs: 0",
        "  kinds: 1 recall, 1 vignette, 1 unlabelled (33% vignettes)",
        "  negative stems: 1 (second)",
    ]
