"""The command line: play (the default), check, coverage and stats. Textual is imported only to play."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING

from quiz import __version__, paths
from quiz.names import FILTERS, MODES

if TYPE_CHECKING:
    from typing import NoReturn

PROG = paths.APP_NAME


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, got '{text}'") from None
    if not 0 < value <= 24 * 60:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1440 minutes, got {text}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Test yourself on opsoclonus-myoclonus syndrome (OMS) in the terminal.",
        epilog=(
            f"Scores are kept in {paths.SCORES_NAME} in your user data folder "
            f"(override with --scores or ${paths.ENV_SCORES}). "
            "Run 'oms-quiz check' to validate question files."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--questions", metavar="DIR", help="play the deck in DIR instead of the bundled one")
    parser.add_argument("--count", metavar="N", type=_positive, help="ask N questions (default 10, or all if fewer)")
    parser.add_argument("--seed", metavar="N", type=_whole, help="same seed, same questions, order and shuffles")
    parser.add_argument("--scores", metavar="PATH", help=f"score file to use (default: ${paths.ENV_SCORES} or the user data folder)")
    parser.add_argument("--only", metavar="ID", action="append", help="ask only the question with this id (repeatable)")
    parser.add_argument(
        "--mode",
        choices=MODES,
        help="practice: explanation after each answer (default); exam: no feedback until the end; review: spaced repetition",
    )
    parser.add_argument("--topic", metavar="TOPIC", action="append", help="only questions of this topic (repeatable)")
    parser.add_argument("--filter", choices=FILTERS, help="all (default), unseen, missed (wrong last time) or flagged questions")
    parser.add_argument("--minutes", metavar="N", type=_minutes, help="exam time limit in minutes (implies --mode exam)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser(
        "check", help="validate decks and question files", description="Validate decks: every problem as path:line: error: message."
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="deck folders or question files (default: the bundled decks)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    coverage = sub.add_parser(
        "coverage",
        help="show how many questions quote each source sentence",
        description="Show how many questions quote each sentence of a deck's source.",
    )
    coverage.add_argument("deck", nargs="?", metavar="DECK", help="deck folder (default: the bundled OMS deck)")
    coverage.add_argument(
        "--min", metavar="N", type=_whole, default=None, help="exit 1 when any sentence is quoted by fewer than N questions"
    )
    stats = sub.add_parser(
        "stats", help="show your statistics", description="Your sessions, accuracy per topic, unseen, due and hardest questions."
    )
    stats.add_argument("--json", action="store_true", help="print machine-readable JSON")
    stats.add_argument("--questions", metavar="DIR", default=argparse.SUPPRESS, help="the deck (default: the bundled one)")
    stats.add_argument("--scores", metavar="PATH", default=argparse.SUPPRESS, help="the score file")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from quiz.commands import check

            return check(args.paths, strict=args.strict)
        if args.command == "coverage":
            from quiz.commands import coverage

            return coverage(args.deck, minimum=args.min)
        if args.command == "stats":
            from quiz.commands import stats

            return stats(paths.deck_dir(args.questions), paths.scores_path(args.scores), as_json=args.json)
        return play(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def play(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Start-up (Textual's import, the deck, the first screen) allocates hundreds of thousands of
    # objects that live as long as the app: collecting cycles among them only costs time. The
    # app freezes them and turns collection back on once its first screen is drawn.
    gc.disable()
    try:
        return _play(args, parser)
    finally:
        gc.enable()


def _play(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from quiz.commands import load_or_report
    from quiz.store import ScoreStore

    folder = paths.deck_dir(args.questions)
    if not folder.is_dir():
        parser.error(f"--questions: no such deck folder: {folder}")
    deck = load_or_report(folder, "played")
    if deck is None:
        return 1
    notices = [
        f"Skipped {count} invalid question{'s' if count != 1 else ''} in {path}; run 'oms-quiz check {path}' for details."
        for path, count in deck.skipped.items()
    ]
    if args.topic:
        unknown = [t for t in args.topic if t not in deck.topics]
        if unknown:
            parser.error(f"--topic: unknown topic {', '.join(repr(t) for t in unknown)}; the topics are {', '.join(deck.topics)}")
    if args.minutes is not None and args.mode not in (None, "exam"):
        parser.error("--minutes is the time limit of an exam; use it with --mode exam")
    from quiz.builder import Plan

    plan = Plan(
        mode="exam" if args.minutes is not None else args.mode or "practice",
        topics=tuple(dict.fromkeys(args.topic)) if args.topic else None,
        filter=args.filter or "all",
        count=args.count,
        minutes=args.minutes,
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
    scores = paths.scores_path(args.scores)
    store = ScoreStore(scores)
    store.load()
    notices += store.notices
    for notice in notices:
        print(f"{PROG}: warning: {notice}", file=sys.stderr)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(f"{PROG}: error: playing needs an interactive terminal (try 'oms-quiz check' or 'oms-quiz --help')", file=sys.stderr)
        return 2

    from quiz.tui.app import QuizApp

    app = QuizApp(
        deck,
        store,
        plan=plan,
        seed=args.seed,
        notices=notices,
        questions=questions,
        settings=paths.settings_path(scores),
        startup_gc_paused=True,
    )
    # Textual reads keys and writes the screen on threads of their own: a shorter switch
    # interval hands them the interpreter sooner (about 2 ms off every answer's latency).
    sys.setswitchinterval(0.001)
    try:
        app.run()
    finally:
        if not app.flush():
            print(f"{PROG}: warning: the last answers may not have been saved (the score file was busy)", file=sys.stderr)
    for error in app.recorder.errors:
        print(f"{PROG}: warning: {error}", file=sys.stderr)
    return app.return_code or 0
