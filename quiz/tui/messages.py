"""What the screens tell the app: each view asks for the next one by message, and the app moves between them."""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message

from quiz.records import Question
from quiz.round import Round


class StartRound(Message):
    """Start a round from the plan, or of these questions in this mode."""

    def __init__(self, questions: Sequence[Question] | None = None, mode: str | None = None) -> None:
        super().__init__()
        self.questions = questions
        self.mode = mode


class RetryMissed(Message):
    """Start a round of the questions this round missed."""

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_


class RoundOver(Message):
    """The round is over (answered through, or out of time): show its results."""

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_


class ShowReview(Message):
    """Step through every answer of this round."""

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_


class ShowStatistics(Message):
    """Show the statistics over every session."""


class ShowSource(Message):
    """Show the source text: these quotes highlighted, or (`knowledge`) each passage marked by how well it is known."""

    def __init__(self, focus: Sequence[str] = (), knowledge: bool = False) -> None:
        super().__init__()
        self.focus = tuple(focus)
        self.knowledge = knowledge


class BackToStart(Message):
    """Close every view over the start screen (a round being played is ended and kept)."""


class Quit(Message):
    """Leave oms-quiz now (answers given so far are kept)."""
