"""The score file: load, check, merge, and save it atomically under a lock shared by every oms-quiz process."""

from __future__ import annotations

import json
import os
import queue
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

VERSION = 1
LOCK_TIMEOUT = 10.0

Data = dict[str, Any]


class StoreError(Exception):
    """A save that did not happen; the message is meant for the user."""


def empty() -> Data:
    return {"version": VERSION, "sessions": []}


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader sees the old file or the new one, never half of one.

    Temporary file in the same folder, flush, fsync, os.replace, then fsync
    the folder (POSIX) so the rename itself survives a power cut. New files
    are readable by their owner only.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if os.name == "posix":
        # Some file systems (or a write-only folder) cannot open or fsync a folder; the data is already safe.
        try:
            dir_fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)


def _json(value: Any) -> str:
    """JSON text, UTF-8 as it is; a lone surrogate (read from a valid "\\ud800" escape) has no UTF-8 form, so then it stays escaped."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True)
    return text


class _Encoder:
    """Writes the file one session per line (readable, diff-friendly), re-encoding only sessions that changed.

    With a thousand sessions, encoding them all again for every answer took a third of a second.
    A session is reused while it is the very same object (merge() keeps unchanged ones).
    """

    def __init__(self) -> None:
        self._done: dict[int, tuple[Any, str]] = {}

    def __call__(self, data: Data) -> str:
        done: dict[int, tuple[Any, str]] = {}
        lines = []
        for session in data.get("sessions", []):
            hit = self._done.get(id(session))
            if hit is None or hit[0] is not session:
                hit = (session, _json(session))
            done[id(session)] = hit
            lines.append(hit[1])
        self._done = done
        rest = "".join(f",\n{_json(key)}: {_json(value)}" for key, value in data.items() if key not in ("version", "sessions"))
        return f'{{"version": {_json(data.get("version", VERSION))}, "sessions": [\n' + ",\n".join(lines) + f"\n]{rest}}}\n"


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
    flags = data.get("flags", {})
    if not isinstance(flags, dict):
        return "'flags' is not an object"
    return None


def merge(data: Data, session: dict[str, Any]) -> Data:
    """`data` with `session` added, or updated in place when it is already there.

    A session only grows while it is played, so of two copies the one with
    more answers wins; this keeps the result right whatever order saves land in.
    """
    sessions = list(data.get("sessions", []))
    for index, existing in enumerate(sessions):
        if existing.get("id") == session.get("id"):
            if len(session.get("answers", [])) >= len(existing.get("answers", [])):
                sessions[index] = session
            break
    else:
        sessions.append(session)
    return {**data, "version": max(VERSION, int(data.get("version", VERSION))), "sessions": sessions}


class Score(NamedTuple):
    correct: int
    asked: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.asked) if self.asked else 0

    def __str__(self) -> str:
        return f"{self.correct}/{self.asked} ({self.percent}%)"


def session_score(session: dict[str, Any]) -> Score:
    answers = session.get("answers", [])
    if not isinstance(answers, list):  # a newer format may shape it differently
        answers = []
    return Score(sum(1 for a in answers if isinstance(a, dict) and a.get("correct") is True), len(answers))


def _decode(raw: bytes) -> tuple[Any, str | None]:
    """The score file's data, and what is wrong with it (None when nothing is)."""
    try:
        data = json.loads(raw.decode("utf-8"))
        return data, _shape_problem(data)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, (f"it is not valid JSON: {exc}" if not isinstance(exc, RecursionError) else "it is nested too deeply")


class ScoreStore:
    """The user's score file.

    Rules: never overwrite a file it could not read; move a damaged file
    aside instead of deleting it; leave a file from a newer oms-quiz byte for
    byte as it is. Everything the user should know lands in `notices`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: Data = empty()
        self.notices: list[str] = []
        self.read_only: str | None = None  # why answers are not being recorded
        self._known: object = object()  # the file's stamp when self.data matched it; nothing yet
        self._encode = _Encoder()

    @contextmanager
    def _lock(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreError(f"the score file {self.path} is locked by another oms-quiz; will try again") from exc
        try:
            yield
        finally:
            lock.release()

    def _stamp(self) -> tuple[int, int, int] | None:
        """What identifies this version of the file: a save makes a new inode, an edit a new mtime."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def load(self) -> Data:
        """Read the score file, telling `notices` about anything that was wrong with it.

        A sound file is read without the lock: saves replace it atomically, so a reader sees a
        whole file, and the stamp taken first makes the next save read it again if it changed.
        Anything else (missing folder aside) is looked at again under the lock, as moving a
        damaged file aside is a change."""
        known = self._stamp()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.data, self._known = empty(), known
            return self.data
        except OSError:
            pass
        else:
            data, problem = _decode(raw)
            if problem is None and data["version"] <= VERSION:
                self.data, self._known = data, known
                return self.data
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                self.data = self._read()
                self._known = self._stamp()
        except (OSError, StoreError):
            # A read-only folder cannot hold a lock file; reading is still safe.
            self.data = self._read(move_damaged=False)
        return self.data

    def _read(self, move_damaged: bool = True) -> Data:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return empty()
        except OSError as exc:
            self._refuse(f"cannot read the score file {self.path} ({exc.strerror or exc}); this round will not be recorded")
            return empty()
        data, problem = _decode(raw)
        if problem is not None:
            if move_damaged:
                self._move_aside(problem)
            else:
                self._refuse(
                    f"the score file {self.path} is damaged ({problem}) and cannot be moved aside; this round will not be recorded"
                )
            return empty()
        assert isinstance(data, dict)
        if data["version"] > VERSION:
            self._refuse(
                f"the score file {self.path} was written by a newer oms-quiz (format version {data['version']}, "
                f"this one knows {VERSION}); upgrade oms-quiz to record scores. Answers in this session are not recorded"
            )
        return data

    def _refuse(self, reason: str) -> None:
        if self.read_only is None:
            self.read_only = reason
            self.notices.append(reason[0].upper() + reason[1:] + ".")

    def _move_aside(self, problem: str) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            self._refuse(
                f"the score file {self.path} is damaged ({problem}) and could not be moved aside ({exc.strerror or exc}); this round will not be recorded"
            )
            return
        self.notices.append(
            f"The score file {self.path} was damaged ({problem}). It was moved to {target} and a new score file was started."
        )

    def _update(self, change: Callable[[Data], Data]) -> None:
        """Read the file under the lock, apply `change`, write it back atomically; StoreError when it could not."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                # Unchanged since this store last read or wrote it: no need to parse it again.
                current = self.data if self._stamp() == self._known else self._read()
                if self.read_only is not None:
                    raise StoreError(self.read_only)
                updated = change(current)
                atomic_write(self.path, self._encode(updated))
                self.data = updated
                self._known = self._stamp()
        except OSError as exc:
            raise StoreError(f"could not save to {self.path}: {exc.strerror or exc}") from exc

    def save_session(self, session: dict[str, Any]) -> None:
        """Merge `session` into the file on disk."""
        self._update(lambda current: merge(current, session))

    def set_flag(self, deck: str, question: str, flagged: bool) -> None:
        """Flag or unflag a question in the file on disk."""

        def change(current: Data) -> Data:
            flags = {k: dict(v) for k, v in current.get("flags", {}).items() if isinstance(v, dict)}
            marks = flags.setdefault(deck, {})
            if flagged:
                marks[question] = datetime.now(timezone.utc).isoformat(timespec="seconds")
            else:
                marks.pop(question, None)
            return {**current, "flags": flags}

        self._update(change)

    def flags(self, deck: str) -> set[str]:
        flags = self.data.get("flags", {})
        marks = flags.get(deck, {}) if isinstance(flags, dict) else {}  # a newer format may shape it differently
        return set(marks) if isinstance(marks, dict) else set()

    def sessions(self, deck: str | None = None) -> list[dict[str, Any]]:
        sessions = self.data.get("sessions", [])
        if not isinstance(sessions, list):  # a newer format may shape it differently
            return []
        return [s for s in sessions if isinstance(s, dict) and (deck is None or s.get("deck") == deck)]

    def last_and_best(self, deck: str) -> tuple[Score | None, Score | None]:
        return last_and_best(self.sessions(deck))


def last_and_best(sessions: list[dict[str, Any]]) -> tuple[Score | None, Score | None]:
    """The last session's score and the best one (by percentage, then size)."""
    scores = [s for s in map(session_score, sessions) if s.asked]
    if not scores:
        return None, None
    return scores[-1], max(scores, key=lambda s: (s.percent, s.asked))


class Recorder:
    """Saves sessions on one background thread, in order, so the UI never waits on the disk.

    Each save writes the whole session so far, so a later save makes up for
    one that failed (a full disk that was cleared, a lock that was busy).
    """

    def __init__(self, store: ScoreStore, on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.on_error = on_error
        self.errors: list[str] = []
        self._queue: queue.Queue[dict[str, Any] | Callable[[], None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="oms-quiz-recorder", daemon=True)
        self._thread.start()

    def record(self, session: dict[str, Any]) -> None:
        """Save this session (a snapshot is taken now)."""
        self._queue.put(json.loads(json.dumps(session)))

    def set_flag(self, deck: str, question: str, flagged: bool) -> None:
        self.call(lambda: self.store.set_flag(deck, question, flagged))

    def call(self, job: Callable[[], None]) -> None:
        """Run `job` on the recorder's thread (jobs keep their order; in a batch they run before the session saves)."""
        self._queue.put(job)

    def _run(self) -> None:
        stop = False
        while not stop:
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # When saves pile up, only the newest copy of each session matters.
            latest: dict[str, dict[str, Any]] = {}
            for job in batch:
                if job is None:
                    stop = True
                elif isinstance(job, dict):
                    latest[job["id"]] = job
                else:
                    self._do(job)
            for session in latest.values():
                self._do(lambda session=session: self.store.save_session(session))  # type: ignore[misc]
            for _ in batch:
                self._queue.task_done()

    def _do(self, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception as exc:  # never let the recorder die silently
            message = str(exc) if isinstance(exc, StoreError) else f"could not save: {exc!r}"
            self.errors.append(message)
            if self.on_error is not None:
                try:
                    self.on_error(message)
                except Exception:  # the UI may be gone; stderr still hears about it
                    print(f"oms-quiz: {message}", file=sys.stderr)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every recorded session is on disk (or failed); False on timeout."""
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> bool:
        self._queue.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()
