"""oms-quiz: self-test on opsoclonus-myoclonus syndrome in the terminal."""

from quiz.version import __version__

__all__ = ["__version__", "main"]


def main() -> int:
    """The `oms-quiz` command. `--version` answers before the command line's imports load."""
    import sys

    _die_quietly_when_the_reader_goes_away()
    _never_fail_on_an_unencodable_character()
    if sys.argv[1:] == ["--version"]:
        print(f"oms-quiz {__version__}")
        return 0
    from quiz.cli import main as run

    return run()


def _die_quietly_when_the_reader_goes_away() -> None:
    """`oms-quiz check | head -1`: end like cat or grep when the pipe on stdout closes, by SIGPIPE (141 in a shell), silently.

    Only when stdout is not a terminal: then nothing can play (the TUI needs one), so the app is a
    filter whose reader went away. The TUI keeps Python's ignored SIGPIPE, so a helper process that
    closes a pipe early (a clipboard tool, say) is an error it handles, never its death.
    """
    # SIGPIPE's default rather than catching BrokenPipeError: it also covers argparse's --help,
    # Rich's own handler (which exits 1) and the interpreter's final flush, wherever the write is.
    import signal
    import sys

    stdout = sys.stdout
    if stdout is None or stdout.isatty():
        return
    if hasattr(signal, "SIGPIPE"):  # POSIX; Windows has no SIGPIPE
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _never_fail_on_an_unencodable_character() -> None:
    """A console or pipe in a legacy code page (Windows' cp1252, LANG=C) cannot encode ␛, ✓ or a table's
    borders: write an escape for such a character instead of stopping with UnicodeEncodeError."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is not None and encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
