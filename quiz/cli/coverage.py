"""`oms-quiz coverage`: how many questions quote each sentence of a deck's source."""

from __future__ import annotations

from pathlib import Path

from quiz import paths
from quiz.cli.output import ORIGINS, PROG, load_or_report, shown
from quiz.deck.read import read_bytes
from quiz.lint import bank_figures
from quiz.records import Deck
from quiz.safe_text import printable
from quiz.wording import plural


def question_texts(deck: Deck) -> dict[str, str]:
    """Each question file's text, for the `# kind:` labels the figures count (the files were read once already)."""
    return {
        path: read_bytes(deck.folder, Path(path)).decode("utf-8-sig", errors="replace") for path in sorted({q.path for q in deck.questions})
    }


def sentence_counts(deck: Deck) -> list[int]:
    """For each source sentence, how many questions quote it."""
    counts = [0] * len(deck.source.sentences)
    for question in deck.questions:
        for index in deck.source.sentences_of(question.explanation):
            counts[index] += 1
    return counts


def coverage(target: str | None, minimum: int | None = None) -> int:
    if target:
        folder = Path(target)
    else:
        found, origin = paths.default_deck()
        folder = shown(found)
    deck = load_or_report(folder, "loaded")
    if deck is None:
        return 1
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    if not target:
        print(printable(f"{PROG} coverage: the deck in {folder} ({ORIGINS[origin]})"), flush=True)  # unwrapped, before Rich's output

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
    console.print(table)
    covered = sum(1 for c in counts if c)
    total = len(counts)
    pct = 100 * covered / total if total else 0.0
    console.print(Text(f"{covered}/{total} sentences quoted ({pct:.0f}% coverage) by {plural(len(deck.questions), 'question')}"))
    # soft_wrap: each figure stays one line, however narrow the terminal (the terminal wraps it, not Rich)
    console.print(Text("\n".join(bank_figures(deck.questions, deck.source, question_texts(deck)).lines())), soft_wrap=True)
    if below:
        console.print(
            Text(
                f"{plural(len(below), 'sentence')} quoted by fewer than {minimum} questions: {', '.join(map(str, below))}",
                style="bold red",
            )
        )
        return 1
    return 0
