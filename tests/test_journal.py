"""The score journal with real files: one line per answer, read at every start, folded into the score
file once and only once, damaged and newer journals handled as the score file is."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from quiz import store as store_mod
from quiz.store import ScoreStore, StoreError

from .conftest import recorded
from .fault_writer import session, session_record


@pytest.fixture
def scores(tmp_path: Path) -> Path:
    return tmp_path / "scores.json"


def journal_of(scores: Path) -> Path:
    return scores.with_name(scores.name + ".journal")


def loaded(path: Path) -> ScoreStore:
    store = ScoreStore(path)
    store.load()
    return store


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in journal_of(path).read_text(encoding="utf-8").splitlines()]


def history(sessions: int) -> dict[str, Any]:
    return {"version": 1, "sessions": [session(f"old{n}", 10, 10) for n in range(sessions)]}


def test_each_answer_is_one_line_with_what_is_new_and_the_score_file_is_left_alone(scores: Path) -> None:
    scores.write_text(json.dumps(history(200)), encoding="utf-8")
    before = scores.stat()
    store = loaded(scores)
    sizes = []
    for n in range(1, 4):
        store.record(session_record("s", n, 3))
        sizes.append(journal_of(scores).stat().st_size)
    store.record(session_record("s", 3, 3))  # nothing new: nothing appended

    written = lines(scores)
    assert [(line["journal"], line["from"], [a["id"] for a in line["answers"]]) for line in written] == [
        (1, 0, ["q1"]),
        (1, 1, ["q2"]),
        (1, 2, ["q3"]),
    ]
    assert all("answers" not in line["session"] and line["session"]["id"] == "s" for line in written)
    assert journal_of(scores).stat().st_size == sizes[-1]
    # The cost of an answer: a line about that answer, however long the history.
    assert sizes[1] - sizes[0] < 400 and scores.stat().st_size > 200 * 1000
    assert (scores.stat().st_mtime_ns, scores.stat().st_size) == (before.st_mtime_ns, before.st_size)
    if os.name == "posix":
        assert journal_of(scores).stat().st_mode & 0o777 == 0o600
    assert recorded(scores)["sessions"][-1] == session("s", 3, 3)


def test_the_next_start_reads_the_journal_and_the_fold_writes_it_into_the_file_once(scores: Path) -> None:
    first = loaded(scores)
    for n in range(1, 3):
        first.record(session_record("s", n, 3))
    first.set_flag("faults", "q2", True)
    # The process is gone before folding (a crash, a closed laptop): the next start sees everything.
    second = loaded(scores)
    assert second.sessions() == [session_record("s", 2, 3)] and second.flags("faults") == {"q2"}
    assert second.unfolded == 3 and not scores.exists()

    second.fold()
    assert not journal_of(scores).exists()
    on_disk = json.loads(scores.read_text(encoding="utf-8"))
    assert on_disk["sessions"] == [session("s", 2, 3)] and on_disk["flags"]["faults"].keys() == {"q2"}
    assert loaded(scores).sessions() == [session_record("s", 2, 3)]

    # A fold with nothing to fold changes nothing.
    stamp = scores.stat().st_mtime_ns
    second.fold()
    assert scores.stat().st_mtime_ns == stamp


def test_a_journal_folded_but_not_emptied_is_folded_again_without_doubling(scores: Path) -> None:
    store = loaded(scores)
    store.record(session_record("s", 1, 3))
    store.record(session_record("s", 2, 3))
    kept = journal_of(scores).read_bytes()
    store.fold()
    journal_of(scores).write_bytes(kept)  # as if killed between replacing the file and emptying the journal
    again = loaded(scores)
    assert again.sessions() == [session_record("s", 2, 3)] and again.notices == []
    again.fold()
    assert json.loads(scores.read_text(encoding="utf-8"))["sessions"] == [session("s", 2, 3)]
    # An old line for a session the file holds more of never shrinks it.
    again.record(session_record("s", 3, 3))
    again.fold()
    journal_of(scores).write_bytes(kept)
    loaded(scores).fold()
    assert json.loads(scores.read_text(encoding="utf-8"))["sessions"] == [session("s", 3, 3)]


def test_answers_are_appended_while_another_process_holds_the_score_file(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fold (or a save) of a long history holds the score file's lock; answers never wait for it."""
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.1)
    store = loaded(scores)
    with FileLock(f"{scores}.lock"):
        store.record(session_record("s", 1, 2))
        store.record(session_record("s", 2, 2))
        with pytest.raises(StoreError, match="locked by another oms-quiz"):
            store.fold()
    assert recorded(scores)["sessions"] == [session("s", 2, 2)]
    store.fold()
    assert not journal_of(scores).exists()


def test_lines_appended_during_a_fold_stay_in_the_journal(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = loaded(scores)
    store.record(session_record("a", 1, 1))
    other = loaded(scores)
    real = store_mod.atomic_write

    def write_then_someone_answers(path: Path, data: str | bytes, **kwargs: Any) -> None:
        real(path, data, **kwargs)
        if path == scores:
            other.record(session_record("b", 1, 2))  # between the fold's read of the journal and its emptying

    monkeypatch.setattr(store_mod, "atomic_write", write_then_someone_answers)
    store.fold()
    assert [line["session"]["id"] for line in lines(scores)] == ["b"]
    assert json.loads(scores.read_text(encoding="utf-8"))["sessions"] == [session("a", 1, 1)]
    assert recorded(scores)["sessions"] == [session("a", 1, 1), session("b", 1, 2)]


def test_damaged_lines_are_skipped_told_and_kept_aside_when_folded(scores: Path) -> None:
    store = loaded(scores)
    store.record(session_record("s", 1, 2))
    with journal_of(scores).open("ab") as journal:
        journal.write(b'{"journal": 1, "session": \n[1, 2]\nnot json at all\n')
    store.record(session_record("s", 2, 2))
    damaged = journal_of(scores).read_bytes()

    again = loaded(scores)
    assert again.sessions() == [session_record("s", 2, 2)]
    [notice] = again.notices
    assert "3 damaged line(s)" in notice and str(journal_of(scores)) in notice
    again.fold()
    [aside] = [p for p in scores.parent.iterdir() if ".journal.corrupt-" in p.name]
    assert aside.read_bytes() == damaged
    assert not journal_of(scores).exists()
    assert json.loads(scores.read_text(encoding="utf-8"))["sessions"] == [session("s", 2, 2)]
    assert any(str(aside) in n for n in again.notices)


def test_a_journal_from_a_newer_oms_quiz_is_never_touched_and_nothing_is_recorded(scores: Path) -> None:
    store = loaded(scores)
    store.record(session_record("s", 1, 2))
    with journal_of(scores).open("ab") as journal:
        journal.write(b'{"journal": 2, "whatever": "comes next"}\n')
    before = journal_of(scores).read_bytes()

    newer = loaded(scores)
    assert newer.read_only is not None and "newer oms-quiz" in newer.read_only and "journal version 2" in newer.read_only
    for attempt in (lambda: newer.record(session_record("s", 2, 2)), newer.fold, lambda: newer.set_flag("faults", "q1", True)):
        with pytest.raises(StoreError, match="upgrade"):
            attempt()
    assert journal_of(scores).read_bytes() == before and not scores.exists()


def test_a_line_cut_short_is_not_joined_to_the_next_answer(scores: Path) -> None:
    store = loaded(scores)
    store.record(session_record("s", 1, 3))
    with journal_of(scores).open("ab") as journal:
        journal.write(b'{"journal": 1, "session": {"id": "s"')  # killed in the middle of a write
    again = loaded(scores)
    assert again.notices == [] and again.sessions() == [session_record("s", 1, 3)]
    again.record(session_record("s", 2, 3))
    assert b'{"journal": 1, "session": {"id": "s"\n{"journal": 1, ' in journal_of(scores).read_bytes()  # a line of its own
    assert loaded(scores).sessions() == [session_record("s", 2, 3)]


def test_the_journal_of_a_linked_score_file_lives_beside_the_file_it_names(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("POSIX only: symbolic links without privileges")
    real = tmp_path / "synced" / "scores.json"
    real.parent.mkdir()
    link = tmp_path / "scores.json"
    link.symlink_to(real)
    store = loaded(link)
    store.record(session_record("s", 1, 1))
    assert journal_of(real).exists() and not journal_of(link).exists()
    store.fold()
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["sessions"] == [session("s", 1, 1)]


def test_a_fold_writes_back_the_lines_it_read_and_encodes_only_what_changed(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines_in = [json.dumps(session(f"old{n}", 2, 2)) for n in range(50)]
    lines_in[7] = lines_in[7].replace('"deck": "faults"', '"deck":   "faults"')  # a hand edit's spacing
    lines_in[9] = lines_in[9].replace('"total": 2', '"total": NaN')  # which must be written back as null
    scores.write_text('{"version": 1, "sessions": [\n' + ",\n".join(lines_in) + "\n]}\n", encoding="utf-8")
    store = loaded(scores)
    encoded: list[Any] = []
    real = store_mod.scores.encode
    monkeypatch.setattr(store_mod.scores, "encode", lambda value: encoded.append(value) or real(value))
    store.record(session_record("new", 1, 2))
    store.fold()
    written = scores.read_text(encoding="utf-8").split("\n")
    assert written[1:51] == [line + "," for line in lines_in[:9]] + [written[10]] + [line + "," for line in lines_in[10:]]
    assert '"total": null' in written[10] and "NaN" not in scores.read_text(encoding="utf-8")
    assert json.loads(written[51]) == session("new", 1, 2)
    assert len(encoded) == 3  # the session that changed, the NaN one, and the version: not the 48 others
