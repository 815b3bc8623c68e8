"""`oms-quiz export anki|csv`: the deck's questions as an Anki package, or the user's answers as CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from quiz.cli.output import PROG, load_or_report
from quiz.export import answers_csv, chosen_questions, write_apkg, write_csv
from quiz.store import ScoreStore
from quiz.wording import plural

WHICH = {"missed": "answered wrong at least once", "flagged": "flagged", "all": "in the deck"}


def export(fmt: str, folder: Path, scores: Path, out: str, which: str = "missed") -> int:
    deck = load_or_report(folder, "exported")
    if deck is None:
        return 1
    store = ScoreStore(scores)
    store.load(repair=False)  # an export only reads the score file
    for notice in store.notices:
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    sessions = store.sessions()
    if fmt == "csv":
        if out == "-":
            sys.stdout.write(answers_csv(deck, sessions))
            return 0
        try:
            write_csv(deck, sessions, Path(out))
        except OSError as exc:
            print(f"{PROG}: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        answered = sum(len(s.answers) for s in sessions if s.deck == deck.slug)
        print(f"{PROG}: wrote {plural(answered, 'answer')} to {out}")
        return 0
    questions = chosen_questions(deck, sessions, store.flags(deck.slug), which)
    if not questions:
        print(f"{PROG}: error: no questions {WHICH[which]} yet; nothing to export (try --all)", file=sys.stderr)
        return 1
    try:
        count = write_apkg(deck, questions, Path(out))
    except OSError as exc:
        print(f"{PROG}: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{PROG}: wrote {plural(count, 'note')} ({WHICH[which]}) to {out}; import it in Anki (File > Import)")
    return 0
