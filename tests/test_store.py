"""The score store with real files in temporary folders: format, atomic saves, damaged and newer files, errors, merging, the Recorder."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import stat
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import paths
from quiz import store as store_mod
from quiz.deck import load_deck
from quiz.recorder import Recorder
from quiz.records import ScoreFile, SessionRecord
from quiz.round import Round
from quiz.scores import VERSION, Score, last_and_best, merge, score, session_from_json, session_json
from quiz.store import ScoreStore, StoreError

from .conftest import BUNDLED, recorded
from .fault_writer import answer, session, session_record

POSIX = os.name == "posix"
ROOT = POSIX and os.geteuid() == 0
CORRUPT_NAME = re.compile(r"^scores\.json\.corrupt-\d{8}-\d{6}(-\d+)?$")


def temp_files(folder: Path) -> list[Path]:
    """Temporary files a save left behind."""
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def corrupt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


def on_disk(path: Path) -> Any:
    return json.loads(path.read_bytes().decode("utf-8"))


def write_file(path: Path, data: Any) -> bytes:
    raw = json.dumps(data, indent=1).encode("utf-8")
    path.write_bytes(raw)
    return raw


def loaded(path: Path) -> ScoreStore:
    store = ScoreStore(path)
    store.load()
    return store


@pytest.fixture
def scores(tmp_path: Path) -> Path:
    return tmp_path / "scores.json"


# --------------------------------------------------------------------------- where the file is


def test_default_score_file_is_scores_json_in_the_platform_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, isolated_user_folders: Path
) -> None:
    from platformdirs import user_data_path

    monkeypatch.delenv(paths.ENV_DATA_DIR)
    default = paths.scores_path()
    assert default == user_data_path("oms-quiz", appauthor=False) / "scores.json"
    if sys.platform.startswith("linux"):  # conftest points XDG_DATA_HOME into the test's own folder
        assert default == isolated_user_folders / "xdg-data" / "oms-quiz" / "scores.json"


def test_data_dir_env_then_scores_env_then_flag_choose_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "data"))
    assert paths.scores_path() == tmp_path / "data" / "scores.json"
    monkeypatch.setenv(paths.ENV_SCORES, str(tmp_path / "env.json"))
    assert paths.scores_path() == tmp_path / "env.json"
    assert paths.scores_path(str(tmp_path / "flag.json")) == tmp_path / "flag.json"


def test_first_save_creates_the_missing_data_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "scores.json"
    store = loaded(path)
    assert store.data == ScoreFile(VERSION) and store.sessions() == []
    store.save_session(session_record("a", 1, 3))
    assert on_disk(path) == {"version": VERSION, "sessions": [session("a", 1, 3)]}


# --------------------------------------------------------------------------- format and atomic saves


def test_a_played_round_is_saved_in_the_documented_format(scores: Path) -> None:
    deck = load_deck(BUNDLED)
    round_ = Round.build(deck.slug, deck.questions, count=3, seed=7)
    round_.answer(0, 1.234)
    round_.answer(round_.current.correct_index, 2.5)
    store = loaded(scores)
    store.save_session(round_.to_session())

    raw = scores.read_bytes()
    data = json.loads(raw.decode("utf-8"))
    assert raw.endswith(b"\n")
    assert set(data) == {"version", "sessions"} and data["version"] == 1
    [saved] = data["sessions"]
    assert {"id", "deck", "mode", "started", "ended", "total", "answers"} <= set(saved)
    assert (saved["id"], saved["deck"], saved["mode"], saved["total"], saved["ended"]) == (round_.id, "oms", "practice", 3, None)
    assert len(saved["answers"]) == 2
    for given_, stored in zip(round_.answers, saved["answers"]):
        assert {"id", "choice", "correct", "seconds", "hash"} <= set(stored)
        assert stored["id"] == given_.item.question.id
        assert stored["choice"] == given_.choice
        assert stored["correct"] is given_.correct
        assert stored["seconds"] == given_.seconds
        assert stored["hash"] == given_.item.question.content_hash
    assert saved["answers"][1]["correct"] is True
    again = loaded(scores)
    assert again.data.version == 1 and [session_json(s) for s in again.sessions()] == data["sessions"]


@pytest.mark.parametrize("finished", [False, True], ids=["in-progress", "finished"])
def test_a_saved_round_reads_back_as_the_same_record(scores: Path, finished: bool) -> None:
    """What the next start reads is what was saved: the same record, nothing moved to `extra`."""
    deck = load_deck(BUNDLED)
    round_ = Round.build(deck.slug, deck.questions, count=3, seed=7)
    round_.answer(0, 1.5)
    if finished:
        round_.omit_rest()
    saved = round_.to_session()
    ScoreStore(scores).save_session(saved)
    [again] = loaded(scores).sessions()
    assert session_json(again) == session_json(saved)
    assert again == saved


def test_non_ascii_text_is_stored_as_utf8_not_escaped(scores: Path) -> None:
    ScoreStore(scores).save_session(session_record("ü", 2, 2))
    raw = scores.read_bytes()
    assert "✓".encode() in raw and b"\\u" not in raw
    assert on_disk(scores)["sessions"] == [session("ü", 2, 2)]


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_a_new_score_file_is_readable_by_its_owner_only(scores: Path) -> None:
    ScoreStore(scores).save_session(session_record("a", 1, 1))
    assert stat.S_IMODE(scores.stat().st_mode) == 0o600


def test_a_save_writes_a_temp_file_in_the_same_folder_fsyncs_it_replaces_then_fsyncs_the_folder(
    scores: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ScoreStore(scores).save_session(session_record("a", 1, 2))
    events: list[tuple[str, Any]] = []
    real_mkstemp, real_fsync, real_replace = tempfile.mkstemp, os.fsync, os.replace

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        fd, name = real_mkstemp(*args, **kwargs)
        events.append(("mkstemp", Path(name)))
        return fd, name

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        what = "folder" if stat.S_ISDIR(info.st_mode) else next(name for kind, name in events if kind == "mkstemp")
        if what != "folder":
            assert os.path.samestat(info, os.stat(what)), "fsync is not on the temp file"
            assert json.loads(Path(what).read_text(encoding="utf-8"))["sessions"][0]["answers"] == [answer(1), answer(2)]
        events.append(("fsync", what))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(("replace", (Path(src), Path(dst))))
        real_replace(src, dst)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    ScoreStore(scores).save_session(session_record("a", 2, 2))

    temp = events[0][1]
    assert temp.parent == scores.parent and temp != scores
    expected = [("mkstemp", temp), ("fsync", temp), ("replace", (temp, scores))]
    if POSIX:
        expected.append(("fsync", "folder"))
    assert events == expected
    assert temp_files(scores.parent) == []
    assert on_disk(scores)["sessions"] == [session("a", 2, 2)]


@pytest.mark.xfail(
    os.name == "nt",
    reason="Windows refuses os.replace onto a file another handle has open (Python opens without FILE_SHARE_DELETE): "
    "the save fails with PermissionError while the reader holds the file",
    strict=False,
)
def test_a_reader_never_sees_half_a_file_while_saves_run(scores: Path) -> None:
    store = ScoreStore(scores)
    store.save_session(session_record("a", 0, 200))
    done = threading.Event()

    def write() -> None:
        try:
            for n in range(1, 61):
                store.save_session(session_record("a", n, 200))
        finally:
            done.set()

    threading.Thread(target=write).start()
    seen: list[int] = []
    while not done.is_set():
        seen.append(len(json.loads(scores.read_bytes().decode("utf-8"))["sessions"][0]["answers"]))
    assert seen == sorted(seen) and len(seen) > 5
    assert len(on_disk(scores)["sessions"][0]["answers"]) == 60


def test_fields_this_version_does_not_use_are_kept(scores: Path) -> None:
    """Fields of a newer minor version or a hand edit, and known fields whose value cannot be used, survive every save as written."""
    old = {
        **session("old", 1, 2),
        "note": {"by": "hand", "tags": ["a", 1, None]},  # a session field this version does not know
        "total": "two",  # a known field with a value this version cannot use
        "answers": [{**answer(1), "confidence": 0.5, "seconds": "quick", "hint": None}],  # and the same in an answer
    }
    written: dict[str, Any] = {
        "version": 1,
        "sessions": [old, session("other", 1, 1)],
        "flags": {"oms": {"q1": "x"}, "odd": ["kept"]},
        "future": [1, 2],
        "settings": {"theme": None},
    }
    write_file(scores, written)
    store = loaded(scores)
    assert store.notices == [] and store.read_only is None
    store.save_session(session_record("new", 1, 1))
    assert on_disk(scores) == {**written, "sessions": [old, session("other", 1, 1), session("new", 1, 1)]}

    # Playing on in the old session (its record, read back, with one more answer) keeps its fields too.
    [kept, _, _] = loaded(scores).sessions()
    assert kept.total is None and kept.answers[0].seconds is None  # not used...
    store.save_session(dataclasses.replace(kept, answers=(*kept.answers, *session_record("old", 2, 2).answers[1:])))
    grown = {**old, "answers": [*old["answers"], answer(2)]}  # ...but written back as they were
    assert on_disk(scores) == {**written, "sessions": [grown, session("other", 1, 1), session("new", 1, 1)]}

    # A flag changes one deck's flags and nothing else.
    store.set_flag("oms", "q2", True)
    store.fold()
    after = on_disk(scores)
    assert after["flags"]["oms"].keys() == {"q1", "q2"} and after["flags"]["oms"]["q1"] == "x"
    assert {**after, "flags": written["flags"]} == {**written, "sessions": [grown, session("other", 1, 1), session("new", 1, 1)]}
    assert loaded(scores).data.extra == {"future": [1, 2], "settings": {"theme": None}}


def test_numbers_json_cannot_hold_are_saved_as_null_as_the_notice_says(scores: Path) -> None:
    scores.write_bytes(
        b'{"version": 1, "sessions": [{"id": "odd", "deck": "oms", "total": NaN, "answers": '
        b'[{"id": "q1", "choice": "x", "correct": true, "seconds": Infinity, "hash": null}]}]}'
    )
    store = loaded(scores)
    [notice] = store.notices
    assert "2 number(s) that JSON cannot hold" in notice and "saved as null" in notice
    store.save_session(session_record("a", 1, 1))
    assert b"NaN" not in scores.read_bytes() and b"Infinity" not in scores.read_bytes()  # strict JSON now
    odd, _ = on_disk(scores)["sessions"]
    assert odd["total"] is None
    assert odd["answers"] == [{"id": "q1", "choice": "x", "correct": True, "seconds": None, "hash": None}]


def test_a_file_holding_an_escaped_lone_surrogate_can_still_be_saved_to(scores: Path) -> None:
    # Valid JSON (written by another tool or by hand) that has no UTF-8 form once decoded.
    scores.write_bytes(b'{"version": 1, "sessions": [{"id": "odd", "deck": "x\\ud800y", "answers": []}]}')
    store = loaded(scores)
    assert store.notices == [] and store.read_only is None
    store.save_session(session_record("a", 1, 1))
    again = loaded(scores)
    assert again.notices == []
    odd, new = on_disk(scores)["sessions"]
    assert {"id": "odd", "deck": "x\ud800y", "answers": []}.items() <= odd.items() and new == session("a", 1, 1)
    assert [s.deck for s in again.sessions()] == ["x\ud800y", "faults"] and again.sessions()[1] == session_record("a", 1, 1)
    assert temp_files(scores.parent) == []


@st.composite
def _text(draw: st.DrawFn, max_size: int = 12) -> str:
    # Any text, lone surrogates included: a JSON file may hold "\ud800" and must still be saved and read back.
    return draw(st.text(st.characters() | st.characters(categories=["Cs"]), max_size=max_size))


_answers = st.fixed_dictionaries(
    {
        "id": _text().filter(bool),
        "choice": st.none() | _text(),
        "correct": st.booleans(),
        "seconds": st.floats(min_value=0, max_value=1e6, allow_nan=False),
        "hash": st.text("0123456789abcdef", min_size=12, max_size=12),
    }
)
_sessions = st.fixed_dictionaries(
    {
        "id": _text(),
        "deck": _text(),
        "mode": st.sampled_from(["practice", "exam"]),
        "started": _text(),
        "ended": st.none() | _text(),
        "total": st.integers(min_value=0, max_value=10**20),
        "answers": st.lists(_answers, max_size=5),
    },
    optional={"seed": st.integers()},
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=st.lists(_sessions, max_size=5, unique_by=lambda s: str(s["id"])))
def test_any_sequence_of_sessions_round_trips_through_save_and_load(tmp_path: Path, sessions: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        path = Path(folder) / "scores.json"
        store = loaded(path)
        records = [session_from_json(one) for one in sessions]
        for one in records:
            store.save_session(one)
        assert store.sessions() == records
        again = loaded(path)
        assert again.notices == [] and again.read_only is None
        assert [session_json(s) for s in again.sessions()] == [session_json(r) for r in records] == sessions
        assert again.data == ScoreFile(VERSION, tuple(records))
        if sessions:
            assert on_disk(path) == {"version": VERSION, "sessions": sessions}
        assert temp_files(Path(folder)) == []


# --------------------------------------------------------------------------- damaged files


def _truncated() -> bytes:
    raw = json.dumps({"version": 1, "sessions": [session("a", 4, 4)]}, indent=1).encode()
    return raw[: len(raw) // 2]


DAMAGED = {
    "not-json": b"this is not JSON\n",
    # An empty file is no history yet, not damage (tests/test_hostile_files.py).
    "truncated": _truncated(),
    "not-utf8": '{"version": 1, "sessions": [{"id": "é", "answers": []}]}'.encode("latin-1"),
    "utf16": json.dumps({"version": 1, "sessions": []}).encode("utf-16"),
    "binary": bytes(range(256)),
    "top-level-list": b"[]",
    "top-level-string": b'"scores"',
    "no-version": b'{"sessions": []}',
    "version-string": b'{"version": "1", "sessions": []}',
    "version-bool": b'{"version": true, "sessions": []}',
    "version-zero": b'{"version": 0, "sessions": []}',
    "version-float": b'{"version": 1.0, "sessions": []}',
    "sessions-missing": b'{"version": 1}',
    "sessions-object": b'{"version": 1, "sessions": {"id": "a"}}',
    "session-not-object": b'{"version": 1, "sessions": ["a"]}',
    "session-without-id": b'{"version": 1, "sessions": [{"answers": []}]}',
    "session-id-number": b'{"version": 1, "sessions": [{"id": 5}]}',
    "answers-not-list": b'{"version": 1, "sessions": [{"id": "a", "answers": {}}]}',
    "answer-without-id": b'{"version": 1, "sessions": [{"id": "a", "answers": [{"choice": "x"}]}]}',
    "flags-not-object": b'{"version": 1, "sessions": [], "flags": []}',
    "nested-too-deeply": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_a_damaged_file_is_moved_aside_with_its_bytes_and_a_new_file_is_started(scores: Path, kind: str) -> None:
    original = DAMAGED[kind]
    scores.write_bytes(original)
    store = loaded(scores)

    assert store.data == ScoreFile(VERSION) and store.sessions() == []
    assert store.read_only is None
    [moved] = corrupt_files(scores.parent)
    assert CORRUPT_NAME.match(moved.name), moved.name
    assert moved.read_bytes() == original
    assert not scores.exists()
    [notice] = store.notices
    assert str(scores) in notice and str(moved) in notice and "damaged" in notice

    store.save_session(session_record("a", 1, 1))
    assert on_disk(scores) == {"version": VERSION, "sessions": [session("a", 1, 1)]}
    assert moved.read_bytes() == original
    assert loaded(scores).notices == []


def test_two_damaged_files_in_the_same_second_are_both_kept(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Frozen:
            return cls(2026, 1, 2, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr(store_mod, "datetime", Frozen)
    for text in (b"first", b"second", b"third"):
        scores.write_bytes(text)
        assert len(loaded(scores).notices) == 1
    moved = {p.name: p.read_bytes() for p in corrupt_files(scores.parent)}
    assert moved == {
        "scores.json.corrupt-20260102-030405": b"first",
        "scores.json.corrupt-20260102-030405-2": b"second",
        "scores.json.corrupt-20260102-030405-3": b"third",
    }


def test_a_file_damaged_between_load_and_save_is_moved_aside_by_the_save(scores: Path) -> None:
    store = ScoreStore(scores)
    store.save_session(session_record("a", 1, 2))
    scores.write_bytes(b'{"version": 1, "sessions": [')  # another program wrote half a file
    store.save_session(session_record("a", 2, 2))
    [moved] = corrupt_files(scores.parent)
    assert moved.read_bytes() == b'{"version": 1, "sessions": ['
    assert any(str(moved) in n for n in store.notices)
    assert on_disk(scores)["sessions"] == [session("a", 2, 2)]


def test_a_sound_file_is_read_without_taking_the_lock(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up never waits on another oms-quiz's save, nor creates a lock file just to read."""
    writer = ScoreStore(scores)
    writer.save_session(session_record("a", 1, 2))
    Path(str(scores) + ".lock").unlink()

    def no_lock(self: ScoreStore) -> Any:
        pytest.fail("load() took the lock to read a sound file")

    monkeypatch.setattr(ScoreStore, "_lock", no_lock)
    store = loaded(scores)
    assert store.sessions() == [session_record("a", 1, 2)] and store.notices == [] and store.read_only is None
    assert not Path(str(scores) + ".lock").exists()


def test_a_save_after_an_unlocked_load_sees_what_another_process_wrote_since(scores: Path) -> None:
    store = loaded(scores)
    other = ScoreStore(scores)
    other.save_session(session_record("b", 1, 1))
    store.save_session(session_record("a", 1, 1))
    assert sorted(s["id"] for s in on_disk(scores)["sessions"]) == ["a", "b"]


def test_a_damaged_file_is_not_moved_without_the_lock(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.1)
    scores.write_bytes(b"garbage")
    with FileLock(str(scores) + ".lock"):
        store = loaded(scores)
    assert scores.read_bytes() == b"garbage" and corrupt_files(scores.parent) == []
    assert store.read_only is not None and "damaged" in store.read_only
    assert store.notices == [store.read_only[0].upper() + store.read_only[1:] + "."]
    with pytest.raises(StoreError):
        store.save_session(session_record("a", 1, 1))
    assert scores.read_bytes() == b"garbage"


def test_a_damaged_file_that_cannot_be_moved_is_left_alone_and_nothing_is_recorded(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scores.write_bytes(b"{oops")

    def refuse(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(src))

    monkeypatch.setattr(os, "replace", refuse)
    store = loaded(scores)
    assert store.read_only is not None and "could not be moved aside (Permission denied)" in store.read_only
    assert len(store.notices) == 1 and str(scores) in store.notices[0]
    with pytest.raises(StoreError, match="could not be moved aside"):
        store.save_session(session_record("a", 1, 1))
    assert scores.read_bytes() == b"{oops" and temp_files(scores.parent) == []


def test_an_unreadable_score_file_is_refused_not_replaced(scores: Path) -> None:
    scores.mkdir()  # reading a folder fails like a file without read permission
    store = loaded(scores)
    assert store.read_only is not None and "cannot read the score file" in store.read_only
    assert store.notices and str(scores) in store.notices[0]
    with pytest.raises(StoreError):
        store.save_session(session_record("a", 1, 1))
    assert scores.is_dir() and list(scores.iterdir()) == []


# --------------------------------------------------------------------------- files from a newer oms-quiz


NEWER = {
    "same-shape": {"version": VERSION + 1, "sessions": [session("a", 2, 2, deck="oms")], "new": {"x": 1}},
    "other-shape": {"version": VERSION + 1, "sessions": {"a": ["b"]}, "flags": ["q1"]},
    "odd-entries": {"version": VERSION + 1, "sessions": ["a", {"deck": "oms", "answers": "all"}, {"deck": "oms", "answers": [1]}]},
}


@pytest.mark.parametrize("kind", list(NEWER))
def test_a_newer_file_is_never_written_and_the_store_is_read_only(scores: Path, kind: str) -> None:
    original = write_file(scores, NEWER[kind])
    before = scores.stat()
    store = loaded(scores)

    assert store.read_only is not None
    assert "newer oms-quiz" in store.read_only and "upgrade" in store.read_only and str(VERSION + 1) in store.read_only
    assert store.notices == [store.read_only[0].upper() + store.read_only[1:] + "."]
    # What the start screen asks of a store must not crash on a format it does not know.
    last, best = last_and_best(store.sessions("oms"))
    assert store.sessions("oms") == [s for s in store.sessions() if s.deck == "oms"]
    assert all(isinstance(s, SessionRecord) for s in store.sessions())
    assert isinstance(store.flags("oms"), set)
    if kind == "same-shape":
        assert store.sessions("oms") == [session_record("a", 2, 2, deck="oms")]
        assert last == best == Score(sum(a["correct"] for a in session("a", 2, 2)["answers"]), 2)
    else:
        assert store.sessions() == [] and (last, best) == (None, None)

    for _ in range(2):
        with pytest.raises(StoreError, match="upgrade"):
            store.save_session(session_record("b", 1, 1))
    recorder = Recorder(store)
    recorder.record(session_record("b", 1, 1))
    assert recorder.flush(5)
    assert recorder.errors == [store.read_only]
    assert scores.read_bytes() == original
    assert scores.stat().st_mtime_ns == before.st_mtime_ns
    assert temp_files(scores.parent) == [] and corrupt_files(scores.parent) == []


def test_a_file_upgraded_by_a_newer_oms_quiz_while_playing_is_not_overwritten(scores: Path) -> None:
    store = ScoreStore(scores)
    store.save_session(session_record("a", 1, 2))
    newer = write_file(scores, {"version": VERSION + 1, "sessions": []})
    with pytest.raises(StoreError, match="newer oms-quiz"):
        store.save_session(session_record("a", 2, 2))
    assert scores.read_bytes() == newer
    assert store.read_only is not None
    with pytest.raises(StoreError):
        store.save_session(session_record("a", 2, 2))
    assert scores.read_bytes() == newer


# --------------------------------------------------------------------------- failed saves: full disk, read-only folder, busy lock


def _enospc(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FullDiskFile:
    """An open temp file on a disk that fills up half way through the write."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, text: str) -> int:
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


def _install_full_disk(where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDiskFile(real_fdopen(*a, **k)))
    elif where == "fsync":
        monkeypatch.setattr(os, "fsync", _enospc)
    elif where == "create":
        monkeypatch.setattr(tempfile, "mkstemp", _enospc)
    else:
        monkeypatch.setattr(os, "replace", _enospc)


@pytest.mark.parametrize("where", ["create", "write", "fsync", "replace"])
def test_a_full_disk_gives_a_clear_error_and_leaves_the_old_file_and_no_temp_file(
    scores: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    store = ScoreStore(scores)
    store.save_session(session_record("a", 1, 3))
    original = scores.read_bytes()
    data_before = store.data
    _install_full_disk(where, monkeypatch)

    with pytest.raises(StoreError) as caught:
        store.save_session(session_record("a", 2, 3))
    assert str(caught.value) == f"could not save to {scores}: No space left on device"
    assert scores.read_bytes() == original
    assert temp_files(scores.parent) == []
    assert store.data == data_before and store.read_only is None
    assert store.sessions() == [session_record("a", 1, 3)]


def test_the_recorder_reports_a_full_disk_and_the_next_save_catches_up(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = loaded(scores)
    heard: list[str] = []
    recorder = Recorder(store, on_error=heard.append)
    recorder.record(session_record("a", 1, 3))
    assert recorder.flush(5)
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", _enospc)
        recorder.record(session_record("a", 2, 3))
        assert recorder.flush(5)
        assert heard == recorder.errors == [f"could not save to {scores}.journal: No space left on device"]
        assert recorded(scores)["sessions"] == [session("a", 1, 3)]
        assert temp_files(scores.parent) == []
    # the user made room
    recorder.record(session_record("a", 3, 3))
    assert recorder.flush(5)
    assert recorded(scores)["sessions"] == [session("a", 3, 3)]
    assert len(recorder.errors) == 1


@pytest.mark.parametrize("lock_file_exists", [False, True])
def test_a_read_only_folder_gives_a_clear_error_and_changes_nothing(
    scores: Path, monkeypatch: pytest.MonkeyPatch, lock_file_exists: bool
) -> None:
    original = write_file(scores, {"version": 1, "sessions": [session("a", 1, 2)]})
    if lock_file_exists:
        loaded(scores)
    else:
        assert not Path(str(scores) + ".lock").exists()
    listing = sorted(p.name for p in scores.parent.iterdir())
    store = loaded(scores) if lock_file_exists else ScoreStore(scores)
    if POSIX and not ROOT:
        scores.parent.chmod(0o500)
    else:
        # chmod does not stop root, and Windows ignores a folder's modes: make the two things a
        # read-only folder refuses fail the same way.
        def denied(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, "Permission denied", str(scores.parent))

        import filelock

        real = filelock.FileLock

        class NoNewLockFile(real):
            def acquire(self, *args: Any, **kwargs: Any) -> Any:
                if not Path(self.lock_file).exists():
                    denied()
                return super().acquire(*args, **kwargs)

        monkeypatch.setattr(filelock, "FileLock", NoNewLockFile)
        monkeypatch.setattr(tempfile, "mkstemp", denied)
    try:
        if not lock_file_exists:
            store.load()  # a read-only folder cannot hold a lock file; reading still works
            assert store.sessions() == [session_record("a", 1, 2)] and store.notices == []
        with pytest.raises(StoreError) as caught:
            store.save_session(session_record("a", 2, 2))
        assert str(caught.value) == f"could not save to {scores}: Permission denied"
    finally:
        if POSIX and not ROOT:
            scores.parent.chmod(0o700)
    assert scores.read_bytes() == original
    assert sorted(p.name for p in scores.parent.iterdir()) == listing


def test_a_folder_that_cannot_be_opened_for_fsync_does_not_turn_a_save_into_an_error(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not POSIX:
        pytest.skip("the folder is fsynced on POSIX only")
    real_open = os.open

    def no_folder_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path) == scores.parent:  # a write-only (-wx) folder, or a file system that refuses it
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_folder_open)
    store = ScoreStore(scores)
    store.save_session(session_record("a", 1, 1))
    assert on_disk(scores)["sessions"] == [session("a", 1, 1)]
    assert store.sessions() == [session_record("a", 1, 1)]


def test_a_busy_lock_gives_a_clear_error_and_the_next_save_succeeds(scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.2)
    store = ScoreStore(scores)
    store.save_session(session_record("a", 1, 2))
    original = scores.read_bytes()
    with FileLock(str(scores) + ".lock"):
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked by another oms-quiz"):
            store.save_session(session_record("a", 2, 2))
        assert time.monotonic() - started < 5
    assert scores.read_bytes() == original
    store.save_session(session_record("a", 2, 2))
    assert on_disk(scores)["sessions"] == [session("a", 2, 2)]


# --------------------------------------------------------------------------- merge and several writers


def test_merge_adds_new_sessions_at_the_end_and_does_not_change_its_input() -> None:
    flags, extra = {"oms": {"q1": "x"}}, {"future": [1]}
    data = ScoreFile(1, (session_record("a", 1, 1),), flags, extra)
    merged = merge(data, session_record("b", 2, 2))
    assert merged == ScoreFile(1, (session_record("a", 1, 1), session_record("b", 2, 2)), {"oms": {"q1": "x"}}, {"future": [1]})
    assert data == ScoreFile(1, (session_record("a", 1, 1),), {"oms": {"q1": "x"}}, {"future": [1]})
    assert (flags, extra) == ({"oms": {"q1": "x"}}, {"future": [1]})


def test_merge_keeps_the_copy_with_more_answers_whatever_the_order() -> None:
    short, long = session_record("a", 1, 3), session_record("a", 2, 3)
    base = ScoreFile(1, (session_record("x", 1, 1),))
    assert merge(merge(base, short), long).sessions == (session_record("x", 1, 1), long)
    assert merge(merge(base, long), short).sessions == (session_record("x", 1, 1), long)
    finished = dataclasses.replace(long, ended="2026-01-01T00:05:00+00:00")  # same answers, then the round was ended
    assert merge(merge(base, long), finished).sessions == (session_record("x", 1, 1), finished)


@settings(max_examples=100, deadline=None)
@given(
    lengths=st.dictionaries(st.sampled_from("abcd"), st.integers(min_value=0, max_value=5), min_size=1),
    data=st.data(),
)
def test_merging_copies_in_any_order_keeps_the_longest_copy_of_each_session(lengths: dict[str, int], data: st.DataObject) -> None:
    copies = [(sid, n) for sid, top in lengths.items() for n in range(top + 1)]
    order = data.draw(st.permutations(copies))
    merged = ScoreFile(1)
    for sid, n in order:
        merged = merge(merged, session_record(sid, n, 5))
    first_seen = list(dict.fromkeys(sid for sid, _ in order))
    assert merged == ScoreFile(1, tuple(session_record(sid, lengths[sid], 5) for sid in first_seen))


def test_a_stale_store_merges_instead_of_overwriting_another_writers_sessions(scores: Path) -> None:
    mine, theirs = loaded(scores), loaded(scores)
    theirs.save_session(session_record("theirs", 1, 1))
    mine.save_session(session_record("mine", 1, 1))  # `mine` never saw "theirs"
    assert on_disk(scores)["sessions"] == [session("theirs", 1, 1), session("mine", 1, 1)]
    assert mine.sessions() == [session_record("theirs", 1, 1), session_record("mine", 1, 1)]
    assert [session_json(s) for s in mine.sessions()] == on_disk(scores)["sessions"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(min_value=0, max_value=1), st.integers(min_value=0, max_value=2)), max_size=10))
def test_two_writers_interleaving_saves_keep_every_session_of_both(tmp_path: Path, steps: list[tuple[int, int]]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        path = Path(folder) / "scores.json"
        writers = [loaded(path), loaded(path)]  # two ScoreStore objects on one file, each with its own stale view
        counts: dict[str, int] = {}
        for writer, which in steps:
            sid = f"w{writer}-s{which}"
            counts[sid] = counts.get(sid, 0) + 1
            writers[writer].save_session(session_record(sid, counts[sid], 99))
        assert loaded(path).sessions() == [session_record(sid, n, 99) for sid, n in counts.items()]
        if counts:
            assert on_disk(path)["sessions"] == [session(sid, n, 99) for sid, n in counts.items()]


def test_threads_with_their_own_stores_keep_every_session(scores: Path) -> None:
    errors: list[BaseException] = []

    def play(writer: int) -> None:
        try:
            store = loaded(scores)
            for s in range(3):
                for n in range(1, 5):
                    store.save_session(session_record(f"t{writer}-{s}", n, 4))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=play, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    saved = {s["id"]: s for s in on_disk(scores)["sessions"]}
    assert saved == {f"t{w}-{s}": session(f"t{w}-{s}", 4, 4) for w in range(4) for s in range(3)}
    assert temp_files(scores.parent) == []


# --------------------------------------------------------------------------- scores


def test_score_text_and_percent() -> None:
    assert str(Score(2, 3)) == "2/3 (67%)"
    assert Score(0, 0).percent == 0 and str(Score(0, 0)) == "0/0 (0%)"
    answers = [{"id": "a", "correct": True}, {"id": "b", "correct": False}, {"id": "c", "correct": "yes"}]
    assert score(session_from_json({"id": "x", "answers": answers})) == Score(1, 3)
    assert score(session_from_json({"id": "x"})) == Score(0, 0)


def _scored(sid: str, right: int, asked: int, deck: str = "oms") -> SessionRecord:
    return session_from_json({"id": sid, "deck": deck, "answers": [{"id": f"q{i}", "correct": i < right} for i in range(asked)]})


def test_last_and_best(scores: Path) -> None:
    store = ScoreStore(scores)
    assert last_and_best(store.sessions("oms")) == (None, None)
    store.save_session(_scored("empty", 0, 0))
    assert last_and_best(store.sessions("oms")) == (None, None)
    for one in (_scored("a", 1, 2), _scored("b", 3, 3), _scored("other", 5, 5, deck="other"), _scored("c", 2, 4), _scored("d", 0, 0)):
        store.save_session(one)
    assert last_and_best(store.sessions("oms")) == (Score(2, 4), Score(3, 3))
    assert last_and_best(store.sessions("other")) == (Score(5, 5), Score(5, 5))
    assert last_and_best(store.sessions("none")) == (None, None)
    assert last_and_best(loaded(scores).sessions("oms")) == (Score(2, 4), Score(3, 3))  # and so reads the next start
    assert last_and_best([_scored("x", 1, 1), _scored("y", 2, 2), _scored("z", 1, 2)]) == (Score(1, 2), Score(2, 2))


def test_last_and_best_sees_sessions_another_writer_saved(scores: Path) -> None:
    mine = loaded(scores)
    ScoreStore(scores).save_session(_scored("theirs", 4, 4))
    mine.save_session(_scored("mine", 1, 4))
    assert last_and_best(mine.sessions("oms")) == (Score(1, 4), Score(4, 4))


# --------------------------------------------------------------------------- the Recorder


class SlowStore(ScoreStore):
    """A store whose saves can be held at the door, and which notes every save."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.calls: list[tuple[str, int, str]] = []
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()

    def record(self, session: SessionRecord) -> None:
        self.calls.append((session.id, len(session.answers), threading.current_thread().name))
        self.entered.set()
        assert self.gate.wait(10)
        super().record(session)


def test_the_recorder_saves_on_its_own_thread_in_order(scores: Path) -> None:
    store = SlowStore(scores)
    recorder = Recorder(store)
    for n in range(1, 6):
        recorder.record(session_record("a", n, 5))
        assert recorder.flush(5)
        assert recorded(scores)["sessions"] == [session("a", n, 5)]
    assert {name for _, _, name in store.calls} == {"oms-quiz-recorder"}
    assert threading.current_thread().name not in {name for _, _, name in store.calls}
    assert [n for _, n, _ in store.calls] == [1, 2, 3, 4, 5]


def test_a_save_held_for_the_frame_goes_to_disk_once_the_frame_is_shown(scores: Path) -> None:
    recorder = Recorder(ScoreStore(scores), hold_limit=10)
    recorder.record(session_record("a", 1, 5), after_frame=True)
    time.sleep(0.2)
    assert recorded(scores)["sessions"] == []  # held: the screen is still drawing the answer
    recorder.frame_shown()
    assert recorder.flush(5)
    assert recorded(scores)["sessions"] == [session("a", 1, 5)]


def test_a_save_held_for_a_frame_that_never_comes_still_goes_to_disk(scores: Path) -> None:
    recorder = Recorder(ScoreStore(scores), hold_limit=0.1)
    recorder.record(session_record("a", 1, 5), after_frame=True)
    assert recorder.flush(5)  # a screen that went away (the app quit at once) does not keep the answer off the disk
    assert recorded(scores)["sessions"] == [session("a", 1, 5)]
    recorder.record(session_record("a", 2, 5))  # and saves not held go at once
    assert recorder.flush(5)
    assert recorded(scores)["sessions"] == [session("a", 2, 5)]


def test_the_recorder_does_not_block_the_caller_and_coalesces_piled_up_saves(scores: Path) -> None:
    store = SlowStore(scores)
    store.gate.clear()
    recorder = Recorder(store)
    recorder.record(session_record("a", 1, 9))
    assert store.entered.wait(5)  # the first save is stuck on the disk...
    started = time.monotonic()
    for n in range(2, 10):
        recorder.record(session_record("a", n, 9))  # ...and the caller goes on
        recorder.record(session_record("b", n - 1, 9))
    assert time.monotonic() - started < 1
    assert recorder.flush(timeout=0.05) is False
    store.gate.set()
    assert recorder.flush(5) is True
    assert [(sid, n) for sid, n, _ in store.calls] == [("a", 1), ("a", 9), ("b", 8)]
    assert recorded(scores)["sessions"] == [session("a", 9, 9), session("b", 8, 9)]
    assert recorder.errors == []


def test_the_recorder_saves_a_snapshot_not_the_live_session(scores: Path) -> None:
    deck = load_deck(BUNDLED)
    live = Round.build(deck.slug, deck.questions, count=3, seed=7)
    live.answer(0, 1.0)
    store = SlowStore(scores)
    store.gate.clear()
    recorder = Recorder(store)
    recorder.record(live.to_session())
    assert store.entered.wait(5)  # the save is stuck on the disk while the user plays on
    live.answer(1, 2.0)
    live.finish()
    store.gate.set()
    assert recorder.flush(5)
    [saved] = recorded(scores)["sessions"]
    assert [a["id"] for a in saved["answers"]] == [live.items[0].question.id] and saved["ended"] is None
    assert len(live.to_session().answers) == 2


def test_recorder_errors_go_to_on_error_and_errors_and_it_keeps_going(
    scores: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = loaded(scores)
    heard: list[str] = []
    recorder = Recorder(store, on_error=heard.append)
    real_save = store.record

    def broken(session: SessionRecord) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(store, "record", broken)
    recorder.record(session_record("a", 1, 2))
    assert recorder.flush(5)
    assert heard == recorder.errors and len(heard) == 1
    assert heard[0].startswith("could not save:") and "boom" in heard[0]

    def ui_gone(message: str) -> None:
        raise RuntimeError("the app has closed")

    recorder.on_error = ui_gone
    recorder.record(session_record("a", 1, 2))
    assert recorder.flush(5)
    assert len(recorder.errors) == 2
    assert "oms-quiz: could not save:" in capsys.readouterr().err

    monkeypatch.setattr(store, "record", real_save)
    recorder.record(session_record("a", 2, 2))
    assert recorder.flush(5)
    assert recorded(scores)["sessions"] == [session("a", 2, 2)]


def test_flushing_the_recorder_waits_for_everything_recorded_to_be_saved(scores: Path) -> None:
    store = SlowStore(scores)
    store.gate.clear()
    recorder = Recorder(store)
    recorder.record(session_record("a", 1, 2))
    assert store.entered.wait(5)
    recorder.record(session_record("a", 2, 2))
    assert recorder.flush(timeout=0.05) is False  # the first save is still held at the door
    assert not scores.exists() and not Path(f"{scores}.journal").exists()
    store.gate.set()
    assert recorder.flush(5) is True
    assert [(sid, n) for sid, n, _ in store.calls] == [("a", 1), ("a", 2)]
    assert recorded(scores)["sessions"] == [session("a", 2, 2)] and recorder.errors == []
