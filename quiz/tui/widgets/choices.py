"""The choices of a question: an OptionList that leaves Enter to the question screen.

The screen's Enter answers with the highlighted choice, then goes on to the next question. Were
it the list's own Enter (or a priority binding of the screen, which runs ahead of keys typed
before it), a quick "down, Enter" or "b, Enter" would act out of order; as every key now reaches
the screen through the list, keys are handled in the order they were typed.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class Choices(OptionList, inherit_bindings=False):
    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("home", "first", "First", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        Binding("up", "cursor_up", "Up", show=False),
    ]
