"""The oms-quiz App: holds the deck, the score store and the recorder, and moves between screens."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from quiz.deck import Deck, Question
from quiz.round import Round
from quiz.store import Recorder, ScoreStore


def _start_screen() -> Screen[Any]:
    from quiz.tui.screens.start import StartScreen

    return StartScreen()


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "oms-quiz"
    # A mode rather than get_default_screen(): Textual 8 does not load the
    # default screen's own CSS_PATH, and a mode's screen gets it.
    MODES = {"play": _start_screen}
    DEFAULT_MODE = "play"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit; answers given so far are kept"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
    ]

    def __init__(
        self,
        deck: Deck,
        store: ScoreStore,
        *,
        count: int | None = None,
        seed: int | None = None,
        notices: list[str] | None = None,
        questions: tuple[Question, ...] | None = None,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.store = store
        self.questions = questions if questions is not None else deck.questions
        self.count = min(count or 10, len(self.questions)) if self.questions else 0
        self.seed = seed
        self.rounds_played = 0
        self.notices = list(notices or [])
        self.round: Round | None = None
        self.recorder = Recorder(store, on_error=self._save_failed)
        self.sub_title = deck.title

    def on_mount(self) -> None:
        self._install_signal_handlers()
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)

    def _install_signal_handlers(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) ends the app cleanly, scores saved."""
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP", "SIGINT"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                loop.add_signal_handler(signum, self.action_quit_now)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
                pass

    def _save_failed(self, message: str) -> None:
        def show() -> None:
            self.notify(
                f"Your answers could not be saved: {message}. You can keep playing.",
                title="Score not saved",
                severity="error",
                timeout=10,
                markup=False,
            )

        self.call_from_thread(show)

    @property
    def recording(self) -> bool:
        return self.store.read_only is None

    def start_round(self, count: int | None = None, questions: tuple[Question, ...] | None = None) -> None:
        from quiz.tui.screens.question import QuestionScreen

        pool = questions if questions is not None else self.questions
        seed = None if self.seed is None else self.seed + self.rounds_played
        self.rounds_played += 1
        self.round = Round.build(self.deck.slug, pool, count=count or self.count, seed=seed)
        self.push_screen(QuestionScreen(self.round))

    def record(self, round_: Round) -> None:
        if self.recording and round_.answers:
            self.recorder.record(round_.to_session())

    def show_results(self, round_: Round) -> None:
        from quiz.tui.screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(round_))

    def back_to_start(self) -> None:
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
