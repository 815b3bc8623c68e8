"""`oms-quiz stats`: the statistics screen's figures as Rich tables or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quiz.cli.output import PROG, load_or_report
from quiz.safe_text import printable
from quiz.stats import compute
from quiz.store import ScoreStore
from quiz.wording import CONFIDENCE_LABELS, percent, plural

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """Percentages as a one-line bar chart."""
    return "".join(_BARS[min(len(_BARS) - 1, v * len(_BARS) // 101)] for v in values)


def stats(folder: Path, scores: Path, as_json: bool = False) -> int:
    """`oms-quiz stats`: the statistics screen's figures as Rich tables or JSON."""
    deck = load_or_report(folder, "loaded")
    if deck is None:
        return 1
    store = ScoreStore(scores)
    store.load(repair=False)  # a read-only command leaves every file as it found it
    for notice in store.notices:
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    figures = compute(deck, store.sessions())
    if as_json:
        payload = {"scores": str(scores), **figures.to_json(), "flagged": sorted(store.flags(deck.slug))}
        print(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    overall = f"{percent(figures.correct, figures.answers)}% right" if figures.answers else "no answers yet"
    console.print(
        Text(
            f"{printable(deck.title)}: {plural(len(figures.sessions), 'session')}, {plural(figures.answers, 'answer')}, {overall}",
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
    if any(c.asked for c in figures.calibration.values()):
        sure = Table(title="How sure you were")
        for column in ("Confidence", "Right", "Asked", "%"):
            sure.add_column(column, justify="left" if column == "Confidence" else "right")
        for level, c in figures.calibration.items():
            sure.add_row(CONFIDENCE_LABELS[level], str(c.correct), str(c.asked), "–" if c.percent is None else str(c.percent))
        console.print(sure)
        certain = [s.calibration["certain"].percent or 0 for s in figures.sessions if s.calibration["certain"].asked]
        if len(certain) >= 2:
            console.print(Text(f"Certain answers right over sessions: {sparkline(certain)}"))
    if figures.confidently_wrong:
        wrong = Table(title="Confidently wrong: reread these first")
        wrong.add_column("Times", justify="right")
        wrong.add_column("Id")
        wrong.add_column("Question", overflow="fold")
        for w in figures.confidently_wrong:
            wrong.add_row(str(w.times), Text(printable(w.id)), Text(printable(w.question)))
        console.print(wrong)
    if figures.hardest:
        hard = Table(title="Hardest questions for you")
        hard.add_column("Wrong", justify="right")
        hard.add_column("Id")
        hard.add_column("Question", overflow="fold")
        for h in figures.hardest:
            hard.add_row(f"{h.wrong}/{h.asked}", Text(printable(h.id + (" *" if h.changed else ""))), Text(printable(h.question)))
        console.print(hard)
    return 0
