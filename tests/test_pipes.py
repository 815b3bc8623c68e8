"""A reader that goes away: `oms-quiz check | head -1`, `oms-quiz --help | true`. Real processes, real pipes.

Like cat or grep, a command whose stdout pipe closes ends quietly by SIGPIPE (a shell shows 141),
with nothing on stderr; the TUI, which needs a terminal, keeps SIGPIPE ignored.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from quiz import __version__

from .conftest import linux_only, posix_only
from .test_deck import Q, edit

pytestmark = posix_only("SIGPIPE is a POSIX signal; on Windows a write to a closed pipe is an OSError, with no signal to restore")

COMMANDS = {
    "check": ["check"],
    "coverage": ["coverage"],
    "stats": ["stats"],
    "stats --json": ["stats", "--json"],
    "--help": ["--help"],
    "--version": ["--version"],
}
SCRIPT = Path(sys.executable).with_name("oms-quiz")  # the console script of this environment, `quiz:main`


def entry(how: str) -> list[str]:
    if how == "oms-quiz":
        if not SCRIPT.exists():
            pytest.skip(f"the oms-quiz console script is not installed next to {sys.executable}")
        return [str(SCRIPT)]
    return [sys.executable, "-m", "quiz"]


def start(command: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    return proc.wait(60), err


@pytest.mark.parametrize("how", ["python -m quiz", "oms-quiz"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_pipe_closed_before_any_output_ends_the_command_quietly(name: str, how: str, tmp_path: Path) -> None:
    proc = start([*entry(how), *COMMANDS[name]], tmp_path)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the command has started up, so its first write meets a closed pipe
    status, err = finish(proc)
    assert status == -signal.SIGPIPE, err  # what a shell shows as 141 = 128 + SIGPIPE
    assert err == ""


def test_head_1_on_a_long_check_report(make_deck, tmp_path: Path) -> None:
    # Thousands of warnings, hundreds of KB: more than a pipe holds, so the command is still writing when the reader leaves.
    make_deck({"q.yaml": "".join(edit(Q, "id: opsoclonus-directions", f"id: copy-{i}") for i in range(1000))})
    proc = start([sys.executable, "-m", "quiz", "check", "deck"], tmp_path)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    status, err = finish(proc)
    assert first.startswith(b"deck") and b": warning: " in first
    assert status == -signal.SIGPIPE, err
    assert err == ""


def test_a_reader_that_reads_everything_still_gets_the_whole_report_and_status(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": "".join(edit(Q, "id: opsoclonus-directions", f"id: copy-{i}") for i in range(1000))})
    proc = start([sys.executable, "-m", "quiz", "check", "deck"], tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    lines = out.decode("utf-8").splitlines()
    assert sum(1 for line in lines if ": warning: question 'copy-" in line and "nearly identical" in line) == 999
    assert lines[-1] == f"oms-quiz check: 0 errors, {len(lines) - 1} warnings (1 deck, 1000 valid questions)"


def _ignored_signals(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("SigIgn:"):
            return int(line.split()[1], 16)
    raise AssertionError(f"no SigIgn line in /proc/{pid}/status")


@linux_only("reads the running app's ignored signals from /proc/PID/status")
def test_the_tui_keeps_sigpipe_ignored(tmp_path: Path) -> None:
    """Playing, a pipe that closes early (a clipboard tool, say) must be an error the app handles, never its death."""
    from .terminal import Terminal

    terminal = Terminal(["--scores", str(tmp_path / "scores.json"), "--seed", "1", "--count", "2"], tmp_path)
    try:
        terminal.wait_for_text("palette")  # the start screen is up
        assert _ignored_signals(terminal.proc.pid) & (1 << (signal.SIGPIPE - 1))
    finally:
        terminal.close()


@linux_only("reads the command's ignored signals from /proc/PID/status")
def test_a_command_whose_stdout_is_a_pipe_takes_sigpipe_by_default(tmp_path: Path) -> None:
    """The other side of the test above, so that it can fail: the same probe sees the change in a command."""
    probe = "import quiz, sys, time; sys.argv = ['oms-quiz', '--version']; quiz.main(); sys.stdout.flush(); time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", probe], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == f"oms-quiz {__version__}\n".encode()  # main() has run
        assert not _ignored_signals(proc.pid) & (1 << (signal.SIGPIPE - 1))
    finally:
        proc.kill()
        proc.wait(10)
