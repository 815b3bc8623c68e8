"""The score store under real faults, in real processes: SIGKILL mid-save, several writers, damaged and newer files at start-up,
a read-only folder, a full disk, and SIGTERM/SIGHUP to the running TUI."""

from __future__ import annotations

import ctypes
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from quiz import paths
from quiz.store import LOCK_TIMEOUT, VERSION, ScoreStore

from .conftest import recorded
from .fault_writer import JOURNAL_PHASES, PHASES, answer, session, session_record
from .terminal import Terminal

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals, file modes and pseudo-terminals are POSIX")

WRITER = Path(__file__).with_name("fault_writer.py")
ROOT = os.name == "posix" and os.geteuid() == 0
TEMP = re.compile(r"^\.scores\.json\..+\.tmp$")
BEFORE_REPLACE = {"locked", "temp-created", "half-written", "before-fsync", "before-replace"}
TEMP_LEFT = {"temp-created", "half-written", "before-fsync", "before-replace"}


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if TEMP.match(p.name))


def corrupt_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


def on_disk(path: Path) -> Any:
    """What the next start reads: the score file, which must be valid UTF-8 JSON of the right shape,
    with its journal folded in."""
    if path.exists() or not path.with_name(path.name + ".journal").exists():
        data = json.loads(path.read_bytes().decode("utf-8"))
        assert data["version"] == VERSION and isinstance(data["sessions"], list)
    return recorded(path)


class Lines:
    """A process's stdout, line by line, read on a thread so that waiting has a deadline."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._eof = False
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _next(self, deadline: float) -> str | None:
        line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        if line is None:
            self._eof = True
        else:
            self.seen.append(line)
        return line

    def wait_for(self, wanted: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        try:
            while not self._eof:
                if self._next(deadline) == wanted:
                    return
        except queue.Empty:
            pass
        stderr = self.proc.stderr.read() if self._eof and self.proc.stderr else ""
        raise AssertionError(f"no {wanted!r} from the writer; it said {self.seen[-5:]} {stderr}")

    def rest(self, timeout: float = 10) -> list[str]:
        """Everything up to end of file (call after the process has ended)."""
        deadline = time.monotonic() + timeout
        while not self._eof:
            self._next(deadline)
        return self.seen


def start_writer(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL


@pytest.fixture
def scores(tmp_path: Path) -> Path:
    return tmp_path / "scores.json"


def resume_and_finish(scores: Path, sid: str, total: int) -> None:
    """What the next oms-quiz does after the crash: load without complaint and save, without waiting on a stale lock."""
    store = ScoreStore(scores)
    store.load()
    assert store.notices == [] and store.read_only is None
    started = time.monotonic()
    store.save_session(session_record(sid, total, total))
    assert time.monotonic() - started < LOCK_TIMEOUT / 2, "the killed process's lock was still held"
    assert session(sid, total, total) in on_disk(scores)["sessions"]


# --------------------------------------------------------------------------- SIGKILL mid-save


KILL_POINTS = (
    [("store", phase, at) for phase in PHASES for at in (1, 3)]
    + [("recorder", phase, 2) for phase in JOURNAL_PHASES]
    + [("folding", phase, 2) for phase in ("locked", "half-written", "before-replace", "after-replace", "dir-fsync")]
)
VIA = {"store": [], "recorder": ["--recorder"], "folding": ["--recorder", "--fold"]}


@pytest.mark.parametrize(("via", "phase", "at"), KILL_POINTS, ids=[f"{v}-{p}-answer{a}" for v, p, a in KILL_POINTS])
def test_sigkill_at_each_step_of_a_save_keeps_the_answers_saved_before(scores: Path, via: str, phase: str, at: int) -> None:
    proc = start_writer("answers", scores, "--answers", 5, "--pause", phase, "--at", at, *VIA[via])
    lines = Lines(proc)
    lines.wait_for(f"paused {phase} {at}")
    kill(proc)
    assert [line for line in lines.rest() if line.startswith("saved")] == [f"saved {k}" for k in range(1, at)]

    # At most the answer in flight is lost: with the journal, once its line is all written (the
    # kernel has it, fsynced or not); a fold only ever starts once the answer is in the journal.
    if via == "store":
        kept = at - 1 if phase in BEFORE_REPLACE else at
    else:
        kept = at - 1 if phase in ("journal-locked", "journal-half-line") else at
    if kept == 0:
        assert not scores.exists()
    else:
        assert on_disk(scores) == {"version": VERSION, "sessions": [session("s", kept, 5)]}
    leftovers = temp_files(scores.parent)
    assert len(leftovers) == (1 if phase in TEMP_LEFT else 0)  # only the write in flight, never a finished one's

    resume_and_finish(scores, "s", 5)  # a leftover temp file is no obstacle
    assert on_disk(scores)["sessions"] == [session("s", 5, 5)]
    assert not journal_of(scores).exists()  # folded by the save
    kept_aside = sorted(p.name for p in scores.parent.iterdir() if ".journal.corrupt-" in p.name)
    assert len(kept_aside) == (1 if phase == "journal-half-line" else 0)  # half a line is kept, never dropped unseen


def journal_of(scores: Path) -> Path:
    return scores.with_name(scores.name + ".journal")


@pytest.mark.parametrize("phase", ["before-replace", "after-replace"])
def test_sigkill_while_moving_a_damaged_file_aside_keeps_its_bytes(scores: Path, phase: str) -> None:
    damaged = b'{"version": 1, "sessions": [{"id": "half'
    scores.write_bytes(damaged)
    proc = start_writer("load", scores, "--pause", phase, "--at", 0)
    lines = Lines(proc)
    lines.wait_for(f"paused {phase} 0")
    kill(proc)

    copies = [p for p in (scores, *corrupt_files(scores.parent)) if p.exists()]
    assert [p.read_bytes() for p in copies] == [damaged]  # in exactly one place, whole
    store = ScoreStore(scores)
    store.load()
    [moved] = corrupt_files(scores.parent)
    assert moved.read_bytes() == damaged
    assert len(store.notices) == (1 if phase == "before-replace" else 0)
    store.save_session(session_record("s", 1, 1))
    assert on_disk(scores)["sessions"] == [session("s", 1, 1)]


RANDOM_KILLS = 10


def test_sigkill_at_random_moments_loses_at_most_the_answer_in_flight(scores: Path) -> None:
    rng = random.Random(20261125)
    kept: dict[str, int] = {}
    for run in range(RANDOM_KILLS):
        sid = f"run{run}"
        proc = start_writer("answers", scores, "--session", sid, "--answers", 10_000, *(["--recorder"] if run % 3 == 2 else []))
        lines = Lines(proc)
        lines.wait_for(f"saved {rng.randint(1, 12)}")
        time.sleep(rng.uniform(0, 0.01))  # not a wait: it moves the kill to a random point of the next save
        kill(proc)
        acknowledged = max(int(line.split()[1]) for line in lines.rest() if line.startswith("saved "))

        saved = {s["id"]: s for s in on_disk(scores)["sessions"]}
        got = saved[sid]["answers"]
        assert acknowledged <= len(got) <= acknowledged + 1, (run, acknowledged, len(got))
        assert got == [answer(k) for k in range(1, len(got) + 1)]
        assert {s: len(saved[s]["answers"]) for s in kept} == kept  # earlier runs' sessions untouched
        kept[sid] = len(got)
        assert len(temp_files(scores.parent)) <= run + 1  # at most one per killed write
        store = ScoreStore(scores)
        store.load()
        assert store.notices == [] and store.read_only is None
    assert list(kept) == [f"run{r}" for r in range(RANDOM_KILLS)]


# --------------------------------------------------------------------------- several writers at once


@pytest.mark.parametrize("fold", [False, True], ids=["journal", "journal-and-folds"])
def test_several_processes_recording_at_once_keep_every_session(scores: Path, fold: bool) -> None:
    writers, sessions, answers = 5, 4, 5
    go = scores.parent / "go"
    procs = [
        start_writer(
            "many", scores, "--writer", f"w{w}", "--sessions", sessions, "--answers", answers, "--go", go, *(["--fold"] if fold else [])
        )
        for w in range(writers)
    ]
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=30)
        assert (proc.returncode, out.strip(), err) == (0, "done", "")

    saved = on_disk(scores)["sessions"]
    ids = [s["id"] for s in saved]
    assert len(ids) == len(set(ids)) == writers * sessions
    expected = {f"w{w}-{s}": session(f"w{w}-{s}", answers, answers) for w in range(writers) for s in range(sessions)}
    assert {s["id"]: s for s in saved} == expected
    assert temp_files(scores.parent) == []


# --------------------------------------------------------------------------- start-up with a damaged or newer file


def play(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m quiz` with stdin and stdout that are not a terminal: it loads the scores, warns, then exits 2."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=30,
    )


DAMAGED = {
    "not-json": b"scores: none\n",
    "truncated": json.dumps({"version": 1, "sessions": [session("a", 3, 3)]}).encode()[:-20],
    "not-utf8": b'{"version": 1, "sessions": [{"id": "caf\xe9"}]}',
    "wrong-shape": b'{"version": 1, "sessions": {"id": "a"}}',
}
HOW = [(kind, "flag") for kind in DAMAGED] + [("not-json", "env"), ("not-json", "default")]


@pytest.mark.parametrize(("kind", "how"), HOW)
def test_start_up_moves_a_damaged_file_aside_and_says_so_on_stderr(tmp_path: Path, kind: str, how: str) -> None:
    env = dict(os.environ)
    args: list[str] = []
    if how == "flag":
        path = tmp_path / "mine" / "scores.json"
        args = ["--scores", str(path)]
        env[paths.ENV_SCORES] = str(tmp_path / "not-this.json")  # the flag wins over the environment
    elif how == "env":
        path = tmp_path / "from-env.json"
        env[paths.ENV_SCORES] = str(path)
    else:
        path = Path(env[paths.ENV_DATA_DIR]) / "scores.json"  # conftest's temporary user data folder
    path.parent.mkdir(parents=True, exist_ok=True)
    original = DAMAGED[kind]
    path.write_bytes(original)

    result = play(args, tmp_path, env)

    assert result.returncode == 2
    assert "playing needs an interactive terminal" in result.stderr
    [moved] = corrupt_files(path.parent)
    assert re.fullmatch(re.escape(path.name) + r"\.corrupt-\d{8}-\d{6}(-\d+)?", moved.name)
    assert moved.read_bytes() == original
    assert not path.exists()
    assert f"warning: The score file {path} was damaged" in result.stderr
    assert str(moved) in result.stderr
    assert not (tmp_path / "not-this.json").exists()


def test_start_up_leaves_a_newer_file_byte_for_byte_unchanged(scores: Path) -> None:
    original = json.dumps({"version": VERSION + 1, "sessions": "kept as is", "other": [1, 2]}).encode()
    scores.write_bytes(original)
    mtime = scores.stat().st_mtime_ns
    for _ in range(2):
        result = play(["--scores", str(scores)], scores.parent)
        assert result.returncode == 2
        assert "newer oms-quiz" in result.stderr and "upgrade oms-quiz" in result.stderr
    assert scores.read_bytes() == original and scores.stat().st_mtime_ns == mtime
    assert corrupt_files(scores.parent) == [] and temp_files(scores.parent) == []


# --------------------------------------------------------------------------- a read-only folder and a full disk, for real


_PR_CAPBSET_DROP = 24
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None  # loaded before any fork


def _without_root_powers() -> None:
    """In the child before exec: drop every capability from the bounding set, so root obeys file modes like anyone."""
    assert _LIBC is not None
    for cap in range(64):
        _LIBC.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)


def run_once(scores: Path, *args: object, unprivileged: bool = False) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(WRITER), "once", str(scores), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        preexec_fn=_without_root_powers if unprivileged and ROOT else None,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    if ROOT and not sys.platform.startswith("linux"):
        pytest.skip("root ignores file modes and capabilities are Linux-only")
    folders: list[Path] = []

    def make(folder: Path) -> None:
        folder.chmod(0o500)
        folders.append(folder)

    yield make
    for folder in folders:
        folder.chmod(0o700)


@pytest.mark.parametrize("lock_file_exists", [False, True])
def test_a_real_read_only_folder(scores: Path, read_only_folder: Callable[[Path], None], lock_file_exists: bool) -> None:
    original = json.dumps({"version": 1, "sessions": [session("a", 1, 2)]}).encode()
    scores.write_bytes(original)
    if lock_file_exists:
        ScoreStore(scores).load()
    listing = sorted(p.name for p in scores.parent.iterdir())
    read_only_folder(scores.parent)

    result = run_once(scores, "--session", "a", "--answers", 2, unprivileged=True)

    assert result == {"notices": [], "read_only": None, "error": f"could not save to {scores}: Permission denied"}
    assert scores.read_bytes() == original
    assert sorted(p.name for p in scores.parent.iterdir()) == listing


@pytest.mark.parametrize("lock_file_exists", [False, True])
def test_a_damaged_file_in_a_real_read_only_folder_is_left_alone(
    scores: Path, read_only_folder: Callable[[Path], None], lock_file_exists: bool
) -> None:
    scores.write_bytes(b"not json")
    if lock_file_exists:
        Path(str(scores) + ".lock").touch(mode=0o600)
    read_only_folder(scores.parent)

    result = run_once(scores, unprivileged=True)

    assert result["read_only"] is not None and "damaged" in result["read_only"] and "moved aside" in result["read_only"]
    assert len(result["notices"]) == 1 and str(scores) in result["notices"][0]
    assert result["error"] == result["read_only"]
    assert scores.read_bytes() == b"not json"
    assert corrupt_files(scores.parent) == [] and temp_files(scores.parent) == []


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
def test_a_write_cut_short_by_the_file_size_limit_leaves_the_old_file(scores: Path) -> None:
    store = ScoreStore(scores)
    store.save_session(session_record("a", 3, 40))
    original = scores.read_bytes()

    # A file size limit makes the kernel refuse the write part way through, as a full disk does.
    result = run_once(scores, "--session", "a", "--answers", 40, "--limit", len(original) + 10)

    assert result["error"] == f"could not save to {scores}: File too large"
    assert scores.read_bytes() == original
    assert temp_files(scores.parent) == []


# --------------------------------------------------------------------------- signals to the running TUI


def saved_answers(scores: Path) -> list[dict[str, Any]] | None:
    try:
        return on_disk(scores)["sessions"][0]["answers"]
    except (FileNotFoundError, IndexError, KeyError, ValueError):
        return None


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_to_the_running_tui_saves_the_round_and_exits_cleanly(scores: Path, signame: str) -> None:
    terminal = Terminal(["--scores", str(scores), "--seed", "1", "--count", "3"], scores.parent)
    try:
        terminal.wait_for_text("palette")  # the footer: the start screen is up
        terminal.press("\r")  # Enter: start the round
        terminal.wait_for_text("Question 1/3")
        terminal.press("A")  # answer A, certain
        terminal.wait_for(lambda: saved_answers(scores) is not None, "the first answer on disk")
        [first] = on_disk(scores)["sessions"]
        assert first["ended"] is None and len(first["answers"]) == 1

        terminal.proc.send_signal(getattr(signal, signame))
        assert terminal.proc.wait(10) == 0
        terminal._reader.join(5)
    finally:
        terminal.close()

    [saved] = on_disk(scores)["sessions"]
    assert saved["id"] == first["id"] and saved["answers"] == first["answers"]
    assert saved["ended"] is not None  # the signal ended the round and that was saved before the exit
    assert json.loads(scores.read_text(encoding="utf-8"))["sessions"] == [saved]  # in the score file itself:
    assert not journal_of(scores).exists()  # the journal was folded before the exit
    screen = terminal.screen()
    assert b"\x1b[?1049l" in screen  # left the alternate screen: the terminal is given back
    assert b"Traceback" not in screen
    assert temp_files(scores.parent) == []


def test_a_tui_round_on_a_newer_file_leaves_it_unchanged(scores: Path) -> None:
    original = json.dumps({"version": VERSION + 1, "sessions": []}).encode()
    scores.write_bytes(original)
    terminal = Terminal(["--scores", str(scores), "--seed", "1", "--count", "2"], scores.parent)
    try:
        terminal.wait_for_text("palette")  # the footer: the start screen is up
        terminal.press("\r")
        terminal.wait_for_text("Question 1/2")
        terminal.press("a3")  # answer A, certain
        terminal.wait_for(lambda: b"Correct!" in terminal.screen() or b"Wrong, and you" in terminal.screen(), "the verdict")
        terminal.press("\r")
        terminal.wait_for_text("Question 2/2")
        terminal.press("b")
        terminal.proc.send_signal(signal.SIGTERM)
        assert terminal.proc.wait(10) == 0
        terminal._reader.join(5)
    finally:
        terminal.close()
    assert b"upgrade oms-quiz" in terminal.screen()
    assert scores.read_bytes() == original
    assert corrupt_files(scores.parent) == [] and temp_files(scores.parent) == []
