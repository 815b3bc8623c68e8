"""What every oms-quiz screen shares: typed access to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


class QuizScreen(Screen[None]):
    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)
