"""One sitting at oms-quiz: the deck, the plan, the rounds played, flags, history, the preview and recording (pure of any UI)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from quiz.history import History, attempts
from quiz.plan import Plan, Preparation, prepare
from quiz.recorder import Recorder
from quiz.records import Deck, Question, SessionRecord
from quiz.round import Round
from quiz.scores import Score, last_and_best
from quiz.store import ScoreStore


@dataclass(frozen=True, slots=True)
class Started:
    """What asking for a round gave: the round, or why none could start."""

    round: Round | None
    message: str = ""


class Session:
    """What the screens ask for and tell: the TUI shows it, the store keeps it."""

    def __init__(
        self,
        deck: Deck,
        store: ScoreStore,
        *,
        plan: Plan | None = None,
        seed: int | None = None,
        questions: tuple[Question, ...] | None = None,
        notices: Sequence[str] = (),
        on_save_error: Callable[[str], None] | None = None,
    ) -> None:
        self.deck = deck
        self.store = store
        self.questions = questions if questions is not None else deck.questions
        self.plan = plan or Plan()
        self.seed = seed
        self.notices = list(notices)
        self.round: Round | None = None  # the round being played
        self.played: list[Round] = []  # rounds of this run, newer than the store may be yet
        self.flags = store.flags(deck.slug)
        self.recorder = Recorder(store, on_error=on_save_error)
        self._history: tuple[int, History] | None = None  # (answers of this run counted, history)
        self._preview: tuple[object, Preparation] | None = None

    # -- what the screens show ----------------------------------------------------

    @property
    def recording(self) -> bool:
        return self.store.read_only is None

    @property
    def not_recorded_reason(self) -> str | None:
        return self.store.read_only

    def sessions(self) -> list[SessionRecord]:
        """This deck's sessions: the store's, updated with this run's rounds (saves may still be in flight)."""
        mine = {r.id: r.to_session() for r in self.played if r.answers}
        stored = [mine.pop(s.id, s) for s in self.store.sessions(self.deck.slug)]
        return stored + list(mine.values())

    @property
    def history(self) -> History:
        """Every question's attempts; worked out when first asked for, again once this run has answered more."""
        answered = self._answered()
        if self._history is None or self._history[0] != answered:
            self._history = (answered, attempts(self.sessions()))
        return self._history[1]

    def _answered(self) -> int:
        """How many answers this run has given: the history and the preview change only with it."""
        return sum(len(r.answers) for r in self.played)

    def last_and_best(self) -> tuple[Score | None, Score | None]:
        earlier = self.store.summary(self.deck.slug)  # the first screen's, before the history is read
        if earlier is None:
            return last_and_best(self.sessions())
        return last_and_best([r.to_session() for r in self.played if r.answers], earlier)

    def first_frame_drawn(self) -> None:
        """What can wait until the user sees the first screen: reading the rest of the history (on a
        thread), and folding a journal a crash left behind."""
        threading.Thread(target=self._after_first_frame, name="oms-quiz-loader", daemon=True).start()

    def _after_first_frame(self) -> None:
        # The history lives as long as the app: like start-up's, it is built with collection paused
        # (a full collection over a long history would stall the screen) and then kept out of later ones.
        collecting = gc.isenabled()
        gc.disable()
        try:
            import filelock  # noqa: F401  (the first answer's journal lock would import it: figure "answer on disk")

            self.store.load_rest()
        finally:
            if collecting:
                gc.freeze()
                gc.enable()
        if self.recording and self.store.unfolded:
            self.recorder.fold()

    def topic_counts(self) -> dict[str, int]:
        """How many of the questions on offer each topic has, in deck.yaml's order."""
        counts = dict.fromkeys(self.deck.topics, 0)
        for question in self.questions:
            if question.topic in counts:
                counts[question.topic] += 1
        return counts

    def preview(self) -> Preparation:
        """What Start would do now. Kept until the plan (but its count), the history or the flags change:
        in review mode it replays every question's FSRS card, and the start screen asks on every key."""
        key = (replace(self.plan, count=None), self._answered(), frozenset(self.flags))
        if self._preview is None or self._preview[0] != key:
            self._preview = (key, prepare(self.questions, self.plan, lambda: self.history, self.flags, self.deck.topics))
        return self._preview[1]

    # -- what the screens do ------------------------------------------------------

    def start(self, questions: Sequence[Question] | None = None, mode: str | None = None) -> Started:
        """A new round from the plan, or from the given questions (retry the missed ones)."""
        self.finish_current()
        if questions is None:
            choice = self.preview()
            if not choice.questions:
                return Started(None, choice.message)
            questions, mode, shuffle = choice.questions, choice.mode, choice.shuffle
        else:
            mode, shuffle = mode or self.plan.mode, True
        seed = None if self.seed is None else self.seed + len(self.played)  # each round of a seeded run differs, repeatably
        minutes = self.plan.minutes if mode == "exam" else None
        self.round = Round.build(
            self.deck.slug, questions, count=self.plan.wanted, seed=seed, mode=mode, shuffle_questions=shuffle, minutes=minutes
        )
        self.played.append(self.round)
        return Started(self.round)

    def retry_missed(self, round_: Round) -> Started:
        """A round of the questions `round_` missed; a review's retry is practice, not a schedule."""
        missed = [a.item.question for a in round_.missed]
        if not missed:
            return Started(None, "No questions were missed.")
        return self.start(missed, mode="practice" if round_.mode == "review" else round_.mode)

    def record(self, round_: Round, *, after_frame: bool = False) -> None:
        """Save the round as it stands, on the recorder's thread (with `after_frame`, once
        `frame_shown()` says the screen shows the answer)."""
        if self.recording and round_.answers:
            self.recorder.record(round_.to_session(), after_frame=after_frame)
            if round_.finished:
                self.recorder.fold()  # the round's answers, from the journal into the score file

    def frame_shown(self) -> None:
        self.recorder.frame_shown()

    def toggle_flag(self, question: Question) -> bool:
        """Flag or unflag; the screen shows it at once, the file follows on the recorder's thread."""
        flagged = question.id not in self.flags
        if flagged:
            self.flags.add(question.id)
        else:
            self.flags.discard(question.id)
        if self.recording:
            self.recorder.set_flag(self.deck.slug, question.id, flagged)
        return flagged

    def finish_current(self) -> None:
        """End the round being played, if any, keeping its answers."""
        current, self.round = self.round, None
        if current is not None and current.answers and not current.finished:
            current.finish()
            self.record(current)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait for every answer to reach the disk, and every fold asked for; False when the store was still busy."""
        return self.recorder.flush(timeout)

    def close(self, timeout: float = 60.0) -> bool:
        """When the app is gone: every answer on disk and the journal folded into the score file.
        False when the store was still busy (what was recorded is safe in the journal then)."""
        self.finish_current()
        if self.recording:
            self.recorder.fold()
        return self.recorder.flush(timeout)
