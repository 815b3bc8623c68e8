"""The oms-quiz App: holds the deck, the plan, the score store and the recorder, and moves between screens."""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen

from quiz.builder import Plan, Preparation, prepare
from quiz.deck import Deck, Question
from quiz.history import Attempt, LazyHistory, attempts
from quiz.round import Round
from quiz.store import Recorder, ScoreStore
from quiz.text import printable


class QuizApp(App[None]):
    # Every screen's .tcss sits beside its module but is loaded here, once: a screen's own
    # CSS_PATH is read when it is first shown, and that re-styles the whole app (0.3-0.7 s).
    CSS_PATH = [
        "app.tcss",
        *(f"screens/{name}.tcss" for name in ("start", "question", "results", "review", "statistics", "source", "report", "too_small")),
        "widgets/builder.tcss",
        "widgets/footer.tcss",
    ]
    TITLE = "oms-quiz"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit; answers given so far are kept"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
        Binding("question_mark", "toggle_help", "Keys", id="help", tooltip="Show or hide every key of this screen"),
    ]

    def __init__(
        self,
        deck: Deck,
        store: ScoreStore,
        *,
        plan: Plan | None = None,
        count: int | None = None,
        seed: int | None = None,
        notices: Sequence[str] = (),
        questions: tuple[Question, ...] | None = None,
        settings: Path | None = None,
        startup_gc_paused: bool = False,
    ) -> None:
        super().__init__()
        self.settings_path = settings
        self.deck = deck
        self.store = store
        self.questions = questions if questions is not None else deck.questions
        self.plan = plan or Plan(count=count)
        self.seed = seed
        self._preview: tuple[object, Preparation] | None = None
        self.notices = list(notices)
        self.round: Round | None = None
        self.played: list[Round] = []  # rounds of this run, newer than the store may be yet
        self.flags = store.flags(deck.slug)
        self.history: Mapping[str, list[Attempt]] = LazyHistory(lambda: attempts(self.sessions()))
        self._history_answers = 0
        self.recorder = Recorder(store, on_error=self._save_failed)
        self.startup_gc_paused = startup_gc_paused  # the command line paused garbage collection until the first frame
        self.sub_title = printable(deck.title)

    def get_default_screen(self) -> Screen[Any]:
        from quiz.tui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self._started)
        self._install_signal_handlers()
        self._restore_theme()
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)
        self._check_size()

    def _started(self) -> None:
        """The first screen is drawn. When the command line paused garbage collection for the
        start-up, what start-up built stays for the app's life: it is kept out of every later
        collection (shorter pauses while playing), and collection resumes. The few cycles that
        start-up left unreachable (about a thousand objects) stay too: a full collection here
        would delay the first key press by more than they weigh."""
        if self.startup_gc_paused:
            gc.freeze()
            gc.enable()

    def _restore_theme(self) -> None:
        if self.settings_path is None:
            return
        from quiz.settings import load_settings

        theme = load_settings(self.settings_path).get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def _save_theme(self, theme: Any) -> None:
        path = self.settings_path
        if path is None:
            return
        from quiz.settings import save_setting

        name = theme.name

        def save() -> None:
            # A preference, not the user's answers: a failed save is worth a word, no more.
            try:
                save_setting(path, "theme", name)
            except OSError as exc:
                self.notify(f"The theme could not be saved: {exc.strerror or exc}", severity="warning", markup=False)

        self.recorder.call(save)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        from quiz.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not small:
            self.pop_screen()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Start a practice round", "Explanation after each answer", lambda: self._start_from_palette("practice"))
        yield SystemCommand("Start an exam", "No feedback until the end, then a full review", lambda: self._start_from_palette("exam"))
        yield SystemCommand("Start a spaced review", "Due questions first (FSRS)", lambda: self._start_from_palette("review"))
        yield SystemCommand("Statistics", "Your sessions, accuracy per topic, due and hardest questions", self.show_statistics)
        yield SystemCommand("Read the source", "The source text, each passage marked by how well you know it", self.show_source)
        yield from super().get_system_commands(screen)

    def _start_from_palette(self, mode: str) -> None:
        self.back_to_start()
        self.plan = replace(self.plan, mode=mode)
        self.start_round()

    def show_source(self) -> None:
        from quiz.stats import source_knowledge
        from quiz.tui.screens.source import SourceScreen

        self.push_screen(SourceScreen(knowledge=source_knowledge(self.deck, self.history)))

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum in self._signals():
            loop.remove_signal_handler(signum)

    @staticmethod
    def _signals() -> list[int]:
        return [s for s in (getattr(signal, n, None) for n in ("SIGTERM", "SIGHUP", "SIGINT")) if s is not None]

    def _install_signal_handlers(self) -> None:
        """A closed terminal (SIGHUP), a polite kill (SIGTERM) or SIGINT end the app cleanly, scores saved."""
        loop = asyncio.get_running_loop()
        for signum in self._signals():
            try:
                loop.add_signal_handler(signum, self.action_quit_now)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
                pass

    def _save_failed(self, message: str) -> None:
        # Called on the recorder's thread: notify() only posts a message, so it never waits
        # for the screen (which may already be closing).
        self.notify(
            f"Your answers could not be saved: {message}. You can keep playing.",
            title="Score not saved",
            severity="error",
            timeout=10,
            markup=False,
        )

    @property
    def recording(self) -> bool:
        return self.store.read_only is None

    def sessions(self) -> list[dict[str, Any]]:
        """This deck's sessions: the store's, updated with this run's rounds (saves may still be in flight)."""
        mine = {r.id: r.to_session() for r in self.played if r.answers}
        stored = [mine.pop(str(s.get("id")), s) for s in self.store.sessions(self.deck.slug)]
        return stored + list(mine.values())

    def reload_history(self) -> None:
        """Recompute the history when a round of this run added answers since the last time."""
        answered = sum(len(r.answers) for r in self.played)
        if answered != self._history_answers:
            self._history_answers = answered
            self.history = LazyHistory(lambda: attempts(self.sessions()))

    def preview(self) -> Preparation:
        """What Start would do now. Kept until the plan, the history or the flags change: in review
        mode it replays every question's FSRS card, and the start screen asks on every key."""
        self.reload_history()
        key = (replace(self.plan, count=None), id(self.history), frozenset(self.flags))
        if self._preview is None or self._preview[0] != key:
            self._preview = (key, prepare(self.questions, self.plan, self.history, self.flags, self.deck.topics))
        return self._preview[1]

    def start_round(self, questions: Sequence[Question] | None = None, mode: str | None = None) -> None:
        """Start a round from the plan, or from the given questions (retry the missed ones)."""
        from quiz.tui.screens.question import QuestionScreen

        if questions is None:
            choice = self.preview()
            if not choice.questions:
                self.notify(choice.message, severity="warning", markup=False)
                return
            questions, mode, shuffle = choice.questions, choice.mode, choice.shuffle
        else:
            mode, shuffle = mode or self.plan.mode, True
        seed = None if self.seed is None else self.seed + len(self.played)
        self.round = Round.build(self.deck.slug, questions, count=self.plan.wanted, seed=seed, mode=mode, shuffle_questions=shuffle)
        self.played.append(self.round)
        if mode == "exam" and self.plan.minutes:
            self.round.extra["minutes"] = self.plan.minutes
        self.push_screen(QuestionScreen(self.round))

    def record(self, round_: Round) -> None:
        if self.recording and round_.answers:
            self.recorder.record(round_.to_session())

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

    def show_results(self, round_: Round) -> None:
        """Replace the round's question screen with its results, closing anything opened over it
        (an exam can run out of time while the command palette or the size notice is up)."""
        from quiz.tui.screens.question import QuestionScreen
        from quiz.tui.screens.results import ResultsScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, QuestionScreen):
            self.pop_screen()
        self.switch_screen(ResultsScreen(round_))
        self.call_after_refresh(self._check_size)

    def show_review(self, round_: Round) -> None:
        from quiz.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(round_))

    def show_statistics(self) -> None:
        from quiz.tui.screens.statistics import StatisticsScreen

        self.push_screen(StatisticsScreen())

    def back_to_start(self) -> None:
        self._finish_current_round()
        self.round = None
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _finish_current_round(self) -> None:
        if self.round is not None and self.round.answers and not self.round.finished:
            self.round.finish()
            self.record(self.round)

    async def action_quit(self) -> None:
        self.action_quit_now()

    def action_quit_now(self) -> None:
        self._finish_current_round()
        self.exit()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait for every answer to reach the disk; the CLI calls this after the app has closed."""
        return self.recorder.flush(timeout)
