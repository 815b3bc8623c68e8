"""Every file location oms-quiz uses, each with its flag or environment override."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "oms-quiz"

ENV_SCORES = "OMS_QUIZ_SCORES"
ENV_DATA_DIR = "OMS_QUIZ_DATA_DIR"
ENV_CACHE_DIR = "OMS_QUIZ_CACHE_DIR"
ENV_QUESTIONS = "OMS_QUIZ_QUESTIONS"

DEFAULT_DECK = "oms"
SCORES_NAME = "scores.json"
SETTINGS_NAME = "settings.json"

_PACKAGE = Path(__file__).resolve().parent


def bundled_decks_dir() -> Path:
    """The folder holding the decks that ship with oms-quiz.

    A wheel carries them inside the package (`quiz/questions`); a source
    checkout or an editable install has them beside the package.
    """
    inside = _PACKAGE / "questions"
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / "questions"


def deck_dirs(root: Path) -> list[Path]:
    """The deck folders in `root` (each holds a deck.yaml), by name."""
    try:
        return sorted(p for p in root.iterdir() if (p / "deck.yaml").is_file())
    except OSError:  # no such folder, or not one
        return []


def repository_decks_dir(start: Path | None = None) -> Path | None:
    """The `questions/` folder of the clone `start` (default: the current folder) is in, or None outside one.

    The nearest `questions/` at or above `start` that holds a deck, so that `check` and `coverage`
    without a path check the files being edited rather than the copy inside the installed package.
    """
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was deleted
        return None
    for folder in (here, *here.parents):
        candidate = folder / "questions"
        if deck_dirs(candidate):
            return candidate
    return None


def default_decks_dir() -> tuple[Path, bool]:
    """Where `check` looks without a path: the clone's `questions/` (True), else the bundled decks (False)."""
    found = repository_decks_dir()
    return (found, True) if found is not None else (bundled_decks_dir(), False)


def default_deck() -> tuple[Path, str]:
    """The one deck `coverage` and `new` use without a path, and where it came from.

    $OMS_QUIZ_QUESTIONS ("environment"), else the clone's OMS deck, or its first deck by name when it
    has no OMS deck ("repository"), else the bundled OMS deck ("bundled").
    """
    env = os.environ.get(ENV_QUESTIONS)
    if env:
        return Path(env).expanduser(), "environment"
    found = repository_decks_dir()
    if found is not None:
        decks = deck_dirs(found)
        return next((d for d in decks if d.name == DEFAULT_DECK), decks[0]), "repository"
    return bundled_decks_dir() / DEFAULT_DECK, "bundled"


def deck_dir(flag: str | os.PathLike[str] | None = None) -> Path:
    """The deck to play: `--questions DIR`, then $OMS_QUIZ_QUESTIONS, then the bundled OMS deck."""
    chosen = flag or os.environ.get(ENV_QUESTIONS)
    if chosen:
        return Path(chosen).expanduser()
    return bundled_decks_dir() / DEFAULT_DECK


def data_dir() -> Path:
    """The user's data folder: $OMS_QUIZ_DATA_DIR, else the platform's user data folder."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def scores_path(flag: str | os.PathLike[str] | None = None) -> Path:
    """The score file: `--scores PATH`, then $OMS_QUIZ_SCORES, then scores.json in the data folder."""
    chosen = flag or os.environ.get(ENV_SCORES)
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / SCORES_NAME


def settings_path(scores: Path) -> Path:
    """Settings live next to the score file, so one override moves both."""
    return scores.with_name(SETTINGS_NAME)


def cache_dir() -> Path:
    """Where parsed decks are cached: $OMS_QUIZ_CACHE_DIR, else the platform's user cache folder."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def summary_path(scores: Path) -> Path:
    """What the first screen needs of a score file (last and best score, flags), cached beside the
    parsed decks: one file per score file, named after its absolute path."""
    import hashlib

    name = hashlib.sha256(str(scores.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return cache_dir() / "scores" / f"{name}.json"
