"""Saving on background threads, in order, so the screen never waits on the disk."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from quiz.records import SessionRecord
from quiz.store import ScoreStore, StoreError


class _Fold:
    """The marker of a fold asked for: it runs once every save queued before it has run."""


FOLD = _Fold()


class Recorder:
    """Saves on two background threads, so the UI never waits on the disk.

    The recorder's thread appends each answer to the store's journal, in order (one fsynced line,
    whatever the size of the history); the folder's thread folds the journal into the score file
    when asked (at the end of a round), so an answer never waits behind a rewrite of the file.
    Each record of a session holds the whole session so far, so a later one makes up for one that
    failed (a full disk that was cleared, a lock that was busy).
    """

    def __init__(self, store: ScoreStore, on_error: Callable[[str], None] | None = None, *, hold_limit: float = 0.05) -> None:
        self.store = store
        self.hold_limit = hold_limit  # seconds a save waits for the frame it was held for, at most (a screen gone)
        self.on_error = on_error
        self.errors: list[str] = []
        self._queue: queue.Queue[SessionRecord | Callable[[], None] | _Fold] = queue.Queue()
        self._shown = threading.Event()  # cleared while the screen draws what an answer changed
        self._shown.set()
        self._folds: queue.Queue[_Fold] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="oms-quiz-recorder", daemon=True)
        self._thread.start()
        self._folder = threading.Thread(target=self._fold_when_asked, name="oms-quiz-folder", daemon=True)
        self._folder.start()

    def record(self, session: SessionRecord, *, after_frame: bool = False) -> None:
        """Save this session (a record is immutable: what is saved is the session as it is now).

        With `after_frame`, the save starts once `frame_shown()` is called (or after `hold_limit`):
        each of the append's system calls hands the interpreter over, which slowed the frame that
        shows the answer (figure: answer latency at 160x50)."""
        if after_frame:
            self._shown.clear()
        self.store.hold_reading()  # the history still being read waits for this answer (figure: "answer on disk")
        self._queue.put(session)

    def frame_shown(self) -> None:
        """The screen shows the answer: the saves held for it go on."""
        self._shown.set()

    def set_flag(self, deck: str, question: str, flagged: bool) -> None:
        self.call(lambda: self.store.set_flag(deck, question, flagged))

    def call(self, job: Callable[[], None]) -> None:
        """Run `job` on the recorder's thread (jobs keep their order; in a batch they run before the session saves)."""
        self._queue.put(job)

    def fold(self) -> None:
        """Fold the journal into the score file once what was recorded so far is in it."""
        self._queue.put(FOLD)

    def _run(self) -> None:
        while True:
            batch = _all_waiting(self._queue)
            # When saves pile up, only the newest copy of each session matters.
            latest: dict[str, SessionRecord] = {}
            fold = False
            for job in batch:
                if isinstance(job, SessionRecord):
                    latest[job.id] = job
                elif isinstance(job, _Fold):
                    fold = True
                else:
                    self._do(job)
            if latest:
                self._shown.wait(self.hold_limit)
            try:
                for session in latest.values():
                    self._do(partial(self.store.record, session))
            finally:
                self.store.go_on_reading()
            if fold:
                self._folds.put(FOLD)
            for _ in batch:
                self._queue.task_done()

    def _fold_when_asked(self) -> None:
        while True:
            asked = _all_waiting(self._folds)
            self._do(self.store.fold)
            for _ in asked:
                self._folds.task_done()

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

    def flush(self, timeout: float = 10.0, *, folds: bool = True) -> bool:
        """Wait until every recorded session is on disk (or failed), and, with `folds`, every fold
        asked for is done; False on timeout."""
        done = threading.Event()

        def wait() -> None:
            self._queue.join()
            if folds:
                self._folds.join()
            done.set()

        threading.Thread(target=wait, daemon=True).start()
        return done.wait(timeout)


Job = TypeVar("Job")


def _all_waiting(jobs: queue.Queue[Job]) -> list[Job]:
    """The next job (waiting for one), and every other one already waiting behind it."""
    batch = [jobs.get()]
    while True:
        try:
            batch.append(jobs.get_nowait())
        except queue.Empty:
            return batch
