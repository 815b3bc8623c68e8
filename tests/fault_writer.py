"""A separate process for tests/test_store_faults.py: writes to a score file and says on stdout how far it got.

Run as `python tests/fault_writer.py MODE PATH [options]`. Modes:

- `answers`: save one session answer by answer (`--answers N`), printing `saved K` after
  save K is on disk. `--pause PHASE --at K` stops inside save K at PHASE, prints
  `paused PHASE K` and waits to be killed. `--recorder` saves through a Recorder
  (record, then flush: a line appended to the journal) instead of calling the store directly;
  `--fold` then also folds the journal into the score file after each answer.
- `many`: wait for the `--go` file, then record `--sessions` whole sessions of `--answers`
  answers each, one record per answer (`--fold`: and a fold at the end of each session); prints
  `done` at the end.
- `load`: load the file (moving a damaged one aside) and print the notices as JSON;
  `--pause before-replace|after-replace --at 0` stops around the move.
- `once`: load, then save one session of `--answers` answers; prints the notices, the
  read-only reason and the save's error as JSON. `--limit N` first caps the size of any file
  this process writes at N bytes, so the write fails part way as on a full disk.

The answers are made by `answer(k)`, which the tests use too, so they can check that
the file holds exactly the first n answers: `answer` and `session` are the JSON the file
holds, `session_record` is the same session as the store takes it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quiz.recorder import Recorder
from quiz.records import SessionRecord
from quiz.scores import session_from_json
from quiz.store import ScoreStore, StoreError

PHASES = (
    "locked",  # holding the lock, before reading the file
    "temp-created",  # the empty temporary file exists
    "half-written",  # half of the new file is in the temporary file
    "before-fsync",  # all of it written and flushed, not yet fsynced
    "before-replace",  # fsynced, not yet renamed over the score file
    "after-replace",  # renamed, folder not yet fsynced, lock still held
    "dir-fsync",  # about to fsync the folder
)
JOURNAL_PHASES = (
    "journal-locked",  # holding the journal's lock, before appending the answer's line
    "journal-half-line",  # half of the line appended
    "journal-before-fsync",  # all of the line appended, not yet fsynced
    "journal-synced",  # fsynced, the journal's lock still held
)


def answer(k: int) -> dict[str, Any]:
    """The k-th answer (1-based) of every test session."""
    return {"id": f"q{k}", "choice": f"choice {k} ✓", "correct": k % 3 != 0, "seconds": round(k * 0.25, 2), "hash": f"{k:012x}"}


def session(sid: str, n: int, total: int, deck: str = "faults") -> dict[str, Any]:
    """Session `sid` after `n` of its `total` answers, as the score file holds it."""
    return {
        "id": sid,
        "deck": deck,
        "mode": "practice",
        "started": "2026-01-01T00:00:00+00:00",
        "ended": "2026-01-01T00:10:00+00:00" if n >= total else None,
        "total": total,
        "answers": [answer(k) for k in range(1, n + 1)],
    }


def session_record(sid: str, n: int, total: int, deck: str = "faults") -> SessionRecord:
    """The same session as a record, which is what the store saves."""
    return session_from_json(session(sid, n, total, deck))


class Pauser:
    """Stops the process at one phase of one save, so the test can SIGKILL it exactly there."""

    def __init__(self, phase: str | None, at: int, journal: Path) -> None:
        self.phase = phase
        self.journal = journal
        self.at = at
        self.current = 0  # the save in progress (0 while loading)
        self.fsyncs = 0

    def here(self, phase: str) -> None:
        if phase == self.phase and self.current == self.at:
            print(f"paused {phase} {self.current}", flush=True)
            time.sleep(60)
            print("not killed", flush=True)
            os._exit(3)

    def install(self) -> None:
        real_lock = ScoreStore._lock
        real_mkstemp = tempfile.mkstemp
        real_fdopen = os.fdopen
        real_fsync = os.fsync
        real_replace = os.replace
        real_journal_lock = ScoreStore._journal_lock
        real_write = os.write
        pauser = self

        def is_journal(fd: int) -> bool:
            try:
                return os.path.samestat(os.fstat(fd), os.stat(pauser.journal))
            except OSError:
                return False

        @contextlib.contextmanager
        def journal_lock(store: ScoreStore) -> Iterator[None]:
            with real_journal_lock(store):
                pauser.here("journal-locked")
                yield

        def write(fd: int, data: Any) -> int:
            if is_journal(fd) and len(data) > 1:
                written = real_write(fd, data[: len(data) // 2])
                pauser.here("journal-half-line")
                return written
            return real_write(fd, data)

        @contextlib.contextmanager
        def lock(store: ScoreStore) -> Iterator[None]:
            with real_lock(store):
                pauser.here("locked")
                yield

        def mkstemp(*args: Any, **kwargs: Any) -> Any:
            result = real_mkstemp(*args, **kwargs)
            pauser.fsyncs = 0
            pauser.here("temp-created")
            return result

        class HalfWriter:
            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, text: str) -> int:
                self.handle.write(text[: len(text) // 2])
                self.handle.flush()
                pauser.here("half-written")
                return self.handle.write(text[len(text) // 2 :])

            def flush(self) -> None:
                self.handle.flush()

            def fileno(self) -> int:
                return self.handle.fileno()

        def fdopen(*args: Any, **kwargs: Any) -> Any:
            return HalfWriter(real_fdopen(*args, **kwargs))

        def fsync(fd: int) -> None:
            if is_journal(fd):
                pauser.here("journal-before-fsync")
                real_fsync(fd)
                pauser.here("journal-synced")
                return
            pauser.fsyncs += 1
            pauser.here("before-fsync" if pauser.fsyncs == 1 else "dir-fsync")
            real_fsync(fd)

        def replace(src: Any, dst: Any) -> None:
            pauser.here("before-replace")
            real_replace(src, dst)
            pauser.here("after-replace")

        ScoreStore._lock = lock
        ScoreStore._journal_lock = journal_lock
        os.write = write
        tempfile.mkstemp = mkstemp
        os.fdopen = fdopen
        os.fsync = fsync
        os.replace = replace


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("answers", "many", "load", "once"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--session", default="s")
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--writer", default="w")
    parser.add_argument("--go", type=Path)
    parser.add_argument("--recorder", action="store_true")
    parser.add_argument("--fold", action="store_true")
    parser.add_argument("--pause", choices=PHASES + JOURNAL_PHASES)
    parser.add_argument("--at", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()

    store = ScoreStore(args.path)
    pauser = Pauser(args.pause, args.at, store.journal_path)
    if args.pause:
        pauser.install()

    if args.mode == "load":
        store.load()
        print(json.dumps({"notices": store.notices, "read_only": store.read_only}), flush=True)
        return 0

    if args.mode == "once":
        store.load()
        if args.limit:
            import resource
            import signal

            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (args.limit, args.limit))
        result: dict[str, Any] = {"notices": store.notices, "read_only": store.read_only}
        try:
            store.save_session(session_record(args.session, args.answers, args.answers))
        except StoreError as exc:
            result["error"] = str(exc)
        print(json.dumps(result), flush=True)
        return 0

    if args.mode == "many":
        deadline = time.monotonic() + 20
        while not args.go.exists():  # start together with the other writers
            if time.monotonic() > deadline:
                return 4
            time.sleep(0.005)
        recorder = Recorder(store)
        for s in range(args.sessions):
            sid = f"{args.writer}-{s}"
            for n in range(1, args.answers + 1):
                recorder.record(session_record(sid, n, args.answers))
                if args.fold and n == args.answers:
                    recorder.fold()
                if not recorder.flush():
                    print("flush timed out", flush=True)
                    return 1
        if recorder.errors:
            print("errors " + json.dumps(recorder.errors), flush=True)
            return 1
        print("done", flush=True)
        return 0

    store.load()
    background = Recorder(store) if args.recorder else None
    for k in range(1, args.answers + 1):
        pauser.current = k
        current = session_record(args.session, k, args.answers)
        if background is not None:
            background.record(current)
            if args.fold:
                background.fold()
            if not background.flush() or background.errors:
                print("errors " + json.dumps(background.errors), flush=True)
                return 1
        else:
            store.save_session(current)
        print(f"saved {k}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
