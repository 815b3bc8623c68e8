"""The keys of the screen at the bottom, drawn as one line of text.

Textual's Footer is a container of one widget per key, recomposed whenever the keys change:
on every screen shown, its ~10 widgets were mounted, styled and laid out again, the largest
part of the time from pressing Enter to the first question. This one widget draws the same
line; a click on a key presses it, and `?` still lists every key with what it does.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class KeyFooter(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--disabled"}

    _shown: tuple[Any, ...] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _keys(self) -> tuple[list[tuple[Binding, bool, bool]], Binding | None]:
        """The keys to show, one per action (the first key bound to it), each with whether it is enabled
        and whether it is the app's own (quit, keys: always shown); and the command palette's."""
        app = self.app
        shown: dict[str, tuple[Binding, bool, bool]] = {}
        palette: Binding | None = None
        for key, active in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = active.binding
            elif active.binding.show:
                shown.setdefault(active.binding.action, (active.binding, active.enabled, active.node is app))
        return list(shown.values()), palette

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        keys, palette = self._keys()
        shown = (tuple((b.key, b.description, enabled) for b, enabled, _ in keys), palette and palette.key)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def render(self) -> Content:
        keys, palette = self._keys()
        key_style = self.get_visual_style("footer--key", partial=True)
        text_style = self.get_visual_style("footer--description", partial=True)
        disabled_style = self.get_visual_style("footer--disabled", partial=True)

        spots: list[tuple[int, int, str]] = []  # where each key is drawn, for clicks
        width = self.size.width
        right = Content("")
        if palette is not None:  # at the right end, as Textual's footer has it: "▏^p palette"
            right = Content.assemble(
                Content("▏").stylize(text_style),
                Content(self.app.get_key_display(palette)).stylize(key_style),
                Content(f" {palette.description}").stylize(text_style),
            )
        room = width - right.cell_length

        def part(binding: Binding) -> Content:
            return Content.assemble(
                Content(f" {self.app.get_key_display(binding)} ").stylize(key_style),
                Content(f"{binding.description} ").stylize(text_style),
            )

        # The screen's keys as many as fit, then the app's (how to quit, how to see every key) always.
        always = [(b, enabled) for b, enabled, own in keys if own]
        screen_keys = [(b, enabled) for b, enabled, own in keys if not own]
        kept = sum(part(b).cell_length for b, _ in always)
        used = 0
        shown: list[tuple[Binding, bool]] = []
        for index, (binding, enabled) in enumerate(screen_keys):
            width_of = part(binding).cell_length
            last = index == len(screen_keys) - 1
            if used + width_of + kept > room - (0 if last else 2):
                shown.append((Binding("", "", "…"), False))  # the rest: `?` lists every key
                break
            used += width_of
            shown.append((binding, enabled))
        shown += always
        line = Content("")
        for binding, enabled in shown:
            if not binding.key:
                line += Content(" …").stylize(text_style)
                continue
            drawn = part(binding)
            if enabled:
                spots.append((line.cell_length, line.cell_length + drawn.cell_length, binding.key.split(",")[0]))
            line += drawn if enabled else drawn.stylize(disabled_style)
        if palette is not None:
            line += Content(" " * max(0, room - line.cell_length))
            spots.append((line.cell_length, line.cell_length + right.cell_length, palette.key.split(",")[0]))
            line += right
        self._spots = spots
        return line

    _spots: list[tuple[int, int, str]] = []

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spots:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
