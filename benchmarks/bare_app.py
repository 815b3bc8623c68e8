"""The baseline for benchmarks/bench.py: the smallest useful Textual app.

A Header, a Label, an OptionList of a few options and a Footer, run by the
same Python and the same Textual as oms-quiz. bench.py times it to its first
screen (the label text), reads its peak memory, and times a key press to the
screen change it causes (`a` rewrites the label), so oms-quiz's figures can be
read against what Textual itself costs on this machine.

Run it by hand with `python benchmarks/bare_app.py` (q quits).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Label, OptionList

READY = "Bare Textual app ready"


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("a", "press", "Press"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(READY, id="label")
        yield OptionList("First option", "Second option", "Third option", "Fourth option", id="options")
        yield Footer()

    def action_press(self) -> None:
        self.presses += 1
        self.query_one("#label", Label).update(f"Pressed {self.presses} times.")


if __name__ == "__main__":
    BareApp().run()
