"""Run every checker the project keeps, as CI does: ruff (lint and format), mypy --strict, the layer contracts, the tests.

    python scripts/check.py            # everything
    python scripts/check.py --no-tests # the checkers only (what pre-commit and CI's lint step run)

Needs the dev extra: pip install -e '.[dev]'. Exits non-zero when any checker fails, after running them all.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """The tool installed beside this Python (the project's venv), else the one on PATH."""
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"check.py: {name} is not installed; run: pip install -e '.[dev]'")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-tests", action="store_true", help="run the checkers but not the test suite")
    args = parser.parse_args()
    steps = [
        ("ruff check", [tool("ruff"), "check", "."]),
        ("ruff format", [tool("ruff"), "format", "--check", "."]),
        ("mypy --strict", [tool("mypy")]),  # files and strictness from [tool.mypy] in pyproject.toml
        ("layer contracts", [tool("lint-imports")]),
    ]
    if not args.no_tests:
        steps.append(("tests", [sys.executable, "-m", "pytest", "-q"]))
    failed = []
    for name, command in steps:
        print(f"== {name}", flush=True)
        if subprocess.run(command, cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        print(f"check.py: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("check.py: every checker passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
