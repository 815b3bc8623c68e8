"""`oms-quiz` with no command: play a deck in the terminal."""

from __future__ import annotations

import argparse
import gc
import sys

from quiz import paths
from quiz.cli.output import PROG, load_or_report
from quiz.plan import Plan
from quiz.session import Session
from quiz.settings import load_settings
from quiz.store import ScoreStore
from quiz.wording import plural


def play(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Play the deck in the terminal (Textual is imported here, and only here)."""
    # What start-up builds (Textual, the deck, the score file) lives as long as the app: no collection
    # until the first frame, which then freezes it (QuizApp.on_ready). Figures: the 10,000-question
    # warm start and the 1,000-session start.
    gc.disable()
    # An answer reaches the disk on the recorder's thread while this one draws the feedback: each
    # of the append's system calls gives the interpreter back, and the default 5 ms before it is
    # handed over again added up to 25 ms (figure: "answer on disk after the key", p95).
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        return _play(args, parser)
    finally:
        sys.setswitchinterval(switch)
        gc.enable()


def _play(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:

    folder = paths.deck_dir(args.questions)
    if not folder.is_dir():
        parser.error(f"--questions: no such deck folder: {folder}")
    deck = load_or_report(folder, "played")
    if deck is None:
        return 1
    notices = [
        f"Skipped {plural(count, 'invalid question')} in {path}; run 'oms-quiz check {path}' for details."
        for path, count in deck.skipped.items()
    ]
    if args.topic:
        unknown = [t for t in args.topic if t not in deck.topics]
        if unknown:
            parser.error(f"--topic: unknown topic {', '.join(repr(t) for t in unknown)}; the topics are {', '.join(deck.topics)}")
    if args.minutes is not None and args.mode not in (None, "exam"):
        parser.error("--minutes is the time limit of an exam; use it with --mode exam")
    scores = paths.scores_path(args.scores)
    settings = paths.settings_path(scores)
    plan = Plan(
        mode="exam" if args.minutes is not None else args.mode or "practice",
        topics=tuple(dict.fromkeys(args.topic)) if args.topic else None,
        filter=args.filter or "all",
        count=args.count,
        minutes=args.minutes,
        confidence=not args.no_confidence and load_settings(settings).get("confidence") is not False,
    )
    questions = deck.questions
    if args.only:
        wanted = set(args.only)
        unknown = sorted(wanted - {q.id for q in questions})
        if unknown:
            print(f"{PROG}: error: no valid question with id {', '.join(unknown)} in {folder}", file=sys.stderr)
            return 2
        questions = tuple(q for q in questions if q.id in wanted)
    if not questions:
        print(f"{PROG}: error: the deck in {folder} has no valid questions to ask", file=sys.stderr)
        return 1
    store = ScoreStore(scores, summary=paths.summary_path(scores))
    store.start()  # what the first screen needs; the app reads the rest once it is drawn
    notices += store.notices
    told = len(store.notices)
    for notice in notices:
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(f"{PROG}: error: playing needs an interactive terminal (try 'oms-quiz check' or 'oms-quiz --help')", file=sys.stderr)
        return 2

    from quiz.tui.app import QuizApp

    session = Session(deck, store, plan=plan, seed=args.seed, questions=questions, notices=notices)
    app = QuizApp(session, settings=settings)
    try:
        app.run()
    finally:
        # Folding the journal into a long history (50,000 sessions: a 100 MB file) takes seconds: say so.
        saved = session.close(timeout=0.5)
        if not saved:
            print(f"{PROG}: saving your answers to {scores}...", file=sys.stderr, flush=True)
            saved = session.flush(timeout=120)
        if not saved:
            print(
                f"{PROG}: warning: the last answers may not have been saved (the score file was busy); "
                "they are kept in its journal, which the next start folds in",
                file=sys.stderr,
            )
    for notice in store.notices[told:]:  # what the store found while the app ran
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    for error in session.recorder.errors:
        print(f"{PROG}: warning: {error}", file=sys.stderr)
    return app.return_code or 0
