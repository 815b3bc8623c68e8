"""The source reader: the deck's source text, with the quoted passage highlighted or each passage marked by how well it is known."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from quiz.records import Deck
from quiz.tui.render import join, literal
from quiz.tui.widgets.footer import KeyFooter


def knowledge_mark(right: int, asked: int) -> Content:
    """A mark that reads without colour: never asked, or the share answered right."""
    if not asked:
        return Content("[ new ] ").stylize("$text-muted")
    share = right / asked
    if share >= 0.8:
        return Content(f"[✓ {share:4.0%}] ").stylize("bold $success")
    if share >= 0.5:
        return Content(f"[~ {share:4.0%}] ").stylize("bold $warning")
    return Content(f"[✗ {share:4.0%}] ").stylize("bold $error")


class SourceScreen(Screen[None]):
    """`focus`: explanation quotes to highlight and scroll to. `knowledge`: per sentence (right, asked)."""

    BINDINGS = [
        Binding("escape,s,b", "app.pop_screen", "Back", id="back", tooltip="Back to where you were"),
    ]

    def __init__(self, deck: Deck, focus: Sequence[str] = (), knowledge: Mapping[int, tuple[int, int]] | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.focus_quotes = tuple(focus)
        self.knowledge = knowledge

    def compose(self) -> ComposeResult:
        source = self.deck.source
        highlighted = set(source.sentences_of(self.focus_quotes))
        yield Header()
        with VerticalScroll(id="text"):
            if self.knowledge is not None:
                yield Static(
                    "How well you know each passage: [✓] 80% or more right, [~] half or more, [✗] less, [ new ] never asked.",
                    id="legend",
                    markup=False,
                )
            elif highlighted:
                yield Static("The highlighted passage is the one quoted in the explanation.", id="legend")
            yield Static(literal(source.title or self.deck.title), id="source-title")
            for line in source.preamble:
                yield Static(literal(line), classes="preamble")
            for number in range(len(source.paragraphs)):
                parts: list[Content | str] = []
                ids = []
                for sentence in (s for s in source.sentences if s.paragraph == number):
                    if parts:
                        parts.append(" ")
                    if self.knowledge is not None:
                        parts.append(knowledge_mark(*self.knowledge.get(sentence.index, (0, 0))))
                    text = literal(sentence.raw)
                    if sentence.index in highlighted:
                        text = join(Content("▶ ").stylize("bold $accent"), text.stylize("bold reverse"))
                        ids.append(sentence.index)
                    parts.append(text)
                classes = "paragraph quoted" if ids else "paragraph"
                yield Static(join(*parts), classes=classes, id=f"paragraph-{number}")
            yield Static(join("— ", literal(self.deck.attribution)), classes="citation")
        yield KeyFooter()

    def on_mount(self) -> None:
        first = self.query(".quoted").first() if self.query(".quoted") else None
        if first is not None:
            self.call_after_refresh(lambda: self.query_one("#text", VerticalScroll).scroll_to_widget(first, animate=False, top=True))
        self.query_one("#text").focus()
