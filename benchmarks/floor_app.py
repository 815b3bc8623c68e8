"""The floor for oms-quiz's answer latency: a bare Textual app doing the same visible work.

It looks like oms-quiz's question screen (a Header, a question, four choices, a hint line, a
Footer) and, on `A` (Shift+a, as oms-quiz's "answer A, certain"), does what oms-quiz's feedback
shows: it rewrites the verdict line and shows a quoted paragraph of the source with its citation.
Enter takes them away again, as the next question does, so every answer grows the screen from
nothing, as oms-quiz's does. No session, no files, no scores: what is left is Textual's own cost
of that work, which bench.py compares oms-quiz's answer latency with, at 80x24 and at 160x50.

Run it by hand with `python benchmarks/floor_app.py` (q quits).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static

READY = "Floor app ready"
QUESTION = (
    "A 2-year-old girl has had rapid, chaotic eye movements in all directions for a week, and her "
    "parents ask whether it could be opsoclonus-myoclonus syndrome. Which reply is most accurate?"
)
CHOICES = (
    "A. Likely; OMS eye movements are purely horizontal",
    "B. Unlikely; OMS eye movements are slow, not rapid",
    "C. Likely; OMS starts abruptly, in all directions",
    "D. Unlikely; OMS usually begins in early infancy",
)
QUOTE = (
    "“Opsoclonus describes seemingly random, involuntary, and rapid eye movements in the horizontal, "
    "vertical, and diagonal directions. The diagnosis of OMS is also often based on symptoms like "
    "opsoclonus and myoclonus which can appear abruptly, progressing over days to weeks. Myoclonus "
    "describes lightening-like limb movements or limb jerks, that can also be more tremulous.”"
)
CITATION = "— Opsoclonus-myoclonus syndrome · NORD\n\nEnter or Space: next question"


class FloorApp(App[None]):
    TITLE = "floor"
    CSS = """
    #body { padding: 0 2; }
    #question { text-style: bold; margin: 1 0; }
    #choices { height: auto; border: round $primary; }
    #verdict { margin-top: 1; }
    #quote { padding: 0 1; margin-top: 1; text-style: italic; }
    #citation { padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("A", "answer", "Answer", show=False),
        Binding("enter", "next", "Next", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answers = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static("Question 1/10 · Score 0", id="progress")
            yield Static(QUESTION, id="question")
            yield OptionList(*CHOICES, id="choices")
            yield Static(READY, id="verdict")
            yield Static("", id="quote")
            yield Static("", id="citation")
        yield Footer()

    def action_answer(self) -> None:
        self.answers += 1
        self.query_one("#verdict", Static).update(f"✗ Wrong. The answer is C (answer {self.answers}).")
        self.query_one("#quote", Static).update(QUOTE)
        self.query_one("#citation", Static).update(CITATION)

    def action_next(self) -> None:
        self.query_one("#verdict", Static).update("Press A–D or 1–4")
        self.query_one("#quote", Static).update("")
        self.query_one("#citation", Static).update("")


if __name__ == "__main__":
    FloorApp().run()
