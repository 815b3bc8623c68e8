"""The command line's options and sub-commands (argparse)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from quiz import paths
from quiz.plan import FILTERS, MODES
from quiz.records import CSV_COLUMNS
from quiz.version import __version__

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
    parser.add_argument(
        "--no-confidence",
        action="store_true",
        help="do not ask how sure you are after each choice (a fast round; also a command-palette toggle, kept in settings.json)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser(
        "check", help="validate decks and question files", description="Validate decks: every problem as path:line: error: message."
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="deck folders or question files (default: the decks in the questions/ folder of the clone you are in, else the bundled decks)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default=None,
        help="text: path:line: severity: message (the default); github: workflow annotations "
        "(the default when GITHUB_ACTIONS=true); json: one JSON document",
    )
    coverage = sub.add_parser(
        "coverage",
        help="show how many questions quote each source sentence",
        description="Show how many questions quote each sentence of a deck's source.",
    )
    coverage.add_argument(
        "deck",
        nargs="?",
        metavar="DECK",
        help=f"deck folder (default: ${paths.ENV_QUESTIONS}, else the OMS deck of the clone you are in, else the bundled one)",
    )
    coverage.add_argument(
        "--min", metavar="N", type=_whole, default=None, help="exit 1 when any sentence is quoted by fewer than N questions"
    )
    new = sub.add_parser(
        "new",
        help="print a question skeleton that already passes check (or append it to a question file)",
        description="Print a new question for a deck: a fresh id, the least-covered topic (or --topic) and the least-covered "
        "source sentence already quoted as the explanation. It passes 'oms-quiz check --strict' as it is; replace its "
        "question, answer and distractors.",
    )
    new.add_argument(
        "deck", nargs="?", metavar="DECK", help="deck folder (default: the one coverage uses; with --append, the file's folder)"
    )
    new.add_argument("--topic", dest="new_topic", metavar="TOPIC", help="the question's topic (default: the one with the fewest questions)")
    new.add_argument("--append", metavar="FILE", help="append the question to this question file of the deck (created if missing)")
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of question files or deck.yaml (for editors)",
        description="Print the JSON Schema of a question file (the default) or of deck.yaml. Editors use it through a "
        "'# yaml-language-server: $schema=...' line at the top of a file; the repository keeps copies in questions/schema/.",
    )
    schema.add_argument(
        "name", nargs="?", choices=("question-file", "deck"), default="question-file", help="which schema (default: question-file)"
    )
    schema.add_argument("--write", metavar="DIR", help="write both schemas into DIR (as NAME.schema.json) instead of printing one")
    stats = sub.add_parser(
        "stats", help="show your statistics", description="Your sessions, accuracy per topic, unseen, due and hardest questions."
    )
    stats.add_argument("--json", action="store_true", help="print machine-readable JSON")
    stats.add_argument("--questions", metavar="DIR", default=argparse.SUPPRESS, help="the deck (default: the bundled one)")
    stats.add_argument("--scores", metavar="PATH", default=argparse.SUPPRESS, help="the score file")
    export = sub.add_parser(
        "export",
        help="export questions to Anki, or your answers to CSV",
        description="Export the deck's questions as an Anki package, or your answers as CSV for your own analysis.",
    )
    formats = export.add_subparsers(dest="format", metavar="FORMAT", parser_class=_Parser, required=True)
    anki = formats.add_parser(
        "anki",
        help="write an Anki package (.apkg): one note per question",
        description=(
            "Write an Anki package: one note per question (question, choices, answer, the quoted explanation and its source), "
            "tagged by topic. Note ids come from the question ids, so importing a later export updates the notes instead of duplicating them."
        ),
    )
    which = anki.add_mutually_exclusive_group()
    which.add_argument(
        "--missed", dest="which", action="store_const", const="missed", help="questions you answered wrong at least once (default)"
    )
    which.add_argument("--flagged", dest="which", action="store_const", const="flagged", help="questions you flagged")
    which.add_argument("--all", dest="which", action="store_const", const="all", help="every question of the deck")
    anki.set_defaults(which="missed")
    anki.add_argument("out", metavar="OUT.apkg", help="the package to write (replaced if it exists)")
    csv = formats.add_parser(
        "csv",
        help="write your answers as CSV, one row per answer",
        description="Your answers to this deck, one row per answer: " + ", ".join(CSV_COLUMNS) + ".",
    )
    csv.add_argument("out", nargs="?", default="-", metavar="OUT.csv", help="the file to write, or - for standard output (default)")
    for command in (anki, csv):
        command.add_argument("--questions", metavar="DIR", default=argparse.SUPPRESS, help="the deck (default: the bundled one)")
        command.add_argument("--scores", metavar="PATH", default=argparse.SUPPRESS, help="the score file")
    return parser
