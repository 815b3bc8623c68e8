"""The question screen: one question and its choices, then the verdict and the quoted explanation."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quiz.round import LETTERS, Answer, Round
from quiz.tui.render import choice_label, join, literal, quote

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

CORRECT = "✓"
WRONG = "✗"


class QuestionScreen(Screen[None]):
    CSS_PATH = "question.tcss"
    BINDINGS = [
        *(
            Binding(f"{letter.lower()},{number}", f"answer({number - 1})", f"Answer {letter}", show=False, id=f"answer-{letter.lower()}")
            for number, letter in enumerate(LETTERS[:5], start=1)
        ),
        Binding("enter,space", "next", "Next", id="next", tooltip="Go on to the next question"),
    ]

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_
        self.answered: Answer | None = None
        self.shown_at = time.monotonic()

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(id="progress")
            yield Static(id="question")
            yield OptionList(id="choices", markup=False)
            yield Static(id="keys-hint")
            with Vertical(id="feedback"):
                yield Static(id="verdict")
                yield Static(id="explanation", classes="quote")
                yield Static(id="citation", classes="citation")
                yield Static(id="continue")
        yield Footer()

    def on_mount(self) -> None:
        self.show_question()

    def show_question(self) -> None:
        item = self.round.current
        if item is None:
            return
        self.answered = None
        self.show_progress(self.round.position + 1)
        self.query_one("#question", Static).update(literal(item.question.question))
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        choices.add_options(Option(choice_label(i, text), id=f"choice-{i}") for i, text in enumerate(item.choices))
        choices.highlighted = 0
        choices.disabled = False
        choices.focus()
        self.query_one("#feedback").display = False
        last = LETTERS[len(item.choices) - 1]
        hint = self.query_one("#keys-hint", Static)
        hint.update(f"Press A–{last} or 1–{len(item.choices)}, or choose with ↑ ↓ and Enter")
        hint.display = True
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()
        self.refresh_bindings()

    def show_progress(self, number: int) -> None:
        recording = "" if self.quiz.recording else " · not recorded"
        self.query_one("#progress", Static).update(f"Question {number}/{self.round.total} · Score {self.round.score}{recording}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered is not None
        if action == "answer":
            item = self.round.current
            return self.answered is None and item is not None and int(str(parameters[0])) < len(item.choices)
        return True

    def action_answer(self, index: int) -> None:
        if self.answered is not None or self.round.current is None:
            return
        item = self.round.current
        if not 0 <= index < len(item.choices):
            return
        answer = self.round.answer(index, time.monotonic() - self.shown_at)
        self.answered = answer
        self.quiz.record(self.round)
        self.show_feedback(answer)

    def show_feedback(self, answer: Answer) -> None:
        item = answer.item
        right = item.correct_index
        choices = self.query_one("#choices", OptionList)
        for i, text in enumerate(item.choices):
            label = choice_label(i, text)
            if i == right:
                label = join(Content(f"{CORRECT} ").stylize("bold $success"), label, Content("  (correct answer)").stylize("$success"))
            elif i == answer.chosen:
                label = join(Content(f"{WRONG} ").stylize("bold $error"), label, Content("  (your answer)").stylize("$error"))
            else:
                label = join(Content("  "), label)
            choices.replace_option_prompt_at_index(i, label)
        verdict = self.query_one("#verdict", Static)
        verdict.remove_class("correct", "wrong")
        if answer.correct:
            verdict.update(f"{CORRECT} Correct!")
            verdict.add_class("correct")
        else:
            verdict.update(join(f"{WRONG} Wrong. The answer is {LETTERS[right]}. ", literal(item.question.answer)))
            verdict.add_class("wrong")
        self.query_one("#explanation", Static).update(quote(item.question.explanation))
        deck = self.quiz.deck
        self.query_one("#citation", Static).update(join("— ", literal(deck.title), " · ", literal(deck.attribution)))
        last = self.round.position >= self.round.total
        self.query_one("#continue", Static).update(
            "Press Enter or Space to see your results" if last else "Press Enter or Space for the next question"
        )
        self.query_one("#feedback").display = True
        self.show_progress(self.round.position)
        self.query_one("#keys-hint").display = False
        self.query_one("#body").focus()
        self.call_after_refresh(self.query_one("#feedback").scroll_visible, animate=False)
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#choices")
    def choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.answered is None:
            self.action_answer(event.option_index)
        else:
            self.action_next()

    def action_next(self) -> None:
        if self.answered is None:
            return
        if self.round.current is None:
            self.quiz.show_results(self.round)
        else:
            self.show_question()
