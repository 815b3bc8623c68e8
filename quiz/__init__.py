"""oms-quiz: self-test on opsoclonus-myoclonus syndrome in the terminal."""

from quiz.version import __version__

__all__ = ["__version__", "main"]


def main() -> int:
    """The `oms-quiz` command. `--version` answers before the command line's imports load."""
    import sys

    if sys.argv[1:] == ["--version"]:
        print(f"oms-quiz {__version__}")
        return 0
    from quiz.cli import main as run

    return run()
