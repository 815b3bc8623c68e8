"""The floor for oms-quiz's answer latency: a bare Textual app doing the same visible work.

It looks like oms-quiz's question screen (a Header, a progress line, a question, four choices
keyed 1-4 and a-d, a hint line, a Footer; the text column stops at 110 cells and is centred, as
oms-quiz's does) and, on an answer key, does what oms-quiz's feedback shows: it rewrites the
verdict line ("✓ Correct!" or "✗ Wrong (answer N). The answer is C. ...") and shows a quoted
paragraph of the source (~500 characters, the bundled deck's longest explanation) beside a quote
bar, with its citation line, scrolled into view. Enter or Space takes them away again, as the next
question does, so every answer grows the screen from nothing, as oms-quiz's does. No session, no
files, no scores, no relabelled choices: what is left is Textual's own cost of that work, which
bench.py compares oms-quiz's answer latency with, at 80x24 and at 160x50.

The verdict says "(answer N)", N counting the answers (before the line can wrap), so that the
benchmark can tell one answer's verdict from the one before.

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
    "Likely; OMS eye movements are purely horizontal",
    "Unlikely; OMS eye movements are slow, not rapid",
    "Likely; OMS starts abruptly, in all directions",
    "Unlikely; OMS usually begins in early infancy",
)
LETTERS = "ABCD"
RIGHT = 2  # C
# The bundled deck's longest explanation (496 characters), one passage a line, as oms-quiz quotes it.
QUOTE = (
    "“The precise cause of OMS is unknown, but in children, it's often due to a paraneoplastic syndrome.\n"
    "The idea is that a hidden or occult tumor - like a neuroblastoma or ganglioneuroblastoma - triggers the "
    "body's immune system, and the resulting antibodies unintentionally target healthy cells of the nervous system.\n"
    "In older children and adolescents OMS is thought to be triggered by an infection, and in adults, it's "
    "often due to a paraneoplastic process due to lung or breast cancer, for example.”"
)
CITATION = (
    "— Opsoclonus-myoclonus syndrome · Opsoclonus myoclonus syndrome (NORD); content reviewer Rishi Desai, MD, MPH\n\n"
    "Enter or Space: next question · s: read the source · r: report a problem"
)
HINT = "Press A–D or 1–4"


class FloorApp(App[None]):
    TITLE = "floor"
    CSS = """
    Screen { align-horizontal: center; }
    #body { padding: 0 2; max-width: 110; }
    #progress { color: $text-muted; }
    #question { text-style: bold; margin: 1 0; }
    #choices { height: auto; max-height: 14; border: round $primary 50%; }
    #choices:focus { border: round $primary; }
    #verdict { margin-top: 1; }
    #quote { padding: 0 1; margin-top: 1; text-style: italic; }
    #citation { padding: 0 1; margin-bottom: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        *(Binding(letter.lower(), f"answer({index})", f"Answer {letter}", show=False) for index, letter in enumerate(LETTERS)),
        *(Binding(str(index + 1), f"answer({index})", f"Answer {letter}", show=False) for index, letter in enumerate(LETTERS)),
        *(Binding(letter, f"answer({index})", f"Answer {letter}", show=False) for index, letter in enumerate(LETTERS)),  # Shift+letter
        Binding("enter,space", "next", "Next", show=False, priority=True),  # ahead of the list's Enter, as oms-quiz's
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answers = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static("Question 1/10 · Score 0", id="progress")
            yield Static(QUESTION, id="question")
            yield OptionList(*(f"{LETTERS[i]}. {text}" for i, text in enumerate(CHOICES)), id="choices")
            yield Static(READY, id="verdict")
            yield Static("", id="quote")
            yield Static("", id="citation")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()  # the list has the focus (and its bright border), as in oms-quiz

    def action_answer(self, index: int) -> None:
        self.answers += 1
        if index == RIGHT:
            verdict = f"✓ Correct! (answer {self.answers})"
        else:
            verdict = f"✗ Wrong (answer {self.answers}). The answer is {LETTERS[RIGHT]}. {CHOICES[RIGHT]}"
        self.query_one("#verdict", Static).update(verdict)
        quote = self.query_one("#quote", Static)
        quote.update(QUOTE)
        quote.styles.border_left = ("thick", self.theme_variables.get("accent", "blue"))  # the quote bar, as oms-quiz's
        self.query_one("#citation", Static).update(CITATION)
        self.call_after_refresh(self.query_one("#citation").scroll_visible, animate=False)  # at 80x24 it is below the fold

    def action_next(self) -> None:
        self.query_one("#verdict", Static).update(HINT)
        quote = self.query_one("#quote", Static)
        quote.update("")
        quote.styles.border_left = ("none", "transparent")
        self.query_one("#citation", Static).update("")


if __name__ == "__main__":
    FloorApp().run()
