"""The session builder: mode, which questions, topics, how many and the exam time limit, as one widget.

One focusable widget drawn as text rather than a form of ~25 radio buttons and checkboxes, which
Textual would style, lay out and mount one by one (figure: the first screen). The keys: up/down (or k/j) move the cursor, left/right
change the value under it, space toggles a topic (or steps a value on); a click on any value sets it.
State reads without colour: (●) and ( ) for the choice made, [✓] and [ ] for topics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from quiz.plan import FILTERS, MODES, Plan
from quiz.tui.render import literal

LABEL = 11  # the label column
GAP = "   "
TIME_LIMITS: tuple[float | None, ...] = (None, 5, 10, 15, 20, 30, 45, 60)


def minutes_label(minutes: float | None) -> str:
    return "none" if minutes is None else f"{minutes:g} min"


def _click(action: str) -> Style:
    return Style.from_meta({"@click": action})


class SessionBuilder(Widget, can_focus=True):
    COMPONENT_CLASSES = {"builder--label", "builder--cursor", "builder--chosen"}
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("left", "step(-1)", "Previous value", show=False),
        Binding("right", "step(1)", "Next value", show=False),
        Binding("space", "toggle_item", "Toggle", show=False),
    ]

    cursor: reactive[int] = reactive(0, layout=False)

    def __init__(
        self,
        plan: Plan,
        topics: Mapping[str, str],
        counts: Mapping[str, int],
        available: int,
        on_change: Callable[[Plan], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.on_change = on_change
        self.plan = plan
        self.topics = dict(topics)
        self.counts = dict(counts)
        self.available = available

    def show(self, plan: Plan, available: int) -> None:
        """Draw `plan`, of which `available` questions match."""
        if (plan, available) != (self.plan, self.available):
            layout = (plan.mode == "exam") != (self.plan.mode == "exam")
            self.plan, self.available = plan, available
            self.cursor = min(self.cursor, len(self.items) - 1)
            self.refresh(layout=layout)

    # -- what is where -----------------------------------------------------------

    @property
    def items(self) -> list[str]:
        """The cursor's stops, in reading order."""
        limit = ["limit"] if self.plan.mode == "exam" else []
        return ["mode", "filter", *(f"topic:{slug}" for slug in self.topics), "count", *limit]

    @property
    def count(self) -> int:
        """How many questions Start would ask."""
        return min(self.plan.wanted, self.available) if self.available else 0

    def chosen_topics(self) -> list[str]:
        return [slug for slug in self.topics if self.plan.topics is None or slug in self.plan.topics]

    # -- drawing -------------------------------------------------------------------

    def _styles(self) -> tuple[Style, Style, Style]:
        label = self.get_visual_style("builder--label", partial=True)
        chosen = self.get_visual_style("builder--chosen", partial=True)
        cursor = self.get_visual_style("builder--cursor") if self.has_focus else Style()
        return label, chosen, cursor

    def rows(self, width: int) -> list[tuple[str, Content]]:
        """Every line drawn, with the row it belongs to. Each fits `width`: a row's values flow onto
        more lines under its label when they must, so nothing is wrapped or cut by the layout."""
        label_style, chosen_style, cursor_style = self._styles()
        here = self.items[self.cursor] if self.items else ""
        plan = self.plan
        room = max(8, width - LABEL)
        lines: list[tuple[str, Content]] = []
        at_cursor: list[Content] = []  # the part drawn under the cursor, to find its line

        def item(name: str | None, text: Content, action: str, chosen: bool = False) -> Content:
            text = text.stylize(_click(action))
            if chosen:
                text = text.stylize(chosen_style)
            if name != here:
                return text
            text = text.stylize(cursor_style)
            at_cursor.append(text)
            return text

        def flow(row: str, title: str, parts: list[Content], column: int = 0) -> None:
            """Lay `parts` out after the label, as many to a line as fit (in columns of `column` cells, if given)."""
            line: Content | None = None
            for part in parts:
                if any(part is mark for mark in at_cursor):
                    self._cursor_line = len(lines)  # the line being built, unless the part moves to the next one
                cell = part.pad_right(column - part.cell_length) if column and part.cell_length < column else part
                if line is not None and line.cell_length + len(GAP) + part.cell_length <= room:
                    line = line + Content(GAP) + cell
                    continue
                if line is not None:
                    lines.append((row, Content(("" if lines and lines[-1][0] == row else title).ljust(LABEL)).stylize(label_style) + line))
                    if any(part is mark for mark in at_cursor):
                        self._cursor_line = len(lines)
                line = cell
            if line is not None:
                lines.append((row, Content(("" if lines and lines[-1][0] == row else title).ljust(LABEL)).stylize(label_style) + line))

        def options(group: str, values: tuple[str, ...], current: str) -> list[Content]:
            # The cursor sits on the group and marks its chosen option, which left and right change.
            return [
                item(
                    group if v == current else None,
                    Content(f"({'●' if v == current else ' '}) {v.capitalize()}"),
                    f"pick('{group}', '{v}')",
                    v == current,
                )
                for v in values
            ]

        flow("mode", "Mode", options("mode", MODES, plan.mode))
        flow("filter", "Which", options("filter", FILTERS, plan.filter))
        chosen = set(self.chosen_topics())
        entries = []
        for slug, title in self.topics.items():
            box, count = Content(f"[{'✓' if slug in chosen else ' '}] "), Content(f" ({self.counts.get(slug, 0)})")
            # One line per topic whatever its title holds; a title too long for the line is cut, its count kept.
            name = literal(" ".join(title.split()))
            if box.cell_length + name.cell_length + count.cell_length > room:
                name = name.truncate(max(1, room - box.cell_length - count.cell_length), ellipsis=True)
            entries.append(item(f"topic:{slug}", box + name + count, f"toggle_topic('{slug}')", slug in chosen))
        # Two columns when every topic fits half the room, else one topic a line.
        column = (room - len(GAP)) // 2
        flow("topics", "Topics", entries, column if entries and max(e.cell_length for e in entries) <= column else room)
        count = Content.assemble(
            Content("◀").stylize(_click("step_count(-1)")), f" {self.count} ", Content("▶").stylize(_click("step_count(1)"))
        )
        if here == "count":
            count = count.stylize(cursor_style)
            self._cursor_line = len(lines)
        parts = [count + Content(f" of {self.available}")]
        if plan.mode == "exam":
            parts.append(item("limit", Content(f"Time limit: {minutes_label(plan.minutes)}"), "step_limit(1)"))
        flow("count", "Questions", parts)
        return lines

    def _lines(self, width: int) -> list[Content]:
        return [line for _, line in self.rows(width)]

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width or self.size.width or 80))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    _cursor_line = 0  # the line the cursor is drawn on, set as the lines are laid out

    def watch_cursor(self) -> None:
        self.refresh()
        self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        """Scroll the card, when it is taller than the terminal, so that the cursor's line shows."""
        self._lines(self.content_region.width or self.size.width or 80)
        parent = self.parent
        if isinstance(parent, Widget) and parent.is_scrollable:
            line = self.virtual_region.y + self.styles.padding.top + self._cursor_line
            parent.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- changing the plan ---------------------------------------------------------
    # Changes reach the screen through `on_change` at once, in the same key press: a message
    # would arrive after the next key, and a quick "right, m" would lose the right.

    def _change(self, **changes: Any) -> None:
        plan = replace(self.plan, **changes)
        self.show(plan, self.available)
        self.on_change(plan)

    def cycle(self, group: str, delta: int) -> None:
        """The next (or previous) mode or filter."""
        values = MODES if group == "mode" else FILTERS
        current = self.plan.mode if group == "mode" else self.plan.filter
        self._change(**{group: values[(values.index(current) + delta) % len(values)]})

    def step_count(self, delta: int) -> None:
        """One question more or fewer, between 1 and how many match (nothing, when none do)."""
        if self.available:
            self._change(count=max(1, min(self.available, self.count + delta)))

    def step_limit(self, delta: int) -> None:
        """The next (or previous) exam time limit; exams only."""
        if self.plan.mode == "exam":
            current = self.plan.minutes
            index = TIME_LIMITS.index(current) if current in TIME_LIMITS else 0
            self._change(minutes=TIME_LIMITS[(index + delta) % len(TIME_LIMITS)])

    def _go(self, name: str) -> None:
        if name in self.items:
            self.cursor = self.items.index(name)

    def action_cursor(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % len(self.items)

    def action_step(self, delta: int) -> None:
        here = self.items[self.cursor]
        if here in ("mode", "filter"):
            self.cycle(here, delta)
        elif here == "count":
            self.step_count(delta)
        elif here == "limit":
            self.step_limit(delta)
        elif here.startswith("topic:"):  # left/right move along the topics, and stop at their ends
            topics = [i for i in self.items if i.startswith("topic:")]
            along = topics.index(here) + delta
            if 0 <= along < len(topics):
                self._go(topics[along])

    def action_toggle_item(self) -> None:
        here = self.items[self.cursor]
        if here.startswith("topic:"):
            self.action_toggle_topic(here.removeprefix("topic:"))
        else:
            self.action_step(1)

    def action_pick(self, group: str, value: str) -> None:
        self._go(group)
        self._change(**{group: value})

    def action_toggle_topic(self, slug: str) -> None:
        if slug not in self.topics:
            return
        self._go(f"topic:{slug}")
        chosen = self.chosen_topics()
        chosen = [t for t in chosen if t != slug] if slug in chosen else [t for t in self.topics if t in chosen or t == slug]
        self._change(topics=None if len(chosen) == len(self.topics) else tuple(chosen))

    def action_step_count(self, delta: int) -> None:
        self._go("count")
        self.step_count(delta)

    def action_step_limit(self, delta: int) -> None:
        self._go("limit")
        self.step_limit(delta)
