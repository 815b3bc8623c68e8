"""Export: the deck's questions as an Anki package (genanki), and the user's answers as CSV. No Textual, no Rich."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import random
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from quiz.files import atomic_write
from quiz.history import attempts
from quiz.records import CSV_COLUMNS, Deck, Question, SessionRecord
from quiz.round import LETTERS

MODEL_NAME = "oms-quiz multiple choice"
FIELDS = ("Question", "Choices", "Answer", "Explanation", "Source", "Id")
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
ol.choices { list-style-type: upper-alpha; }
.explanation { font-style: italic; }
.source { color: #666; font-size: 14px; margin-top: 1em; }
"""


def stable_id(*parts: str) -> int:
    """An Anki model or deck id from text: the same text, the same id, in Anki's range (below 2**31)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def shown_choices(question: Question) -> tuple[str, ...]:
    """The choices in a fixed order per question id (the deck lists the answer first, which would give it away)."""
    choices = list(question.choices)
    random.Random(question.id).shuffle(choices)
    return tuple(choices)


def tag(text: str) -> str:
    """An Anki tag: no spaces (Anki splits tags on them)."""
    return re.sub(r"\s+", "_", text.strip()) or "untagged"


def note_fields(deck: Deck, question: Question) -> list[str]:
    """The note's fields as HTML; every piece of deck text is escaped (it is untrusted input)."""
    choices = shown_choices(question)
    items = "".join(f"<li>{html.escape(c, quote=False)}</li>" for c in choices)
    letter = LETTERS[choices.index(question.answer)]
    explanation = "<br>".join(html.escape(p, quote=False) for p in question.explanation)
    source = html.escape(deck.title, quote=False) + (" — " + html.escape(deck.attribution, quote=False) if deck.attribution else "")
    return [
        html.escape(question.question, quote=False),
        f'<ol class="choices">{items}</ol>',
        f"{letter}. {html.escape(question.answer, quote=False)}",
        f'<div class="explanation">“{explanation}”</div>',
        source,
        html.escape(question.id, quote=False),
    ]


def chosen_questions(deck: Deck, sessions: Sequence[SessionRecord], flags: Iterable[str], which: str) -> list[Question]:
    """The deck's questions to export: `all`, `missed` (answered wrong at least once) or `flagged`, in deck order."""
    if which == "all":
        return list(deck.questions)
    if which == "flagged":
        marked = set(flags)
        return [q for q in deck.questions if q.id in marked]
    history = attempts(sessions, deck=deck.slug)
    return [q for q in deck.questions if any(not a.correct for a in history.get(q.id, []))]


def write_apkg(deck: Deck, questions: Sequence[Question], out: Path) -> int:
    """Write an Anki package of one note per question; returns how many. Ids are stable: a second export
    of the same deck updates its notes in Anki instead of adding copies."""
    import genanki

    model = genanki.Model(
        stable_id("oms-quiz", "model", MODEL_NAME, "1"),
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": "{{Question}}<br>{{Choices}}",
                "afmt": '{{FrontSide}}<hr id="answer"><b>{{Answer}}</b><br><br>{{Explanation}}<div class="source">{{Source}}</div>',
            }
        ],
        css=CSS,
    )
    anki_deck = genanki.Deck(
        stable_id("oms-quiz", "deck", deck.slug),
        "oms-quiz::" + (deck.title.replace("::", ":") or deck.slug),
        description=html.escape(f"{deck.title} — {deck.attribution}", quote=False),
    )
    for question in questions:
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=note_fields(deck, question),
                tags=["oms-quiz", tag(deck.slug), tag(question.topic)],
                guid=genanki.guid_for(deck.slug, question.id),
            )
        )
    # genanki writes the file in place: write beside the target, then replace it in one step.
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        genanki.Package(anki_deck).write_to_file(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(questions)


def _cell(text: str) -> str:
    """Text as a spreadsheet will not run it: a leading = + - @ (a formula) gets a quote mark (deck text is untrusted)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def answers_csv(deck: Deck, sessions: Sequence[SessionRecord]) -> str:
    """One row per recorded answer of this deck, oldest session first, with a header row."""
    topics = {q.id: q.topic for q in deck.questions}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for session in sessions:
        if session.deck != deck.slug:
            continue
        for a in session.answers:
            writer.writerow(
                [
                    session.id,
                    _cell(session.mode),
                    session.started or "",
                    _cell(a.id),
                    _cell(topics.get(a.id, "")),
                    "" if a.choice is None else _cell(a.choice),
                    "true" if a.correct else "false",
                    a.confidence or "",
                    "" if a.seconds is None else f"{a.seconds:g}",
                    a.at or "",
                ]
            )
    return out.getvalue()


def write_csv(deck: Deck, sessions: Sequence[SessionRecord], out: Path) -> None:
    atomic_write(out, answers_csv(deck, sessions), durable=False)
