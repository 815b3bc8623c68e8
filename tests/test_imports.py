"""Commands that do not play never import Textual: they must start fast."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import contextlib, io, json, sys
from quiz.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))}))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["check"],
        ["check", "--strict"],
        ["check", "--format", "github"],
        ["coverage"],
        ["schema"],
        ["stats", "--json"],
        ["--count", "0"],
        ["export", "csv"],
        ["export", "anki", "--all", "OUT"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_non_playing_commands_do_not_import_textual(argv: list[str], tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            *(str(tmp_path / "out.apkg") if a == "OUT" else a for a in argv),
            *(["--scores", str(tmp_path / "s.json")] if argv[0] in ("stats", "export") else []),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, 2, None), result.stderr
    assert report["textual"] == []


def test_version_answers_before_the_command_line_loads() -> None:
    probe = "import sys; sys.argv = ['oms-quiz', '--version']; import quiz; quiz.main(); print(sorted(m for m in sys.modules if m.startswith('quiz')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("oms-quiz ")
    assert lines[1] == "['quiz', 'quiz.version']"
