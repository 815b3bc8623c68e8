"""The statistics screen: every session, the score over time, accuracy per topic, unseen, due and hardest questions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Sparkline, Static

from quiz.safe_text import printable
from quiz.stats import compute
from quiz.tui.screens.base import SessionScreen
from quiz.tui.screens.results import calibration_lines
from quiz.tui.widgets.footer import KeyFooter
from quiz.wording import percent, plural


def cell(text: object) -> Text:
    """A table cell shown literally (a plain str would be parsed as markup)."""
    return Text(printable(str(text)))


class StatisticsScreen(SessionScreen):
    BINDINGS = [
        Binding("escape,b,t", "app.pop_screen", "Back", id="back", tooltip="Back to the start screen"),
    ]

    def compose(self) -> ComposeResult:
        session = self.session
        stats = compute(session.deck, session.sessions())
        overall = f"{percent(stats.correct, stats.answers)}% right" if stats.answers else "no answers yet"
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(f"{plural(len(stats.sessions), 'session')} · {plural(stats.answers, 'answer')} · {overall}", id="overview")
            yield Static(
                f"Never seen: {len(stats.unseen)} of {len(session.deck.questions)} questions · "
                f"Due for review: {len(stats.due)} · Flagged: {len(session.flags)}",
                id="counts",
            )
            if stats.changed or stats.removed:
                yield Static(
                    f"Changed since you answered them: {len(stats.changed)} (marked *) · "
                    f"No longer in the deck, history kept: {len(stats.removed)}",
                    id="changed",
                )
            yield Static("Score over sessions (oldest → newest, %)", classes="section")
            if len(stats.sessions) >= 2:
                yield Sparkline([float(s.percent) for s in stats.sessions], id="chart")
            else:
                yield Static("The chart appears after two sessions.", id="chart-empty")
            yield Static("How sure you were (all sessions)", classes="section")
            if any(c.asked for c in stats.calibration.values()):
                yield Static(
                    "\n".join(calibration_lines({k: (c.correct, c.asked) for k, c in stats.calibration.items() if c.asked})),
                    id="calibration",
                )
                certain = [s.calibration["certain"].percent for s in stats.sessions if s.calibration["certain"].asked]
                yield Static("Certain answers right over sessions (oldest → newest, %)", classes="section")
                if len(certain) >= 2:
                    yield Sparkline([float(p or 0) for p in certain], id="calibration-chart")
                else:
                    yield Static("The chart appears after two sessions with certain answers.", id="calibration-chart-empty")
                yield Static("Confidently wrong (certain, yet wrong): reread these first", classes="section")
                wrong: DataTable[Text] = DataTable(id="confidently-wrong-table", cursor_type="row", zebra_stripes=True)
                wrong.add_columns("Times", "Id", "Question")
                for w in stats.confidently_wrong:
                    wrong.add_row(cell(w.times), cell(w.id), cell(w.question))
                yield wrong
            else:
                yield Static("No answer has said how sure you were yet.", id="calibration-empty")
            yield Static("Sessions", classes="section")
            sessions: DataTable[Text] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            sessions.add_columns("Date", "Mode", "Score", "%", "Limit")
            for row in reversed(stats.sessions):
                limit = f"{row.minutes:g} min" if row.minutes else ""
                sessions.add_row(cell(row.date), cell(row.mode), cell(f"{row.correct}/{row.asked}"), cell(row.percent), cell(limit))
            yield sessions
            yield Static("Accuracy by topic (all sessions)", classes="section")
            topics: DataTable[Text] = DataTable(id="topics", cursor_type="row", zebra_stripes=True)
            topics.add_columns("Topic", "Right", "Asked", "%")
            for t in stats.topics:
                topics.add_row(cell(t.title), cell(t.correct), cell(t.asked), cell("–" if t.percent is None else t.percent))
            yield topics
            yield Static("Hardest questions for you", classes="section")
            hardest: DataTable[Text] = DataTable(id="hardest", cursor_type="row", zebra_stripes=True)
            hardest.add_columns("Wrong", "Id", "Question")
            for h in stats.hardest:
                hardest.add_row(cell(f"{h.wrong}/{h.asked}"), cell(h.id + (" *" if h.changed else "")), cell(h.question))
            yield hardest
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats").focus()
