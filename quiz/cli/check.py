"""`oms-quiz check`: validate decks and question files, every problem as `path:line: severity: message`.

`--format github` prints each problem as a GitHub Actions workflow command instead, so that a pull
request shows it on the line it is about; `--format json` prints one JSON document for tools.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from quiz import paths
from quiz.cli.output import ORIGINS, PROG, shown
from quiz.deck import deck_folder_of, load_deck
from quiz.lint import lint
from quiz.records import DeckError, Problem
from quiz.safe_text import printable
from quiz.wording import plural

ANNOTATION_TITLE = f"{PROG} check"


def default_format() -> str:
    """`github` when running under GitHub Actions (it sets GITHUB_ACTIONS=true), else `text`."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def check(targets: list[str], strict: bool = False, fmt: str = "text") -> int:
    """Validate decks; print every problem (as `path:line: severity: message`, annotations or JSON), then a summary."""
    folders: list[tuple[Path, Path | None, str | None]] = []  # folder, the one file asked about, as typed
    problems: list[Problem] = []
    where: tuple[Path, str] | None = None  # without a path: which folder was checked, and why that one
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
        root, in_repository = paths.default_decks_dir()
        folders = [(shown(folder), None, None) for folder in paths.deck_dirs(root)]
        origin = "repository" if in_repository else "bundled"
        where = (shown(root), origin)
        if not folders:
            problems.append(Problem(str(root), 1, "error", "no bundled decks found"))
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
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = f"{plural(decks, 'deck')}, {plural(questions, 'valid question')}"
    if problems:
        summary = f"{PROG} check: {plural(errors, 'error')}, {plural(warnings, 'warning')} ({checked})"
    else:
        summary = f"{PROG} check: no problems ({checked})"
    if where is not None:
        summary += f" in {where[0]} ({ORIGINS[where[1]]})"
    if fmt == "json":
        print(as_json(problems, summary, errors=errors, warnings=warnings, decks=decks, questions=questions, where=where))
    else:
        for problem in problems:
            print(annotation(problem) if fmt == "github" else printable(str(problem)))
        print(printable(summary))
    return 1 if errors else 0


def as_json(
    problems: list[Problem], summary: str, *, errors: int, warnings: int, decks: int, questions: int, where: tuple[Path, str] | None
) -> str:
    """The whole run as one JSON document: every problem, then the counts and the summary line."""
    payload = {
        "problems": [
            {"path": printable(p.path), "line": p.line, "severity": p.severity, "message": printable(p.message)} for p in problems
        ],
        "summary": {
            "errors": errors,
            "warnings": warnings,
            "decks": decks,
            "valid_questions": questions,
            "checked": None if where is None else {"folder": printable(str(where[0])), "origin": where[1]},
            "text": printable(summary),
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (so a line break cannot start a new command)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: the message's escapes, and `:` and `,` that would end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_path(path: str) -> str:
    """The file an annotation names: relative to the repository root ($GITHUB_WORKSPACE) when it lies inside it, else as printed."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            path = Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(workspace))).as_posix()
        except ValueError:
            pass
    return path


def annotation(problem: Problem) -> str:
    """`::error file=PATH,line=N,title=oms-quiz check::message` (or `::warning ...`): shown on the line in a pull request."""
    file = _escape_property(printable(annotation_path(problem.path)))
    message = _escape_data(printable(problem.message))
    return f"::{problem.severity} file={file},line={problem.line},title={_escape_property(ANNOTATION_TITLE)}::{message}"


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
