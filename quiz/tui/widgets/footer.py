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

    def _keys(self) -> tuple[list[tuple[Binding, bool]], Binding | None]:
        """The keys to show, one per action (the first key bound to it), and the command palette's."""
        app = self.app
        shown: dict[str, tuple[Binding, bool]] = {}
        palette: Binding | None = None
        for key, active in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = active.binding
            elif active.binding.show:
                shown.setdefault(active.binding.action, (active.binding, active.enabled))
        return list(shown.values()), palette

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        keys, palette = self._keys()
        shown = (tuple((b.key, b.description, enabled) for b, enabled in keys), palette and palette.key)
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
        line = Content("")
        for index, (binding, enabled) in enumerate(keys):
            part = Content.assemble(
                Content(f" {self.app.get_key_display(binding)} ").stylize(key_style),
                Content(f"{binding.description} ").stylize(text_style),
            )
            last = index == len(keys) - 1
            if line.cell_length + part.cell_length > room - (0 if last else 2):
                line += Content(" …").stylize(text_style)  # the rest: `?` lists every key
                break
            if enabled:
                spots.append((line.cell_length, line.cell_length + part.cell_length, binding.key.split(",")[0]))
            line += part if enabled else part.stylize(disabled_style)
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
