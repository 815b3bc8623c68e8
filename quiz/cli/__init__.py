"""The command line: play (the default), check, coverage, stats and export; each sub-command loads only what it needs."""

from __future__ import annotations

from quiz import paths
from quiz.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from quiz.cli.check import check

            return check(args.paths, strict=args.strict)
        if args.command == "coverage":
            from quiz.cli.coverage import coverage

            return coverage(args.deck, minimum=args.min)
        if args.command == "stats":
            from quiz.cli.stats import stats

            return stats(paths.deck_dir(args.questions), paths.scores_path(args.scores), as_json=args.json)
        if args.command == "export":
            from quiz.cli.export import export

            return export(
                args.format, paths.deck_dir(args.questions), paths.scores_path(args.scores), args.out, getattr(args, "which", "all")
            )
        from quiz.cli.play import play

        return play(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
