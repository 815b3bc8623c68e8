"""Item-writing lint: the flaws of multiple-choice questions that a program can see."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from quiz.records import Problem, Question

ABSOLUTE_WORDS = ("always", "never", "invariably", "exclusively", "entirely", "completely", "absolutely")
LONG_ANSWER_RATIO = 1.5
LONG_ANSWER_MIN_EXTRA = 12  # characters: short choices may differ by a word without giving anything away
NEAR_IDENTICAL = 0.9

_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|following)\b", re.IGNORECASE)
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(not|except)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w+]+(?:[-'][\w+]+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("\u2019", "'"))


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def lint_question(q: Question) -> list[str]:
    """Warnings for one question, as messages."""
    found: list[str] = []
    for choice in q.choices:
        match = _ABOVE.search(choice)
        if match:
            found.append(f"choice '{choice}' uses '{match.group(0)}'; write a single best answer instead")
    longest = max(len(d) for d in q.distractors)
    if len(q.answer) > LONG_ANSWER_RATIO * longest and len(q.answer) - longest >= LONG_ANSWER_MIN_EXTRA:
        found.append(
            f"the answer ({len(q.answer)} characters) is much longer than every distractor (longest {longest}); "
            "long answers give themselves away"
        )
    if not _ABSOLUTE.search(q.answer):
        for d in q.distractors:
            match = _ABSOLUTE.search(d)
            if match:
                found.append(
                    f"distractor '{d}' uses the absolute word '{match.group(0)}' and the answer does not; test-wise students rule it out"
                )
                break
    for match in _NEGATIVE.finditer(q.question):
        if match.group(0) != match.group(0).upper():
            found.append(f"negative stem: write '{match.group(0).upper()}' in capitals so nobody misreads the question")
            break
    if _contains_words(_words(q.question), _words(q.answer)):
        found.append(f"the answer '{q.answer}' appears word for word in the question")
    return found


def _stem_key(text: str) -> str:
    return " ".join(_words(text))


def lint(questions: Sequence[Question]) -> list[Problem]:
    """Every lint warning for a deck's questions."""
    problems = [Problem(q.path, q.line, "warning", f"question '{q.id}': {message}") for q in questions for message in lint_question(q)]
    # Near-identical stems: each question is reported once, against an earlier
    # one it repeats. Identical stems are grouped by key; of the rest, only
    # pairs of similar length can reach the ratio, so each stem is compared
    # with its neighbours in length order.
    ordered = sorted(questions, key=_place)
    repeats: dict[int, Question] = {}  # id() of a question -> the earlier question it repeats
    firsts: dict[str, Question] = {}
    for q in ordered:
        key = _stem_key(q.question)
        if key in firsts:
            repeats[id(q)] = firsts[key]
        else:
            firsts[key] = q
    keyed = sorted(firsts.items(), key=lambda kq: len(kq[0]))
    for i, (key, q) in enumerate(keyed):
        for other_key, other in keyed[i + 1 :]:
            # 2·matches / (len a + len b) can reach the ratio only while b <= a·(2 - r)/r.
            if len(other_key) * NEAR_IDENTICAL > len(key) * (2 - NEAR_IDENTICAL):
                break
            first, second = sorted((q, other), key=_place)
            if id(second) in repeats:
                continue
            matcher = difflib.SequenceMatcher(None, key, other_key, autojunk=False)
            if matcher.real_quick_ratio() < NEAR_IDENTICAL or matcher.quick_ratio() < NEAR_IDENTICAL:
                continue
            if matcher.ratio() >= NEAR_IDENTICAL:
                repeats[id(second)] = first
    for q in ordered:
        earlier = repeats.get(id(q))
        if earlier is not None:
            problems.append(
                Problem(
                    q.path,
                    q.line,
                    "warning",
                    f"question '{q.id}': its stem is nearly identical to '{earlier.id}' ({earlier.path}:{earlier.line})",
                )
            )
    return problems


def _place(q: Question) -> tuple[str, int]:
    return (q.path, q.line)
