"""Item-writing lint: the flaws of multiple-choice questions that a program can see.

Per-question rules look at one question; bank-level rules look at the deck as a
whole (the share of keys that are the longest choice, too high or too low,
near-duplicate questions, the words most stems share). Everything here is pure: no I/O, no Rich, no Textual.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from quiz.records import Problem, Question

if TYPE_CHECKING:
    from quiz.source import Source

# Absolute and restrictive words: a test-wise student rules out a distractor that has one.
ABSOLUTE_WORDS = (
    "always",
    "never",
    "invariably",
    "exclusively",
    "entirely",
    "completely",
    "absolutely",
    "only",
    "solely",
    "all",
    "none",
    "every",
    "must",
    "single",
    "cannot",
    "hardly",
)
# A word like these before an absolute word takes its force away: "almost always",
# "nearly every" and "not always" are hedges, not absolutes.
ABSOLUTE_QUALIFIERS = ("almost", "nearly", "not", "virtually", "practically")
# Hedges: a key that alone is qualified ("can", "often") is the careful, true-sounding one.
HEDGE_WORDS = (
    "can",
    "may",
    "might",
    "often",
    "usually",
    "likely",
    "seem",
    "seems",
    "sometimes",
    "almost",
    "nearly",
    "generally",
    "typically",
    "probably",
)
# A key that is the longest choice by this many characters and this share of the
# longest distractor gives itself away.
LONG_ANSWER_MIN_EXTRA = 5  # characters
LONG_ANSWER_RATIO = 1.08  # the key is at least 8% longer than the longest distractor
NEAR_IDENTICAL = 0.9
# Two questions with the same answer repeat each other when one quotes the other's
# sentences and at most this many more: one added sentence is garnish on the same fact,
# two or more make a new task out of several facts.
OVERLAP_EXTRA = 1
# The share of keys that are the unique longest choice is judged only in decks this big,
# and flagged when chance would give that many or more, or that few or fewer, with a
# probability below this (each tail on its own: the longest key is a cue either way).
BANK_MIN_QUESTIONS = 20
LONGEST_P = 0.05
# In a deck of BANK_MIN_QUESTIONS or more, a word in at least this share of the stems
# ("OMS", "child") tells a student nothing when the key repeats it.
COMMON_STEM_SHARE = 0.2

_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|following)\b", re.IGNORECASE)
_ABSOLUTE = re.compile(r"\b(?:(?:" + "|".join(ABSOLUTE_QUALIFIERS) + r")\s+)?(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(" + "|".join(HEDGE_WORDS) + r")\b", re.IGNORECASE)
_QUANTIFYING = frozenset(["almost", "nearly"])
_CD_MARKER = re.compile(r"^cd\d+\+?$")
_ARTICLES = frozenset(["a", "an", "the"])
_NEGATIVE = re.compile(r"\b(not|except)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w+]+(?:[-'][\w+]+)*")
_KIND = re.compile(r"^\s*#\s*kind:\s*(\S+)")
_ITEM = re.compile(r"^-\s+id:\s*['\"]?([^'\"\s#]+)")

# Words that carry no content of their own, for the echo rule.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "shall",
        "should",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "his",
        "her",
        "he",
        "she",
        "him",
        "hers",
        "our",
        "we",
        "you",
        "your",
        "i",
        "me",
        "my",
        "which",
        "what",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "than",
        "then",
        "so",
        "such",
        "also",
        "very",
        "more",
        "most",
        "less",
        "least",
        "not",
        "no",
        "yes",
        "if",
        "because",
        "while",
        "after",
        "before",
        "during",
        "since",
        "until",
        "each",
        "both",
        "either",
        "neither",
        "some",
        "any",
        "one",
        "two",
        "three",
        "first",
        "second",
        "other",
        "another",
        "same",
        "own",
        "just",
        "even",
        "still",
        "often",
        "sometimes",
        "usually",
        "per",
        "via",
        "upon",
        "within",
        "between",
        "among",
        "against",
        "through",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "here",
    ]
)
_SUFFIXES = ("ically", "ally", "ly", "ing", "ed", "es", "s")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("\u2019", "'"))


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _stem(word: str) -> str:
    """A crude stem, so that 'recent' and 'recently', 'infection' and 'infections' match."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> dict[str, str]:
    """The content words of `text` (hyphenated words split), by stem: stem -> the word as written."""
    found: dict[str, str] = {}
    for word in _words(text):
        for part in word.split("-"):
            part = part.strip("'")
            if len(part) < 3 or part in STOPWORDS or part.isdigit():
                continue
            found.setdefault(_stem(part), part)
    return found


def common_stem_words(questions: Sequence[Question]) -> frozenset[str]:
    """Stems found in so many stems of the deck that repeating them in a key gives nothing away."""
    if len(questions) < BANK_MIN_QUESTIONS:
        return frozenset()
    counts: dict[str, int] = {}
    for q in questions:
        for stem in _stems(q.question):
            counts[stem] = counts.get(stem, 0) + 1
    return frozenset(s for s, n in counts.items() if n >= COMMON_STEM_SHARE * len(questions))


def echoed_words(q: Question, common: frozenset[str] = frozenset()) -> list[str]:
    """Distinctive words of the key that the stem repeats: in the key, in the stem, in no distractor, not common."""
    key = _stems(q.answer)
    stem = _stems(q.question)
    shared: set[str] = set()
    for d in q.distractors:
        shared.update(_stems(d))
    return [word for s, word in key.items() if s in stem and s not in shared and s not in common]


def absolute_word(text: str) -> str | None:
    """The first absolute word of `text` that no qualifier softens ("always", but not "almost always"), or None."""
    for match in _ABSOLUTE.finditer(text):
        if match.group(0) == match.group(1):  # no qualifier in front
            return match.group(1)
    return None


def hedge_word(text: str) -> str | None:
    """The first hedge of `text`, or None. "Almost" and "nearly" before an absolute word ("nearly every")
    state a frequency as strong as the absolute itself, so they do not count."""
    for match in _HEDGE.finditer(text):
        word = match.group(0)
        if word.casefold() in _QUANTIFYING and _ABSOLUTE.match(text, match.start()):
            continue
        return word
    return None


def lint_question(q: Question, common: frozenset[str] = frozenset()) -> list[str]:
    """Warnings for one question, as messages. `common`: stems that most of the deck's stems share."""
    found: list[str] = []
    for choice in q.choices:
        match = _ABOVE.search(choice)
        if match:
            found.append(f"choice '{choice}' uses '{match.group(0)}'; write a single best answer instead")
    longest = max(len(d) for d in q.distractors)
    extra = len(q.answer) - longest
    if extra >= LONG_ANSWER_MIN_EXTRA and len(q.answer) >= LONG_ANSWER_RATIO * longest:
        found.append(
            f"the answer ({len(q.answer)} characters) is much longer than every distractor (longest {longest}); "
            "long answers give themselves away"
        )
    if absolute_word(q.answer) is None:
        for d in q.distractors:
            word = absolute_word(d)
            if word is not None:
                found.append(f"distractor '{d}' uses the absolute word '{word}' and the answer does not; test-wise students rule it out")
                break
    hedge = hedge_word(q.answer)
    if hedge is not None and not any(hedge_word(d) for d in q.distractors):
        found.append(
            f"the answer '{q.answer}' hedges with '{hedge}' and no distractor hedges; test-wise students pick the qualified choice"
        )
    for match in _NEGATIVE.finditer(q.question):
        if match.group(0) != match.group(0).upper():
            found.append(f"negative stem: write '{match.group(0).upper()}' in capitals so nobody misreads the question")
            break
    if _contains_words(_words(q.question), _words(q.answer)):
        found.append(f"the answer '{q.answer}' appears word for word in the question")
    else:
        echoes = echoed_words(q, common)
        if echoes:
            listed = ", ".join(f"'{w}'" for w in echoes)
            found.append(
                f"the stem repeats {listed} from the answer '{q.answer}' and no distractor has it; students match words instead of knowing the fact"
            )
    return found


# --- bank-level figures ---


def _unique_extreme(q: Question, pick: Callable[[list[int]], int] = max) -> int | None:
    """The index in q.choices of the one longest (or, with min, shortest) choice, or None if two or more tie."""
    lengths = [len(c) for c in q.choices]
    top = pick(lengths)
    return lengths.index(top) if lengths.count(top) == 1 else None


def _distribution(probabilities: Sequence[float]) -> list[float]:
    """P(X = n) for n = 0..len(probabilities), X a sum of independent Bernoulli trials (Poisson-binomial)."""
    dist = [1.0]
    for p in probabilities:
        nxt = [0.0] * (len(dist) + 1)
        for n, mass in enumerate(dist):
            nxt[n] += mass * (1 - p)
            nxt[n + 1] += mass * p
        dist = nxt
    return dist


def at_least(probabilities: Sequence[float], k: int) -> float:
    """P(X >= k) for X a sum of independent Bernoulli trials with these probabilities (Poisson-binomial), exactly."""
    return min(1.0, sum(_distribution(probabilities)[max(k, 0) :]))


def at_most(probabilities: Sequence[float], k: int) -> float:
    """P(X <= k) for X a sum of independent Bernoulli trials with these probabilities (Poisson-binomial), exactly."""
    if k < 0:
        return 0.0
    return min(1.0, sum(_distribution(probabilities)[: k + 1]))


@dataclass(frozen=True, slots=True)
class LongestKeys:
    """How often the key is the unique longest (or shortest) choice, against chance."""

    observed: int
    expected: float
    p: float  # P(chance gives `observed` or more)
    questions: int
    p_low: float  # P(chance gives `observed` or fewer)


def longest_keys(questions: Sequence[Question], pick: Callable[[list[int]], int] = max) -> LongestKeys:
    """Chance per question is 1/n if it has a unique longest choice (of n), else 0: a tie has no unique longest.

    With pick=min, the same for the unique shortest choice.
    """
    probabilities: list[float] = []
    observed = 0
    for q in questions:
        index = _unique_extreme(q, pick)
        if index is None:
            continue
        probabilities.append(1 / len(q.choices))
        observed += index == 0
    return LongestKeys(observed, sum(probabilities), at_least(probabilities, observed), len(questions), at_most(probabilities, observed))


def _stem_key(text: str) -> str:
    return " ".join(_words(text))


def _answer_key(text: str) -> str:
    return " ".join(_words(text))


def _place(q: Question) -> tuple[str, int]:
    return (q.path, q.line)


STEM = "stem"
SAME_KEY = "same answer and quoted sentences"
OVERLAP = "same answer and overlapping quoted sentences"
SAME_OPTIONS = "same key concept and distractors"


def _quoted(q: Question, source: Source | None) -> frozenset[object]:
    """The sentences a question quotes: source sentence numbers, or without a source its explanations as text."""
    if source is not None:
        return frozenset(source.sentences_of(q.explanation))
    return frozenset(" ".join(e.split()) for e in q.explanation)


def _concept(words: list[str]) -> str:
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def option_concepts(q: Question) -> tuple[str, frozenset[str]]:
    """The key and the distractors as concepts: case-folded words without CD markers ("CD20+"),
    without the words that every choice starts with ("Unknown, but often"), and without a leading article."""
    choices = [[w for w in _words(c) if not _CD_MARKER.match(w)] for c in q.choices]
    n = 0
    while all(len(c) > n + 1 for c in choices) and len({c[n] for c in choices}) == 1:
        n += 1
    concepts = [_concept(c[n:]) for c in choices]
    return concepts[0], frozenset(concepts[1:])


def near_duplicates(questions: Sequence[Question], source: Source | None = None) -> list[tuple[Question, Question, str]]:
    """Pairs (earlier, later, why): each later question once, against the first earlier one it repeats.

    Two questions repeat each other when their stems are at least NEAR_IDENTICAL alike;
    when they have the same answer (case, spacing and punctuation ignored) and the
    sentences one quotes are all quoted by the other, which quotes at most OVERLAP_EXTRA
    more; or when their keys are the same
    concept (see option_concepts) and at least half of the distractors of the one with
    fewer are among the other's.
    """
    ordered = sorted(questions, key=_place)
    repeats: dict[int, tuple[Question, str]] = {}  # id() of a question -> (the earlier one it repeats, why)
    # Near-identical stems. Identical stems are grouped by key; of the rest, only
    # pairs of similar length can reach the ratio, so each stem is compared with
    # its neighbours in length order.
    firsts: dict[str, Question] = {}
    for q in ordered:
        key = _stem_key(q.question)
        if key in firsts:
            repeats[id(q)] = (firsts[key], STEM)
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
                repeats[id(second)] = (first, STEM)
    # The same answer, and the quoted sentences of one all among those of the other
    # (the same sentences, or one more), whatever the stems say.
    by_answer: dict[str, list[tuple[Question, frozenset[object]]]] = {}
    for q in ordered:
        quoted = _quoted(q, source)
        earlier = by_answer.setdefault(_answer_key(q.answer), [])
        for first, first_quoted in earlier:
            if quoted == first_quoted:
                repeats.setdefault(id(q), (first, SAME_KEY))
                break
            smaller, larger = sorted((quoted, first_quoted), key=len)
            if smaller <= larger and len(larger) - len(smaller) <= OVERLAP_EXTRA:
                repeats.setdefault(id(q), (first, OVERLAP))
                break
        earlier.append((q, quoted))
    # The same key concept and at least half of the distractors, after the words every
    # choice starts with, CD markers and leading articles are set aside.
    by_concept: dict[str, list[tuple[Question, frozenset[str]]]] = {}
    for q in ordered:
        key, distractors = option_concepts(q)
        earlier_concepts = by_concept.setdefault(key, [])
        for first, first_distractors in earlier_concepts:
            shared = len(distractors & first_distractors)
            if 2 * shared >= min(len(distractors), len(first_distractors)):
                repeats.setdefault(id(q), (first, SAME_OPTIONS))
                break
        earlier_concepts.append((q, distractors))
    return [(repeats[id(q)][0], q, repeats[id(q)][1]) for q in ordered if id(q) in repeats]


def deck_file_of(questions: Sequence[Question]) -> str:
    """deck.yaml beside the first question's file: where bank-level warnings are reported."""
    first = min(questions, key=_place)
    return str(PurePath(first.path).parent / "deck.yaml")


def lint(questions: Sequence[Question], source: Source | None = None, deck_file: str | None = None) -> list[Problem]:
    """Every lint warning for a deck's questions: per question, then the bank-level rules."""
    if not questions:
        return []
    common = common_stem_words(questions)
    problems = [
        Problem(q.path, q.line, "warning", f"question '{q.id}': {message}") for q in questions for message in lint_question(q, common)
    ]
    for earlier, q, why in near_duplicates(questions, source):
        if why == STEM:
            text = f"question '{q.id}': its stem is nearly identical to '{earlier.id}' ({earlier.path}:{earlier.line})"
        elif why == OVERLAP:
            text = (
                f"question '{q.id}': same answer as '{earlier.id}' ({earlier.path}:{earlier.line}), and one quotes only sentences "
                "the other quotes too; a student who has seen one has seen both"
            )
        elif why == SAME_OPTIONS:
            text = (
                f"question '{q.id}': same key and at least half the same distractors as '{earlier.id}' ({earlier.path}:{earlier.line}), "
                "once case, articles and shared openings are set aside; a student who has seen one has seen both"
            )
        else:
            text = (
                f"question '{q.id}': same answer and same quoted sentences as '{earlier.id}' ({earlier.path}:{earlier.line}); "
                "a student who has seen one has seen both"
            )
        problems.append(Problem(q.path, q.line, "warning", text))
    if len(questions) >= BANK_MIN_QUESTIONS:
        share = longest_keys(questions)
        if share.p < LONGEST_P:
            problems.append(
                Problem(
                    deck_file or deck_file_of(questions),
                    1,
                    "warning",
                    f"the answer is the unique longest choice in {share.observed} of {share.questions} questions; "
                    f"chance would give {share.expected:.1f} (p = {share.p:.3f}); make a distractor the longest choice in some of them",
                )
            )
        elif share.p_low < LONGEST_P:
            problems.append(
                Problem(
                    deck_file or deck_file_of(questions),
                    1,
                    "warning",
                    f"the answer is the unique longest choice in only {share.observed} of {share.questions} questions; "
                    f"chance would give {share.expected:.1f} (p = {share.p_low:.3f} for that few or fewer); "
                    "students learn to rule out the longest choice; make the answer the longest choice in some of them",
                )
            )
    return problems


# --- the figures `oms-quiz coverage` prints ---


def kinds_of(texts: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """(path, id) -> kind, from the `# kind: X` comments of question files given as {path: text}.

    A `# kind:` comment applies to the next `- id:` item of its file.
    """
    kinds: dict[tuple[str, str], str] = {}
    for path, text in texts.items():
        pending: str | None = None
        for line in text.splitlines():
            match = _KIND.match(line)
            if match:
                pending = match.group(1).casefold()
                continue
            item = _ITEM.match(line)
            if item:
                if pending is not None:
                    kinds[(path, item.group(1))] = pending
                pending = None
    return kinds


def is_negative(stem: str) -> bool:
    return bool(_NEGATIVE.search(stem))


def _share(share: LongestKeys) -> str:
    """'5 (chance 12.7, p = 0.998, lower p = 0.006)': p for that many or more, lower p for that many or fewer."""
    return f"{share.observed} (chance {share.expected:.1f}, p = {share.p:.3f}, lower p = {share.p_low:.3f})"


@dataclass(frozen=True, slots=True)
class BankFigures:
    questions: int
    longest: LongestKeys
    shortest: LongestKeys
    near_duplicate_pairs: list[tuple[str, str]]
    kinds: dict[str, int] = field(default_factory=dict)
    negative_stems: list[str] = field(default_factory=list)

    @property
    def vignette_share(self) -> float:
        return self.kinds.get("vignette", 0) / self.questions if self.questions else 0.0

    def lines(self) -> list[str]:
        """The figures as `oms-quiz coverage` prints them."""
        order = ["recall", "definition", "vignette"]
        kinds = [k for k in order if k in self.kinds] + sorted(k for k in self.kinds if k not in order)
        pairs = ", ".join(f"{a} / {b}" for a, b in self.near_duplicate_pairs)
        return [
            "Bank figures",
            f"  questions: {self.questions}",
            f"  key is the unique longest choice: {_share(self.longest)}",
            f"  key is the unique shortest choice: {_share(self.shortest)}",
            f"  near-duplicate pairs: {len(self.near_duplicate_pairs)}" + (f" ({pairs})" if pairs else ""),
            "  kinds: " + ", ".join(f"{self.kinds[k]} {k}" for k in kinds) + f" ({100 * self.vignette_share:.0f}% vignettes)",
            f"  negative stems: {len(self.negative_stems)}" + (f" ({', '.join(self.negative_stems)})" if self.negative_stems else ""),
        ]


def bank_figures(questions: Sequence[Question], source: Source | None = None, texts: Mapping[str, str] | None = None) -> BankFigures:
    """The bank-level figures of a deck. `texts`: its question files as {path: text}, for the `# kind:` labels."""
    kinds_by_item = kinds_of(texts or {})
    kinds: dict[str, int] = {}
    for q in questions:
        kind = kinds_by_item.get((q.path, q.id), "unlabelled")
        kinds[kind] = kinds.get(kind, 0) + 1
    return BankFigures(
        questions=len(questions),
        longest=longest_keys(questions),
        shortest=longest_keys(questions, min),
        near_duplicate_pairs=[(a.id, b.id) for a, b, _ in near_duplicates(questions, source)],
        kinds=kinds,
        negative_stems=[q.id for q in questions if is_negative(q.question)],
    )
