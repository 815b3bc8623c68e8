"""What the views of a sitting share: the Session they show."""

from __future__ import annotations

from textual.screen import Screen

from quiz.session import Session


class SessionScreen(Screen[None]):
    """A view of the session; it tells the app where to go next by message (quiz.tui.messages)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
