"""The source text: splitting into sentences, verbatim quote lookup after folding, and the closest-sentence hint."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.source import Match, Source, fold

from .conftest import BUNDLED, SOURCE_MD

S1 = "Opsoclonus describes seemingly random, involuntary, and rapid eye movements in the horizontal, vertical, and diagonal directions."
S2 = "Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous."
S3 = "Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome."


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  two   spaces\tand\na line  ", "two spaces and a line"),
        ("it\u2019s \u2018single\u2019 and \u201cdouble\u201d", "it's 'single' and \"double\""),
        ("no\u00a0break\u2003em space", "no break em space"),
        ("already plain", "already plain"),
        ("", ""),
    ],
)
def test_fold_folds_whitespace_and_curly_quotes(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_the_test_source_has_three_sentences_and_a_title() -> None:
    source = Source(SOURCE_MD)
    assert source.title == "Test source"
    assert [s.text for s in source.sentences] == [S1, S2, S3]
    assert [s.index for s in source.sentences] == [0, 1, 2]


def test_headings_and_by_lines_are_not_sentences() -> None:
    source = Source("# Title\n\nContent Reviewers: Someone, MD\n\n## Part two\n\nOnly this counts.\n")
    assert source.title == "Title"
    assert source.preamble == ["Content Reviewers: Someone, MD"]
    assert [s.text for s in source.sentences] == ["Only this counts."]


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("One. Two! Three? 4 is a digit.", ["One.", "Two!", "Three?", "4 is a digit."]),
        ("It was e.g. odd. Version 2.0 shipped.", ["It was e.g. odd.", "Version 2.0 shipped."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("It was (really.) Fine.", ["It was (really.)", "Fine."]),
        ("She said \u201cGo (now).\u201d Then she went.", ['She said "Go (now)."', "Then she went."]),
        ('First. "Quoted" second.', ["First.", '"Quoted" second.']),
        ("First. (Aside) second.", ["First.", "(Aside) second."]),
    ],
    ids=["punctuation", "abbreviations", "closing quote", "closing bracket", "quote and bracket", "opening quote", "opening bracket"],
)
def test_sentences_split_where_a_reader_would(paragraph: str, sentences: list[str]) -> None:
    assert [s.text for s in Source(paragraph).sentences] == sentences


def test_a_sentence_ending_in_a_closing_quote_can_be_quoted_whole() -> None:
    source = Source('He said "Stop." Then he left.')
    assert source.find("He said \u201cStop.\u201d") == Match(0, 0)
    assert source.find('He said "Stop." Then he left.') == Match(0, 1)


def test_crlf_and_bom_sources_read_like_plain_ones(tmp_path: Path) -> None:
    path = tmp_path / "source.md"
    path.write_bytes(b"\xef\xbb\xbf" + SOURCE_MD.replace("\n", "\r\n").encode())
    source = Source(path.read_text(encoding="utf-8-sig"), path)
    assert source.title == "Test source"
    assert [s.text for s in source.sentences] == [S1, S2, S3]


def test_sentence_offsets_point_into_the_folded_body() -> None:
    source = Source(SOURCE_MD)
    assert source.folded_body == f"{S1} {S2} {S3}"
    for sentence in source.sentences:
        assert source.folded_body[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("quote", "match"),
    [
        (S1, Match(0, 0)),
        (S3, Match(2, 2)),
        (f"{S1} {S2}", Match(0, 1)),  # two sentences from two paragraphs
        (f"{S1} {S2} {S3}", Match(0, 2)),
        (S1.replace(", ", ",\n   "), Match(0, 0)),  # wrapped differently
        (f"  {S2}  ", Match(1, 1)),
        (S2[:-1], None),  # without its full stop
        ("involuntary, and rapid eye movements", None),  # part of a sentence
        (f"{S1} Myoclonus describes", None),  # one sentence and a bit
        (S1.lower(), None),  # verbatim means the same case
        ("Not in the source at all.", None),
        ("", None),
        ("   ", None),
    ],
)
def test_find_returns_the_whole_sentences_a_quote_reproduces(quote: str, match: Match | None) -> None:
    assert Source(SOURCE_MD).find(quote) == match


def test_find_matches_curly_and_straight_quotes_both_ways() -> None:
    straight = Source('People say "dancing eyes" because it\'s striking. Next.')
    curly = Source("People say \u201cdancing eyes\u201d because it\u2019s striking. Next.")
    for source in (straight, curly):
        assert source.find("People say \u201cdancing eyes\u201d because it\u2019s striking.") == Match(0, 0)
        assert source.find('People say "dancing eyes" because it\'s striking.') == Match(0, 0)


def test_find_skips_a_mid_sentence_occurrence_for_a_later_whole_one() -> None:
    source = Source("Then Rex ran. Rex ran.")
    assert source.find("Rex ran.") == Match(1, 1)
    assert list(Match(1, 1).indexes) == [1]
    assert list(Match(0, 2).indexes) == [0, 1, 2]


def test_contains_accepts_part_of_a_sentence() -> None:
    source = Source(SOURCE_MD)
    assert source.contains("involuntary, and rapid eye movements")
    assert source.contains("rapid eye\n  movements")
    assert not source.contains("slow eye movements")
    assert not source.contains("")


def test_closest_names_the_most_similar_sentence() -> None:
    source = Source(SOURCE_MD)
    assert source.closest("Myoclonus describes limb jerks.").text == S2
    assert source.closest("OMS is also called dancing eyes-dancing feet syndrome.").text == S3
    assert source.closest("OPSOCLONUS DESCRIBES RANDOM EYE MOVEMENTS").text == S1  # case does not matter


def test_closest_is_none_without_sentences() -> None:
    assert Source("# Only a heading\n\nNo full stop here\n").closest("Anything.") is None


def test_closest_on_a_100000_character_quote_is_quick() -> None:
    source = Source((BUNDLED / "source.md").read_text(encoding="utf-8"), BUNDLED / "source.md")
    quote = "Opsoclonus describes eye movements " * 3000  # about 100,000 characters
    started = time.perf_counter()
    sentence = source.closest(quote)
    elapsed = time.perf_counter() - started
    assert sentence is not None and sentence.text.startswith("Opsoclonus")
    assert elapsed < 3.0  # it took over 6 seconds when the whole quote was compared


def test_bundled_source_has_body_sentences_and_a_title() -> None:
    source = Source((BUNDLED / "source.md").read_text(encoding="utf-8"), BUNDLED / "source.md")
    assert source.title
    assert len(source.sentences) >= 10
    assert all(s.text == fold(s.text) for s in source.sentences)
    assert all(not s.text.startswith("#") for s in source.sentences)


SENTENCEISH = st.lists(
    st.sampled_from([*"Ab c.!?\"'\u201c\u201d\u2019()[]#\n \t1-", "\n\n", ". ", "Mr. ", "e.g. "]),
    max_size=80,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=st.one_of(SENTENCEISH, st.text(max_size=200)))
def test_every_sentence_and_every_pair_of_neighbours_can_be_quoted(text: str) -> None:
    source = Source(text)
    for sentence in source.sentences:
        match = source.find(sentence.text)
        assert match is not None and match.first == match.last
        assert source.sentences[match.first].text == sentence.text
        assert source.closest(sentence.text) is not None
    for first, second in zip(source.sentences, source.sentences[1:]):
        match = source.find(f"{first.text} {second.text}")
        assert match is not None and match.last == match.first + 1


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200), quote=st.text(max_size=100))
def test_fold_is_idempotent_and_lookups_never_fail(text: str, quote: str) -> None:
    assert fold(fold(quote)) == fold(quote)
    source = Source(text)
    match = source.find(quote)
    assert match is None or source.contains(quote)
    source.closest(quote)
