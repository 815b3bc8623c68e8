"""The first screen from the summary: what it needs of a long history (last and best score, flags) is
cached for the score file as it is, and the rest is read after the first frame; a stale summary,
a journal left by a crash or another file's summary is never used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import paths, scores
from quiz import store as store_mod
from quiz.records import ScoreFile
from quiz.scores import Score
from quiz.session import Session
from quiz.store import ScoreStore

from .conftest import BUNDLED, posix_only
from .fault_writer import answer, session, session_record
from .terminal import Terminal
from .test_store import _sessions


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "data" / "scores.json", tmp_path / "cache" / "summary.json"


def played(path: Path, summary: Path, *sessions: Any) -> None:
    """Sessions recorded and folded, as a round and its end leave them."""
    store = ScoreStore(path, summary=summary)
    store.load()
    for one in sessions:
        store.record(one)
    store.fold()


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(raw: bytes, **kwargs: Any) -> Any:
        pytest.fail("the score file was parsed")

    monkeypatch.setattr(store_mod.scores, "parse", fail)


def test_a_start_after_a_fold_reads_the_summary_only_and_the_rest_when_asked(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, summary = files
    played(path, summary, session_record("a", 2, 2, deck="oms"), session_record("b", 3, 3, deck="oms"), session_record("c", 1, 1))
    flagger = ScoreStore(path, summary=summary)
    flagger.load()
    flagger.set_flag("oms", "q9", True)
    flagger.fold()
    right = sum(answer(k)["correct"] for k in (1, 2, 3))  # 2 of 3: the third answer of every test session is wrong

    with monkeypatch.context() as patch:
        no_parsing(patch)
        store = ScoreStore(path, summary=summary)
        store.start()
        assert store.summary("oms") == (Score(right, 3), Score(2, 2))
        assert store.summary("other") == (None, None)
        assert store.flags("oms") == {"q9"} and store.flags("other") == set()
    store.load_rest()
    assert store.summary("oms") is None  # the history itself from now on
    assert [s.id for s in store.sessions()] == ["a", "b", "c"]
    assert store.flags("oms") == {"q9"}


def test_anything_the_summary_does_not_need_waits_for_the_whole_history(files: tuple[Path, Path]) -> None:
    path, summary = files
    played(path, summary, session_record("a", 2, 2))
    store = ScoreStore(path, summary=summary)
    store.start()
    assert store.summary("faults") is not None
    assert store.sessions() == [session_record("a", 2, 2)]  # read then and there
    assert store.summary("faults") is None


@pytest.mark.parametrize("change", ["another-process-wrote", "a-journal-waits", "another-file", "damaged-summary", "newer-summary"])
def test_a_summary_that_may_not_match_the_file_is_not_used(files: tuple[Path, Path], change: str) -> None:
    path, summary = files
    played(path, summary, session_record("a", 1, 1))
    if change == "another-process-wrote":
        other = ScoreStore(path)  # an oms-quiz that keeps no summary (an older one, a script)
        other.load()
        other.save_session(session_record("b", 3, 3))
    elif change == "a-journal-waits":
        crashed = ScoreStore(path)
        crashed.load()
        crashed.record(session_record("b", 3, 3))
    elif change == "another-file":
        moved = path.with_name("elsewhere.json")
        path.rename(moved)
        path = moved
        ScoreStore(path).save_session(session_record("b", 3, 3))
    elif change == "damaged-summary":
        summary.write_bytes(b'{"summary": 1, "stamp": [')
    else:
        data = json.loads(summary.read_text(encoding="utf-8"))
        summary.write_text(json.dumps({**data, "summary": 2}), encoding="utf-8")
    store = ScoreStore(path, summary=summary)
    store.start()
    assert store.summary("faults") is None
    expected = ["a"] if change in ("damaged-summary", "newer-summary") else ["a", "b"]
    assert [s.id for s in store.sessions()] == expected


def test_a_missing_summary_is_written_after_the_first_frame_and_used_next_time(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, summary = files
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "sessions": [session("a", 3, 3, deck="oms")]}, indent=1), encoding="utf-8")
    first = ScoreStore(path, summary=summary)
    first.start()
    assert not summary.exists()  # nothing is written before the first frame
    first.load_rest()
    assert summary.exists() and path.read_text(encoding="utf-8").startswith('{\n "version"')  # the score file untouched
    with monkeypatch.context() as patch:
        no_parsing(patch)
        second = ScoreStore(path, summary=summary)
        second.start()
        assert second.summary("oms") is not None


def test_a_damaged_or_newer_file_is_never_summarised(files: tuple[Path, Path]) -> None:
    path, summary = files
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 99, "sessions": []}), encoding="utf-8")
    store = ScoreStore(path, summary=summary)
    store.start()
    store.load_rest()
    assert store.read_only is not None and not summary.exists()


def test_the_session_shows_the_summary_then_this_runs_rounds(files: tuple[Path, Path]) -> None:
    from quiz.deck import load_deck

    path, summary = files
    deck = load_deck(BUNDLED)
    played(path, summary, session_record("a", 2, 2, deck=deck.slug))
    store = ScoreStore(path, summary=summary)
    store.start()
    run = Session(deck, store, seed=1)
    before = run.last_and_best()
    assert store.summary(deck.slug) is not None and before[0] == before[1] == Score(2, 2)
    started = run.start().round
    assert started is not None
    started.answer(next(i for i, c in enumerate(started.items[0].choices) if c != started.items[0].question.answer), 1.0)
    assert run.last_and_best() == (Score(0, 1), Score(2, 2))
    store.load_rest()
    assert run.last_and_best() == (Score(0, 1), Score(2, 2))  # the same, from the history itself


def test_paths_give_each_score_file_its_own_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_CACHE_DIR, str(tmp_path / "cache"))
    one, two = paths.summary_path(tmp_path / "a" / "scores.json"), paths.summary_path(tmp_path / "b" / "scores.json")
    assert one != two and one.parent == two.parent == tmp_path / "cache" / "scores"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=st.lists(_sessions, max_size=5, unique_by=lambda s: str(s["id"])))
def test_reading_line_by_line_gives_what_reading_the_whole_file_gives(sessions: list[dict[str, Any]]) -> None:
    records = tuple(scores.session_from_json(one) for one in sessions)
    raw = scores.dump(ScoreFile(1, records, {"oms": {"q1": "x"}}, {"note": [1, None]})).encode("utf-8")
    by_line, whole = scores.parse(raw, by_line=True), scores.parse(raw)
    assert (by_line.scores, by_line.problem, by_line.not_json_numbers) == (whole.scores, whole.problem, whole.not_json_numbers)
    assert by_line.scores is not None and by_line.lines is not None and len(by_line.lines) == len(records)
    # Each line as read is what writing the file back reuses: it must read as the same session.
    assert all(line is not None and scores.session_from_json(json.loads(line)) == one for line, one in zip(by_line.lines, records))


@pytest.mark.parametrize(
    "raw",
    [
        b'{"version": 1, "sessions": [\n{"id": "a"},\n{"id": 5}\n]}\n',  # not a session
        b'{"version": 1, "sessions": [\n{"id": "a"}\n], "version": 2}\n',  # a key written twice
        b'{"version": 1, "sessions": [\n{"id": "a", "total": NaN}\n]}\n',  # a number JSON cannot hold
        b'{"version": 1, "sessions": [\n{"id": "a"}\n{"id": "b"}\n]}\n',  # a comma missing
        b'{"version": 1, "sessions": [\n{"id": "a"},\n{"id": "b"}\n]',  # cut short
        json.dumps({"version": 1, "sessions": [session("a", 2, 2)]}, indent=2).encode(),  # another layout
    ],
)
def test_any_other_file_reads_line_by_line_exactly_as_whole(raw: bytes) -> None:
    by_line, whole = scores.parse(raw, by_line=True), scores.parse(raw)
    assert (by_line.scores, by_line.problem, by_line.not_json_numbers) == (whole.scores, whole.problem, whole.not_json_numbers)


@posix_only("a pseudo-terminal to drive the real app")
def test_the_real_app_shows_the_cached_scores_and_sees_a_file_changed_behind_its_back(tmp_path: Path) -> None:
    path = tmp_path / "scores.json"
    path.write_text(json.dumps({"version": 1, "sessions": [session("a", 2, 2, deck="oms")]}), encoding="utf-8")

    def start_screen() -> bytes:
        terminal = Terminal(["--scores", str(path), "--seed", "1"], tmp_path)
        try:
            terminal.wait_for_text("questions match")
            terminal.press("q")
            assert terminal.proc.wait(10) == 0
            terminal._reader.join(5)
            return terminal.screen()
        finally:
            terminal.close()

    assert b"Last score: 2/2 (100%)" in start_screen()  # read whole; the summary is written after the first frame
    summaries = list((paths.cache_dir() / "scores").iterdir())
    assert len(summaries) == 1
    assert b"Last score: 2/2 (100%)" in start_screen()  # from the summary
    ScoreStore(path).save_session(session_record("b", 3, 3, deck="oms"))  # another program (a script, an older oms-quiz)
    screen = start_screen()
    assert b"Last score: 2/3 (67%) \xc2\xb7 Best score: 2/2 (100%)" in screen


def test_answers_given_before_the_history_is_read_are_not_folded_then(files: tuple[Path, Path]) -> None:
    """The start after a summary has no journal to fold; lines appended while the rest is read are this
    round's, folded at its end (folding then would rewrite the whole file in the middle of a round)."""
    path, summary = files
    played(path, summary, session_record("a", 2, 2))
    store = ScoreStore(path, summary=summary)
    store.start()
    store.record(session_record("b", 1, 3))
    store.load_rest()
    assert store.unfolded == 0
    assert [s.id for s in store.sessions()] == ["a", "b"]
    assert [s["id"] for s in json.loads(path.read_text(encoding="utf-8"))["sessions"]] == ["a"]
