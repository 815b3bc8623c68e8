"""The oms-quiz App: shows the Session, moving between screens as they ask."""

from __future__ import annotations

import asyncio
import gc
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen

from quiz.safe_text import printable
from quiz.session import Session, Started
from quiz.tui import messages


class QuizApp(App[None]):
    # Every screen's .tcss sits beside its module but is loaded here, once: a screen's own CSS_PATH
    # re-styles the whole app when the screen is first shown (figure: answer latency, first question).
    CSS_PATH = [
        "app.tcss",
        *(
            f"screens/{name}.tcss"
            for name in ("start", "question", "results", "review", "statistics", "source", "report", "too_small", "help")
        ),
        "widgets/session_builder.tcss",
        "widgets/choices.tcss",
        "widgets/footer.tcss",
    ]
    TITLE = "oms-quiz"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit; answers given so far are kept"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
        Binding("question_mark", "toggle_help", "Keys", id="help", tooltip="Show or hide every key of this screen"),
    ]

    def __init__(self, session: Session, *, settings: Path | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.session = session
        self.settings_path = settings
        self.clock = clock  # what exam time limits count with
        self.sub_title = printable(session.deck.title)

    def get_default_screen(self) -> Screen[Any]:
        from quiz.tui.screens.start import StartScreen

        return StartScreen(self.session)

    def on_ready(self) -> None:
        """The first frame is on screen: when the command line paused collection for the start-up, keep
        what start-up built out of later collections, and collect again as usual."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        self.session.first_frame_drawn()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self._restore_theme()
        self.session.recorder.on_error = self._save_failed
        for notice in self.session.notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)
        self._check_size()

    # -- moving between screens, as the screens ask ---------------------------------

    @on(messages.StartRound)
    def start_round(self, message: messages.StartRound) -> None:
        self._back_to_start()
        self._play(self.session.start(message.questions, message.mode))

    @on(messages.RetryMissed)
    def retry_missed(self, message: messages.RetryMissed) -> None:
        self._back_to_start()
        self._play(self.session.retry_missed(message.round))

    def _play(self, started: Started) -> None:
        from quiz.tui.screens.question import QuestionScreen

        if started.round is None:
            self.notify(started.message, severity="warning", markup=False)
        else:
            self.push_screen(QuestionScreen(self.session, started.round, self.clock))

    @on(messages.RoundOver)
    def show_results(self, message: messages.RoundOver) -> None:
        """Replace the round's question screen with its results, closing anything opened over it
        (an exam can run out of time while the command palette or the size notice is up)."""
        from quiz.tui.screens.question import QuestionScreen
        from quiz.tui.screens.results import ResultsScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, QuestionScreen):
            self.pop_screen()
        self.switch_screen(ResultsScreen(self.session, message.round))
        self.call_after_refresh(self._check_size)

    @on(messages.ShowReview)
    def show_review(self, message: messages.ShowReview) -> None:
        from quiz.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.session, message.round))

    @on(messages.ShowStatistics)
    def show_statistics(self) -> None:
        from quiz.tui.screens.statistics import StatisticsScreen

        self.push_screen(StatisticsScreen(self.session))

    @on(messages.ShowSource)
    def show_source(self, message: messages.ShowSource) -> None:
        from quiz.stats import source_knowledge
        from quiz.tui.screens.source import SourceScreen

        knowledge = source_knowledge(self.session.deck, self.session.history) if message.knowledge else None
        self.push_screen(SourceScreen(self.session.deck, focus=message.focus, knowledge=knowledge))

    @on(messages.BackToStart)
    def back_to_start(self) -> None:
        self._back_to_start()

    def _back_to_start(self) -> None:
        self.session.finish_current()
        while len(self.screen_stack) > 1:
            self.pop_screen()

    @on(messages.Quit)
    def quit_now(self) -> None:
        self.action_quit_now()

    async def action_quit(self) -> None:
        self.action_quit_now()

    def action_quit_now(self) -> None:
        self.session.finish_current()
        self.exit()

    # -- the command palette, help, size and theme ----------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Start a practice round", "Explanation after each answer", lambda: self._start_in("practice"))
        yield SystemCommand("Start an exam", "No feedback until the end, then a full review", lambda: self._start_in("exam"))
        yield SystemCommand("Start a spaced review", "Due questions first (FSRS)", lambda: self._start_in("review"))
        yield SystemCommand(
            "Statistics",
            "Your sessions, accuracy per topic, due and hardest questions",
            lambda: self.post_message(messages.ShowStatistics()),
        )
        yield SystemCommand(
            "Read the source",
            "The source text, each passage marked by how well you know it",
            lambda: self.post_message(messages.ShowSource(knowledge=True)),
        )
        asking = self.session.plan.confidence
        yield SystemCommand(
            "Stop asking how sure" if asking else "Ask how sure after each choice",
            "Confidence: 1 guess, 2 fairly sure, 3 certain; it sets the review schedule and shows your calibration",
            self.toggle_confidence,
        )
        yield from super().get_system_commands(screen)

    def toggle_confidence(self) -> None:
        """Ask how sure (or stop asking) from the next question on, and keep the choice in settings.json."""
        from quiz.tui.screens.question import QuestionScreen

        asking = not self.session.plan.confidence
        self.session.plan = replace(self.session.plan, confidence=asking)
        if isinstance(self.screen, QuestionScreen):
            self.screen.refresh_hint()
        self.notify("You will be asked how sure you are." if asking else "No longer asking how sure you are.", timeout=3)
        path = self.settings_path
        if path is None:
            return
        from quiz.settings import save_setting

        def save() -> None:
            try:
                save_setting(path, "confidence", asking)
            except OSError as exc:
                self.notify(f"The setting could not be saved: {exc.strerror or exc}", severity="warning", markup=False)

        self.session.recorder.call(save)

    def _start_in(self, mode: str) -> None:
        self.session.plan = replace(self.session.plan, mode=mode)
        self.post_message(messages.StartRound())

    def action_toggle_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen, key_groups

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
        else:
            self.push_screen(HelpScreen(key_groups(self.screen)))

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

        self.session.recorder.call(save)

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

    # -- signals --------------------------------------------------------------------

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

    def on_unmount(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum in self._signals():
            loop.remove_signal_handler(signum)
