"""The score file's format: JSON text parsed once into records, merged, and written back as strict JSON.

Reading is lenient where a hand edit or a newer minor version could differ (a field oms-quiz does not
know, or a known one whose value it cannot use, is kept in the record's `extra` and written back as
it was) and strict where the file could not be the user's history at all (then it is damaged).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from quiz.records import CONFIDENCE_LEVELS, EMPTY, AnswerRecord, ScoreFile, SessionRecord
from quiz.wording import percent

VERSION = 1


@dataclass(frozen=True, slots=True)
class Score:
    correct: int
    asked: int

    @property
    def percent(self) -> int:
        return percent(self.correct, self.asked)

    def __str__(self) -> str:
        return f"{self.correct}/{self.asked} ({self.percent}%)"


def score(session: SessionRecord) -> Score:
    answers = session.answers
    right = answers.correct if isinstance(answers, Answers) else sum(1 for a in answers if a.correct)
    return Score(right, len(answers))


class Answers(Sequence[AnswerRecord]):
    """A session's answers as read from the file, made into records when first looked at: the start
    screen needs only how many were right (figure: the 1,000-session start). Compares as a tuple."""

    __slots__ = ("_raw", "_records")

    def __init__(self, raw: list[dict[str, Any]]) -> None:
        self._raw: list[dict[str, Any]] | None = raw
        self._records: tuple[AnswerRecord, ...] | None = None

    def records(self) -> tuple[AnswerRecord, ...]:
        found = self._records
        if found is None:
            found = self._records = tuple(_answer(a) for a in self._raw or ())
            self._raw = None
        return found

    @property
    def correct(self) -> int:
        """How many were right, without making records when none were made yet."""
        raw = self._raw
        if raw is not None:
            return sum(1 for a in raw if a.get("correct") is True)
        return sum(1 for a in self.records() if a.correct)

    def __len__(self) -> int:
        raw = self._raw
        return len(raw) if raw is not None else len(self.records())

    @overload
    def __getitem__(self, index: int) -> AnswerRecord: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[AnswerRecord, ...]: ...
    def __getitem__(self, index: int | slice) -> AnswerRecord | tuple[AnswerRecord, ...]:
        return self.records()[index]

    def __iter__(self) -> Iterator[AnswerRecord]:
        return iter(self.records())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and self.records() == tuple(other)

    def __hash__(self) -> int:
        return hash(self.records())

    def __repr__(self) -> str:
        return repr(self.records())


def empty() -> ScoreFile:
    return ScoreFile(VERSION)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A score file read: its records (None when damaged), why it is damaged, and how many numbers were not JSON."""

    scores: ScoreFile | None
    problem: str | None = None
    not_json_numbers: int = 0  # NaN, Infinity or out of a double's range: read as null
    # With `by_line`: each session's line as the file holds it (None where it must be written anew),
    # so that writing the file back costs no encoding of what did not change (figure: a fold of 50,000 sessions).
    lines: tuple[str | None, ...] | None = None


def parse(raw: bytes, *, by_line: bool = False, pause: Callable[[], object] | None = None) -> Parsed:
    """The score file's records, or why it is not a score file.

    `by_line`: a file in the layout `dump` writes is parsed one session line at a time, which gives
    the same records and lets other threads run in between (one `json.loads` of a long history holds
    the interpreter for a fifth of a second: figure "10,000 sessions: first screen"). Any other
    layout, and any line that does not parse, takes the whole-file way, which says what is wrong.
    `pause` is called between sessions (a reader on a thread gives way to a writer there)."""
    if by_line:
        found = _parse_lines(raw, pause)
        if found is not None:
            return found
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(None, f"it is not valid JSON: {exc}")
    if not text.strip():  # created by `touch`, or emptied: no history yet
        return Parsed(empty())
    odd = _NotJson()

    try:
        data = json.loads(text, parse_constant=odd.constant, parse_float=odd.number)
    except RecursionError:
        return Parsed(None, "it is nested too deeply")
    except ValueError as exc:
        return Parsed(None, f"it is not valid JSON: {exc}")
    problem = _shape_problem(data)
    if problem is not None:
        return Parsed(None, problem, odd.count)
    return Parsed(_scores(data), None, odd.count)


class _NotJson:
    """Counts the numbers JSON cannot hold (NaN, Infinity, beyond a double) while `json.loads` reads them as null."""

    def __init__(self) -> None:
        self.count = 0

    def constant(self, _name: str) -> None:
        self.count += 1
        return None

    def number(self, literal: str) -> float | None:
        value = float(literal)
        if math.isfinite(value):
            return value
        self.count += 1
        return None


_HEAD = re.compile(rb'\{"version": ([1-9][0-9]{0,8}), "sessions": \[\n')


def _parse_lines(raw: bytes, pause: Callable[[], object] | None) -> Parsed | None:
    """`parse` of a file in `dump`'s layout, a session line at a time; None: not that layout, or not sound.

    It works on the bytes, a line at a time (a line break never falls inside a UTF-8 character):
    decoding, slicing or splitting 100 MB of text at once would each hold the interpreter for tens
    of milliseconds on end."""
    head = _HEAD.match(raw)
    end = raw.rfind(b"\n]")
    if head is None or end < head.end() - 1:
        return None
    odd = _NotJson()

    sessions: list[Any] = []
    kept: list[str | None] = []
    position = head.end()
    try:
        while position < end:
            stop = raw.find(b"\n", position, end)
            last = stop == -1
            piece = raw[position : end if last else stop]
            position = end if last else stop + 1
            if not last:
                if not piece.endswith(b","):
                    return None
                piece = piece[:-1]
            if pause is not None:
                pause()
            line = piece.decode("utf-8")
            before = odd.count
            sessions.append(json.loads(line, parse_constant=odd.constant, parse_float=odd.number))
            kept.append(line if odd.count == before else None)
        rest = json.loads('{"sessions": null' + raw[end + 2 :].decode("utf-8"), parse_constant=odd.constant, parse_float=odd.number)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    if not isinstance(rest, dict) or rest.get("sessions", 0) is not None or "version" in rest:
        return None  # a key written twice: what the whole-file parse makes of it is the rule
    data = {**rest, "version": int(head.group(1).decode("ascii")), "sessions": sessions}
    problem = _shape_problem(data)
    if problem is not None:
        return None
    return Parsed(_scores(data, pause), None, odd.count, tuple(kept) if data["version"] <= VERSION else None)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shape_problem(data: object) -> str | None:
    """Why `data` is not a score file, or None when it is one."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return "it has no valid 'version'"
    if version > VERSION:
        return None  # newer files are kept as they are, not judged
    sessions = data.get("sessions")
    if not isinstance(sessions, list):
        return "'sessions' is not a list"
    for index, session in enumerate(sessions):
        if not isinstance(session, dict) or not isinstance(session.get("id"), str):
            return f"session {index + 1} is not a session"
        answers = session.get("answers", [])
        if not isinstance(answers, list) or not all(isinstance(a, dict) and isinstance(a.get("id"), str) for a in answers):
            return f"session {index + 1} has damaged answers"
    if not isinstance(data.get("flags", {}), dict):
        return "'flags' is not an object"
    return None


def _scores(data: dict[str, Any], pause: Callable[[], object] | None = None) -> ScoreFile:
    version = data["version"]
    sessions = data.get("sessions")
    flags = data.get("flags")
    usable = version <= VERSION or isinstance(sessions, list)
    # A newer file is read for what it shows (statistics), never written: skip what is not a session.
    records = []
    for one in sessions if usable and isinstance(sessions, list) else []:
        if isinstance(one, dict) and isinstance(one.get("id"), str):
            if pause is not None:
                pause()
            records.append(session_from_json(one))
    extra = {k: v for k, v in data.items() if k not in ("version", "sessions", "flags")}
    return ScoreFile(version, tuple(records), flags if isinstance(flags, dict) else EMPTY, extra or EMPTY)


_SESSION_KEYS = ("id", "deck", "mode", "started", "ended", "total", "seed", "minutes", "answers")
_ANSWER_KEYS = ("id", "choice", "correct", "seconds", "hash", "at", "confidence")


class _Fields:
    """A JSON object's known fields: a usable value is taken, any other kept in `extra` as written."""

    def __init__(self, raw: dict[str, Any], known: tuple[str, ...]) -> None:
        self.raw = raw
        self.extra = {k: v for k, v in raw.items() if k not in known}

    def __call__(self, name: str, ok: bool, default: Any = None) -> Any:
        if name not in self.raw:
            return default
        if ok:
            return self.raw[name]
        self.extra[name] = self.raw[name]  # null included: written back as it was
        return default


def session_from_json(raw: dict[str, Any]) -> SessionRecord:
    """A session as the file holds it, as a record (`raw` has a text 'id')."""
    field = _Fields(raw, _SESSION_KEYS)
    extra = field.extra

    total, seed, minutes, mode = raw.get("total"), raw.get("seed"), raw.get("minutes"), raw.get("mode")
    answers = raw.get("answers", [])
    return SessionRecord(
        id=raw["id"],
        deck=field("deck", isinstance(raw.get("deck"), str)),
        mode=field("mode", isinstance(mode, str), "practice"),
        started=field("started", isinstance(raw.get("started"), str)),
        ended=field("ended", raw.get("ended") is None or isinstance(raw.get("ended"), str)),  # null: still being played
        total=field("total", isinstance(total, int) and not isinstance(total, bool) and total >= 0),
        seed=field("seed", _is_int(seed)),
        minutes=field("minutes", isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and minutes > 0),
        answers=Answers(answers) if isinstance(answers, list) and answers else (),
        extra=extra or EMPTY,
    )


_ANSWER_KEY_SET = frozenset(_ANSWER_KEYS)
_MISSING: Any = object()


def _answer(raw: dict[str, Any]) -> AnswerRecord:
    # The usual answer, as oms-quiz writes it, built at once (figure: the 1,000-session start);
    # anything else takes the careful way below, which gives the same record.
    if raw.keys() <= _ANSWER_KEY_SET:
        choice, correct = raw.get("choice", ""), raw.get("correct", False)
        seconds, digest, at = raw.get("seconds", _MISSING), raw.get("hash", _MISSING), raw.get("at", _MISSING)
        confidence = raw.get("confidence", _MISSING)
        if (
            (choice is None or type(choice) is str)
            and type(correct) is bool
            and (seconds is _MISSING or (type(seconds) in (int, float) and seconds >= 0))
            and (digest is _MISSING or type(digest) is str)
            and (at is _MISSING or type(at) is str)
            and (confidence is _MISSING or confidence in CONFIDENCE_LEVELS)
        ):
            return AnswerRecord(
                raw["id"],
                choice,
                correct,
                None if seconds is _MISSING else seconds,
                None if digest is _MISSING else digest,
                None if at is _MISSING else at,
                None if confidence is _MISSING else confidence,
                EMPTY,
            )
    field = _Fields(raw, _ANSWER_KEYS)
    extra = field.extra

    seconds = raw.get("seconds")
    choice = raw.get("choice", "")
    if not (choice is None or isinstance(choice, str)):
        extra["choice"], choice = choice, ""
    return AnswerRecord(
        id=raw["id"],
        choice=choice,
        correct=field("correct", isinstance(raw.get("correct"), bool), False),
        seconds=field("seconds", isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and seconds >= 0),
        hash=field("hash", isinstance(raw.get("hash"), str)),
        at=field("at", isinstance(raw.get("at"), str)),
        confidence=field("confidence", raw.get("confidence") in CONFIDENCE_LEVELS),
        extra=extra or EMPTY,
    )


def session_json(session: SessionRecord) -> dict[str, Any]:
    """A session as the file holds it: the known fields, then what the record kept as it was."""
    out: dict[str, Any] = {"id": session.id}
    if session.deck is not None:
        out["deck"] = session.deck
    out["mode"] = session.mode
    if session.started is not None:
        out["started"] = session.started
    out["ended"] = session.ended
    for name in ("total", "seed", "minutes"):
        value = getattr(session, name)
        if value is not None:
            out[name] = value
    out["answers"] = [answer_json(a) for a in session.answers]
    out.update(session.extra)
    return out


def answer_json(answer: AnswerRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"id": answer.id, "choice": answer.choice, "correct": answer.correct}
    for name in ("seconds", "hash", "at", "confidence"):
        value = getattr(answer, name)
        if value is not None:
            out[name] = value
    out.update(answer.extra)
    return out


def encode(value: Any) -> str:
    """Strict JSON text (RFC 8259: no NaN or Infinity), UTF-8 as it is; a lone surrogate (read from a
    valid "\\ud800" escape) has no UTF-8 form, so then the text stays ASCII with escapes."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, allow_nan=False)
    return text


def dump(scores: ScoreFile, lines: Mapping[str, str] | None = None) -> str:
    """The file's text, one session per line (readable, diff-friendly). `lines`: sessions already
    encoded, by session id, reused as they are."""
    encoded = [(lines or {}).get(s.id) or encode(session_json(s)) for s in scores.sessions]
    rest = "".join(f",\n{encode(k)}: {encode(v)}" for k, v in ({"flags": scores.flags} if scores.flags else {}).items())
    rest += "".join(f",\n{encode(k)}: {encode(v)}" for k, v in scores.extra.items())
    return f'{{"version": {encode(scores.version)}, "sessions": [\n' + ",\n".join(encoded) + f"\n]{rest}}}\n"


def merge(scores: ScoreFile, session: SessionRecord) -> ScoreFile:
    """`scores` with `session` added, or replacing its older copy.

    A session only grows while it is played, so of two copies the one with more answers wins;
    this keeps the result right whatever order saves land in.
    """
    sessions = list(scores.sessions)
    for index, existing in enumerate(sessions):
        if existing.id == session.id:
            if len(session.answers) >= len(existing.answers):
                sessions[index] = session
            break
    else:
        sessions.append(session)
    return ScoreFile(max(VERSION, scores.version), tuple(sessions), scores.flags, scores.extra)


def with_flag(scores: ScoreFile, deck: str, question: str, when: str | None) -> ScoreFile:
    """`scores` with `question` flagged at `when` (None: unflagged) in `deck`."""
    flags = {k: v for k, v in scores.flags.items()}
    marks = dict(flags[deck]) if isinstance(flags.get(deck), dict) else {}
    if when is None:
        marks.pop(question, None)
    else:
        marks[question] = when
    flags[deck] = marks
    return ScoreFile(scores.version, scores.sessions, flags, scores.extra)


def flagged(scores: ScoreFile, deck: str) -> set[str]:
    marks = scores.flags.get(deck)
    return set(marks) if isinstance(marks, dict) else set()


def last_and_best(
    sessions: Sequence[SessionRecord], earlier: tuple[Score | None, Score | None] = (None, None)
) -> tuple[Score | None, Score | None]:
    """The last session's score and the best one (by percentage, then size; the first of equals),
    after the `earlier` last and best (of sessions before these)."""
    last, best = earlier
    for session in sessions:
        if session.answers:
            last = score(session)
            if best is None or (last.percent, last.asked) > (best.percent, best.asked):
                best = last
    return last, best
