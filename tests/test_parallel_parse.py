"""Question files parsed in worker processes give exactly the deck a serial parse gives."""

from __future__ import annotations

import concurrent.futures
import multiprocessing.context
import os
import sys
import threading
from pathlib import Path

import pytest

import quiz.deck.load
import quiz.deck.parse
from quiz.deck import cache, load_deck
from quiz.deck.load import Parsed
from quiz.records import DeckMeta, Problem, Question

from .conftest import GOOD_QUESTION, DeckMaker

LOG = "OMS_QUIZ_TEST_PARSE_LOG"  # a folder: one file per parse, named "<pid> <file name>"
CRASH = "OMS_QUIZ_TEST_PARSE_CRASH"  # a file name whose worker process dies
BUG = "OMS_QUIZ_TEST_PARSE_BUG"  # a file name whose parse raises, in any process
PARENT = "OMS_QUIZ_TEST_PARENT_PID"

_real_parse_file = quiz.deck.parse.parse_file  # taken before any test puts recording_parse in its place


def recording_parse(path: Path, meta: DeckMeta) -> Parsed:
    """The real worker, leaving a note of which process parsed which file and whether it had Textual loaded.

    Module level, so that it pickles by name into the worker processes (forked or spawned)."""
    note = Path(os.environ[LOG]) / f"{os.getpid()} {path.name}"
    note.write_text("textual" if any(m == "textual" or m.startswith("textual.") for m in sys.modules) else "", encoding="utf-8")
    if os.environ.get(CRASH) == path.name and os.getpid() != int(os.environ[PARENT]):
        os._exit(1)
    if os.environ.get(BUG) == path.name:
        raise ZeroDivisionError("a bug in validation")
    return _real_parse_file(path, meta)


def question(qid: str, **changes: str) -> str:
    text = GOOD_QUESTION.replace("opsoclonus-directions", qid)
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


# Five files: invalid questions, a file that is not YAML, one that is not a list, a warning,
# and an id used in both a.yaml and b.yaml (the later one is the duplicate).
FILES = {
    "a.yaml": question("alpha-1") + question("alpha-2") + question("alpha-bad", **{"clinical-features": "nosuch"}),
    "b.yaml": question("alpha-2") + question("beta-1") + question("beta-bad", **{"in the horizontal": "in the sideways"}),
    "c.yaml": "- id: broken\n  topic: [unclosed\n",
    "d.yaml": "".join(question(f"delta-{n}") for n in range(40))
    + question("delta-warn", **{"question: In": 'question: "In \\e', "occur?": 'occur?"'}),
    "e.yaml": "id: not-a-list\n",
}


@pytest.fixture
def parse_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Parsing recorded by process, with no parse cache and two usable CPUs (as if on any machine)."""
    log = tmp_path / "parse-log"
    log.mkdir()
    monkeypatch.setenv("OMS_QUIZ_NO_CACHE", "1")
    monkeypatch.setenv(LOG, str(log))
    monkeypatch.setenv(PARENT, str(os.getpid()))
    monkeypatch.setattr(quiz.deck.parse, "parse_file", recording_parse)
    monkeypatch.setattr(quiz.deck.load, "_usable_cpus", lambda: 2)
    return log


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The start method of every process pool load_deck creates."""
    started: list[str] = []

    class RecordingPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int, mp_context: multiprocessing.context.BaseContext) -> None:
            started.append(mp_context.get_start_method())
            super().__init__(max_workers=max_workers, mp_context=mp_context)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RecordingPool)
    return started


def parallel(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(quiz.deck.load, "PARALLEL_MIN_BYTES", 0 if on else 10**12)


Snapshot = tuple[tuple[Question, ...], tuple[Problem, ...], dict[str, int]]


def snapshot(folder: Path) -> Snapshot:
    deck = load_deck(folder)
    return deck.questions, deck.problems, deck.skipped


def take(log: Path) -> dict[str, set[int]]:
    """Which processes parsed each file since the last look."""
    parsed: dict[str, set[int]] = {}
    for note in log.iterdir():
        pid, name = note.name.split(" ", 1)
        parsed.setdefault(name, set()).add(int(pid))
        note.unlink()
    return parsed


def serial_snapshot(folder: Path, log: Path, monkeypatch: pytest.MonkeyPatch) -> Snapshot:
    with monkeypatch.context() as m:
        parallel(m, False)
        result = snapshot(folder)
    assert {pid for pids in take(log).values() for pid in pids} == {os.getpid()}
    return result


def test_workers_give_the_serial_deck(make_deck: DeckMaker, parse_log: Path, pools: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_deck(FILES)
    serial = serial_snapshot(folder, parse_log, monkeypatch)
    assert pools == [], "the serial load starts no pool"
    questions, problems, skipped = serial
    assert [q.id for q in questions] == ["alpha-1", "alpha-2", "beta-1", *(f"delta-{n}" for n in range(40)), "delta-warn"]
    assert skipped == {str(folder / name): n for name, n in {"a.yaml": 1, "b.yaml": 2, "c.yaml": 1, "e.yaml": 1}.items()}
    assert any("id 'alpha-2' is already used at" in p.message and p.path.endswith("b.yaml") for p in problems)
    assert any(p.severity == "warning" for p in problems)

    expected_method = "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"
    parallel(monkeypatch, True)
    assert snapshot(folder) == serial
    assert pools == [expected_method]
    parsed = take(parse_log)
    assert sorted(parsed) == sorted(FILES)
    workers = set().union(*parsed.values())
    assert all(len(pids) == 1 for pids in parsed.values()), "each file is parsed once"
    assert os.getpid() not in workers, "every file was parsed in a worker process"
    assert len(workers) <= 2


def test_spawned_workers_give_the_serial_deck_without_importing_textual(
    make_deck: DeckMaker, parse_log: Path, pools: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_deck(FILES)
    serial = serial_snapshot(folder, parse_log, monkeypatch)
    parallel(monkeypatch, True)
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # another thread: forking is no longer safe
    other.start()
    try:
        assert snapshot(folder) == serial
    finally:
        release.set()
        other.join()
    assert pools == ["spawn"]
    notes = list(parse_log.iterdir())
    assert {int(n.name.split(" ")[0]) for n in notes}.isdisjoint({os.getpid()})
    assert [n.name for n in notes if n.read_text(encoding="utf-8")] == [], "a spawned worker imported Textual"


def test_a_pool_that_cannot_start_falls_back_to_a_serial_parse(
    make_deck: DeckMaker, parse_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_deck(FILES)
    serial = serial_snapshot(folder, parse_log, monkeypatch)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    parallel(monkeypatch, True)
    assert snapshot(folder) == serial
    assert take(parse_log) == {name: {os.getpid()} for name in FILES}


def test_a_worker_that_dies_only_costs_time(
    make_deck: DeckMaker, parse_log: Path, pools: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_deck(FILES)
    serial = serial_snapshot(folder, parse_log, monkeypatch)
    monkeypatch.setenv(CRASH, "d.yaml")  # the biggest file, so the first one a worker takes
    parallel(monkeypatch, True)
    assert snapshot(folder) == serial
    assert len(pools) == 1
    parsed = take(parse_log)
    assert os.getpid() in parsed["d.yaml"] and len(parsed["d.yaml"]) == 2, "d.yaml killed its worker, then was parsed here"


def test_a_bug_in_validation_still_raises(make_deck: DeckMaker, parse_log: Path, pools: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_deck(FILES)
    monkeypatch.setenv(BUG, "b.yaml")
    parallel(monkeypatch, True)
    with pytest.raises(ZeroDivisionError, match="a bug in validation"):
        load_deck(folder)
    assert len(pools) == 1
    assert len(take(parse_log)["b.yaml"]) == 2, "raised in a worker, then again when parsed here"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago are cached too (see test_cache.py)."""
    monkeypatch.setattr(cache, "RACY_NS", -60 * 10**9)


def test_only_files_the_cache_cannot_answer_go_to_workers(
    make_deck: DeckMaker, parse_log: Path, pools: list[str], settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_deck(FILES)
    monkeypatch.delenv("OMS_QUIZ_NO_CACHE")
    parallel(monkeypatch, True)
    cold = snapshot(folder)
    take(parse_log)
    for name in ("a.yaml", "d.yaml"):
        path = folder / name
        stat = path.stat()
        path.write_text(path.read_text(encoding="utf-8").replace("In which directions", "Along which axes"), encoding="utf-8", newline="\n")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    warm = snapshot(folder)
    parsed = take(parse_log)
    assert sorted(parsed) == ["a.yaml", "d.yaml"]
    assert os.getpid() not in set().union(*parsed.values())
    assert len(pools) == 2
    assert warm[1:] == cold[1:]
    assert [q.question for q in warm[0]] != [q.question for q in cold[0]]
    assert snapshot(folder) == warm  # the cache written from the workers' answers now answers it all
    assert take(parse_log) == {}
    assert len(pools) == 2
    monkeypatch.setenv("OMS_QUIZ_NO_CACHE", "1")
    assert serial_snapshot(folder, parse_log, monkeypatch) == warm


@pytest.mark.parametrize("case", ["the bundled deck", "one file", "one CPU"])
def test_no_pool_when_it_cannot_pay_off(
    case: str, bundled_copy: Path, make_deck: DeckMaker, parse_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        pytest.fail("a process pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    if case == "the bundled deck":
        folder = bundled_copy  # under PARALLEL_MIN_BYTES as it is
        assert sum(p.stat().st_size for p in folder.glob("*.yaml")) < quiz.deck.load.PARALLEL_MIN_BYTES
    else:
        parallel(monkeypatch, True)
        folder = make_deck({"d.yaml": FILES["d.yaml"]} if case == "one file" else FILES)
        if case == "one CPU":
            monkeypatch.setattr(quiz.deck.load, "_usable_cpus", lambda: 1)
    assert load_deck(folder).questions
    assert {pid for pids in take(parse_log).values() for pid in pids} == {os.getpid()}
