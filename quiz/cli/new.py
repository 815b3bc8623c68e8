"""`oms-quiz new`: a question skeleton that is valid before its author types a word.

A fresh id, the least-covered topic (or `--topic`), and the least-covered source sentence already
quoted as the explanation; the placeholder texts are written so that `check --strict` passes them
(no absolute words, distinct choices, the answer not the longest, no word of the answer in the stem).
Printed, or appended to a question file with `--append FILE`.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
import textwrap
from pathlib import Path

from quiz import paths
from quiz.cli.coverage import sentence_counts
from quiz.cli.output import PROG, load_or_report, shown
from quiz.deck import DECK_FILE, load_deck
from quiz.deck.read import MAX_ID_CHARS, QUESTION_SUFFIXES, NotDeckFile, read_bytes
from quiz.deck.schema import QUESTION_FILE, file_name
from quiz.files import atomic_write
from quiz.records import Deck, DeckError
from quiz.safe_text import printable
from quiz.wording import plural

QUESTION = "Replace this text with a question that the explanation below supports?"
ANSWER = "The right choice goes here"
DISTRACTORS = ("A wrong choice goes here", "A second wrong choice goes here", "A third wrong choice goes here")
GUIDE = "# Replace the question, answer and distractors; keep the quote or use other whole sentences of the source."
KIND = "# kind: recall  (recall, definition or vignette)"


def _usage(message: str) -> int:
    print(f"{PROG} new: error: {message}", file=sys.stderr)
    return 2


def least_covered_topic(deck: Deck) -> str:
    """The topic with the fewest valid questions; the first in deck.yaml's order on a tie."""
    counts = {topic: 0 for topic in deck.topics}
    for question in deck.questions:
        counts[question.topic] = counts.get(question.topic, 0) + 1
    return min(deck.topics, key=lambda topic: counts[topic])


def fresh_id(deck: Deck, topic: str) -> str:
    """`new-TOPIC-XXXXXX`, random so that two contributors' new questions do not collide, and unused in the deck."""
    used = {q.id for q in deck.questions}
    while True:
        suffix = secrets.token_hex(3)
        qid = f"new-{topic[: MAX_ID_CHARS - len(suffix) - 5]}-{suffix}"
        if qid not in used:
            return qid


def skeleton(qid: str, topic: str, sentence: str) -> str:
    """The question as YAML: the sentence folded (`>-`) at spaces only, so that it reads back word for word."""
    quote = textwrap.wrap(sentence, width=76, break_long_words=False, break_on_hyphens=False)
    return "\n".join(
        [
            GUIDE,
            KIND,
            f"- id: {qid}",
            f"  topic: {topic}",
            f"  question: {QUESTION}",
            f"  answer: {ANSWER}",
            "  distractors:",
            *(f"    - {d}" for d in DISTRACTORS),
            "  explanation: >-",
            *(f"    {line}" for line in quote),
            "",
        ]
    )


def new(target: str | None, topic: str | None = None, append: str | None = None) -> int:
    """Print a valid question skeleton for the deck, or append it to the question file `append`."""
    file = Path(append) if append else None
    if file is not None:
        if file.suffix not in QUESTION_SUFFIXES or file.name == DECK_FILE:
            return _usage(f"--append: {append} is not a question file (*.yaml, not {DECK_FILE})")
        if target is not None and Path(target).resolve() != file.parent.resolve():
            return _usage(f"--append: {append} is not in the deck folder {target}")
        folder = file.parent
    elif target is not None:
        folder = Path(target)
    else:
        folder = shown(paths.default_deck()[0])
    if not (folder / DECK_FILE).is_file():
        return _usage(f"no deck in {folder} (a deck folder holds {DECK_FILE})")
    deck = load_or_report(folder, "loaded")
    if deck is None:
        return 1
    unwritten = next((q for q in deck.questions if q.question == QUESTION), None)
    if unwritten is not None:  # a second skeleton would be a near-duplicate of the first
        print(
            f"{PROG} new: error: question '{unwritten.id}' ({unwritten.path}:{unwritten.line}) is a skeleton still to be written; "
            "write it before you add another",
            file=sys.stderr,
        )
        return 1
    if topic is None:
        topic = least_covered_topic(deck)
    elif topic not in deck.topics:
        return _usage(f"--topic: unknown topic '{topic}'; the topics are {', '.join(deck.topics)}")
    counts = sentence_counts(deck)
    index = min(range(len(counts)), key=lambda i: counts[i])
    qid = fresh_id(deck, topic)
    text = skeleton(qid, topic, deck.source.sentences[index].raw)
    if file is None:
        print(printable(text), end="")
        return 0
    return _append(file, text, deck, qid, f"topic {topic}, source sentence {index + 1}, quoted by {plural(counts[index], 'question')}")


def _append(file: Path, text: str, deck: Deck, qid: str, about: str) -> int:
    """Append the skeleton to `file` (created if missing), and keep the file as it was if the question does not read back."""
    mode = 0o644  # a file of the repository, not a private one (atomic_write creates files 0600)
    if file.exists() or file.is_symlink():
        try:
            old = read_bytes(file.parent, file)
            mode = stat.S_IMODE(file.stat().st_mode)
        except (NotDeckFile, OSError) as exc:
            print(f"{PROG} new: error: {file}: {exc}", file=sys.stderr)
            return 1
        newline = b"\r\n" if b"\r\n" in old else b"\n"  # the file's own line endings
        head = old if old.endswith(b"\n") or not old else old + newline
        data = head + newline + text.encode("utf-8").replace(b"\n", newline)
        line = len(head.splitlines()) + 4  # the blank line, the two comments, then `- id:`
        before: bytes | None = old
    else:
        before = None
        header = ""
        if (deck.folder.parent / "schema" / file_name(QUESTION_FILE)).is_file():
            header = f"# yaml-language-server: $schema=../schema/{file_name(QUESTION_FILE)}\n"
        data = (header + text).encode("utf-8")
        line = header.count("\n") + 3
    atomic_write(file, data)
    os.chmod(file, mode)
    try:
        valid = any(q.id == qid for q in load_deck(file.parent).questions)
    except DeckError:
        valid = False
    if not valid:
        if before is None:
            file.unlink()
        else:
            atomic_write(file, before)
            os.chmod(file, mode)
        print(
            f"{PROG} new: error: {file} does not read as a list of questions with the new one appended; left as it was "
            f"(run '{PROG} check {file}')",
            file=sys.stderr,
        )
        return 1
    print(f"{PROG} new: appended question '{qid}' ({about}) at {file}:{line}; write it, then run '{PROG} check --strict'")
    return 0
