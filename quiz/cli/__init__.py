"""The command line: play (the default), check, coverage, new, schema, stats and export; each sub-command loads only what it needs."""

from __future__ import annotations

from quiz import paths
from quiz.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            from quiz.cli.check import check, default_format

            return check(args.paths, strict=args.strict, fmt=args.format or default_format())
        if args.command == "coverage":
            from quiz.cli.coverage import coverage

            return coverage(args.deck, minimum=args.min)
        if args.command == "new":
            from quiz.cli.new import new

            return new(args.deck, topic=args.new_topic, append=args.append)
        if args.command == "schema":
            from quiz.cli.schema import schema

            return schema(args.name, write=args.write)
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
