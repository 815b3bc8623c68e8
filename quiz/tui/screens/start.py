"""The start screen and session builder: mode, which questions, topics, how many, time limit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Header, Static

from quiz.plan import Plan, Preparation
from quiz.tui import messages
from quiz.tui.render import literal
from quiz.tui.screens.base import SessionScreen
from quiz.tui.widgets.footer import KeyFooter
from quiz.tui.widgets.session_builder import SessionBuilder


class StartScreen(SessionScreen):
    BINDINGS = [
        # Not a priority binding: those run ahead of keys typed before them, and a quick "m, Enter"
        # must start the mode just chosen. Nothing on this screen takes Enter for itself.
        Binding("enter", "start", "Start", id="start", tooltip="Start a round with these settings"),
        Binding("m", "cycle_mode", "Mode", id="mode", tooltip="Practice, exam or spaced review"),
        Binding("w", "cycle_filter", "Which", id="filter", tooltip="All, unseen, missed or flagged questions"),
        Binding("minus", "fewer", "Fewer", id="fewer", tooltip="Ask one question fewer"),
        Binding("plus,equals_sign", "more", "More", id="more", tooltip="Ask one question more"),
        Binding("l", "cycle_limit", "Time limit", id="limit", tooltip="Exam time limit"),
        Binding("t", "statistics", "Statistics", id="statistics", tooltip="Your sessions and progress"),
        Binding("s", "source", "Source", id="source", tooltip="The source text, each passage marked by how well you know it"),
    ]
    AUTO_FOCUS = "#builder"
    _limit_shown = False

    def compose(self) -> ComposeResult:
        session = self.session
        deck = session.deck
        choice = session.preview()
        self._limit_shown = session.plan.mode == "exam"  # which the bindings already offer at the start
        yield Header()
        card = VerticalScroll(id="card")
        card.can_focus = False  # a click on the card must leave the keys with the builder
        # Everything is filled in here, so that the first frame drawn is the whole screen.
        history, warnings = self._history(), self._warnings()
        with card:
            yield Static(literal(deck.title), id="title")
            yield Static(literal(deck.attribution), id="attribution")
            yield Static(history, id="history")
            notice = Static(warnings, id="notice", classes="warning-line")
            notice.display = bool(warnings)
            yield notice
            yield SessionBuilder(
                session.plan, deck.topics, session.topic_counts(), len(choice.questions), on_change=self._set_plan, id="builder"
            )
            yield Static(literal(choice.message), id="matching", classes="" if choice.questions else "warning-line")
            yield Static(self._button(choice), id="start-button", classes="" if choice.questions else "-disabled")
        yield KeyFooter()

    def _history(self) -> str:
        last, best = self.session.last_and_best()
        return f"Last score: {last} · Best score: {best}" if last and best else "No rounds played yet"

    def _warnings(self) -> Content:
        session = self.session
        warnings = list(session.notices)
        if not session.recording:
            warnings.append("Scores are not being recorded: " + (session.not_recorded_reason or ""))
        return literal("\n".join(warnings))

    @staticmethod
    def _button(choice: Preparation) -> Content:
        label = Content(f" {choice.button} " + ("(Enter) " if choice.questions else ""))
        return label.stylize(Style.from_meta({"@click": "screen.start"})) if choice.questions else label

    _resumed = False

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, which compose() has filled in already. What
        # only a finished round can change is filled in here; refresh_view() follows every key.
        if not self._resumed:
            self._resumed = True
            return
        self.query_one("#history", Static).update(self._history())
        notice = self.query_one("#notice", Static)
        warnings = self._warnings()
        notice.update(warnings)
        notice.display = bool(warnings)
        self.refresh_view()

    def refresh_view(self) -> None:
        plan = self.session.plan
        choice = self.session.preview()
        self.query_one(SessionBuilder).show(plan, len(choice.questions))
        matching = self.query_one("#matching", Static)
        matching.set_class(not choice.questions, "warning-line")
        matching.update(literal(choice.message))  # it names topic titles from deck.yaml
        button = self.query_one("#start-button", Static)
        button.set_class(not choice.questions, "-disabled")
        button.update(self._button(choice))
        exam = plan.mode == "exam"
        if exam != self._limit_shown:
            self._limit_shown = exam
            self.refresh_bindings()  # the `l` key is offered in exam mode only

    def _set_plan(self, plan: Plan) -> None:
        self.session.plan = plan
        self.refresh_view()

    # The screen's keys change the plan through the builder, which knows the latest one.

    def action_cycle_mode(self) -> None:
        self.query_one(SessionBuilder).cycle("mode", 1)

    def action_cycle_filter(self) -> None:
        self.query_one(SessionBuilder).cycle("filter", 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_limit":
            return self.session.plan.mode == "exam"
        return True

    def action_cycle_limit(self) -> None:
        self.query_one(SessionBuilder).step_limit(1)

    def action_fewer(self) -> None:
        self.query_one(SessionBuilder).step_count(-1)

    def action_more(self) -> None:
        self.query_one(SessionBuilder).step_count(1)

    def action_start(self) -> None:
        self.post_message(messages.StartRound())

    def action_source(self) -> None:
        self.post_message(messages.ShowSource(knowledge=True))

    def action_statistics(self) -> None:
        self.post_message(messages.ShowStatistics())
