#!/usr/bin/env python3
"""Benchmark oms-quiz against a bare Textual app, from the outside, in one run.

Each app is started in a pseudo-terminal (80x24, TERM=xterm-256color) and its
output is fed to a pyte screen; a figure is the time until a given text is on
that screen. The bare app (benchmarks/bare_app.py) runs with the same Python
and the same Textual, so the ratios say what oms-quiz adds to Textual itself.

    python benchmarks/bench.py                 # 5 repeats, writes benchmarks/results.json
    python benchmarks/bench.py --quick         # 1 repeat, small inputs (the test uses this)

Needs Linux (pty, /proc) and pyte (`pip install '.[bench]'`). The score, data,
settings and cache folders are always temporary ones: the benchmark never
touches your real oms-quiz data. See benchmarks/README.md for the figures and
their targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import math
import os
import platform
import pty
import random
import re
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BARE_APP = HERE / "bare_app.py"
FLOOR_APP = HERE / "floor_app.py"
DEFAULT_JSON = HERE / "results.json"

COLS, ROWS = 80, 24
SIZES = ((80, 24), (160, 50))  # answer latency is measured at both
START_MARKER = "questions match"  # the start screen's "N questions match: ..." line
BARE_MARKER = "Bare Textual app ready"  # bare_app.READY (not imported: bench.py must not import Textual)
FLOOR_MARKER = "Floor app ready"  # floor_app.READY
VERDICTS = ("Correct!", "Wrong.", "Wrong,")
SETTLE_QUIET = 0.1  # before a timed key press, wait until the app has written nothing for this long
SETTLE_MAX = 2.0

SOURCE_SENTENCES = (
    "The synthetic source describes a made-up condition for benchmarking only.",
    "Its first sign is a steady hum that nobody else can hear.",
    "A second sign is a habit of counting stairs twice on every flight.",
    "Doctors in the story diagnose it by asking the patient to whistle.",
    "The condition is treated with rest, tea and patience over several weeks.",
    "Most patients in the story recover fully within one season.",
    "Relapses are said to follow long train journeys or loud concerts.",
    "None of this text describes a real illness or a real treatment.",
)
SYNTHETIC_TOPICS = {"signs": "Signs", "diagnosis": "Diagnosis", "treatment": "Treatment", "outlook": "Outlook"}


def showing(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def feedback_showing(progress: str) -> Callable[[str], bool]:
    """The question's feedback is up: still its progress line, now with a verdict."""
    return lambda screen: progress in screen and any(v in screen for v in VERDICTS)


def question_showing(progress: str) -> Callable[[str], bool]:
    """The next question is up: its progress line, and no verdict of the one before."""
    return lambda screen: progress in screen and not any(v in screen for v in VERDICTS)


class BenchError(Exception):
    """A measurement that could not be taken; the message says what the screen showed."""


# ---------------------------------------------------------------------------
# A program in a pseudo-terminal, read through a pyte screen


class Terminal:
    """One program run in a pseudo-terminal of `size` (COLS x ROWS unless told), its output kept on a pyte screen."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: Path | None = None, size: tuple[int, int] = (COLS, ROWS)) -> None:
        self.argv = list(argv)
        cols, rows = size
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self._unfed: list[bytes] = []  # read, not yet drawn on the screen
        self.eof = False
        self.status: int | None = None
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the program can ask, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd is not None:
                    os.chdir(cwd)
                os.execvpe(self.argv[0], self.argv, env)
            except BaseException as exc:  # noqa: BLE001 - anything here must end the child
                os.write(2, f"bench: cannot run {self.argv[0]}: {exc}\r\n".encode())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def text(self) -> str:
        self._feed_unfed()
        return "\n".join(self.screen.display)

    def _feed_unfed(self) -> None:
        while self._unfed:
            self.stream.feed(self._unfed.pop(0))

    def wait_for_output(self, marker: bytes, timeout: float) -> float:
        """Read until `marker` is in what the program wrote; the perf_counter time of that read.

        The bytes are looked at before the VT emulator draws them (pyte takes ~20 ms over a full
        screen), so a key sent next goes out as soon as a person could see the text: only for a
        marker the program writes in one piece, as Textual writes one line of one style.
        """
        deadline = time.perf_counter() + timeout
        tail = b""
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or self.eof:
                raise BenchError(f"{marker!r} not written after {timeout:g} s; {self._describe()}")
            stamp = self._read(min(left, 0.5))
            if stamp is None:
                continue
            data = self._unfed[-1]
            if marker in tail + data:
                return stamp
            tail = (tail + data)[-len(marker) :]

    def pump(self, timeout: float) -> float | None:
        """Read what the program wrote within `timeout` seconds onto the screen; the read time, or None."""
        stamp = self._read(timeout)
        self._feed_unfed()
        return stamp

    def _read(self, timeout: float) -> float | None:
        """Read what the program wrote within `timeout` seconds, not drawn yet; the read time, or None."""
        if self.eof:
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            data = b""
        stamp = time.perf_counter()
        if not data:
            self.eof = True
            return None
        self._unfed.append(data)
        return stamp

    def wait_for(self, what: str, test: Callable[[str], bool], timeout: float) -> float:
        """Read until `test(screen text)` holds; the perf_counter time of the read that made it hold."""
        deadline = time.perf_counter() + timeout
        if test(self.text()):
            return time.perf_counter()
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise BenchError(f"{what} not on screen after {timeout:g} s; {self._describe()}")
            stamp = self.pump(min(left, 0.5))
            if stamp is not None and test(self.text()):
                return stamp
            if self.eof:
                raise BenchError(f"the program ended before {what} was on screen; {self._describe()}")

    def settle(self, quiet: float = SETTLE_QUIET, longest: float = SETTLE_MAX) -> None:
        """Read until the program has been silent for `quiet` seconds (at most `longest` in all)."""
        deadline = time.perf_counter() + longest
        while not self.eof and time.perf_counter() < deadline:
            if self.pump(min(quiet, deadline - time.perf_counter())) is None:
                return

    def drain(self) -> None:
        """Empty the pty's buffer (a full one would stall the program and the timing); drawn later."""
        while self._read(0) is not None:
            pass

    def send(self, keys: bytes) -> float:
        """Write keys as the user types them; the perf_counter time of the write."""
        self.drain()
        stamp = time.perf_counter()
        os.write(self.fd, keys)
        return stamp

    def peak_rss_kb(self) -> int:
        """VmHWM (the peak resident set size) of the program, from /proc."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.M)
        if not match:
            raise BenchError(f"no VmHWM in /proc/{self.pid}/status")
        return int(match.group(1))

    def cpu_seconds(self) -> float:
        """User + system CPU time the program (all its threads) has used so far, from /proc."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime

    def _reap(self) -> bool:
        if self.status is not None:
            return True
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return False
        self.status = os.waitstatus_to_exitcode(status)
        return True

    def _wait_exit(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self._reap():
                return True
            self.pump(0.05)  # keep reading, or a program writing its last frame would block
        return self._reap()

    def close(self) -> None:
        """End the program: `q`, then SIGTERM, then SIGKILL, each given its time."""
        try:
            if not self._reap():
                try:
                    os.write(self.fd, b"q")
                except OSError:
                    pass
                if not self._wait_exit(5.0):
                    os.kill(self.pid, signal.SIGTERM)
                    if not self._wait_exit(3.0):
                        os.kill(self.pid, signal.SIGKILL)
                        self._wait_exit(3.0)
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass

    def _describe(self) -> str:
        lines = [line.rstrip() for line in self.screen.display]
        while lines and not lines[-1]:
            lines.pop()
        shown = "\n".join("    | " + line for line in lines) or "    (empty)"
        return f"command: {shlex.join(self.argv)}\n  screen:\n{shown}"


# ---------------------------------------------------------------------------
# Isolation: every folder oms-quiz could write to is a temporary one


class Sandbox:
    """Temporary folders for one run of the benchmark; every program gets its own data, score and cache folders."""

    def __init__(self, parent: str | None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="oms-quiz-bench-", dir=parent))
        self._count = 0

    def folder(self, name: str) -> Path:
        self._count += 1
        path = self.root / f"{self._count:03d}-{name}"
        path.mkdir(parents=True)
        return path

    def env(self, home: Path, *, scores: Path | None = None, cache: Path | None = None) -> dict[str, str]:
        """The environment for one program: a clean terminal and private oms-quiz folders under `home`."""
        drop = ("OMS_QUIZ_", "TEXTUAL", "XDG_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        # PYTHONDONTWRITEBYTECODE would make an editable install compile every module on every
        # start, which a user's install (pip compiles at install time) never does.
        for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM_PROGRAM", "PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        data = home / "data"
        env.update(
            TERM="xterm-256color",
            COLORTERM="truecolor",
            OMS_QUIZ_DATA_DIR=str(data),
            OMS_QUIZ_SCORES=str(scores or data / "scores.json"),
            OMS_QUIZ_CACHE_DIR=str(cache or home / "cache"),
            XDG_DATA_HOME=str(home / "xdg-data"),
            XDG_CACHE_HOME=str(home / "xdg-cache"),
            XDG_CONFIG_HOME=str(home / "xdg-config"),
            XDG_STATE_HOME=str(home / "xdg-state"),
        )
        return env

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def isolate_this_process(sandbox: Sandbox) -> None:
    """The in-process measurements (quiz.deck, quiz.store) also use temporary folders only."""
    home = sandbox.folder("in-process")
    for key in [k for k in os.environ if k.startswith("OMS_QUIZ_")]:
        del os.environ[key]
    os.environ.update(
        OMS_QUIZ_DATA_DIR=str(home / "data"),
        OMS_QUIZ_SCORES=str(home / "data" / "scores.json"),
        OMS_QUIZ_CACHE_DIR=str(home / "cache"),
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_CACHE_HOME=str(home / "xdg-cache"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_STATE_HOME=str(home / "xdg-state"),
    )


# ---------------------------------------------------------------------------
# Inputs: a synthetic deck and a score file with many sessions


def write_synthetic_deck(folder: Path, questions: int, files: int) -> list[Path]:
    """A valid deck of `questions` questions in `files` files; every explanation quotes a source sentence verbatim."""
    folder.mkdir(parents=True, exist_ok=True)
    topics = "\n".join(f"  {slug}: {title}" for slug, title in SYNTHETIC_TOPICS.items())
    (folder / "deck.yaml").write_text(
        f"title: Synthetic benchmark deck\nsource: source.md\nattribution: Generated by benchmarks/bench.py\ntopics:\n{topics}\n",
        encoding="utf-8",
    )
    paragraphs = [" ".join(SOURCE_SENTENCES[i : i + 3]) for i in range(0, len(SOURCE_SENTENCES), 3)]
    (folder / "source.md").write_text("# Synthetic source\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    slugs = list(SYNTHETIC_TOPICS)
    per_file = math.ceil(questions / files)
    written: list[Path] = []
    number = 0
    for index in range(files):
        lines: list[str] = []
        for _ in range(per_file):
            if number >= questions:
                break
            number += 1
            quote = SOURCE_SENTENCES[number % len(SOURCE_SENTENCES)]
            second = SOURCE_SENTENCES[(number + 3) % len(SOURCE_SENTENCES)]
            lines += [
                f"- id: synthetic-{number:05d}",
                f"  topic: {slugs[number % len(slugs)]}",
                f"  question: Synthetic question {number}, which of these statements about item {number} is right?",
                f"  answer: Statement {number} is the right one",
                "  distractors:",
                f"    - Statement {number} is the first wrong one",
                f"    - Statement {number} is the second wrong one",
                f"    - Statement {number} is the third wrong one",
            ]
            if number % 5 == 0:  # some explanations quote two sentences, as a list
                lines += ["  explanation:", f"    - {json.dumps(quote)}", f"    - {json.dumps(second)}", ""]
            else:
                lines += [f"  explanation: {json.dumps(quote)}", ""]
        path = folder / f"part-{index + 1:02d}.yaml"
        path.write_text("\n".join(lines), encoding="utf-8")
        written.append(path)
    return written


def write_score_file(path: Path, sessions: int, answers_per_session: int = 10, seed: int = 1) -> int:
    """A score file as oms-quiz writes it (docs/score-file.md: one session per line, `quiz.scores.dump`'s
    bytes), with `sessions` sessions of the bundled deck's real questions. Streamed, and each question's
    JSON encoded once: 50,000 sessions (99 MB) take a few seconds and little memory."""
    from quiz import paths
    from quiz.deck import load_deck

    deck = load_deck(paths.bundled_decks_dir() / paths.DEFAULT_DECK)

    def enc(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    # Per question: the answer's text before "choice", the right choice, the wrong ones, and what follows "correct".
    encoded = [
        (f'{{"id": {enc(q.id)}, "choice": ', enc(q.answer), [enc(d) for d in q.distractors], f', "hash": {enc(q.content_hash)}, "at": "')
        for q in deck.questions
    ]
    deck_slug = enc(deck.slug)
    separator = ",\n"
    rng = random.Random(seed)  # drawn from in the same order as ever: the same file for the same seed
    start = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
    step = dt.timedelta(hours=7)
    k = min(answers_per_session, len(encoded))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"version": 1, "sessions": [\n')
        for number in range(sessions):
            began = start + step * number
            clock = began
            answers = []
            for first, right, wrong, last in rng.sample(encoded, k):
                seconds = round(rng.uniform(2, 30), 2)
                clock += dt.timedelta(seconds=seconds)
                correct = rng.random() < 0.7
                choice = right if correct else rng.choice(wrong)
                at = clock.isoformat(timespec="seconds")
                verdict = "true" if correct else "false"
                answers.append(f'{first}{choice}, "correct": {verdict}, "seconds": {seconds!r}{last}{at}"}}')
            ident = uuid.UUID(int=rng.getrandbits(128)).hex
            began_at, ended_at = began.isoformat(timespec="seconds"), clock.isoformat(timespec="seconds")
            joined = ", ".join(answers)
            out.write(
                f'{separator if number else ""}{{"id": "{ident}", "deck": {deck_slug}, "mode": "practice", '
                f'"started": "{began_at}", "ended": "{ended_at}", "total": {len(answers)}, "answers": [{joined}]}}'
            )
        out.write("\n]}\n")
    os.chmod(path, 0o600)
    return len(deck.questions)


def size_label(sessions: int) -> str:
    return f"{sessions // 1000}k" if sessions >= 1000 and sessions % 1000 == 0 else str(sessions)


def disk_state(scores: Path) -> tuple[int, tuple[int, ...]]:
    """What changes when an answer reaches the disk: the journal's size (0 while there is none), and
    the score file's inode, size and modification time (empty while there is none)."""
    journal = scores.with_name(scores.name + ".journal")
    try:
        grown = journal.stat().st_size
    except FileNotFoundError:
        grown = 0
    try:
        st = scores.stat()
        written: tuple[int, ...] = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        written = ()
    return grown, written


def disk_change(before: tuple[int, tuple[int, ...]], now: tuple[int, tuple[int, ...]]) -> str | None:
    """Which file shows a new answer: the journal grew (created empty is not yet an answer), or the
    score file was replaced or rewritten; None while neither."""
    if now[0] > before[0]:
        return "journal"
    if now[1] != before[1]:
        return "scores.json"
    return None


# ---------------------------------------------------------------------------
# Measurements


@dataclass
class Figure:
    """One row of the table."""

    key: str
    label: str
    unit: str  # "s", "ms", "MB" or "" (a count)
    value: float | None = None
    bare: float | None = None
    target: str = "info"
    limit: float | None = None  # the value must be <= limit (or < limit when strict)
    max_ratio: float | None = None  # or: the ratio to the bare app must be <= this
    strict: bool = False
    samples: list[float] = field(default_factory=list)
    bare_samples: list[float] = field(default_factory=list)
    paired: bool = False  # samples[i] and bare_samples[i] were launched one after the other
    pair_ratios: list[float] = field(default_factory=list)  # or: each pair's ratio, worked out by the measurement
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        """For paired launches, the median of each pair's ratio: a machine whose speed drifts
        during the run moves both launches of a pair alike. Otherwise, the ratio of the medians."""
        if self.pair_ratios:
            return median(self.pair_ratios)
        if self.paired and self.samples and len(self.samples) == len(self.bare_samples):
            return median([ours / bare for ours, bare in zip(self.samples, self.bare_samples)])
        if self.value is None or not self.bare:
            return None
        return self.value / self.bare

    @property
    def result(self) -> str:
        if self.error is not None or self.value is None:
            return "ERROR"
        if self.max_ratio is not None:
            return "PASS" if self.ratio is not None and self.ratio <= self.max_ratio else "FAIL"
        if self.limit is None:
            return "info"
        ok = self.value < self.limit if self.strict else self.value <= self.limit
        return "PASS" if ok else "FAIL"

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "bare": self.bare,
            "ratio": self.ratio,
            "target": self.target,
            "limit": self.limit,
            "max_ratio": self.max_ratio,
            "paired": self.paired,
            "pair_ratios": self.pair_ratios,
            "result": self.result,
            "samples": self.samples,
            "bare_samples": self.bare_samples,
            "error": self.error,
        }


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.quick: bool = args.quick
        self.repeat: int = args.repeat
        self.command: list[str] = args.command
        self.timeout: float = args.timeout
        self.sandbox = Sandbox(args.tmp_dir)
        self.figures: dict[str, Figure] = {}
        self.details: dict[str, Any] = {}
        self.only: set[str] = set(args.only or ())
        self.deck_size = 200 if self.quick else 10_000
        self.deck_files = 2 if self.quick else 10
        self.round_size = 3 if self.quick else 10
        self.bare_command = [sys.executable, str(BARE_APP)]
        self.floor_command = [sys.executable, str(FLOOR_APP)]
        self.parse_cache = self.sandbox.folder("parse-cache") / "oms-quiz"  # shared by the usual starts

    # -- helpers ------------------------------------------------------------

    def log(self, message: str) -> None:
        if not self.args.silent:
            print(message, file=sys.stderr, flush=True)

    def add(self, figure: Figure) -> Figure:
        self.figures[figure.key] = figure
        return figure

    def launch(self, argv: Sequence[str], name: str, size: tuple[int, int] = (COLS, ROWS), **env: Any) -> Terminal:
        home = self.sandbox.folder(name)
        return Terminal(argv, self.sandbox.env(home, **env), cwd=home, size=size)

    def first_screen(self, argv: Sequence[str], marker: str, name: str, **env: Any) -> tuple[float, int, float]:
        """Seconds from spawn until `marker` is on screen, the peak RSS (kB) once the screen is idle,
        and the CPU seconds the program had used when the marker showed."""
        term = self.launch(argv, name, **env)
        try:
            hit = term.wait_for(repr(marker), lambda s: marker in s, self.timeout)
            cpu = term.cpu_seconds()
            term.settle()
            return hit - term.t0, term.peak_rss_kb(), cpu
        finally:
            term.close()

    def group(self, name: str, keys: Sequence[str], run: Callable[[], None]) -> None:
        """Run one group of measurements; a failure marks its rows ERROR and the run goes on."""
        self.log(f"- {name}")
        started = time.perf_counter()
        try:
            run()
        except Exception as exc:  # noqa: BLE001 - reported in the table and the JSON
            message = f"{type(exc).__name__}: {exc}"
            self.log(f"  ERROR {message}")
            if self.args.verbose:
                traceback.print_exc()
            for key in keys:
                self.figures[key].error = message
        self.log(f"  ({time.perf_counter() - started:.1f} s)")

    # -- the measurements ---------------------------------------------------

    def warm_up(self) -> None:
        """One untimed launch of each app, so that neither pays for cold .pyc files or a cold disk cache.
        oms-quiz's also fills the parse cache that the usual starts below share, as a user's starts do."""
        self.first_screen(self.bare_command, BARE_MARKER, "warm-up")
        self.first_screen(self.command, START_MARKER, "warm-up", cache=self.parse_cache)

    def bare_first_screen(self) -> float:
        """The bare app's first screen (s), taken again beside each group of measurements: the
        machine's speed can drift within a run, and each ratio compares launches made together."""
        return self.first_screen(self.bare_command, BARE_MARKER, "bare")[0]

    def measure_first_screen(self) -> None:
        screen = self.add(Figure("first_screen_s", "First screen, a usual start (start screen vs bare label)", "s"))
        cpu = self.add(Figure("first_screen_cpu_s", "CPU time used by then (user+sys)", "s"))
        rss = self.add(Figure("peak_rss_mb", "Peak RSS at first screen (VmHWM)", "MB"))
        first = self.add(Figure("first_screen_empty_cache_s", "First screen, the very first start (empty parse cache)", "s"))

        def run() -> None:
            for _ in range(self.repeat):  # interleaved, so that load on the machine hits both alike
                seconds, kb, used = self.first_screen(self.bare_command, BARE_MARKER, "bare")
                screen.bare_samples.append(seconds)
                cpu.bare_samples.append(used)
                rss.bare_samples.append(kb / 1024)
                seconds, kb, used = self.first_screen(self.command, START_MARKER, "first-screen", cache=self.parse_cache)
                screen.samples.append(seconds)
                cpu.samples.append(used)
                rss.samples.append(kb / 1024)
                # A new cache folder: the bundled deck's YAML is parsed, as on the first start after installing.
                first.samples.append(self.first_screen(self.command, START_MARKER, "first-start")[0])
            for fig in (screen, cpu, rss):
                fig.value, fig.bare = median(fig.samples), median(fig.bare_samples)
            for fig in (screen, rss):
                fig.paired, fig.max_ratio, fig.target = True, 1.25, "<= 1.25x bare"
            first.value, first.bare = median(first.samples), screen.bare
            first.bare_samples = list(screen.bare_samples)
            first.paired = cpu.paired = True

        self.group("first screen and peak memory", [screen.key, cpu.key, rss.key, first.key], run)

    def practice_round(self, size: tuple[int, int] = (COLS, ROWS)) -> list[float]:
        """Latencies (s) from pressing `A` (Shift+a: answer A, certain) to the verdict on screen, over one practice round."""
        n = self.round_size
        term = self.launch([*self.command, "--mode", "practice", "--count", str(n)], "practice-round", size=size, cache=self.parse_cache)
        latencies = []
        try:
            term.wait_for(repr(START_MARKER), lambda s: START_MARKER in s, self.timeout)
            term.settle()
            term.send(b"\r")
            for k in range(1, n + 1):
                progress = f"Question {k}/{n}"
                term.wait_for(repr(progress), question_showing(progress), self.timeout)
                term.settle()
                pressed = term.send(b"A")  # the confidence in the same key press: the verdict follows at once
                shown = term.wait_for("the verdict", lambda s: any(v in s for v in VERDICTS), self.timeout)
                latencies.append(shown - pressed)
                if k < n:
                    term.settle()
                    term.send(b"\r")
            term.settle()
        finally:
            term.close()
        return latencies

    def floor_presses(self, size: tuple[int, int] = (COLS, ROWS)) -> list[float]:
        """The floor app's latencies (s): `A` shows a verdict and a quoted paragraph, Enter clears them."""
        term = self.launch(self.floor_command, "floor-presses", size=size)
        latencies = []
        try:
            term.wait_for(repr(FLOOR_MARKER), lambda s: FLOOR_MARKER in s, self.timeout)
            for k in range(1, self.round_size + 1):
                term.settle()
                marker = f"(answer {k})"
                pressed = term.send(b"A")
                shown = term.wait_for(repr(marker), showing(marker), self.timeout)
                latencies.append(shown - pressed)
                term.settle()
                term.send(b"\r")
        finally:
            term.close()
        return latencies

    def measure_answers(self) -> None:
        figures = []
        for cols, rows in SIZES:
            tag = "" if (cols, rows) == (COLS, ROWS) else f"_{cols}x{rows}"
            mid = self.add(Figure(f"answer_latency_median{tag}_ms", f"Answer latency at {cols}x{rows}, median (vs the floor app)", "ms"))
            top = self.add(Figure(f"answer_latency_p95{tag}_ms", f"Answer latency at {cols}x{rows}, p95 (vs the floor app)", "ms"))
            figures.append(((cols, rows), mid, top))

        def run() -> None:
            for size, mid, top in figures:
                ours: list[float] = []
                floor: list[float] = []
                for _ in range(self.repeat):  # interleaved, so that load on the machine hits both alike
                    floor_round = [s * 1000 for s in self.floor_presses(size)]
                    our_round = [s * 1000 for s in self.practice_round(size)]
                    # A pair: a floor round and an oms-quiz round launched one after the other.
                    mid.pair_ratios.append(median(our_round) / median(floor_round))
                    floor += floor_round
                    ours += our_round
                mid.samples = top.samples = ours
                mid.bare_samples = top.bare_samples = floor
                mid.value, mid.bare = median(ours), median(floor)
                top.value, top.bare = p95(ours), p95(floor)
                mid.max_ratio, mid.target = 1.5, "<= 1.5x floor"
                top.limit, top.target, top.strict = 40.0, "< 40 ms", True

        keys = [fig.key for _, mid, top in figures for fig in (mid, top)]
        self.group(f"answer latency (practice rounds at {', '.join(f'{c}x{r}' for c, r in SIZES)}, vs the floor app)", keys, run)

    def to_first_question(self, deck: Path, cache: Path, name: str) -> tuple[float, float, float]:
        """Seconds from spawn to the start screen, and to the first question (Enter pressed as soon as
        the start screen shows); and the CPU seconds used by then."""
        term = self.launch([*self.command, "--questions", str(deck)], name, cache=cache)
        try:
            start = term.wait_for_output(START_MARKER.encode(), self.timeout)
            term.send(b"\r")
            first = term.wait_for("'Question 1/'", lambda s: "Question 1/" in s, self.timeout)
            cpu = term.cpu_seconds()
            term.settle()
            return start - term.t0, first - term.t0, cpu
        finally:
            term.close()

    def measure_big_deck(self) -> None:
        size = f"{self.deck_size:,}-question deck"
        cold = self.add(Figure("big_deck_cold_s", f"{size}: cold start to 1st question", "s"))
        warm = self.add(Figure("big_deck_warm_s", f"{size}: warm start to 1st question", "s"))
        parse = self.add(Figure("big_deck_parse_s", f"{size}: yaml.CSafeLoader parse, in-process", "s"))
        load = self.add(Figure("big_deck_load_s", f"{size}: load_deck in-process, empty cache", "s"))

        def run() -> None:
            folder = self.sandbox.folder("synthetic-deck") / "synthetic"
            files = write_synthetic_deck(folder, self.deck_size, self.deck_files)
            self.details["synthetic_deck"] = {
                "questions": self.deck_size,
                "files": len(files),
                "bytes": sum(p.stat().st_size for p in [*files, folder / "deck.yaml", folder / "source.md"]),
            }
            self.check_deck(folder, load)
            self.measure_parse(folder, files, parse)
            starts: dict[str, list[float]] = {"cold": [], "warm": []}
            cpus: dict[str, list[float]] = {"cold": [], "warm": []}
            bare_samples: list[float] = []
            for _ in range(self.repeat):
                bare_samples.append(self.bare_first_screen())
                cache = self.sandbox.folder("cache") / "oms-quiz"  # does not exist yet: a truly empty cache
                for fig, kind in ((cold, "cold"), (warm, "warm")):
                    start, first, cpu = self.to_first_question(folder, cache, f"deck-{kind}")
                    fig.samples.append(first)
                    starts[kind].append(start)
                    cpus[kind].append(cpu)
            self.details["big_deck_start_screen_s"] = {k: median(v) for k, v in starts.items()}
            self.details["big_deck_cpu_at_first_question_s"] = {k: median(v) for k, v in cpus.items()}
            for fig in (cold, warm, parse, load):
                fig.value = median(fig.samples)
            cold.bare_samples = warm.bare_samples = bare_samples
            bare = cold.bare = warm.bare = median(bare_samples)
            cold.limit = bare + 1.1 * parse.value
            cold.target = f"<= bare + 1.1x parse ({cold.limit:.3f} s)"
            warm.paired, warm.max_ratio, warm.target = True, 1.5, "<= 1.5x bare"
            cold.paired = True

        self.group(f"{size}: cold and warm start", [cold.key, warm.key, parse.key, load.key], run)

    def check_deck(self, folder: Path, load: Figure) -> None:
        """The synthetic deck must be valid (or the figures would time a smaller deck); load_deck is timed
        on the way, each time with an empty cache folder."""
        from quiz.deck import load_deck

        for _ in range(self.repeat):
            os.environ["OMS_QUIZ_CACHE_DIR"] = str(self.sandbox.folder("in-process-cache") / "oms-quiz")  # a cold cache each time
            started = time.perf_counter()
            deck = load_deck(folder)
            load.samples.append(time.perf_counter() - started)
            errors = [p for p in deck.problems if p.severity == "error"]
            if errors or len(deck.questions) != self.deck_size:
                shown = "; ".join(str(p) for p in errors[:3])
                raise BenchError(f"the synthetic deck loads {len(deck.questions)} of {self.deck_size} questions: {shown}")

    def measure_parse(self, folder: Path, files: list[Path], parse: Figure) -> None:
        import yaml

        loader = getattr(yaml, "CSafeLoader", None)
        if loader is None:
            raise BenchError("PyYAML was built without libyaml: no yaml.CSafeLoader")
        paths = [folder / "deck.yaml", *files]
        for _ in range(max(self.repeat, 3)):
            started = time.perf_counter()
            for path in paths:
                yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - CSafeLoader is safe
            parse.samples.append(time.perf_counter() - started)

    def score_file(self, sessions: int) -> Path:
        """The score file of `sessions` sessions for this run (written once, copied for each launch)."""
        master = self.sandbox.root / f"score-file-{sessions}" / "scores.json"
        if not master.exists():
            started = time.perf_counter()
            write_score_file(master, sessions)
            self.details.setdefault("score_files", {})[str(sessions)] = {
                "bytes": master.stat().st_size,
                "written_in_s": round(time.perf_counter() - started, 1),
            }
        return master

    def user_copy(self, sessions: int, name: str) -> tuple[Path, Path]:
        """A user's folder holding a copy of the score file, and the cache folder their starts share."""
        home = self.sandbox.folder(name)
        scores = home / "data" / "scores.json"
        scores.parent.mkdir(parents=True)
        shutil.copy2(self.score_file(sessions), scores)
        # The copy's 100 MB must not still be on their way to the disk: the app's first fsyncs would
        # wait for them, and the figures would time the benchmark's own writing.
        os.sync()
        return scores, home / "cache"

    def start_once(self, scores: Path, cache: Path, wait_for_summary: bool) -> tuple[float, Terminal]:
        """oms-quiz on `scores`: the seconds to the start screen (which must show 'Last score'), and the terminal."""
        argv = [*self.command, "--mode", "practice", "--count", str(self.round_size)]
        term = self.launch(argv, "sessions-start", scores=scores, cache=cache)
        hit = term.wait_for(repr(START_MARKER), lambda s: START_MARKER in s, self.timeout)
        if "Last score" not in term.text():
            term.close()
            raise BenchError("the start screen did not show 'Last score': the score file was not read as a valid one")
        if wait_for_summary:  # written once the whole history is read, after the first frame
            deadline = time.perf_counter() + self.timeout
            summaries = cache / "scores"
            while not (summaries.is_dir() and any(summaries.glob("*.json"))):
                if time.perf_counter() > deadline:
                    term.close()
                    raise BenchError(f"no summary of the score file in {cache / 'scores'}")
                term.pump(0.05)
        return hit - term.t0, term

    def quit_and_wait(self, term: Terminal) -> None:
        """`q`, then wait (long) for the exit: folding a long history into the score file takes its time."""
        try:
            term.settle()
            os.write(term.fd, b"q")
        except OSError:
            pass
        if not term._wait_exit(self.timeout):
            raise BenchError(f"oms-quiz did not exit within {self.timeout:g} s of 'q'")
        term.close()

    def durable_round(self, term: Terminal, scores: Path, seen: dict[str, int]) -> list[float]:
        """From the start screen: a practice round; for each answer but the last (mid-round, not the
        round's end, which also folds the journal into the score file), the ms from the key press until
        it is on disk (the journal grew, or the score file changed), polled from outside every 0.2 ms.
        `seen` counts which of the two showed it."""
        n = self.round_size
        term.settle()
        term.send(b"\r")
        times = []
        for k in range(1, n + 1):
            progress = f"Question {k}/{n}"
            term.wait_for(repr(progress), question_showing(progress), self.timeout)
            term.settle()
            if k == n:  # the round's last answer ends it: not timed
                term.send(b"A")
                term.wait_for("the verdict", lambda s: any(v in s for v in VERDICTS), self.timeout)
                break
            before = disk_state(scores)
            pressed = term.send(b"A")
            deadline = pressed + self.timeout
            while (changed := disk_change(before, disk_state(scores))) is None:
                if time.perf_counter() > deadline:
                    raise BenchError(f"answer {k} not on disk after {self.timeout:g} s (no {scores.name}.journal, {scores.name} unchanged)")
                term._read(0.0002)  # keep the pty drained, or the app would block writing its screen
            times.append((time.perf_counter() - pressed) * 1000)
            seen[changed] = seen.get(changed, 0) + 1
            # Mid-round: the same question, now with its feedback.
            term.wait_for(f"the verdict under {progress!r}", feedback_showing(progress), self.timeout)
            term.settle()
            term.send(b"\r")
        return times

    def measure_sessions(self) -> None:
        starts = (50,) if self.quick else (1_000, 10_000)
        durables = (50, 200) if self.quick else (1_000, 10_000, 50_000)
        first: dict[int, Figure] = {}
        for n in starts:
            first[n] = self.add(Figure(f"sessions_{size_label(n)}_start_s", f"{n:,} sessions: start to start screen (vs bare)", "s"))
        biggest = starts[-1]
        cold = self.add(
            Figure(f"sessions_{size_label(biggest)}_cold_start_s", f"{biggest:,} sessions: start, summary not cached yet (vs bare)", "s")
        )
        durable: dict[int, tuple[Figure, Figure]] = {}
        for n in durables:
            mid = self.add(Figure(f"sessions_{size_label(n)}_on_disk_ms", f"{n:,} sessions: answer on disk after the key, median", "ms"))
            top = self.add(Figure(f"sessions_{size_label(n)}_on_disk_p95_ms", f"{n:,} sessions: answer on disk after the key, p95", "ms"))
            durable[n] = (mid, top)
        record = self.add(Figure("record_answer_ms", f"{durables[-1]:,} sessions: record one answer, in-process", "ms"))
        seen_by: dict[str, dict[str, int]] = {}
        self.details["on_disk_seen_in"] = seen_by  # per size: how many answers the journal showed first, how many the score file

        def run() -> None:
            for n in sorted(set(starts) | set(durables)):
                scores, cache = self.user_copy(n, f"sessions-{n}")
                # A first start reads the whole file and caches the summary; later starts use it.
                seconds, term = self.start_once(scores, cache, wait_for_summary=True)
                if n == biggest:
                    cold.samples.append(seconds)
                    cold.bare_samples.append(self.bare_first_screen())
                self.quit_and_wait(term)
                samples: list[float] = []
                seen = seen_by.setdefault(str(n), {}) if n in durable else {}
                for _ in range(self.repeat):
                    bare = self.bare_first_screen() if n in first else None
                    seconds, term = self.start_once(scores, cache, wait_for_summary=False)
                    if n in first and bare is not None:
                        first[n].samples.append(seconds)
                        first[n].bare_samples.append(bare)
                    try:
                        if n in durable:
                            samples += self.durable_round(term, scores, seen)
                    finally:
                        self.quit_and_wait(term)
                if n in durable:
                    mid, top = durable[n]
                    mid.samples = top.samples = samples
                    mid.value, top.value = median(samples), p95(samples)
                    mid.limit, mid.target = 20.0, "<= 20 ms"
                    top.target = "info"
            for fig in first.values():
                fig.value, fig.bare = median(fig.samples), median(fig.bare_samples)
                fig.paired, fig.max_ratio, fig.target = True, 1.3, "<= 1.3x bare"
            cold.value, cold.bare, cold.paired = median(cold.samples), median(cold.bare_samples), True
            record.samples, how = self.time_records(self.score_file(durables[-1]))
            record.label = f"{durables[-1]:,} sessions: {how} one answer, in-process"
            record.value = median(record.samples)
            record.limit, record.target, record.strict = 20.0, "< 20 ms (on the recorder's thread)", True

        keys = [f.key for f in first.values()] + [cold.key] + [f.key for pair in durable.values() for f in pair] + [record.key]
        self.group(f"recorded sessions ({', '.join(f'{n:,}' for n in sorted(set(starts) | set(durables)))})", keys, run)

    def time_records(self, master: Path) -> tuple[list[float], str]:
        """ScoreStore.record() in-process on a copy of the big score file, one more answer each time (ms), as
        the app's recorder does it (save_session, rewriting the whole file, for an oms-quiz without a journal);
        and which of the two was timed."""
        from quiz import paths
        from quiz.deck import load_deck
        from quiz.scores import session_from_json
        from quiz.store import ScoreStore

        path = self.sandbox.folder("record") / "scores.json"
        shutil.copy2(master, path)
        deck = load_deck(paths.bundled_decks_dir() / paths.DEFAULT_DECK)
        session: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "deck": deck.slug,
            "mode": "practice",
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "ended": None,
            "total": 10,
            "answers": [],
        }
        store = ScoreStore(path)
        store.load()
        journaled = callable(getattr(store, "record", None))
        record = store.record if journaled else store.save_session
        times = []
        for number in range(max(self.repeat, 5) + 1):  # the first one (lock and module imports) is not timed
            question = deck.questions[number % len(deck.questions)]
            session["answers"].append(
                {
                    "id": question.id,
                    "choice": question.answer,
                    "correct": True,
                    "seconds": 3.5,
                    "hash": question.content_hash,
                    "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                }
            )
            started = time.perf_counter()
            record(session_from_json(dict(session, answers=list(session["answers"]))))  # built on every answer too
            if number:
                times.append((time.perf_counter() - started) * 1000)
        return times, "ScoreStore.record (journal)" if journaled else "ScoreStore.save_session (file rewritten)"

    def run_cli(self, argv: Sequence[str]) -> float:
        home = self.sandbox.folder("cli")
        started = time.perf_counter()
        done = subprocess.run(
            argv, env=self.sandbox.env(home), cwd=home, capture_output=True, timeout=self.timeout, stdin=subprocess.DEVNULL
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise BenchError(f"{shlex.join(argv)} exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
        return elapsed

    def importtime(self, args: Sequence[str]) -> tuple[int, list[dict[str, Any]]]:
        """How many textual modules `python -X importtime -m quiz ARGS` imports, and its slowest top-level imports."""
        home = self.sandbox.folder("importtime")
        argv = [sys.executable, "-X", "importtime", "-m", "quiz", *args]
        done = subprocess.run(argv, env=self.sandbox.env(home), cwd=home, capture_output=True, text=True, timeout=self.timeout)
        if done.returncode != 0:
            raise BenchError(f"{shlex.join(argv)} exited {done.returncode}")
        textual = 0
        top: list[dict[str, Any]] = []
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)", line)
            if not match:
                continue
            module = match.group(4)
            if module.split(".")[0] == "textual":
                textual += 1
            if len(match.group(3)) <= 1:  # imported by the program itself, not by another module
                top.append({"module": module, "cumulative_ms": int(match.group(2)) / 1000})
        top.sort(key=lambda item: -item["cumulative_ms"])
        return textual, top[:8]

    def measure_cli(self) -> None:
        version = self.add(Figure("version_s", "oms-quiz --version, wall time", "s"))
        check = self.add(Figure("check_s", "oms-quiz check (bundled deck), wall time", "s"))
        version_textual = self.add(Figure("version_textual_modules", "--version: textual modules imported", ""))
        check_textual = self.add(Figure("check_textual_modules", "check: textual modules imported", ""))
        python = self.add(Figure("python_startup_s", "python -c pass (interpreter floor)", "s"))
        textual = self.add(Figure("textual_import_s", "python -c 'import textual.app'", "s"))

        def run() -> None:
            for _ in range(self.repeat):
                version.samples.append(self.run_cli([*self.command, "--version"]))
                check.samples.append(self.run_cli([*self.command, "check"]))
                python.samples.append(self.run_cli([sys.executable, "-c", "pass"]))
                textual.samples.append(self.run_cli([sys.executable, "-c", "import textual.app"]))
            for fig in (version, check, python, textual):
                fig.value = median(fig.samples)
            version.limit, version.target, version.strict = 0.1, "< 0.1 s", True
            importtime: dict[str, Any] = {}
            for fig, args in ((version_textual, ["--version"]), (check_textual, ["check"])):
                count, top = self.importtime(args)
                fig.value = float(count)
                fig.samples = [float(count)]
                fig.limit, fig.target = 0.0, "0 (no Textual)"
                importtime[" ".join(args)] = top
            self.details["importtime_top_level"] = importtime

        keys = [version.key, check.key, version_textual.key, check_textual.key, python.key, textual.key]
        self.group("command line: --version and check", keys, run)

    def run(self) -> None:
        self.details["settings"] = {
            "quick": self.quick,
            "repeat": self.repeat,
            "command": self.command,
            "bare_command": self.bare_command,
            "terminal": f"{COLS}x{ROWS} xterm-256color (answer latency also at {', '.join(f'{c}x{r}' for c, r in SIZES[1:])})",
            "round_questions": self.round_size,
            "deck_questions": self.deck_size,
            "settle_quiet_s": SETTLE_QUIET,
        }
        isolate_this_process(self.sandbox)
        self.log(f"oms-quiz benchmark: {shlex.join(self.command)} vs bare Textual, {self.repeat} repeat(s)")
        self.group("warm-up (untimed)", [], self.warm_up)
        groups = {
            "first-screen": self.measure_first_screen,
            "answers": self.measure_answers,
            "big-deck": self.measure_big_deck,
            "sessions": self.measure_sessions,
            "cli": self.measure_cli,
        }
        for name, measure in groups.items():
            if not self.only or name in self.only:
                measure()


# ---------------------------------------------------------------------------
# Report


def machine_facts(sandbox_root: Path) -> dict[str, Any]:
    from importlib import metadata

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = None
    try:
        load = list(os.getloadavg())
    except OSError:
        load = None
    commit = None
    try:
        done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        commit = done.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_model": cpu,
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "load_average_at_start": load,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "executable": sys.executable,
        "textual": version("textual"),
        "rich": version("rich"),
        "pyyaml": version("pyyaml"),
        "pyte": version("pyte"),
        "oms_quiz": version("oms-quiz"),
        "git_commit": commit,
        "temp_filesystem": filesystem_of(sandbox_root),
    }


def filesystem_of(path: Path) -> str | None:
    """The file system type of the temporary folder (fsync on tmpfs costs nothing, on a disk it does)."""
    best, kind = "", None
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and str(path).startswith(parts[1].rstrip("/") + "/") and len(parts[1]) >= len(best):
                best, kind = parts[1], parts[2]
    except OSError:
        return None
    return kind


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g}"


def table(figures: Sequence[Figure]) -> str:
    head = ("measurement", "oms-quiz", "bare Textual", "ratio", "target", "result")
    rows = [head]
    for fig in figures:
        ratio = f"{fig.ratio:.2f}x" if fig.ratio is not None else "-"
        rows.append((fig.label, show(fig.value, fig.unit), show(fig.bare, fig.unit), ratio, fig.target, fig.result))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) if i in (0, 4) else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def default_command() -> list[str]:
    """The oms-quiz of the Python running this script (its venv's console script), else `python -m quiz`."""
    script = Path(sys.executable).parent / "oms-quiz"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "quiz"]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description="Benchmark oms-quiz side by side with a bare Textual app (Linux; needs pyte).",
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs of each measurement; medians are reported (default 7, 1 with --quick)"
    )
    parser.add_argument("--quick", action="store_true", help="1 repeat, a 200-question deck, 3-question rounds, 50 sessions (a smoke run)")
    parser.add_argument("--json", metavar="PATH", type=Path, default=DEFAULT_JSON, help=f"write the results here (default {DEFAULT_JSON})")
    parser.add_argument(
        "--command",
        metavar="CMD",
        type=shlex.split,
        default=None,
        help="how to start oms-quiz, e.g. 'python -m quiz' (default: the oms-quiz beside this Python)",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for any one screen (default 60)")
    parser.add_argument("--tmp-dir", metavar="DIR", default=None, help="where the temporary folders go (default: the system's)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (decks, score files) for inspection")
    parser.add_argument("--silent", action="store_true", help="no progress messages on stderr")
    parser.add_argument("--verbose", action="store_true", help="tracebacks for failed measurements")
    parser.add_argument(
        "--only",
        metavar="GROUP",
        action="append",
        choices=("first-screen", "answers", "big-deck", "sessions", "cli"),
        help="measure only this group (repeatable); results.json then holds only these",
    )
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 7
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.command is None:
        args.command = default_command()
    if not args.command:
        parser.error("--command is empty")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("bench.py: needs Linux (pseudo-terminals and /proc/PID/status)", file=sys.stderr)
        return 2
    bench = Bench(args)
    facts = machine_facts(bench.sandbox.root)
    try:
        bench.run()
        try:
            facts["load_average_at_end"] = list(os.getloadavg())
        except OSError:
            pass
    finally:
        if args.keep:
            print(f"bench.py: temporary folders kept in {bench.sandbox.root}", file=sys.stderr)
        else:
            bench.sandbox.cleanup()
    figures = list(bench.figures.values())
    print()
    print(
        f"oms-quiz benchmark · {facts['date']} · {facts['cpu_model']} ({facts['cpus_usable']} CPUs) · "
        f"Python {facts['python']} · Textual {facts['textual']} · {args.repeat} repeat(s)"
    )
    print(table(figures))
    seen_in = bench.details.get("on_disk_seen_in")
    if seen_in:
        shown = "; ".join(
            f"{int(n):,} sessions: " + ", ".join(f"{count} by {where}" for where, count in sorted(seen.items()))
            for n, seen in seen_in.items()
        )
        print(f"answers on disk, seen first (the journal growing, or scores.json rewritten): {shown}")
    notes = bench.details.get("importtime_top_level")
    if notes:
        for what, top in notes.items():
            slowest = ", ".join(f"{item['module']} {item['cumulative_ms']:.0f} ms" for item in top[:5])
            print(f"importtime of 'python -m quiz {what}', slowest top-level imports: {slowest}")
    result = {
        "machine": facts,
        "settings": bench.details.pop("settings"),
        "measurements": {fig.key: fig.as_json() for fig in figures},
        "details": bench.details,
        "summary": {
            "pass": sum(f.result == "PASS" for f in figures),
            "fail": sum(f.result == "FAIL" for f in figures),
            "error": sum(f.result == "ERROR" for f in figures),
        },
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.json}")
    # Targets missed are findings, not failures of the benchmark; a measurement that could not be taken is.
    return 1 if result["summary"]["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
