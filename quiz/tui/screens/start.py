"""The start screen: the deck, the user's last and best scores, and how many questions to ask."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from quiz.tui.render import literal

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


class StartScreen(Screen[None]):
    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("enter", "start", "Start", id="start", tooltip="Start a round", priority=True),
        Binding("left,minus", "fewer", "Fewer", id="fewer", tooltip="Ask one question fewer"),
        Binding("right,plus,equals_sign", "more", "More", id="more", tooltip="Ask one question more"),
    ]

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)

    def compose(self) -> ComposeResult:
        deck = self.quiz.deck
        yield Header()
        with Vertical(id="card"):
            yield Static(literal(deck.title), id="title")
            yield Static(literal(deck.attribution), id="attribution")
            yield Static(id="available")
            yield Static(id="history")
            with Horizontal(id="count-row"):
                yield Static("Questions this round:", id="count-label")
                yield Static(id="count")
            yield Static(id="notice", classes="warning-line")
            with Center():
                yield Button("Start", id="start-button", variant="primary")
            yield Static("Enter starts · ← → change the number of questions · q quits", id="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        quiz = self.quiz
        available = len(quiz.questions)
        self.query_one("#available", Static).update(f"{available} question{'s' if available != 1 else ''} available")
        last, best = quiz.store.last_and_best(quiz.deck.slug)
        history = f"Last score: {last} · Best score: {best}" if last and best else "No rounds played yet"
        self.query_one("#history", Static).update(history)
        self.query_one("#count", Static).update(f"◀ {quiz.count} ▶")
        notice = self.query_one("#notice", Static)
        if not quiz.recording:
            notice.update(literal("Scores are not being recorded: " + (quiz.store.read_only or "")))
        notice.display = not quiz.recording

    def _change(self, delta: int) -> None:
        quiz = self.quiz
        quiz.count = max(1, min(len(quiz.questions), quiz.count + delta))
        self.refresh_view()

    def action_fewer(self) -> None:
        self._change(-1)

    def action_more(self) -> None:
        self._change(+1)

    def action_start(self) -> None:
        if self.quiz.questions:
            self.quiz.start_round()

    @on(Button.Pressed, "#start-button")
    def start_pressed(self) -> None:
        self.action_start()
