"""The deck's source text: its sentences, verbatim quote lookup, and coverage."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")
# A sentence ends at . ! or ? (optionally followed by up to two closing quotes or
# brackets, which stay with it) when the next one starts with a capital, a digit
# or an opening quote. Only the space between the two is split off.
_CLOSE = "[\"'\u201d)\\]]"
_SPLIT = re.compile(rf"(?:(?<=[.!?])|(?<=[.!?]{_CLOSE})|(?<=[.!?]{_CLOSE}{_CLOSE}))\s+(?=[A-Z0-9\"'\u201c(])")
_TERMINAL = re.compile(r"[.!?][\"'\u201d)\]]*$")
_CLOSEST_CHARS = 1000


def fold(text: str) -> str:
    """Fold whitespace to single spaces and curly quotes to straight ones."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str  # whitespace and quotes folded, for matching
    raw: str  # whitespace folded, quotes as written, for showing
    paragraph: int
    start: int  # offset in Source.folded_body
    end: int


class Match(NamedTuple):
    """Where a quote sits in the source: the sentences it spans."""

    first: int
    last: int

    @property
    def indexes(self) -> range:
        return range(self.first, self.last + 1)


class Source:
    """A source text split into body sentences.

    Headings (lines starting with `#`) and paragraphs that do not end like a
    sentence (a by-line such as "Content Reviewers: ...") are not body text.
    """

    def __init__(self, text: str, path: Path | None = None) -> None:
        self.path = path
        self.text = text
        self.title = ""
        self.paragraphs: list[str] = []
        self.preamble: list[str] = []
        sentences: list[Sentence] = []
        offset = 0
        for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
            block = block.strip()
            if not block:
                continue
            if block.startswith("#"):
                if not self.title:
                    self.title = block.lstrip("#").strip()
                continue
            spaced = _SPACE.sub(" ", block).strip()
            if not _TERMINAL.search(fold(spaced)):
                self.preamble.append(spaced)
                continue
            self.paragraphs.append(spaced)
            # Quote folding maps one character to one, so both texts split alike.
            for raw in _SPLIT.split(spaced):
                raw = raw.strip()
                if not raw:
                    continue
                part = fold(raw)
                sentences.append(Sentence(len(sentences), part, raw, len(self.paragraphs) - 1, offset, offset + len(part)))
                offset += len(part) + 1
        self.sentences: tuple[Sentence, ...] = tuple(sentences)
        self.folded_body = " ".join(s.text for s in sentences)
        self._starts = {s.start: s.index for s in sentences}
        self._ends = {s.end: s.index for s in sentences}

    def find(self, quote: str) -> Match | None:
        """The whole sentences `quote` reproduces, or None when it is not a run of whole sentences."""
        folded = fold(quote)
        if not folded:
            return None
        at = self.folded_body.find(folded)
        while at != -1:
            first = self._starts.get(at)
            last = self._ends.get(at + len(folded))
            if first is not None and last is not None:
                return Match(first, last)
            at = self.folded_body.find(folded, at + 1)
        return None

    def contains(self, quote: str) -> bool:
        """True when `quote` appears verbatim anywhere, even mid-sentence."""
        folded = fold(quote)
        return bool(folded) and folded in self.folded_body

    def sentences_of(self, quotes: tuple[str, ...] | list[str]) -> list[int]:
        """The indexes of the sentences these quotes reproduce."""
        found: set[int] = set()
        for quote in quotes:
            match = self.find(quote)
            if match is not None:
                found.update(match.indexes)
        return sorted(found)

    def closest(self, quote: str) -> Sentence | None:
        """The source sentence most like `quote`, to point an author at it."""
        # Only the start of a long quote is compared: difflib's time grows with
        # its length, and a sentence is never close to pages of text anyway.
        folded = fold(quote).casefold()[:_CLOSEST_CHARS]
        best: tuple[float, Sentence | None] = (0.0, None)
        for sentence in self.sentences:
            matcher = difflib.SequenceMatcher(None, folded, sentence.text.casefold(), autojunk=False)
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, sentence)
        return best[1]
