"""`oms-quiz check`: validate decks and question files, every problem as `path:line: severity: message`."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from quiz import paths
from quiz.cli.output import PROG
from quiz.deck import deck_folder_of, load_deck
from quiz.lint import lint
from quiz.records import DeckError, Problem
from quiz.safe_text import printable
from quiz.wording import plural


def check(targets: list[str], strict: bool = False) -> int:
    """Validate decks; print every problem as `path:line: severity: message`, then a summary."""
    folders: list[tuple[Path, Path | None, str | None]] = []  # folder, the one file asked about, as typed
    problems: list[Problem] = []
    if targets:
        for target in targets:
            path = Path(target)
            if not path.exists():
                problems.append(Problem(target, 1, "error", "no such file or folder"))
                continue
            folder, only = deck_folder_of(path)
            if only is not None and only.suffix not in {".yaml", ".yml"}:
                # Checking it would check nothing and report "no problems".
                problems.append(Problem(target, 1, "error", "not a deck folder or a question file (*.yaml)"))
                continue
            folders.append((folder, only, target))
    else:
        folders = [(folder, None, None) for folder in paths.bundled_deck_dirs()]
        if not folders:
            problems.append(Problem(str(paths.bundled_decks_dir()), 1, "error", "no bundled decks found"))
    decks = questions = 0
    counted: set[Path] = set()  # a folder named twice (`check q.yaml .`) is one deck
    for folder, only, typed in folders:
        try:
            deck = load_deck(folder)
        except DeckError as exc:
            found = exc.problems
        else:
            if folder.resolve() not in counted:
                counted.add(folder.resolve())
                decks += 1
                questions += len(deck.questions)
            found = list(deck.problems) + lint(deck.questions, deck.source)
        if only is not None and only.name != "deck.yaml":
            keep = {str(only), str(folder / "deck.yaml")}
            found = [p for p in found if p.path in keep]
        problems.extend(found if typed is None else [as_typed(p, folder, only, typed) for p in found])
    if strict:
        problems = [Problem(p.path, p.line, "error", p.message) for p in problems]
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.severity, p.message))
    for problem in problems:
        print(printable(str(problem)))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = f"{plural(decks, 'deck')}, {plural(questions, 'valid question')}"
    if problems:
        print(f"{PROG} check: {plural(errors, 'error')}, {plural(warnings, 'warning')} ({checked})")
    else:
        print(f"{PROG} check: no problems ({checked})")
    return 1 if errors else 0


def as_typed(problem: Problem, folder: Path, only: Path | None, typed: str) -> Problem:
    """`problem` with its path spelt as the user typed it (`./deck/q.yaml` stays so, and so do `/` on Windows)."""
    if only is not None and problem.path == str(only):
        return replace(problem, path=typed)
    base = os.path.dirname(typed) if only is not None else typed.rstrip("/\\") or typed
    prefix = str(folder)
    if not base or not problem.path.startswith(prefix + os.sep):
        return problem
    sep = "/" if "/" in typed or os.sep == "/" else os.sep
    return replace(problem, path=base + sep + problem.path[len(prefix) + 1 :])
