"""The question screen: one question and its choices, then (in practice and review) the verdict and the quoted explanation."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quiz.round import LETTERS, Answer, Item, Round
from quiz.session import Session
from quiz.tui import messages
from quiz.tui.render import choice_label, join, literal, quote
from quiz.tui.screens.base import SessionScreen
from quiz.tui.widgets.choices import Choices

CORRECT = "✓"
WRONG = "✗"
FLAG = "⚑"


def countdown(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60}:{seconds % 60:02d}"


class QuestionScreen(SessionScreen):
    COMPONENT_CLASSES = {"question--hint"}
    BINDINGS = [
        *(
            Binding(f"{letter.lower()},{number}", f"answer({number - 1})", f"Answer {letter}", show=False, id=f"answer-{letter.lower()}")
            for number, letter in enumerate(LETTERS[:5], start=1)
        ),
        # A sixth choice (five distractors) has a number only: `f` flags.
        Binding("6", "answer(5)", "Answer F", show=False, id="answer-f"),
        # Shown in the feedback text rather than the footer: a footer that changed with every
        # answer would be rebuilt on every key press.
        # Enter answers with the highlighted choice, then goes on. The list of choices leaves
        # Enter to this binding (quiz.tui.widgets.choices), so every key arrives in order.
        Binding("enter", "enter", "Answer / next", id="enter", tooltip="Answer with the highlighted choice, then go on", show=False),
        Binding("space", "next", "Next", id="next", tooltip="Go on to the next question", show=False),
        Binding("f", "flag", "Flag", id="flag", tooltip="Flag or unflag this question to come back to it"),
        Binding("s", "source", "Source", id="source", tooltip="Read the quoted passage in the source text", show=False),
        Binding("r", "report", "Report", id="report", tooltip="Show a ready-to-paste problem report for this question", show=False),
    ]

    def __init__(self, session: Session, round_: Round, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(session)
        self.round = round_
        self.clock = clock  # tests pass their own, to run out an exam's time
        self.answered: Answer | None = None
        self.shown_at = clock()
        self.deadline = clock() + round_.minutes * 60 if round_.minutes else None
        self.timer: Timer | None = None

    @property
    def exam(self) -> bool:
        return self.round.mode == "exam"

    @property
    def item(self) -> Item | None:
        """The question on screen: the one being asked, or the one just answered."""
        return self.answered.item if self.answered is not None else self.round.current

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(id="progress")
            yield Static(id="question")
            yield Choices(id="choices", markup=False)
            # One line for the keys that answer, then for the verdict: each widget shown, hidden
            # or re-laid out on an answer adds to the time until the verdict is on screen.
            yield Static(id="verdict")
            with Vertical(id="feedback"):
                yield Static(id="explanation", classes="quote")
                yield Static(id="citation", classes="citation")  # the source, then the keys that go on
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.deadline is not None:
            self.timer = self.set_interval(1.0, self.tick)
        self.show_question()

    def tick(self) -> None:
        if self.deadline is None:
            return
        if self.clock() >= self.deadline:
            self.time_up()
        else:
            self.show_progress()

    def time_up(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.round.omit_rest()
        self.session.record(self.round)
        self.app.notify("Time is up: the questions not answered count as omitted.", title="Exam over", severity="warning")
        self.post_message(messages.RoundOver(self.round))

    def show_progress(self) -> None:
        item = self.item
        number = self.round.position + (0 if self.answered else 1)
        parts = [f"Question {number}/{self.round.total}"]
        if self.exam:
            parts.append("Exam")
            if self.deadline is not None:
                parts.append(f"⏱ {countdown(self.deadline - self.clock())} left")
        else:
            parts.append(f"Score {self.round.score}")
            if self.round.mode == "review":
                parts.append("Review")
        if item is not None and item.question.id in self.session.flags:
            parts.append(f"{FLAG} Flagged")
        if not self.session.recording:
            parts.append("not recorded")
        self.query_one("#progress", Static).update(" · ".join(parts))

    def show_question(self) -> None:
        item = self.round.current
        if item is None:
            return
        self.answered = None
        self.show_progress()
        self.query_one("#question", Static).update(literal(item.question.question))
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        choices.add_options(Option(choice_label(i, text), id=f"choice-{i}") for i, text in enumerate(item.choices))
        choices.highlighted = 0
        if self.focused is not choices:
            choices.focus()
        self.query_one("#feedback").display = False
        letters = f"A–{LETTERS[min(len(item.choices), 5) - 1]}"
        digits = f"1–{len(item.choices)}"
        hint = Content(f"Press {letters} or {digits}, or choose with ↑ ↓ and Enter")
        self.query_one("#verdict", Static).update(hint.stylize(self.get_visual_style("question--hint", partial=True)))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.shown_at = self.clock()

    def action_answer(self, index: int) -> None:
        item = self.round.current
        if self.answered is not None or item is None or not 0 <= index < len(item.choices):
            return
        answer = self.round.answer(index, self.clock() - self.shown_at)
        self.session.record(self.round)
        if self.exam:
            # No feedback during an exam: straight on to the next question.
            if self.round.current is None:
                self.finish()
            else:
                self.show_question()
            return
        self.answered = answer
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
        # Styled in the content, not by CSS classes: a class change re-styles the widget on every answer.
        if answer.correct:
            verdict.update(Content(f"{CORRECT} Correct!").stylize("bold $success"))
        else:
            verdict.update(join(f"{WRONG} Wrong. The answer is {LETTERS[right]}. ", literal(item.question.answer)).stylize("bold $error"))
        self.query_one("#explanation", Static).update(quote(item.question.explanation))
        deck = self.session.deck
        last = self.round.current is None
        keys = "Enter or Space: " + ("see your results" if last else "next question") + " · s: read the source · r: report a problem"
        self.query_one("#citation", Static).update(join("— ", literal(deck.title), " · ", literal(deck.attribution), "\n\n", keys))
        self.query_one("#feedback").display = True
        self.show_progress()
        choices.highlighted = None  # the cursor would sit on the answer given and hide its colours
        self.call_after_refresh(self.query_one("#feedback").scroll_visible, animate=False)

    @on(OptionList.OptionSelected, "#choices")
    def choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.answered is None:
            self.action_answer(event.option_index)
        else:
            self.action_next()

    def action_enter(self) -> None:
        if self.answered is not None:
            self.action_next()
        else:
            highlighted = self.query_one("#choices", OptionList).highlighted
            if highlighted is not None:
                self.action_answer(highlighted)

    def action_next(self) -> None:
        if self.answered is None:
            return
        if self.round.current is None:
            self.finish()
        else:
            self.show_question()

    def finish(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.post_message(messages.RoundOver(self.round))

    def action_flag(self) -> None:
        item = self.item
        if item is None:
            return
        flagged = self.session.toggle_flag(item.question)
        self.show_progress()
        self.notify("Flagged: it will be in the 'flagged' filter." if flagged else "Flag removed.", timeout=2)

    def action_source(self) -> None:
        item = self.item
        if item is not None and self.answered is not None:
            self.post_message(messages.ShowSource(focus=item.question.explanation))

    def action_report(self) -> None:
        if self.answered is None:
            return
        from quiz.report import problem_report
        from quiz.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(problem_report(self.session.deck, self.answered.item, self.answered.chosen)))
