"""The question screen: one question and its choices, then (in practice and review) the verdict and the quoted explanation."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.timer import Timer
from textual.widgets import Header, Static

from quiz.records import CONFIDENCE_LEVELS, Confidence, Deck
from quiz.round import LETTERS, Answer, Item, Round
from quiz.session import Session
from quiz.tui import messages
from quiz.tui.render import choice_label, join, literal, quote
from quiz.tui.screens.base import SessionScreen
from quiz.tui.widgets.choices import Choices
from quiz.tui.widgets.drawn import Prepared
from quiz.tui.widgets.footer import KeyFooter
from quiz.wording import CONFIDENCE_LABELS, CONFIDENCE_PHRASES

CORRECT = "✓"
WRONG = "✗"
FLAG = "⚑"


@dataclass(frozen=True, slots=True)
class Marks:
    """A question's choices as the feedback marks them: the right one, each as the wrong answer given, each unmarked."""

    right_index: int
    right: Content
    wrong: tuple[Content, ...]
    plain: tuple[Content, ...]

    def shown(self, chosen: int | None) -> list[Content]:
        return [self.right if i == self.right_index else self.wrong[i] if i == chosen else self.plain[i] for i in range(len(self.plain))]


def marked_labels(labels: list[Content], right: int) -> Marks:
    return Marks(
        right,
        join(Content(f"{CORRECT} ").stylize("bold $success"), labels[right], Content("  (correct answer)").stylize("$success")),
        tuple(join(Content(f"{WRONG} ").stylize("bold $error"), label, Content("  (your answer)").stylize("$error")) for label in labels),
        tuple(join(Content("  "), label) for label in labels),
    )


def verdict(item: Item, correct: bool, confidence: Confidence | None) -> Content:
    """The line that says whether the answer was right (and how sure the user said they were)."""
    # Styled in the content, not by CSS classes: a class change re-styles the widget on every answer.
    sure = f" ({CONFIDENCE_PHRASES[confidence]})" if confidence else ""
    if correct:
        return Content(f"{CORRECT} Correct!{sure}").stylize("bold $success")
    wrong = f"{WRONG} Wrong, and you were certain." if confidence == "certain" else f"{WRONG} Wrong{sure}."
    return join(f"{wrong} The answer is {LETTERS[item.correct_index]}. ", literal(item.question.answer)).stylize("bold $error")


def citation(deck: Deck, last: bool) -> Content:
    """Where the quote comes from, then the keys that go on."""
    keys = "Enter or Space: " + ("see your results" if last else "next question") + " · s: read the source · r: report a problem"
    return join("— ", literal(deck.title), " · ", literal(deck.attribution), "\n\n", keys)


def countdown(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60}:{seconds % 60:02d}"


class QuestionScreen(SessionScreen):
    COMPONENT_CLASSES = {"question--hint"}
    BINDINGS = [
        *(
            Binding(letter.lower(), f"answer({index})", f"Answer {letter}", show=False, id=f"answer-{letter.lower()}")
            for index, letter in enumerate(LETTERS[:5])
        ),
        # Digits answer too, except while the prompt asks how sure: then 1, 2, 3 say it. Bindings of
        # their own, so that a key typed ahead is still read for what it was when its turn comes.
        *(
            Binding(
                str(number),
                f"digit({number})",
                f"Answer {letter}"
                + (f"; asked how sure: {CONFIDENCE_LABELS[CONFIDENCE_LEVELS[number - 1]].lower()}" if number <= 3 else ""),
                show=False,
                id=f"digit-{number}",
            )
            for number, letter in enumerate(LETTERS, start=1)
        ),
        # Shift+letter answers and says "certain" in the same key press.
        *(
            Binding(f"{letter},shift+{letter.lower()}", f"answer_certain({index})", f"Answer {letter}, certain", show=False)
            for index, letter in enumerate(LETTERS[:5])
        ),
        Binding("escape", "change_answer", "Change answer", show=False, tooltip="Take back the choice while asked how sure"),
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
        self.pending: tuple[int, float] | None = None  # chosen, seconds taken: waiting to hear how sure
        self.shown_at = clock()
        self.deadline = clock() + round_.minutes * 60 if round_.minutes else None
        self.timer: Timer | None = None
        self.marks: Marks | None = None  # the choices as an answer will mark them

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
            yield Prepared(id="progress")
            yield Static(id="question")
            yield Choices(id="choices")
            # One line for the keys that answer, then for the verdict: each widget shown, hidden
            # or re-laid out on an answer adds to the time until the verdict is on screen.
            yield Prepared(id="verdict")
            # Empty (no line, no quote bar) until an answer: showing a hidden container instead
            # restyled its children on every answer (figure: answer latency).
            yield Prepared(id="explanation", classes="quote")
            yield Prepared(id="citation", classes="citation")  # the source, then the keys that go on
        yield KeyFooter()

    def on_mount(self) -> None:
        # Published once a layout's frame has gone to the terminal (call_after_refresh can run before it).
        self.screen_layout_refresh_signal.subscribe(self, self.frame_shown, immediate=True)
        if self.deadline is not None:
            self.timer = self.set_interval(1.0, self.tick)
        self.show_question()

    def frame_shown(self, screen: object) -> None:
        self.session.frame_shown()  # the saves held for it go on

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
        number = self.round.position + (0 if self.answered else 1)
        progress = self.query_one("#progress", Prepared)
        line = self.progress(number, self.round.score)
        if line != str(progress.visual):  # a line that does not change is not written again
            progress.update(line)

    def progress(self, number: int, score: int) -> str:
        item = self.item
        parts = [f"Question {number}/{self.round.total}"]
        if self.exam:
            parts.append("Exam")
            if self.deadline is not None:
                parts.append(f"⏱ {countdown(self.deadline - self.clock())} left")
        else:
            parts.append(f"Score {score}")
            if self.round.mode == "review":
                parts.append("Review")
        if item is not None and item.question.id in self.session.flags:
            parts.append(f"{FLAG} Flagged")
        if not self.session.recording:
            parts.append("not recorded")
        return " · ".join(parts)

    def show_question(self) -> None:
        item = self.round.current
        if item is None:
            return
        self.answered = None
        self.pending = None
        self.show_progress()
        self.query_one("#question", Static).update(literal(item.question.question))
        labels = [choice_label(i, text) for i, text in enumerate(item.choices)]
        self.marks = marked_labels(labels, item.correct_index)
        choices = self.query_one("#choices", Choices)
        # The column of the marks is there from the start: an answer then changes only the lines it marks.
        choices.show(self.marks.plain, highlighted=0)
        if not self.exam:
            self.call_after_refresh(self.prepare_feedback, item)
        if self.focused is not choices:
            choices.focus()
        self.query_one("#explanation", Prepared).update("")
        self.query_one("#citation", Prepared).update("")
        self.show_hint(item)
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.shown_at = self.clock()

    def prepare_feedback(self, item: Item) -> None:
        """Draw what an answer to `item` will show while it is read, so that the answer only puts it on screen (figure: answer latency)."""
        if self.answered is not None or self.round.current is not item or self.marks is None:
            return  # answered before the first frame: nothing left to prepare
        marks = self.marks
        self.query_one("#choices", Choices).prepare([marks.right, *marks.wrong, *marks.plain])
        levels = (None, *CONFIDENCE_LEVELS)
        self.query_one("#verdict", Prepared).prepare(*(verdict(item, correct, level) for correct in (True, False) for level in levels))
        self.query_one("#explanation", Prepared).prepare(quote(item.question.explanation))
        last = self.round.position + 1 == self.round.total
        self.query_one("#citation", Prepared).prepare(citation(self.session.deck, last))
        number, score = self.round.position + 1, self.round.score
        self.query_one("#progress", Prepared).prepare(*(Content(self.progress(number, score + point)) for point in (0, 1)))

    def show_hint(self, item: Item) -> None:
        letters = f"A–{LETTERS[min(len(item.choices), 5) - 1]}"
        digits = f"1–{len(item.choices)}"
        if self.session.plan.confidence:
            hint = Content(f"Press {letters} or {digits} (or ↑ ↓ Enter), then how sure · Shift+{letters}: certain")
        else:
            hint = Content(f"Press {letters} or {digits}, or choose with ↑ ↓ and Enter")
        self.query_one("#verdict", Prepared).update(hint.stylize(self.get_visual_style("question--hint", partial=True)))

    def action_answer(self, index: int) -> None:
        item = self.round.current
        if self.answered is not None or item is None:
            return
        if not 0 <= index < len(item.choices):
            return
        if self.session.plan.confidence:
            self.ask_confidence(index)
        else:
            self.commit(index, None)

    def action_digit(self, number: int) -> None:
        """A digit answers with that choice (a sixth one has only its number: `f` flags); asked how sure, 1-3 say it."""
        if self.pending is not None:
            self.action_confide(number - 1)
        else:
            self.action_answer(number - 1)

    def refresh_hint(self) -> None:
        """The confidence setting changed: the hint (or a pending prompt, then taken back) follows."""
        item = self.round.current
        if self.answered is None and item is not None:
            self.pending = None
            self.show_hint(item)

    def action_answer_certain(self, index: int) -> None:
        item = self.round.current
        if self.answered is None and item is not None and 0 <= index < len(item.choices):
            self.commit(index, "certain")

    def ask_confidence(self, index: int) -> None:
        """The choice is made; one line asks how sure (keys 1-3, or a click), before any feedback."""
        self.pending = (index, self.clock() - self.shown_at)
        self.query_one("#choices", Choices).highlighted = index
        parts: list[Content | str] = [Content(f"{LETTERS[index]}: how sure? ").stylize("bold")]
        for number, level in enumerate(CONFIDENCE_LEVELS, start=1):
            label = (
                Content(f" {number} {CONFIDENCE_LABELS[level]} ")
                .stylize("reverse")
                .stylize(Style.from_meta({"@click": f"screen.confide({number - 1})"}))
            )
            parts += [label, " "]
        parts.append(Content(" Esc: change").stylize(self.get_visual_style("question--hint", partial=True)))
        self.query_one("#verdict", Prepared).update(join(*parts))

    def action_confide(self, level: int) -> None:
        if self.pending is None or self.answered is not None or not 0 <= level < len(CONFIDENCE_LEVELS):
            return
        chosen, seconds = self.pending
        self.commit(chosen, CONFIDENCE_LEVELS[level], seconds)

    def action_change_answer(self) -> None:
        item = self.round.current
        if self.pending is not None and self.answered is None and item is not None:
            self.pending = None
            self.show_hint(item)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "change_answer":
            return self.pending is not None  # otherwise Esc is left to what else it does
        return True

    def commit(self, index: int, confidence: Confidence | None, seconds: float | None = None) -> None:
        self.pending = None
        answer = self.round.answer(index, self.clock() - self.shown_at if seconds is None else seconds, confidence)
        # On disk once the answer is on screen (a few milliseconds later): the save's system calls
        # slowed the frame that shows it (figure: answer latency at 160x50).
        self.session.record(self.round, after_frame=True)
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
        marks = self.marks
        assert marks is not None, "show_question() sets the marks of the question answered"
        # No cursor: it would sit on the answer given and hide its colours.
        self.query_one("#choices", Choices).show(marks.shown(answer.chosen), highlighted=None)
        self.query_one("#verdict", Prepared).update(verdict(item, answer.correct, answer.confidence))
        self.query_one("#explanation", Prepared).update(quote(item.question.explanation))
        self.query_one("#citation", Prepared).update(citation(self.session.deck, last=self.round.current is None))
        self.show_progress()
        self.call_after_refresh(self.query_one("#citation").scroll_visible, animate=False)

    @on(Choices.Selected, "#choices")
    def choice_selected(self, event: Choices.Selected) -> None:
        event.stop()
        if self.answered is None:
            if self.pending is None or self.pending[0] != event.index:
                self.action_answer(event.index)
        else:
            self.action_next()

    def action_enter(self) -> None:
        if self.answered is not None:
            self.action_next()
        else:
            highlighted = self.query_one("#choices", Choices).highlighted
            if highlighted is not None and (self.pending is None or self.pending[0] != highlighted):
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
