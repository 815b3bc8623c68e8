"""Text drawn ahead of time: lines kept per text, width and style, so that an answer only puts them on screen.

What the feedback of an answer will show (the marks, the verdict, the quote, the citation, the
score line) is known as soon as the question is; drawing it while the question is read takes
that work off the key press (figure: answer latency).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content, Span
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static

TextKey = tuple[str, tuple[Span, ...]]


def text_key(content: Content) -> TextKey:
    """What makes two texts draw the same: their characters and their styles."""
    return content.plain, tuple(content.spans)


class Drawings:
    """The texts a widget drew, as lines, by text, width and style."""

    LIMIT = 256  # a bound for screens that never prune (the exam's choices)

    def __init__(self, widget: Widget, *, pad: bool = False) -> None:
        self.widget = widget
        self.pad = pad  # lines filled to the width in the style's background, as a list's rows are
        self._lines: dict[tuple[TextKey, int, Style], list[Strip]] = {}

    def lines(self, content: Content, width: int, style: Style) -> list[Strip]:
        key = (text_key(content), width, style)
        if (lines := self._lines.get(key)) is None:
            if len(self._lines) >= self.LIMIT:
                self._lines.clear()
            lines = Visual.to_strips(self.widget, content, width, None, style) or [Strip.blank(width, style.rich_style)]
            if self.pad:
                lines = [line.extend_cell_length(width, style.rich_style) for line in lines]
            self._lines[key] = lines
        return lines

    def keep_only(self, contents: Iterable[Content]) -> None:
        """Forget every text but these."""
        keep = {text_key(content) for content in contents}
        self._lines = {key: lines for key, lines in self._lines.items() if key[0] in keep}

    def clear(self) -> None:
        self._lines.clear()


class Prepared(Static):
    """A Static that can draw, ahead of time, the texts it may show next; an empty one takes no line.

    Only the texts given to `prepare` are drawn from kept lines. Anything else (the confidence
    prompt, whose buttons light up under the mouse; a text being selected) is drawn as a Static
    draws it.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._drawings = Drawings(self)
        self._prepared: set[TextKey] = set()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._drawings.clear()  # the texts' colours are the theme's ($success, $error)

    def prepare(self, *contents: Content) -> None:
        """Draw these texts at this width now, so that showing one of them only puts its lines on screen."""
        current = self.visual
        self._drawings.keep_only([*contents, current] if isinstance(current, Content) else contents)
        self._prepared = {text_key(content) for content in contents}
        width = self.size.width
        if width:
            for content in contents:
                self._drawings.lines(content, width, self.visual_style)

    def _kept_lines(self, width: int) -> list[Strip] | None:
        visual = self.visual
        if not isinstance(visual, Content) or self.text_selection is not None or text_key(visual) not in self._prepared:
            return None
        return self._drawings.lines(visual, width, self.visual_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        visual = self.visual
        if isinstance(visual, Content) and not visual.plain:
            return 0  # nothing to show takes no line (and so shows no quote bar)
        lines = self._kept_lines(width)
        return super().get_content_height(container, viewport, width) if lines is None else len(lines)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._kept_lines(width)
        if lines is None:
            return super().render_line(y)
        return lines[y] if y < len(lines) else Strip.blank(width, self.visual_style.rich_style)
