"""Shown instead of a broken layout when the terminal is smaller than the app can use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 18


class TooSmallScreen(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.update_size()

    def on_resize(self) -> None:
        self.update_size()

    def update_size(self) -> None:
        width, height = self.app.size
        self.query_one(Static).update(
            f"Make the terminal larger: oms-quiz needs at least {MIN_WIDTH}×{MIN_HEIGHT}, this one is {width}×{height}. (q quits)"
        )
