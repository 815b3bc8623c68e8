"""The choices of a question, with a cursor: a widget that leaves Enter to the question screen.

The screen's Enter answers with the highlighted choice, then goes on to the next question. Were
it the list's own Enter (or a priority binding of the screen, which runs ahead of keys typed
before it), a quick "down, Enter" or "b, Enter" would act out of order; as every key now reaches
the screen through the list, keys are handled in the order they were typed.

Drawn line by line from lines kept per label, width and style, rather than as an OptionList:
the marked choices of an answer are drawn while the question is read (`prepare`), so that the
answer only puts them on screen (figure: answer latency).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from quiz.tui.widgets.drawn import Drawings, text_key


class Choices(Widget, can_focus=True):
    """Choices, one or more lines each; a click or the screen's Enter chooses."""

    BINDINGS = [
        Binding("down", "cursor_down", "Next choice", show=False),
        Binding("up", "cursor_up", "Previous choice", show=False),
        Binding("home,pageup", "first", "First choice", show=False),
        Binding("end,pagedown", "last", "Last choice", show=False),
    ]
    COMPONENT_CLASSES = {"choices--highlighted", "choices--hover"}

    highlighted: reactive[int | None] = reactive(None, layout=False, init=False)
    """The choice under the cursor, or None (after an answer, so that the marks show)."""
    hovered: reactive[int | None] = reactive(None, layout=False, init=False)
    """The choice under the mouse pointer, or None."""

    class Selected(Message):
        """A choice was clicked."""

        def __init__(self, choices: Choices, index: int) -> None:
            super().__init__()
            self.choices = choices
            self.index = index

        @property
        def control(self) -> Choices:
            return self.choices

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._labels: tuple[Content, ...] = ()
        self._drawings = Drawings(self, pad=True)

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        self._drawings.clear()  # the marks' colours are the theme's ($success, $error)
        self.refresh()

    @property
    def labels(self) -> tuple[Content, ...]:
        return self._labels

    def show(self, labels: Sequence[Content], highlighted: int | None = 0) -> None:
        """Show these labels (new choices, or the same ones marked), the cursor on `highlighted`."""
        before, lit = self._labels, {self.highlighted, self.hovered}
        self._labels = tuple(labels)
        self.set_reactive(Choices.highlighted, self._valid(highlighted))
        self.set_reactive(Choices.hovered, None)
        width = self.content_region.width
        if not width or len(before) != len(self._labels):
            self.refresh(layout=True)
            return
        style = self._style(None)
        heights = self._heights(width)
        if heights != [len(self._drawings.lines(label, width, style)) for label in before]:
            self.refresh(layout=True)
            return
        # The same shape: only the choices that read differently (or lose or gain the cursor) are
        # drawn again, not the whole box (figure: answer latency, by what is written to the terminal).
        lit.add(self.highlighted)
        changed = [i for i, label in enumerate(self._labels) if i in lit or text_key(label) != text_key(before[i])]
        regions = [Region(0, sum(heights[:i]), width, heights[i]) for i in changed]
        if regions:
            self.refresh(*regions)

    def prepare(self, labels: Sequence[Content]) -> None:
        """Draw labels that may be shown next (the marked choices after an answer), ahead of time."""
        width = self.content_region.width
        if width:
            self._drawings.keep_only([*self._labels, *labels])
            for label in labels:
                self._drawings.lines(label, width, self._style(None))

    def _valid(self, index: int | None) -> int | None:
        if index is None or not self._labels:
            return None
        return max(0, min(index, len(self._labels) - 1))

    def _style(self, component: str | None) -> Style:
        return self.get_visual_style(component) if component else self.visual_style

    def _heights(self, width: int) -> list[int]:
        style = self._style(None)
        return [len(self._drawings.lines(label, width, style)) for label in self._labels]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((label.cell_length for label in self._labels), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(self._heights(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        for index, label in enumerate(self._labels):
            component = "choices--highlighted" if index == self.highlighted else "choices--hover" if index == self.hovered else None
            lines = self._drawings.lines(label, width, self._style(component))
            if y < len(lines):
                return lines[y]
            y -= len(lines)
        return Strip.blank(width, self.visual_style.rich_style)

    def _choice_at(self, y: int) -> int | None:
        """The choice drawn on content line `y`."""
        if y < 0:
            return None
        for index, height in enumerate(self._heights(self.content_region.width)):
            if y < height:
                return index
            y -= height
        return None

    def _span(self, index: int) -> tuple[int, int]:
        """The first content line of choice `index`, and how many it takes."""
        heights = self._heights(self.content_region.width)
        return sum(heights[:index]), heights[index]

    def watch_highlighted(self, highlighted: int | None) -> None:
        self.refresh()
        if highlighted is not None:
            self.call_after_refresh(self._bring_into_view, highlighted)

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        return self._valid(highlighted)

    def watch_hovered(self) -> None:
        self.refresh()

    def _bring_into_view(self, index: int) -> None:
        """Bring the highlighted choice into view in the container that scrolls, if it is off screen."""
        parent = self.parent
        if not isinstance(parent, Widget) or index >= len(self._labels) or not self.content_region:
            return
        first, count = self._span(index)
        top = self.virtual_region.y + self.styles.gutter.top
        region = Region(0, top + first, 1, count)
        if index == 0:
            region = Region(0, self.virtual_region.y, 1, top + count - self.virtual_region.y)  # the border too
        parent.scroll_to_region(region, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.highlighted = 0 if self.highlighted is None else self.highlighted + 1

    def action_cursor_up(self) -> None:
        self.highlighted = len(self._labels) - 1 if self.highlighted is None else self.highlighted - 1

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._labels) - 1

    def _content_line(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        return None if offset is None else self._choice_at(offset.y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self._content_line(event)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def on_click(self, event: events.Click) -> None:
        index = self._content_line(event)
        if index is not None:
            event.stop()
            self.highlighted = index
            self.post_message(self.Selected(self, index))
