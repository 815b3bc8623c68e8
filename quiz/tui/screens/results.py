"""The results screen: score, time, accuracy per topic, then each missed question and what to reread."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Header, Static

from quiz.history import parse_time
from quiz.round import LETTERS, Round
from quiz.session import Session
from quiz.tui import messages
from quiz.tui.render import choice_label, join, literal, quote
from quiz.tui.screens.base import SessionScreen
from quiz.tui.widgets.footer import KeyFooter
from quiz.wording import CONFIDENCE_LABELS, CONFIDENCE_PHRASES, percent

BAR = 20  # cells of a full bar: 100% right


def bar(right: int, asked: int, width: int = BAR) -> str:
    """`████████░░░░`: the share right, drawn in `width` cells."""
    full = round(width * right / asked) if asked else 0
    return "█" * full + "░" * (width - full)


def calibration_lines(calibration: dict[str, tuple[int, int]]) -> list[str]:
    """`Certain      ████████████████░░░░  4/5 right (80%)`, least sure first."""
    return [
        f"{CONFIDENCE_LABELS[level]:<12} {bar(right, asked)}  {right}/{asked} right ({percent(right, asked)}%)"
        for level, (right, asked) in calibration.items()
    ]


def duration(round_: Round) -> str:
    start, end = parse_time(round_.started), parse_time(round_.ended)
    if start is None or end is None:
        return "?"
    seconds = int((end - start).total_seconds())
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class ResultsScreen(SessionScreen):
    BINDINGS = [
        Binding("p", "play_again", "Play again", id="play-again", tooltip="Start a new round with the same settings"),
        Binding("m", "retry_missed", "Retry missed", id="retry-missed", tooltip="A new round of just the questions you missed"),
        Binding("v", "review", "Review answers", id="review", tooltip="Step through every question with its answer and explanation"),
        Binding("escape,b", "back", "Start screen", id="back", tooltip="Back to the start screen"),
    ]

    def __init__(self, session: Session, round_: Round) -> None:
        super().__init__(session)
        self.round = round_

    def compose(self) -> ComposeResult:
        round_ = self.round
        asked = len(round_.answers)
        missed = round_.missed_by_confidence()  # the confidently wrong first
        sure_wrong = [a for a in missed if a.confidently_wrong]
        yield Header()
        with Vertical(id="summary"):
            omitted = f" · {round_.omitted} omitted" if round_.omitted else ""
            yield Static(
                f"You scored {round_.score}/{asked} ({percent(round_.score, asked)}%)",
                id="score",
            )
            yield Static(f"{round_.mode.capitalize()} · time taken {duration(round_)}{omitted}", id="time")
            if not self.session.recording:
                yield Static("This round was not recorded.", classes="warning-line")
            with Horizontal(id="actions"):
                exam = round_.mode == "exam"
                yield Button("Play again", id="play-again", variant="default" if exam else "primary")
                yield Button("Retry missed", id="retry-missed", disabled=not missed)
                yield Button("Review answers", id="review", variant="primary" if exam else "default")
                yield Button("Quit", id="quit")
        with VerticalScroll(id="body"):
            yield Static("Accuracy by topic", classes="section")
            topics = self.session.deck.topics
            for topic, (right, total) in round_.topic_accuracy().items():
                yield Static(join(literal(topics.get(topic, topic)), f": {right}/{total} ({percent(right, total)}%)"), classes="topic")
            calibration = round_.calibration()
            if calibration:
                yield Static("How sure you were", classes="section", id="calibration-title")
                yield Static("\n".join(calibration_lines(calibration)), id="calibration")
                if sure_wrong:
                    yield Static(
                        f"Confidently wrong: {len(sure_wrong)}, listed first below. These are the errors to fix first.",
                        id="confidently-wrong",
                        classes="warning-line",
                    )
            if missed:
                yield Static(f"Missed questions ({len(missed)})", classes="section", id="missed-title")
            else:
                yield Static("No questions missed. Well done!", classes="section", id="missed-title")
            for number, answer in enumerate(missed, start=1):
                item = answer.item
                with Vertical(classes="missed"):
                    yield Static(join(f"{number}. ", literal(item.question.question)), classes="missed-question")
                    given = (
                        choice_label(answer.chosen, item.choices[answer.chosen]) if answer.chosen is not None else Content("(no answer)")
                    )
                    sure = f" ({CONFIDENCE_PHRASES[answer.confidence]})" if answer.confidence else ""
                    yield Static(join("✗ Your answer: ", given, sure), classes="wrong")
                    yield Static(
                        join(f"✓ Correct answer: {LETTERS[item.correct_index]}. ", literal(item.question.answer)),
                        classes="correct",
                    )
                    yield Static(quote(item.question.explanation), classes="quote")
            if missed:
                source = self.session.deck.source
                first = source.sentences_of([q for a in sure_wrong for q in a.item.question.explanation])
                rest = [i for i in source.sentences_of([q for a in missed for q in a.item.question.explanation]) if i not in first]
                order = "confidently wrong first, then in source order" if first else "in source order"
                yield Static(f"What to reread ({order})", classes="section", id="reread-title")
                for index in [*first, *rest]:
                    yield Static(join("• ", literal(source.sentences[index].raw)), classes="reread")
        yield KeyFooter()

    def on_mount(self) -> None:
        # After an exam the natural next step is its review, so Enter (the focused button) opens it.
        self.query_one("#review" if self.round.mode == "exam" else "#play-again", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_missed":
            return bool(self.round.missed)
        return True

    def action_play_again(self) -> None:
        self.post_message(messages.StartRound())

    def action_retry_missed(self) -> None:
        if self.round.missed:
            self.post_message(messages.RetryMissed(self.round))

    def action_review(self) -> None:
        self.post_message(messages.ShowReview(self.round))

    def action_back(self) -> None:
        self.post_message(messages.BackToStart())

    @on(Button.Pressed, "#play-again")
    def play_again_pressed(self) -> None:
        self.action_play_again()

    @on(Button.Pressed, "#retry-missed")
    def retry_pressed(self) -> None:
        self.action_retry_missed()

    @on(Button.Pressed, "#review")
    def review_pressed(self) -> None:
        self.action_review()

    @on(Button.Pressed, "#quit")
    def quit_pressed(self) -> None:
        self.post_message(messages.Quit())
