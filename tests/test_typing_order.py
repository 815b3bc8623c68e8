"""Keys typed faster than the screen draws are handled in the order they were typed (a real terminal).

Textual runs priority bindings ahead of keys typed before them; Pilot waits between keys, so only
a real pseudo-terminal, with several keys in one write, shows the difference.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import posix_only
from .terminal import Terminal
from .test_store_faults import on_disk, saved_answers

pytestmark = posix_only("a pseudo-terminal (os.openpty, fcntl, termios) to type into the real app")


def test_m_then_enter_typed_at_once_starts_an_exam(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    terminal = Terminal(["--scores", str(scores), "--seed", "1", "--count", "2"], tmp_path)
    try:
        terminal.wait_for_text("palette")  # the key line: the start screen is up
        terminal.press("m\r")
        terminal.wait_for_text("Question 1/2")
        terminal.wait_for_text("Exam")
        assert b"Score 0" not in terminal.screen()  # a practice round would show the score
    finally:
        terminal.close()


def test_a_letter_then_enter_typed_at_once_answers_then_goes_on(tmp_path: Path) -> None:
    scores = tmp_path / "scores.json"
    terminal = Terminal(["--scores", str(scores), "--seed", "1", "--count", "2", "--no-confidence"], tmp_path)
    try:
        terminal.wait_for_text("palette")
        terminal.press("\r")
        terminal.wait_for_text("Question 1/2")
        terminal.press("b\r")  # answer B, then on to the next question
        terminal.wait_for_text("Question 2/2")
        terminal.wait_for(lambda: saved_answers(scores) is not None, "the first answer on disk")
        [answer] = on_disk(scores)["sessions"][0]["answers"]
        assert answer["choice"] is not None
    finally:
        terminal.close()


def test_a_letter_a_confidence_digit_and_enter_typed_at_once_answer_then_go_on(tmp_path: Path) -> None:
    """The command line asks how sure by default: the digit after a letter is the confidence, not a choice."""
    scores = tmp_path / "scores.json"
    terminal = Terminal(["--scores", str(scores), "--seed", "1", "--count", "2"], tmp_path)
    try:
        terminal.wait_for_text("palette")
        terminal.press("\r")
        terminal.wait_for_text("Question 1/2")
        terminal.press("b2\r")  # answer B, fairly sure, then on to the next question
        terminal.wait_for_text("Question 2/2")
        terminal.wait_for(lambda: saved_answers(scores) is not None, "the first answer on disk")
        [answer] = on_disk(scores)["sessions"][0]["answers"]
        assert answer["confidence"] == "fair"
    finally:
        terminal.close()
