"""Saving on one background thread, in order, so the screen never waits on the disk."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from functools import partial

from quiz.records import SessionRecord
from quiz.store import ScoreStore, StoreError


class Recorder:
    """Saves sessions on one background thread, in order, so the UI never waits on the disk.

    Each save writes the whole session so far, so a later save makes up for
    one that failed (a full disk that was cleared, a lock that was busy).
    """

    def __init__(self, store: ScoreStore, on_error: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.on_error = on_error
        self.errors: list[str] = []
        self._queue: queue.Queue[SessionRecord | Callable[[], None]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="oms-quiz-recorder", daemon=True)
        self._thread.start()

    def record(self, session: SessionRecord) -> None:
        """Save this session (a record is immutable: what is saved is the session as it is now)."""
        self._queue.put(session)

    def set_flag(self, deck: str, question: str, flagged: bool) -> None:
        self.call(lambda: self.store.set_flag(deck, question, flagged))

    def call(self, job: Callable[[], None]) -> None:
        """Run `job` on the recorder's thread (jobs keep their order; in a batch they run before the session saves)."""
        self._queue.put(job)

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while True:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # When saves pile up, only the newest copy of each session matters.
            latest: dict[str, SessionRecord] = {}
            for job in batch:
                if isinstance(job, SessionRecord):
                    latest[job.id] = job
                else:
                    self._do(job)
            for session in latest.values():
                self._do(partial(self.store.save_session, session))
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
