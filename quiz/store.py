"""The user's score file on disk: read once into records, saved atomically under a lock shared by every oms-quiz process."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from quiz import scores
from quiz.files import Stamp, atomic_write, real_path, stamp
from quiz.records import ScoreFile, SessionRecord
from quiz.scores import VERSION

LOCK_TIMEOUT = 10.0


class StoreError(Exception):
    """A save that did not happen; the message is meant for the user."""


class ScoreStore:
    """The user's score file.

    Rules: never overwrite a file it could not read; move a damaged file aside instead of deleting
    it; leave a file from a newer oms-quiz byte for byte as it is; write through a link to the file
    it names. Everything the user should know lands in `notices`.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: ScoreFile = scores.empty()
        self.notices: list[str] = []
        self.read_only: str | None = None  # why answers are not being recorded
        self._known: Stamp | None | object = object()  # the file's stamp when self.data matched it; nothing yet
        self._lines: dict[str, tuple[SessionRecord, str]] = {}  # each session's JSON line, while it is the same record

    @property
    def target(self) -> Path:
        """The file itself, when the score file is a link (a synced folder, a dotfiles manager)."""
        return real_path(self.path)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.target) + ".lock", timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            lock.acquire()
        except Timeout as exc:
            raise StoreError(f"the score file {self.path} is locked by another oms-quiz; will try again") from exc
        try:
            yield
        finally:
            lock.release()

    def load(self, *, repair: bool = True) -> ScoreFile:
        """Read the score file, telling `notices` about anything that was wrong with it.

        A sound file is read without the lock: saves replace it atomically, so a reader sees a
        whole file, and the stamp taken first makes the next save read it again if it changed.
        A damaged one is moved aside under the lock, unless `repair` is off (a read-only command
        such as `stats`, which leaves every file as it found it)."""
        known = stamp(self.path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.data, self._known = scores.empty(), known
            return self.data
        except OSError:
            pass
        else:
            parsed = scores.parse(raw)
            if parsed.scores is not None and parsed.scores.version <= VERSION:
                self._accept(parsed)
                self._known = known
                return self.data
        if not repair:
            self.data = self._read(move_damaged=False, refuse=False)
            return self.data
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                self.data = self._read()
                self._known = stamp(self.path)
        except (OSError, StoreError):
            # A read-only folder cannot hold a lock file; reading is still safe.
            self.data = self._read(move_damaged=False)
        return self.data

    def _accept(self, parsed: scores.Parsed) -> None:
        assert parsed.scores is not None
        self.data = parsed.scores
        if parsed.not_json_numbers and not any("JSON cannot hold" in n for n in self.notices):
            self.notices.append(
                f"The score file {self.path} held {parsed.not_json_numbers} number(s) that JSON cannot hold "
                "(NaN, Infinity or too large); they were read as null and are saved as null."
            )

    def _read(self, move_damaged: bool = True, refuse: bool = True) -> ScoreFile:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return scores.empty()
        except OSError as exc:
            self._refuse(f"cannot read the score file {self.path} ({exc.strerror or exc}); this round will not be recorded")
            return scores.empty()
        parsed = scores.parse(raw)
        if parsed.scores is None:
            problem = parsed.problem or "unreadable"
            if move_damaged:
                self._move_aside(problem)
            elif refuse:
                self._refuse(
                    f"the score file {self.path} is damaged ({problem}) and cannot be moved aside; this round will not be recorded"
                )
            else:
                self.notices.append(
                    f"The score file {self.path} is damaged ({problem}); it was left as it is, "
                    "and oms-quiz will move it aside the next time you play."
                )
            return scores.empty()
        self._accept(parsed)
        if parsed.scores.version > VERSION:
            self._refuse(
                f"the score file {self.path} was written by a newer oms-quiz (format version {parsed.scores.version}, "
                f"this one knows {VERSION}); upgrade oms-quiz to record scores. Answers in this session are not recorded"
            )
        return parsed.scores

    def _refuse(self, reason: str) -> None:
        if self.read_only is None:
            self.read_only = reason
            self.notices.append(reason[0].upper() + reason[1:] + ".")

    def _move_aside(self, problem: str) -> None:
        damaged = self.target
        when = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = damaged.with_name(f"{damaged.name}.corrupt-{when}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = damaged.with_name(f"{damaged.name}.corrupt-{when}-{counter}")
        try:
            os.replace(damaged, aside)
        except OSError as exc:
            self._refuse(
                f"the score file {self.path} is damaged ({problem}) and could not be moved aside ({exc.strerror or exc}); this round will not be recorded"
            )
            return
        self.notices.append(
            f"The score file {self.path} was damaged ({problem}). It was moved to {aside} and a new score file was started."
        )

    def _update(self, change: Callable[[ScoreFile], ScoreFile]) -> None:
        """Read the file under the lock, apply `change`, write it back atomically; StoreError when it could not."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                # Unchanged since this store last read or wrote it: no need to parse it again.
                current = self.data if stamp(self.path) == self._known else self._read()
                if self.read_only is not None:
                    raise StoreError(self.read_only)
                updated = change(current)
                atomic_write(self.path, scores.dump(updated, self._reused_lines(updated)))
                self.data = updated
                self._known = stamp(self.path)
        except OSError as exc:
            raise StoreError(f"could not save to {self.path}: {exc.strerror or exc}") from exc

    def _reused_lines(self, updated: ScoreFile) -> dict[str, str]:
        # Figure: "1,000 sessions: record one answer"; a record is immutable, so the same one encodes the same.
        lines: dict[str, tuple[SessionRecord, str]] = {}
        for session in updated.sessions:
            hit = self._lines.get(session.id)
            if hit is None or hit[0] is not session:
                hit = (session, scores.encode(scores.session_json(session)))
            lines[session.id] = hit
        self._lines = lines
        return {sid: line for sid, (_, line) in lines.items()}

    def save_session(self, session: SessionRecord) -> None:
        """Merge `session` into the file on disk."""
        self._update(lambda current: scores.merge(current, session))

    def set_flag(self, deck: str, question: str, flagged: bool) -> None:
        """Flag or unflag a question in the file on disk."""
        when = datetime.now(timezone.utc).isoformat(timespec="seconds") if flagged else None
        self._update(lambda current: scores.with_flag(current, deck, question, when))

    def flags(self, deck: str) -> set[str]:
        return scores.flagged(self.data, deck)

    def sessions(self, deck: str | None = None) -> list[SessionRecord]:
        return [s for s in self.data.sessions if deck is None or s.deck == deck]
