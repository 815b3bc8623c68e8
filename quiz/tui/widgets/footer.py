"""Textual's footer, rebuilt only when the keys it shows change.

The stock Footer rebuilds every key on each focus or binding change; at start-up and on every
answer that is most of the time spent restyling the screen.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = tuple(
            (key, active.binding.description, active.enabled) for key, active in screen.active_bindings.items() if active.binding.show
        )
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
