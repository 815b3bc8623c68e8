"""The answer review: every question of a round with the answer given, the right answer and the explanation, one at a time."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from quiz.round import Answer, Round
from quiz.session import Session
from quiz.tui import messages
from quiz.tui.render import choice_label, join, literal, quote
from quiz.tui.screens.base import SessionScreen
from quiz.tui.widgets.footer import KeyFooter


def mark(answer: Answer) -> str:
    if answer.chosen is None:
        return "– omitted"
    return "✓ right" if answer.correct else "✗ wrong"


class ReviewScreen(SessionScreen):
    BINDINGS = [
        Binding("n,right", "step(1)", "Next", id="review-next", tooltip="Next question"),
        Binding("p,left", "step(-1)", "Previous", id="review-previous", tooltip="Previous question"),
        Binding("f", "flag", "Flag", id="flag", tooltip="Flag or unflag this question"),
        Binding("s", "source", "Source", id="source", tooltip="Read the quoted passage in the source text"),
        Binding("escape,b", "app.pop_screen", "Back", id="back", tooltip="Back to the results"),
    ]

    def __init__(self, session: Session, round_: Round) -> None:
        super().__init__(session)
        self.round = round_
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(
            *(
                Option(join(f"{n:>2}. {mark(a):<9} ", literal(a.item.question.question)), id=f"q-{n}")
                for n, a in enumerate(self.round.answers, start=1)
            ),
            id="list",
            markup=False,
        )
        with VerticalScroll(id="detail"):
            yield Static(id="position")
            yield Static(id="question")
            yield Static(id="choices")
            yield Static(id="explanation", classes="quote")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show(0)
        self.query_one("#list", OptionList).focus()

    def show(self, index: int) -> None:
        if not self.round.answers:
            return
        self.index = max(0, min(index, len(self.round.answers) - 1))
        answer = self.round.answers[self.index]
        item = answer.item
        flagged = " · ⚑ Flagged" if item.question.id in self.session.flags else ""
        self.query_one("#position", Static).update(f"Question {self.index + 1}/{len(self.round.answers)} · {mark(answer)}{flagged}")
        self.query_one("#question", Static).update(literal(item.question.question))
        lines = []
        for i, text in enumerate(item.choices):
            tag = Content("  ")
            note = Content("")
            if i == item.correct_index:
                tag, note = Content("✓ ").stylize("bold $success"), Content("  (correct answer)").stylize("$success")
            elif i == answer.chosen:
                tag, note = Content("✗ ").stylize("bold $error"), Content("  (your answer)").stylize("$error")
            lines.append(join(tag, choice_label(i, text), note))
        if answer.chosen is None:
            lines.append(Content("No answer given (time ran out)."))
        self.query_one("#choices", Static).update(Content("\n").join(lines))
        self.query_one("#explanation", Static).update(quote(item.question.explanation))
        options = self.query_one("#list", OptionList)
        if options.highlighted != self.index:
            options.highlighted = self.index
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.index:
            self.show(event.option_index)

    def action_step(self, delta: int) -> None:
        self.show(self.index + delta)

    def action_flag(self) -> None:
        flagged = self.session.toggle_flag(self.round.answers[self.index].item.question)
        self.show(self.index)
        self.notify("Flagged." if flagged else "Flag removed.", timeout=2)

    def action_source(self) -> None:
        self.post_message(messages.ShowSource(focus=self.round.answers[self.index].item.question.explanation))
