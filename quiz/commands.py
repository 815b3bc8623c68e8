"""The non-playing commands: `check`, `coverage` and `stats`. No Textual here, so they start fast."""

from __future__ import annotations

import sys
from pathlib import Path

from quiz import paths
from quiz.deck import Deck, DeckError, Problem, deck_folder_of, load_deck
from quiz.text import plural as _plural
from quiz.text import printable

PROG = paths.APP_NAME


def load_or_report(folder: Path, use: str) -> Deck | None:
    """The deck in `folder`, or None after printing why it cannot be `use`d (loaded, played) to stderr."""
    try:
        return load_deck(folder)
    except DeckError as exc:
        for problem in exc.problems:
            print(printable(str(problem)), file=sys.stderr)
        print(f"{PROG}: the deck in {folder} cannot be {use}; fix the errors above (oms-quiz check {folder})", file=sys.stderr)
        return None


def check(targets: list[str], strict: bool = False) -> int:
    """Validate decks; print every problem as `path:line: severity: message`, then a summary."""
    folders: list[tuple[Path, Path | None]] = []
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
            folders.append((folder, only))
    else:
        folders = [(folder, None) for folder in paths.bundled_deck_dirs()]
        if not folders:
            problems.append(Problem(str(paths.bundled_decks_dir()), 1, "error", "no bundled decks found"))
    decks = questions = 0
    for folder, only in folders:
        try:
            deck = load_deck(folder)
        except DeckError as exc:
            found = exc.problems
        else:
            decks += 1
            questions += len(deck.questions)
            from quiz.lint import lint  # check only: play imports this module too

            found = list(deck.problems) + lint(deck.questions, deck.source)
        if only is not None and only.name != "deck.yaml":
            keep = {str(only), str(folder / "deck.yaml")}
            found = [p for p in found if p.path in keep]
        problems.extend(found)
    if strict:
        problems = [Problem(p.path, p.line, "error", p.message) for p in problems]
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.severity, p.message))
    for problem in problems:
        print(printable(str(problem)))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    checked = f"{_plural(decks, 'deck')}, {_plural(questions, 'valid question')}"
    if problems:
        print(f"{PROG} check: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} ({checked})")
    else:
        print(f"{PROG} check: no problems ({checked})")
    return 1 if errors else 0


def sentence_counts(deck: Deck) -> list[int]:
    """For each source sentence, how many questions quote it."""
    counts = [0] * len(deck.source.sentences)
    for question in deck.questions:
        for index in deck.source.sentences_of(question.explanation):
            counts[index] += 1
    return counts


def coverage(target: str | None, minimum: int | None = None) -> int:
    folder = Path(target) if target else paths.deck_dir()
    deck = load_or_report(folder, "loaded")
    if deck is None:
        return 1
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    counts = sentence_counts(deck)
    table = Table(title=Text(f"Coverage of {printable(deck.title)} ({deck.source_name})"), expand=False)
    table.add_column("#", justify="right")
    table.add_column("Questions", justify="right")
    table.add_column("Sentence", overflow="fold")
    below = []
    for sentence, count in zip(deck.source.sentences, counts):
        low = minimum is not None and count < minimum
        if low:
            below.append(sentence.index + 1)
        style = "bold red" if low or count == 0 else ""
        table.add_row(str(sentence.index + 1), Text(str(count), style=style), Text(printable(sentence.raw)))
    console = Console(highlight=False)
    console.print(table)
    covered = sum(1 for c in counts if c)
    total = len(counts)
    pct = 100 * covered / total if total else 0.0
    console.print(Text(f"{covered}/{total} sentences quoted ({pct:.0f}% coverage) by {_plural(len(deck.questions), 'question')}"))
    from quiz.lint import bank_figures

    texts = {path: Path(path).read_text(encoding="utf-8-sig", errors="replace") for path in sorted({q.path for q in deck.questions})}
    console.print(Text("\n".join(bank_figures(deck.questions, deck.source, texts).lines())))
    if below:
        console.print(
            Text(
                f"{_plural(len(below), 'sentence')} quoted by fewer than {minimum} questions: {', '.join(map(str, below))}",
                style="bold red",
            )
        )
        return 1
    return 0


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """Percentages as a one-line bar chart."""
    return "".join(_BARS[min(len(_BARS) - 1, v * len(_BARS) // 101)] for v in values)


def stats(folder: Path, scores: Path, as_json: bool = False) -> int:
    """`oms-quiz stats`: the statistics screen's figures as Rich tables or JSON."""
    import json

    from quiz.stats import compute
    from quiz.store import ScoreStore

    deck = load_or_report(folder, "loaded")
    if deck is None:
        return 1
    store = ScoreStore(scores)
    store.load()
    for notice in store.notices:
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    figures = compute(deck, {"sessions": store.sessions()})
    if as_json:
        payload = {"scores": str(scores), **figures.to_json(), "flagged": sorted(store.flags(deck.slug))}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    overall = f"{round(100 * figures.correct / figures.answers)}% right" if figures.answers else "no answers yet"
    console.print(
        Text(
            f"{printable(deck.title)}: {_plural(len(figures.sessions), 'session')}, {_plural(figures.answers, 'answer')}, {overall}",
            style="bold",
        )
    )
    console.print(
        Text(
            f"Never seen: {len(figures.unseen)} of {len(deck.questions)} · due for review: {len(figures.due)} · "
            f"flagged: {len(store.flags(deck.slug))} · changed since answered: {len(figures.changed)} · "
            f"no longer in the deck: {len(figures.removed)}"
        )
    )
    if len(figures.sessions) >= 2:
        console.print(Text(f"Score over sessions: {sparkline([s.percent for s in figures.sessions])}"))
    table = Table(title="Sessions")
    for column in ("Date", "Mode", "Score", "%", "Limit"):
        table.add_column(column, justify="right" if column in ("Score", "%") else "left")
    for row in figures.sessions:
        table.add_row(
            Text(printable(row.date)),
            Text(printable(row.mode)),
            f"{row.correct}/{row.asked}",
            str(row.percent),
            f"{row.minutes:g} min" if row.minutes else "",
        )
    console.print(table)
    topics = Table(title="Accuracy by topic")
    for column in ("Topic", "Right", "Asked", "%"):
        topics.add_column(column, justify="left" if column == "Topic" else "right")
    for t in figures.topics:
        topics.add_row(Text(printable(t.title)), str(t.correct), str(t.asked), "–" if t.percent is None else str(t.percent))
    console.print(topics)
    if figures.hardest:
        hard = Table(title="Hardest questions for you")
        hard.add_column("Wrong", justify="right")
        hard.add_column("Id")
        hard.add_column("Question", overflow="fold")
        for h in figures.hardest:
            hard.add_row(f"{h.wrong}/{h.asked}", Text(printable(h.id + (" *" if h.changed else ""))), Text(printable(h.question)))
        console.print(hard)
    return 0
