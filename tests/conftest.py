"""Shared fixtures. Every test runs with its own data, score and cache folders, never the user's."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pytest

from quiz import paths
from quiz.plan import Plan
from quiz.records import Deck, Question
from quiz.session import Session
from quiz.store import ScoreStore

if TYPE_CHECKING:
    from textual.screen import Screen

    from quiz.tui.app import QuizApp
    from quiz.tui.widgets.session_builder import SessionBuilder

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "questions" / "oms"

# What only some platforms can run. Each skip says why; nothing else in the suite depends on the platform.
POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")
ROOT = POSIX and os.geteuid() == 0  # root ignores file modes


def posix_only(why: str) -> pytest.MarkDecorator:
    """Skip on Windows, saying what POSIX has that Windows lacks."""
    return pytest.mark.skipif(not POSIX, reason=f"POSIX only: {why}")


def linux_only(why: str) -> pytest.MarkDecorator:
    """Skip on Windows and macOS, saying what Linux has that they lack."""
    return pytest.mark.skipif(not LINUX, reason=f"Linux only: {why}")


def native(path: str) -> str:
    """A relative path written with '/' as this platform spells it (deck/q.yaml; deck\\q.yaml on Windows).

    Tests type paths this way and expect them back the same: it is what the app prints today
    (str of a Path) and what it prints once it echoes paths as the user typed them.
    """
    return str(PurePath(path))


def recorded(scores: Path) -> dict[str, Any]:
    """What the score file holds once its journal is folded in, as the next start folds it.

    Read with plain `json` and the journal's documented rules (docs/score-file.md), not with
    quiz.journal: the journal's tests check the format, these read what a user's answers left."""
    text = scores.read_text(encoding="utf-8") if scores.exists() else ""
    data: dict[str, Any] = json.loads(text) if text.strip() else {"version": 1, "sessions": []}
    journal = scores.with_name(scores.name + ".journal")
    if not journal.exists():
        return data
    for line in journal.read_text(encoding="utf-8").split("\n")[:-1]:  # the last one: "" or a line cut short
        if not line.strip():
            continue
        entry = json.loads(line)
        assert entry["journal"] == 1, line
        if "flag" in entry:
            flag = entry["flag"]
            marks = data.setdefault("flags", {}).setdefault(flag["deck"], {})
            if flag["at"] is None:
                marks.pop(flag["question"], None)
            else:
                marks[flag["question"]] = flag["at"]
            continue
        header, sessions = entry["session"], data["sessions"]
        index = next((i for i, s in enumerate(sessions) if s["id"] == header["id"]), None)
        before = sessions[index]["answers"] if index is not None else []
        answers = before[: entry["from"]] + entry["answers"]
        if len(answers) < len(before):
            continue  # the file holds more of this session already
        if index is None:
            sessions.append({**header, "answers": answers})
        else:
            sessions[index] = {**header, "answers": answers}
    return data


DECK_YAML = """\
title: Test deck
source: source.md
attribution: Test attribution
topics:
  names: Names
  clinical-features: Clinical features
"""

SOURCE_MD = """\
# Test source

Opsoclonus describes seemingly random, involuntary, and rapid eye movements in the horizontal, vertical, and diagonal directions.

Myoclonus describes lightening-like limb movements or limb jerks, that can also be more tremulous.

Opsoclonus-myoclonus syndrome is also called OMS or dancing eyes-dancing feet syndrome.
"""

GOOD_QUESTION = """\
- id: opsoclonus-directions
  topic: clinical-features
  question: In which directions do the eye movements of opsoclonus occur?
  answer: Horizontal, vertical and diagonal
  distractors:
    - Horizontal plane only
    - Vertical plane only
    - Horizontal and vertical only
  explanation: >-
    Opsoclonus describes seemingly random, involuntary, and rapid eye movements
    in the horizontal, vertical, and diagonal directions.
"""


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user folder at a temporary one, so no test can touch real user data."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(home / "data"))
    monkeypatch.setenv(paths.ENV_CACHE_DIR, str(home / "cache"))
    monkeypatch.delenv(paths.ENV_SCORES, raising=False)
    monkeypatch.delenv(paths.ENV_QUESTIONS, raising=False)
    # Under GitHub Actions `check` prints annotations by default; the tests ask for a format when they want one.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    # Dates are shown in local time; pin it so screens and snapshots read the same everywhere.
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):  # POSIX only; no test asserts a local time of day, so elsewhere the machine's zone does
        time.tzset()
    return home


DeckMaker = Callable[..., Path]


@pytest.fixture
def make_deck(tmp_path: Path) -> DeckMaker:
    """Write a deck folder: deck.yaml, source.md and question files given as {name: yaml text}."""

    def make(
        files: dict[str, str | bytes] | None = None,
        *,
        deck_yaml: str | bytes | None = DECK_YAML,
        source: str | None = SOURCE_MD,
        name: str = "deck",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if deck_yaml is not None:
            _write(folder / "deck.yaml", deck_yaml)
        if source is not None:
            (folder / "source.md").write_text(source, encoding="utf-8", newline="\n")
        for file_name, text in (files if files is not None else {"questions.yaml": GOOD_QUESTION}).items():
            _write(folder / file_name, text)
        return folder

    return make


def _write(path: Path, text: str | bytes) -> None:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8", newline="\n")  # the same bytes on Windows


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled OMS deck that a test may change."""
    target = tmp_path / "oms"
    shutil.copytree(BUNDLED, target)
    return target


def quiz_app(
    deck: Deck,
    store: ScoreStore,
    *,
    plan: Plan | None = None,
    count: int | None = None,
    seed: int | None = None,
    settings: Path | None = None,
    questions: tuple[Question, ...] | None = None,
    notices: tuple[str, ...] = (),
    clock: Callable[[], float] | None = None,
) -> QuizApp:
    """The app as the command line builds it: a Session over the deck and the store, shown by QuizApp."""
    from quiz.tui.app import QuizApp

    session = Session(deck, store, plan=plan or Plan(count=count), seed=seed, questions=questions, notices=notices)
    return QuizApp(session, settings=settings) if clock is None else QuizApp(session, settings=settings, clock=clock)


def question(deck: Deck, qid: str) -> Question:
    """The deck's question with this id."""
    return next(q for q in deck.questions if q.id == qid)


def choice_texts(screen: Screen[Any]) -> list[str]:
    """The choices of the question screen as they read, marks included."""
    from quiz.tui.widgets.choices import Choices

    return [label.plain for label in screen.query_one("#choices", Choices).labels]


def row(builder: SessionBuilder, name: str) -> str:
    """A row of the session builder ("mode", "filter", "topics" or "count") as it reads on screen, lines joined by newlines."""
    width = builder.content_region.width or builder.size.width or 80
    return "\n".join(line.plain.rstrip() for kind, line in builder.rows(width) if kind == name)
