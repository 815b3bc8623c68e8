"""The start screen and session builder: mode, which questions, topics, how many, time limit."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Header, RadioButton, Static

from quiz.builder import FILTERS, MODES
from quiz.store import last_and_best
from quiz.tui.render import join, literal
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.footer import KeyFooter
from quiz.tui.widgets.toggles import Choice, Tick

TIME_LIMITS: tuple[float | None, ...] = (None, 5, 10, 15, 20, 30, 45, 60)


def minutes_label(minutes: float | None) -> str:
    if minutes is None:
        return "none"
    return f"{minutes:g} min"


class StartScreen(QuizScreen):
    BINDINGS = [
        Binding("enter", "start", "Start", id="start", tooltip="Start a round with these settings", priority=True),
        Binding("m", "cycle_mode", "Mode", id="mode", tooltip="Practice, exam or spaced review"),
        Binding("w", "cycle_filter", "Which", id="filter", tooltip="All, unseen, missed or flagged questions"),
        Binding("minus", "fewer", "Fewer", id="fewer", tooltip="Ask one question fewer"),
        Binding("plus,equals_sign", "more", "More", id="more", tooltip="Ask one question more"),
        Binding("l", "cycle_limit", "Time limit", id="limit", tooltip="Exam time limit"),
        Binding("t", "statistics", "Statistics", id="statistics", tooltip="Your sessions and progress"),
        Binding("s", "source", "Source", id="source", tooltip="The source text, each passage marked by how well you know it"),
    ]

    def compose(self) -> ComposeResult:
        quiz = self.quiz
        deck = quiz.deck
        yield Header()
        with VerticalScroll(id="card"):
            yield Static(literal(deck.title), id="title")
            yield Static(literal(deck.attribution), id="attribution")
            yield Static(id="history")
            yield Static(id="notice", classes="warning-line")
            # Filled in right after the first frame, so the screen is there (and Enter works) at once.
            yield Vertical(id="builder")
            with Horizontal(classes="row"):
                yield Static("Questions", classes="label")
                yield Static(id="count")
                yield Static(id="limit")
            yield Static(id="matching")
            with Center():
                yield Button("Start", id="start-button", variant="primary", compact=True)
        yield KeyFooter()

    AUTO_FOCUS = "#start-button"
    _limit_shown = False
    _built = False

    def on_mount(self) -> None:
        self.call_after_refresh(self._build)

    def _builder_rows(self) -> list[Widget]:
        quiz = self.quiz
        plan = quiz.plan
        counts = {slug: sum(1 for q in quiz.questions if q.topic == slug) for slug in quiz.deck.topics}

        def choices(label: str, group: str, options: tuple[str, ...], chosen: str) -> Widget:
            buttons = (Choice(o.capitalize(), value=o == chosen, id=f"{group}-{o}", compact=True) for o in options)
            return Horizontal(Static(label, classes="label"), Horizontal(*buttons, id=group, classes="choices"), classes="row")

        return [
            choices("Mode", "mode", MODES, plan.mode),
            choices("Which", "filter", FILTERS, plan.filter),
            Horizontal(
                Static("Topics", classes="label"),
                Grid(
                    *(
                        Tick(
                            join(literal(title), f" ({counts[slug]})"),
                            value=plan.topics is None or slug in plan.topics,
                            id=f"topic-{slug}",
                            compact=True,
                        )
                        for slug, title in quiz.deck.topics.items()
                    ),
                    id="topics",
                ),
                classes="row topics-row",
            ),
        ]

    async def _build(self) -> None:
        await self.query_one("#builder").mount_all(self._builder_rows())
        self._built = True
        self.refresh_view()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown. What only a finished round can change is
        # filled in here; refresh_view() follows every key.
        quiz = self.quiz
        quiz.reload_history()
        last, best = last_and_best(quiz.sessions())
        history = f"Last score: {last} · Best score: {best}" if last and best else "No rounds played yet"
        self.query_one("#history", Static).update(history)
        notice = self.query_one("#notice", Static)
        warnings = list(quiz.notices)
        if not quiz.recording:
            warnings.append("Scores are not being recorded: " + (quiz.store.read_only or ""))
        notice.update(literal("\n".join(warnings)))
        notice.display = bool(warnings)
        self.refresh_view()

    def refresh_view(self) -> None:
        quiz = self.quiz
        plan = quiz.plan
        choice = quiz.preview()
        available = len(choice.questions)
        count = min(plan.wanted, available) if available else 0
        self.query_one("#count", Static).update(f"◀ {count} ▶ of {available}")
        limit = self.query_one("#limit", Static)
        limit.update(f"Time limit: {minutes_label(plan.minutes)}")
        if limit.display != (plan.mode == "exam"):
            limit.display = plan.mode == "exam"
        matching = self.query_one("#matching", Static)
        matching.set_class(not choice.questions, "warning-line")
        matching.update(literal(choice.message))  # it names topic titles from deck.yaml
        button = self.query_one("#start-button", Button)
        button.label = choice.button
        button.disabled = not choice.questions
        # The buttons show the plan; setting them must not read as a click. Each change
        # re-styles a button, so only the ones that change are touched.
        with self.prevent(RadioButton.Changed):
            groups = (("mode", MODES, plan.mode), ("filter", FILTERS, plan.filter)) if self._built else ()
            for group, options, wanted in groups:
                for name in options:
                    toggle = self.query_one(f"#{group}-{name}", Choice)
                    if toggle.value != (name == wanted):
                        toggle.value = name == wanted
        if limit.display != self._limit_shown:
            self._limit_shown = limit.display
            self.refresh_bindings()  # the `l` key is offered in exam mode only

    def _set_plan(self, **changes: object) -> None:
        self.quiz.plan = replace(self.quiz.plan, **changes)  # type: ignore[arg-type]
        self.refresh_view()

    @on(RadioButton.Changed, "#mode Choice")
    def mode_clicked(self, event: RadioButton.Changed) -> None:
        self._set_plan(mode=str(event.radio_button.id).removeprefix("mode-"))

    @on(RadioButton.Changed, "#filter Choice")
    def filter_clicked(self, event: RadioButton.Changed) -> None:
        self._set_plan(filter=str(event.radio_button.id).removeprefix("filter-"))

    @on(Checkbox.Changed, "#topics Tick")
    def topics_changed(self) -> None:
        selected = tuple(slug for slug in self.quiz.deck.topics if self.query_one(f"#topic-{slug}", Tick).value)
        everything = len(selected) == len(self.quiz.deck.topics)
        self._set_plan(topics=None if everything else selected)

    def action_cycle_mode(self) -> None:
        self._set_plan(mode=MODES[(MODES.index(self.quiz.plan.mode) + 1) % len(MODES)])

    def action_cycle_filter(self) -> None:
        self._set_plan(filter=FILTERS[(FILTERS.index(self.quiz.plan.filter) + 1) % len(FILTERS)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_limit":
            return self.quiz.plan.mode == "exam"
        return True

    def action_cycle_limit(self) -> None:
        current = self.quiz.plan.minutes
        index = TIME_LIMITS.index(current) if current in TIME_LIMITS else 0
        self._set_plan(minutes=TIME_LIMITS[(index + 1) % len(TIME_LIMITS)])

    def _change(self, delta: int) -> None:
        available = len(self.quiz.preview().questions)
        current = min(self.quiz.plan.wanted, available)
        self._set_plan(count=max(1, min(available, current + delta)))

    def action_fewer(self) -> None:
        self._change(-1)

    def action_more(self) -> None:
        self._change(+1)

    def action_start(self) -> None:
        self.quiz.start_round()

    def action_source(self) -> None:
        self.quiz.show_source()

    def action_statistics(self) -> None:
        self.quiz.show_statistics()

    @on(Button.Pressed, "#start-button")
    def start_pressed(self) -> None:
        self.action_start()
