"""The results screen: the score, then each missed question with its answer and explanation."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from quiz.round import LETTERS, Round, percent
from quiz.tui.render import choice_label, join, literal, quote

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


class ResultsScreen(Screen[None]):
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("p", "play_again", "Play again", id="play-again", tooltip="Start a new round"),
        Binding("escape,b", "back", "Start screen", id="back", tooltip="Back to the start screen"),
    ]

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)

    def compose(self) -> ComposeResult:
        round_ = self.round
        asked = len(round_.answers)
        yield Header()
        with Vertical(id="summary"):
            yield Static(f"You scored {round_.score}/{asked} ({percent(round_.score, asked)}%)", id="score")
            if not self.quiz.recording:
                yield Static("This round was not recorded.", classes="warning-line")
            with Horizontal(id="actions"):
                yield Button("Play again", id="play-again", variant="primary")
                yield Button("Quit", id="quit", variant="default")
        missed = round_.missed
        with VerticalScroll(id="body"):
            if missed:
                yield Static(f"Missed questions ({len(missed)})", id="missed-title")
            else:
                yield Static("No questions missed. Well done!", id="missed-title")
            for number, answer in enumerate(missed, start=1):
                item = answer.item
                with Vertical(classes="missed"):
                    yield Static(join(f"{number}. ", literal(item.question.question)), classes="missed-question")
                    given = (
                        choice_label(answer.chosen, item.choices[answer.chosen]) if answer.chosen is not None else Content("(no answer)")
                    )
                    yield Static(join("✗ Your answer: ", given), classes="wrong")
                    yield Static(
                        join(f"✓ Correct answer: {LETTERS[item.correct_index]}. ", literal(item.question.answer)),
                        classes="correct",
                    )
                    yield Static(quote(item.question.explanation), classes="quote")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#play-again", Button).focus()

    def action_play_again(self) -> None:
        self.quiz.back_to_start()
        self.quiz.start_round()

    def action_back(self) -> None:
        self.quiz.back_to_start()

    @on(Button.Pressed, "#play-again")
    def play_again_pressed(self) -> None:
        self.action_play_again()

    @on(Button.Pressed, "#quit")
    def quit_pressed(self) -> None:
        self.quiz.action_quit_now()
