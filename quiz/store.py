"""The user's score file on disk: read once into records, saved atomically under a lock shared by every
oms-quiz process; answers reach the disk first through an append-only journal beside it."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from quiz import journal, scores
from quiz.files import Stamp, atomic_write, real_path, stamp, sync_folder
from quiz.records import ScoreFile, SessionRecord
from quiz.scores import VERSION, Score

LOCK_TIMEOUT = 10.0
SUMMARY_VERSION = 1


class StoreError(Exception):
    """A save that did not happen; the message is meant for the user."""


class ScoreStore:
    """The user's score file.

    Rules: never overwrite a file it could not read; move a damaged file aside instead of deleting
    it; leave a file from a newer oms-quiz byte for byte as it is; write through a link to the file
    it names. Everything the user should know lands in `notices`.

    An answer is recorded by `record()`: one fsynced line appended to the journal
    (`scores.json.journal`), whatever the size of the history. `fold()` merges the journal into the
    score file atomically and empties it (at the end of a round, and after the next start); every
    read of the score file reads the journal too, so nothing recorded is ever out of sight.
    """

    def __init__(self, path: Path, *, summary: Path | None = None) -> None:
        self.path = path
        self.summary_path = summary  # where what the first screen needs is cached (None: nowhere)
        self._summary: dict[str, Any] | None = None  # per deck, while only the summary has been read
        self._loaded = threading.Event()  # the score file has been read (or needs no reading)
        self._loaded.set()
        self._loading = threading.Lock()
        self._not_appending = threading.Event()  # cleared from when an answer is given until it is appended
        self._not_appending.set()
        self._background = False  # reading on the loader's thread, which gives way to appends
        self.notices: list[str] = []
        self.read_only: str | None = None  # why answers are not being recorded
        self.unfolded = 0  # journal entries read at load and not yet folded into the score file
        self._data: ScoreFile = scores.empty()  # the score file and the journal, as last read or written
        self._known: Stamp | None | object = object()  # the file's stamp when self._data matched it; nothing yet
        self._lines: dict[str, tuple[SessionRecord, str]] = {}  # each session's JSON line, while it is the same record
        self._mutex = threading.Lock()  # the records above: the recorder's threads and the UI's share them
        self._pending: dict[str, SessionRecord] = {}  # journaled by this process since self._data was read
        self._pending_flags: list[journal.FlagEntry] = []
        self._view: ScoreFile | None = None  # self._data with the pending records, when asked for
        self._journaled: dict[str, tuple[int, SessionRecord]] = {}  # per session: answers journaled, and the header

    @property
    def data(self) -> ScoreFile:
        """Everything recorded: the file, the journal, and what this process appended since."""
        if not self._loaded.is_set():
            self.load_rest()
        with self._mutex:
            view = self._view
            if view is None:
                view = self._data
                for session in self._pending.values():
                    view = scores.merge(view, session)
                if self._pending_flags:
                    view = journal.fold(view, self._pending_flags)
                self._view = view
            return view

    @property
    def journal_path(self) -> Path:
        """The journal, beside the file the score file names (through a link)."""
        target = self.target
        return target.with_name(target.name + ".journal")

    @property
    def target(self) -> Path:
        """The file itself, when the score file is a link (a synced folder, a dotfiles manager)."""
        return real_path(self.path)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        with _file_lock(Path(str(self.target) + ".lock"), f"the score file {self.path}"):
            yield

    @contextmanager
    def _journal_lock(self) -> Iterator[None]:
        """Held for one append, or while a fold reads or empties the journal: never longer."""
        with _file_lock(Path(str(self.journal_path) + ".lock"), f"the score journal {self.journal_path}"):
            yield

    def load(self, *, repair: bool = True) -> ScoreFile:
        """Read the score file and its journal, telling `notices` about anything that was wrong with them.

        A sound file is read without the lock: saves replace it atomically, so a reader sees a
        whole file, and the stamp taken first makes the next save read it again if it changed.
        A damaged one is moved aside under the lock, unless `repair` is off (a read-only command
        such as `stats`, which leaves every file as it found it). The journal is only read here:
        `fold()` writes what it holds into the score file."""
        self._data = self._load_file(repair)
        self._read_journal()
        self._summary = None
        self._loaded.set()
        with self._mutex:
            self._pending.clear()
            self._pending_flags.clear()
            self._view = None
        return self.data

    def start(self) -> None:
        """Read what the first screen needs: the summary, when it was written for the score file as it
        is now and no journal waits to be folded; else everything, as `load()` does.

        After the summary, `load_rest()` reads the rest (the app calls it on a thread once the first
        frame is drawn); anything that needs more than the summary waits for it, or reads it then."""
        quick = self._read_summary()
        if quick is None:
            self.load()
            return
        self._summary = quick
        self._loaded.clear()

    def load_rest(self) -> None:
        """Read the score file and the journal after `start()` read only the summary, once; then
        refresh the summary if it was missing or stale. Safe to call from any thread, any number of times."""
        with self._loading:
            if not self._loaded.is_set():
                self._background = True
                try:
                    data = self._load_file(repair=True)
                finally:
                    self._background = False
                with self._mutex:
                    self._data = data
                    self._view = None
                # There was no journal at the start (or the summary would not have been used): what it
                # holds now was answered since, and is folded at the end of the round, not now.
                self._read_journal(count=False)
                with self._mutex:
                    self._view = None
                self._summary = None
                self._loaded.set()
                return
        if self.summary_path is not None and self.unfolded == 0 and not self.notices and self.read_only is None:
            with self._mutex:
                data, known = self._data, self._known
            if not self._pending and not self._pending_flags and isinstance(known, tuple) and self._read_summary() is None:
                self._write_summary(data, known)

    def summary(self, deck: str) -> tuple[Score | None, Score | None] | None:
        """The deck's last and best score from the summary; None once the score file itself is read."""
        quick = self._summary
        if quick is None or self._loaded.is_set():
            return None
        found = quick.get(deck, {})
        return _score(found.get("last")), _score(found.get("best"))

    def _read_summary(self) -> dict[str, Any] | None:
        where = self.summary_path
        if where is None or self.journal_path.exists():
            return None
        known = stamp(self.path)
        try:
            found = json.loads(where.read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        if (
            not isinstance(found, dict)
            or found.get("summary") != SUMMARY_VERSION
            or known is None
            or found.get("stamp") != list(known)
            or found.get("file") != str(self.target)
            or not isinstance(found.get("decks"), dict)
        ):
            return None
        decks: dict[str, Any] = found["decks"]
        return decks

    def _write_summary(self, data: ScoreFile, known: Stamp | None) -> None:
        """Cache what the first screen needs of the file, which holds `data` and has stamp `known`."""
        where = self.summary_path
        if where is None or known is None or data.version > VERSION:
            return
        decks: dict[str, dict[str, Any]] = {}
        by_deck: dict[str, list[SessionRecord]] = {}
        for session in data.sessions:
            if isinstance(session.deck, str):
                by_deck.setdefault(session.deck, []).append(session)
        for deck, sessions in by_deck.items():
            last, best = scores.last_and_best(sessions)
            decks[deck] = {"last": _pair(last), "best": _pair(best)}
        for deck, marks in data.flags.items():
            if isinstance(marks, dict) and marks:
                decks.setdefault(deck, {"last": None, "best": None})["flags"] = sorted(marks)
        text = json.dumps({"summary": SUMMARY_VERSION, "file": str(self.target), "stamp": list(known), "decks": decks})
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(where, text, durable=False)
        except OSError:
            pass  # only a cache: the next start reads the score file itself

    def _load_file(self, repair: bool) -> ScoreFile:
        known = stamp(self.path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._known = known
            return scores.empty()
        except OSError:
            pass
        else:
            # On the loader's thread, the long read waits between sessions while an answer is being
            # appended: the two would otherwise take turns on the interpreter (figure: "answer on disk").
            parsed = scores.parse(raw, by_line=True, pause=self._give_way if self._background else None)
            if parsed.scores is not None and parsed.scores.version <= VERSION:
                self._accept(parsed)
                self._known = known
                return parsed.scores
        if not repair:
            return self._read(move_damaged=False, refuse=False)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                data = self._read()
                self._known = stamp(self.path)
                return data
        except (OSError, StoreError):
            # A read-only folder cannot hold a lock file; reading is still safe.
            return self._read(move_damaged=False)

    def _read_journal(self, count: bool = True) -> None:
        """Add what the journal holds to what was read of the score file (in memory only); with
        `count`, `unfolded` says how many entries it held (a start's: left by an earlier run)."""
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            if count:
                self.unfolded = 0
            return
        except OSError as exc:
            self._refuse(f"cannot read the score journal {self.journal_path} ({exc.strerror or exc}); this round will not be recorded")
            return
        found = self._journal_problems(journal.read(raw))
        if found is None:
            return
        if count:
            self.unfolded = len(found.entries)
        if found.entries:
            self._data = journal.fold(self._data, found.entries)

    def _journal_problems(self, found: journal.Read) -> journal.Read | None:
        """Tell the user what is wrong with a journal; None when it must not be used at all (a newer one)."""
        if found.newer:
            self._refuse(
                f"the score journal {self.journal_path} was written by a newer oms-quiz (journal version {found.newer}, "
                f"this one knows {journal.JOURNAL_VERSION}); upgrade oms-quiz to record scores. Answers in this session are not recorded"
            )
            return None
        if found.damaged and not any("journal" in n and "damaged" in n for n in self.notices):
            self.notices.append(
                f"The score journal {self.journal_path} has {found.damaged} damaged line(s); they were skipped, "
                "and a copy of the journal is kept beside it when it is next folded."
            )
        return found

    def _accept(self, parsed: scores.Parsed) -> None:
        assert parsed.scores is not None
        if parsed.lines is not None:  # each session's line as read, for the next write of the file
            self._lines = {s.id: (s, line) for s, line in zip(parsed.scores.sessions, parsed.lines) if line is not None}
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
        parsed = scores.parse(raw, by_line=True)
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
        aside = _aside(damaged)
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

    def _update(self, change: Callable[[ScoreFile], ScoreFile] | None = None) -> None:
        """Under the score file's lock: read the file (again, if it changed), fold the journal into it,
        apply `change`, write it back atomically and empty the journal; StoreError when it could not.

        The journal's own lock is held only to read it and to empty it, so answers keep being
        appended meanwhile (they stay in the journal for the next fold). A journal with lines that
        could not be read is copied aside before it is emptied."""
        if not self._loaded.is_set():
            self.load_rest()
        if self.read_only is not None:
            raise StoreError(self.read_only)
        where = self.journal_path
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                flags = len(self._pending_flags)  # appended before the journal is read, so in what it holds
                with self._journal_lock():
                    raw = _read_or_empty(where)
                found = self._journal_problems(journal.read(raw)) if raw.strip() else journal.Read()
                if found is None:
                    raise StoreError(self.read_only or "the score journal cannot be folded")
                # Unchanged since this store last read or wrote it: no need to parse it again.
                current = self._data if stamp(self.path) == self._known else self._read()
                if self.read_only is not None:
                    raise StoreError(self.read_only)
                updated = journal.fold(current, found.entries)
                if change is not None:
                    updated = change(updated)
                if change is not None or found.entries:
                    atomic_write(self.path, scores.dump(updated, self._reused_lines(updated)))
                known = stamp(self.path)
                self._settled(updated, known, flags)
                self._write_summary(updated, known)
                if raw:
                    if found.damaged or found.torn:
                        self._keep_aside(raw, found)
                    self._empty_journal(raw)
                self.unfolded = 0
        except OSError as exc:
            raise StoreError(f"could not save to {self.path}: {exc.strerror or exc}") from exc

    def _settled(self, written: ScoreFile, known: Stamp | None, flags: int = 0) -> None:
        """The file now holds `written`, and the first `flags` flags this process journaled: what it
        holds is pending no more."""
        with self._mutex:
            self._data, self._known = written, known
            del self._pending_flags[:flags]
            if self._pending:
                held = {s.id: len(s.answers) for s in written.sessions if s.id in self._pending}
                for sid, session in list(self._pending.items()):
                    if held.get(sid, -1) >= len(session.answers):
                        del self._pending[sid]
            self._view = None

    def fold(self) -> None:
        """Write what the journal holds into the score file, atomically, and empty the journal (at the
        end of a round, when the app closes, and after a start that found a journal)."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        if self.journal_path.exists():
            self._update()

    def _empty_journal(self, folded: bytes) -> None:
        """Remove the `folded` bytes from the journal, keeping anything appended since."""
        where = self.journal_path
        with self._journal_lock():
            now = _read_or_empty(where)
            if not now.startswith(folded):  # replaced by something else meanwhile: folding it again is harmless
                return
            tail = now[len(folded) :]
            if tail.strip():
                atomic_write(where, tail)
            else:
                try:
                    os.unlink(where)
                except FileNotFoundError:
                    pass

    def _keep_aside(self, raw: bytes, found: journal.Read) -> None:
        where = self.journal_path
        aside = _aside(where)
        atomic_write(aside, raw)
        what = "its last line, cut short (an answer being written when oms-quiz stopped)" if not found.damaged else "damaged lines"
        self.notices.append(f"The score journal {where} held {what}; they were skipped, and the journal as it was is kept in {aside}.")

    def record(self, session: SessionRecord) -> None:
        """Make `session` as it is now durable: one line with what is new since the last record of it,
        appended to the journal and fsynced. Costs the same whatever the size of the history."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        done, header = self._journaled.get(session.id, (0, None))
        if len(session.answers) < done:
            done = 0  # not the session journaled before (a store reused in a test): write it whole
        now = replace(session, answers=())
        if done == len(session.answers) and header == now:
            return
        self._append(journal.session_line(session, done))
        self._journaled[session.id] = (len(session.answers), now)
        with self._mutex:
            self._pending[session.id] = session
            self._view = None

    def _give_way(self) -> None:
        self._not_appending.wait(1.0)

    def hold_reading(self) -> None:
        """An answer is on its way to the journal: a read on the loader's thread waits until
        `go_on_reading()` (the recorder calls both, the first on the UI thread)."""
        self._not_appending.clear()

    def go_on_reading(self) -> None:
        self._not_appending.set()

    def _append(self, line: bytes) -> None:
        where = self.journal_path
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            with self._journal_lock():
                fd = os.open(where, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
                try:
                    size = os.fstat(fd).st_size
                    if size:
                        os.lseek(fd, size - 1, os.SEEK_SET)
                        if os.read(fd, 1) != b"\n":
                            line = b"\n" + line  # the end of a line cut short by a crash: start afresh
                    try:
                        view = memoryview(line)
                        while view:
                            view = view[os.write(fd, view) :]
                        os.fsync(fd)
                    except OSError:
                        # A full disk, or an fsync that failed: the journal keeps what it held, never half a line.
                        try:
                            os.ftruncate(fd, size)
                        except OSError:
                            pass  # then the line is damaged at worst, which the next fold keeps aside
                        raise
                finally:
                    os.close(fd)
            if not size:
                sync_folder(where.parent)  # the journal's name, too, must survive a power cut
        except OSError as exc:
            raise StoreError(f"could not save to {where}: {exc.strerror or exc}") from exc

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
        """Flag or unflag a question: a line in the journal, folded into the file with the answers."""
        if self.read_only is not None:
            raise StoreError(self.read_only)
        when = datetime.now(timezone.utc).isoformat(timespec="seconds") if flagged else None
        self._append(journal.flag_line(deck, question, when))
        with self._mutex:
            self._pending_flags.append(journal.FlagEntry(deck, question, when))
            self._view = None

    def flags(self, deck: str) -> set[str]:
        quick = self._summary
        if quick is not None and not self._loaded.is_set():
            return set(quick.get(deck, {}).get("flags", ()))
        return scores.flagged(self.data, deck)

    def sessions(self, deck: str | None = None) -> list[SessionRecord]:
        return [s for s in self.data.sessions if deck is None or s.deck == deck]


@contextmanager
def _file_lock(where: Path, what: str) -> Iterator[None]:
    """A lock shared by every oms-quiz process; StoreError naming `what` when another one holds it too long."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(where), timeout=LOCK_TIMEOUT, mode=0o600)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreError(f"{what} is locked by another oms-quiz; will try again") from exc
    try:
        yield
    finally:
        lock.release()


def _aside(path: Path) -> Path:
    """Where a damaged `path` is kept: `<name>.corrupt-<timestamp>`, numbered when that is taken."""
    when = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{when}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = path.with_name(f"{path.name}.corrupt-{when}-{counter}")
    return aside


def _pair(found: Score | None) -> list[int] | None:
    return None if found is None else [found.correct, found.asked]


def _score(pair: object) -> Score | None:
    if isinstance(pair, list) and len(pair) == 2 and all(type(n) is int and n >= 0 for n in pair) and pair[0] <= pair[1]:
        return Score(pair[0], pair[1])
    return None


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
