"""Statistics over the score file: sessions, accuracy per topic, unseen, due, hardest, changed and removed questions.

The small deck and the score-file writers here are shared by the other exam-preparation tests.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from quiz.deck import load_deck
from quiz.history import attempts
from quiz.records import Deck, SessionRecord
from quiz.scores import parse
from quiz.stats import compute, source_knowledge

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)

SENTENCE_OMS = "Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome."
SENTENCE_EYES = (
    "Opsoclonus describes seemingly random, involuntary, and rapid eye movements in the horizontal, vertical, and diagonal directions."
)
SENTENCE_LIMBS = "Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous."


def _question(qid: str, topic: str, question: str, answer: str, distractors: Sequence[str], explanation: str) -> str:
    lines = [f"- id: {qid}", f"  topic: {topic}", f"  question: {question}", f"  answer: {answer}", "  distractors:"]
    lines += [f"    - {d}" for d in distractors]
    lines.append(f'  explanation: "{explanation}"')
    return "\n".join(lines) + "\n"


NAMES_YAML = (
    _question("oms-short", "names", "Which short form is used for the syndrome?", "OMS", ["OCMS", "MOS", "OPS"], SENTENCE_OMS)
    + _question(
        "oms-nickname",
        "names",
        "Which nickname does the syndrome have?",
        "Dancing eyes-dancing feet syndrome",
        ["Bobble-head doll syndrome", "Alice in Wonderland syndrome", "Restless legs syndrome"],
        SENTENCE_OMS,
    )
    + _question(
        "oms-long",
        "names",
        "What does OMS stand for?",
        "Opsoclonus-myoclonus syndrome",
        ["Ocular myasthenia syndrome", "Oculomotor myopathy syndrome", "Optic motor syndrome"],
        SENTENCE_OMS,
    )
)

CLINICAL_YAML = (
    _question(
        "eye-directions",
        "clinical-features",
        "In which directions do the eyes move in opsoclonus?",
        "Horizontal, vertical and diagonal",
        ["Horizontal only", "Vertical only", "Torsional only"],
        SENTENCE_EYES,
    )
    + _question(
        "eye-speed",
        "clinical-features",
        "How fast are the eye movements of opsoclonus?",
        "Rapid",
        ["Slow", "Absent", "Only during sleep"],
        SENTENCE_EYES,
    )
    + _question(
        "limb-jerks",
        "clinical-features",
        "What does myoclonus describe?",
        "Lightening-like limb jerks",
        ["Slow writhing", "Loss of tone", "Fixed posture"],
        SENTENCE_LIMBS,
    )
)

DECK_FILES = {"1-names.yaml": NAMES_YAML, "2-clinical.yaml": CLINICAL_YAML}
SLUG = "deck"  # make_deck's folder name
IDS = ("oms-short", "oms-nickname", "oms-long", "eye-directions", "eye-speed", "limb-jerks")


def small_deck(make_deck: Any) -> Deck:
    """Six questions, three in `names`, three in `clinical-features`."""
    deck = load_deck(make_deck(DECK_FILES))
    assert [q.id for q in deck.questions] == list(IDS)
    assert not [p for p in deck.problems if p.severity == "error"]
    return deck


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def answer(deck: Deck, qid: str, correct: bool, at: datetime, *, omitted: bool = False, hash: str | None = "current") -> dict[str, Any]:
    """One answer as the score file holds it; `hash="current"` is the question's content hash now."""
    asked = next((q for q in deck.questions if q.id == qid), None)
    if asked is not None:
        choice = None if omitted else (asked.answer if correct else asked.distractors[0])
        stored_hash = asked.content_hash if hash == "current" else hash
    else:
        choice = None if omitted else "whatever it was"
        stored_hash = "0123456789ab" if hash == "current" else hash
    record = {"id": qid, "choice": choice, "correct": correct and not omitted, "seconds": 3.0, "at": iso(at)}
    if stored_hash is not None:
        record["hash"] = stored_hash
    return record


def session(
    answers: Sequence[dict[str, Any]],
    *,
    started: datetime,
    mode: str = "practice",
    deck: str = SLUG,
    sid: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": sid or f"s-{started:%Y%m%d%H%M%S}-{mode}",
        "deck": deck,
        "mode": mode,
        "started": iso(started),
        "ended": iso(started + timedelta(minutes=2)),
        "total": len(answers),
        "answers": list(answers),
        **extra,
    }


def score_data(sessions: Iterable[dict[str, Any]], flags: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"version": 1, "sessions": list(sessions)}
    if flags is not None:
        data["flags"] = flags
    return data


def write_scores(path: Path, sessions: Iterable[dict[str, Any]], flags: dict[str, dict[str, str]] | None = None) -> Path:
    path.write_text(json.dumps(score_data(sessions, flags), indent=1), encoding="utf-8")
    return path


def read(data: dict[str, Any] | Iterable[dict[str, Any]]) -> list[SessionRecord]:
    """The sessions oms-quiz reads from a score file holding `data` (the whole file, or just its sessions)."""
    whole = data if isinstance(data, dict) else score_data(data)
    parsed = parse(json.dumps(whole).encode("utf-8"))
    assert parsed.scores is not None, parsed.problem
    return list(parsed.scores.sessions)


def sample_history(deck: Deck) -> dict[str, Any]:
    """Three sessions a week apart; eye-speed is always wrong, limb-jerks and oms-long never asked."""
    day = timedelta(days=1)
    first = NOW - 14 * day
    second = NOW - 7 * day
    third = NOW - 1 * day
    return score_data(
        [
            session(
                [
                    answer(deck, "oms-short", True, first),
                    answer(deck, "oms-nickname", False, first + timedelta(seconds=10)),
                    answer(deck, "eye-speed", False, first + timedelta(seconds=20)),
                    answer(deck, "eye-directions", True, first + timedelta(seconds=30)),
                ],
                started=first,
            ),
            session(
                [
                    answer(deck, "oms-nickname", True, second),
                    answer(deck, "eye-speed", False, second + timedelta(seconds=10)),
                ],
                started=second,
                mode="exam",
                minutes=5,
            ),
            session([], started=second + day, mode="review"),  # started, nothing answered: not a session row
            session(
                [
                    answer(deck, "eye-speed", False, third),
                    answer(deck, "oms-short", True, third + timedelta(seconds=10)),
                    answer(deck, "oms-nickname", False, third + timedelta(seconds=20)),
                ],
                started=third,
                mode="review",
            ),
            session([answer(deck, "oms-short", False, third)], started=third, deck="another-deck"),
        ]
    )


# --- sessions -------------------------------------------------------------------------------


def test_every_answered_session_is_a_row_with_date_mode_score_and_limit(make_deck) -> None:
    deck = small_deck(make_deck)
    stats = compute(deck, read(sample_history(deck)), now=NOW)
    assert [(r.mode, r.correct, r.asked, r.percent, r.minutes) for r in stats.sessions] == [
        ("practice", 2, 4, 50, None),
        ("exam", 1, 2, 50, 5),
        ("review", 1, 3, 33, None),
    ]
    first = (NOW - timedelta(days=14)).astimezone()
    assert stats.sessions[0].date == first.strftime("%Y-%m-%d %H:%M")
    assert stats.deck == SLUG
    # another deck's answers are not counted
    assert stats.answers == 9 and stats.correct == 4


def test_no_score_file_yet_gives_empty_statistics(make_deck) -> None:
    deck = small_deck(make_deck)
    stats = compute(deck, [], now=NOW)
    assert stats.sessions == [] and stats.answers == 0 and stats.hardest == [] and stats.due == []
    assert sorted(stats.unseen) == sorted(IDS)
    assert [(t.topic, t.asked, t.percent) for t in stats.topics] == [("names", 0, None), ("clinical-features", 0, None)]


# --- topics, unseen, hardest ----------------------------------------------------------------


def test_accuracy_per_topic_counts_every_session(make_deck) -> None:
    deck = small_deck(make_deck)
    stats = compute(deck, read(sample_history(deck)), now=NOW)
    topics = {t.topic: (t.title, t.correct, t.asked, t.percent) for t in stats.topics}
    # names: oms-short ✓✓, oms-nickname ✗✓✗ → 3/5; clinical: eye-speed ✗✗✗, eye-directions ✓ → 1/4
    assert topics == {"names": ("Names", 3, 5, 60), "clinical-features": ("Clinical features", 1, 4, 25)}
    assert [t.topic for t in stats.topics] == list(deck.topics)


def test_questions_never_seen_are_listed_in_deck_order(make_deck) -> None:
    deck = small_deck(make_deck)
    stats = compute(deck, read(sample_history(deck)), now=NOW)
    assert stats.unseen == ["oms-long", "limb-jerks"]


def test_hardest_questions_are_the_most_often_wrong(make_deck) -> None:
    deck = small_deck(make_deck)
    stats = compute(deck, read(sample_history(deck)), now=NOW)
    assert [(h.id, h.wrong, h.asked) for h in stats.hardest] == [("eye-speed", 3, 3), ("oms-nickname", 2, 3)]
    assert stats.hardest[0].question == next(q for q in deck.questions if q.id == "eye-speed").question
    assert not any(h.changed for h in stats.hardest)
    assert [h.id for h in compute(deck, read(sample_history(deck)), now=NOW, hardest=1).hardest] == ["eye-speed"]


def test_omitted_exam_answers_count_in_the_session_score_but_are_not_history(make_deck) -> None:
    deck = small_deck(make_deck)
    start = NOW - timedelta(hours=1)
    data = score_data(
        [
            session(
                [answer(deck, "oms-short", True, start), answer(deck, "oms-long", False, start, omitted=True)],
                started=start,
                mode="exam",
                minutes=0.5,
            )
        ]
    )
    stats = compute(deck, read(data), now=NOW)
    (row,) = stats.sessions
    assert (row.correct, row.asked, row.percent, row.minutes) == (1, 2, 50, 0.5)
    assert "oms-long" in stats.unseen  # never actually answered
    assert stats.answers == 1 and stats.hardest == []


# --- due for review -------------------------------------------------------------------------


def test_due_lists_answered_questions_whose_review_time_has_come(make_deck) -> None:
    deck = small_deck(make_deck)
    long_ago = NOW - timedelta(days=30)
    data = score_data(
        [
            session(
                [
                    answer(deck, "oms-short", True, long_ago),
                    answer(deck, "oms-short", True, long_ago + timedelta(minutes=10)),
                    answer(deck, "eye-speed", False, long_ago),
                    answer(deck, "eye-directions", True, NOW - timedelta(minutes=1)),
                ],
                started=long_ago,
            )
        ]
    )
    stats = compute(deck, read(data), now=NOW)
    # eye-speed (due a minute after it was missed, 30 days ago) is more overdue than oms-short (due after 2 days)
    assert stats.due == ["eye-speed", "oms-short"]
    assert "eye-directions" not in stats.due  # answered right a minute ago: due in 9 minutes
    assert compute(deck, read(data), now=NOW - timedelta(days=29)).due == ["eye-speed"]


# --- edits keep progress --------------------------------------------------------------------


def test_a_changed_question_keeps_its_history_and_is_marked_changed(make_deck) -> None:
    deck = small_deck(make_deck)
    old = NOW - timedelta(days=3)
    data = score_data(
        [
            session(
                [
                    answer(deck, "eye-speed", False, old, hash="aaaaaaaaaaaa"),  # answered before an edit
                    answer(deck, "oms-short", True, old, hash=None),  # a file from before hashes: never "changed"
                    answer(deck, "oms-long", False, old, hash="bbbbbbbbbbbb"),
                    answer(deck, "oms-long", True, old + timedelta(minutes=1)),  # answered again since the edit
                ],
                started=old,
            )
        ]
    )
    stats = compute(deck, read(data), now=NOW)
    assert stats.changed == ["eye-speed"]
    assert "eye-speed" not in stats.unseen  # the history is kept
    hard = {h.id: h for h in stats.hardest}
    assert hard["eye-speed"].changed and (hard["eye-speed"].wrong, hard["eye-speed"].asked) == (1, 1)
    assert not hard["oms-long"].changed
    assert {t.topic: t.asked for t in stats.topics} == {"names": 3, "clinical-features": 1}


def test_an_id_that_left_the_deck_keeps_its_history_as_removed(make_deck) -> None:
    deck = small_deck(make_deck)
    old = NOW - timedelta(days=3)
    data = score_data(
        [session([answer(deck, "retired-question", False, old), answer(deck, "oms-short", True, old)], started=old)],
    )
    stats = compute(deck, read(data), now=NOW)
    assert stats.removed == ["retired-question"]
    assert stats.answers == 2  # the history still counts
    assert stats.sessions[0].asked == 2
    assert "retired-question" not in stats.due and all(h.id != "retired-question" for h in stats.hardest)
    assert stats.changed == []


def test_content_hash_follows_what_the_user_answers(make_deck) -> None:
    deck = small_deck(make_deck)
    q = next(q for q in deck.questions if q.id == "eye-speed")
    same = q.content_hash
    assert len(same) == 12
    assert dataclasses.replace(q, distractors=tuple(reversed(q.distractors))).content_hash == same  # order of choices is shuffled anyway
    assert dataclasses.replace(q, explanation=(SENTENCE_LIMBS,), topic="names", line=99).content_hash == same
    assert dataclasses.replace(q, question=q.question + " (edited)").content_hash != same
    assert dataclasses.replace(q, answer="Very rapid").content_hash != same
    assert dataclasses.replace(q, distractors=(*q.distractors[:2], "Sluggish")).content_hash != same


def test_editing_a_deck_file_marks_the_question_changed_after_reloading(make_deck, tmp_path: Path) -> None:
    deck = small_deck(make_deck)
    old = NOW - timedelta(days=2)
    data = score_data([session([answer(deck, "oms-short", True, old), answer(deck, "eye-speed", True, old)], started=old)])
    assert compute(deck, read(data), now=NOW).changed == []
    names = deck.folder / "1-names.yaml"
    names.write_text(
        names.read_text(encoding="utf-8").replace("Which short form is used", "Which abbreviation is used"), encoding="utf-8", newline="\n"
    )
    edited = load_deck(deck.folder)
    stats = compute(edited, read(data), now=NOW)
    assert stats.changed == ["oms-short"]
    assert "oms-short" not in stats.unseen
    assert {t.topic: (t.correct, t.asked) for t in stats.topics}["names"] == (1, 1)


def test_statistics_serialise_to_json(make_deck) -> None:
    deck = small_deck(make_deck)
    payload = json.loads(json.dumps(compute(deck, read(sample_history(deck)), now=NOW).to_json()))
    assert set(payload) >= {"deck", "sessions", "topics", "unseen", "due", "hardest", "changed", "removed", "answers", "correct"}
    assert payload["sessions"][1]["minutes"] == 5
    assert payload["hardest"][0]["id"] == "eye-speed"


def test_source_knowledge_sums_answers_per_quoted_sentence(make_deck) -> None:
    deck = small_deck(make_deck)
    history = attempts(read(sample_history(deck)), deck=SLUG)
    known = source_knowledge(deck, history)
    (oms,) = deck.source.sentences_of((SENTENCE_OMS,))
    (eyes,) = deck.source.sentences_of((SENTENCE_EYES,))
    assert known[oms] == (3, 5)
    assert known[eyes] == (1, 4)
    assert len(known) == 2  # limb-jerks never asked


def test_a_hand_edited_total_or_limit_does_not_stop_the_statistics(make_deck) -> None:
    deck = small_deck(make_deck)
    when = NOW - timedelta(days=1)
    data = score_data(
        [
            session([answer(deck, "oms-short", True, when)], started=when, total="lots", minutes="ten"),
            session([answer(deck, "oms-long", True, when)], started=when, sid="second", total=True, minutes=True),
            session([answer(deck, "eye-speed", True, when)], started=when, sid="third", total=8, minutes=7.5),
        ]
    )
    rows = compute(deck, read(data), now=NOW).sessions
    assert [(r.total, r.minutes) for r in rows] == [(1, None), (1, None), (8, 7.5)]


def test_a_newer_score_file_with_unknown_entries_is_read_without_crashing(make_deck) -> None:
    """The store keeps a file from a newer oms-quiz unchecked; statistics skip what they cannot read."""
    deck = small_deck(make_deck)
    when = NOW - timedelta(days=1)
    data = {
        "version": 99,
        "sessions": ["a session in a new shape", session([answer(deck, "oms-short", True, when)], started=when)],
    }
    stats = compute(deck, read(data), now=NOW)
    assert len(stats.sessions) == 1 and stats.answers == 1
    assert attempts(read({"version": 99, "sessions": [{"id": "x", "deck": SLUG, "answers": {"new": "shape"}}]})) == {}
