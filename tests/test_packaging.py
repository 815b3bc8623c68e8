"""What a user gets from a release: the licence and the source notice in the wheel and the sdist, and every file the README links to."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BUNDLED, REPO

PYPROJECT = REPO / "pyproject.toml"
NOTICE = "questions/oms/SOURCE-NOTICE.md"


def project() -> dict[str, Any]:
    text = PYPROJECT.read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10: the few keys these tests need, read by their lines
        found: dict[str, Any] = {}
        for key in ("license", "license-files", "include"):
            m = re.search(rf"^{key} = (.+?)(?:\s+#.*)?$", text, re.M)
            assert m, key
            found[key] = ast.literal_eval(m.group(1))  # a TOML string or array of strings is a Python literal
        return {
            "project": {"license": found["license"], "license-files": found["license-files"]},
            "tool": {"hatch": {"build": {"targets": {"sdist": {"include": found["include"]}}}}},
        }
    return tomllib.loads(text)


def test_pyproject_declares_the_licence_files_and_they_exist() -> None:
    meta = project()["project"]
    assert meta["license"] == "MIT"
    assert meta["license-files"] == ["LICENSE", NOTICE]
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 oms-quiz contributors\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in licence
    assert (REPO / NOTICE).is_file()


def test_the_notice_credits_the_source_as_deck_yaml_does_and_excludes_it_from_the_licence() -> None:
    deck = yaml.safe_load((BUNDLED / "deck.yaml").read_text(encoding="utf-8"))
    notice = " ".join((REPO / NOTICE).read_text(encoding="utf-8").replace("*", "").split())  # Markdown italics aside
    assert deck["source"] == "source.md"
    assert deck["attribution"] in notice
    assert "not covered by oms-quiz's MIT licence" in notice


def test_the_sdist_includes_every_file_the_readme_links_to() -> None:
    include = project()["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = sorted({m for m in re.findall(r"\]\(([^)#\s]+)\)", readme) if "://" not in m})
    assert {"CONTRIBUTING.md", "LICENSE", NOTICE} <= set(links)
    for link in links:
        assert (REPO / link).is_file(), link
        assert any(link == entry or link.startswith(entry + "/") for entry in include), f"{link} is not in the sdist"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist built from the checkout, then the wheel built from that sdist, as `python -m build` does."""
    work = tmp_path_factory.mktemp("build")
    backend = work / "backend"
    requires = re.search(r'^requires = \["([^"]+)"\]', PYPROJECT.read_text(encoding="utf-8"), re.M)
    assert requires
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", str(backend), requires.group(1)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if install.returncode != 0:
        pytest.skip(f"could not install the build backend ({requires.group(1)}): {install.stderr.strip()[-300:]}")
    script = (
        "import os, sys, tarfile; from hatchling.build import build_sdist, build_wheel; out = sys.argv[1]; "
        "sdist = build_sdist(out); tarfile.open(os.path.join(out, sdist)).extractall(out, **({'filter': 'data'} if hasattr(tarfile, 'data_filter') else {})); "
        "os.chdir(os.path.join(out, sdist[: -len('.tar.gz')])); print(sdist); print(build_wheel(out))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(work)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(backend)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    sdist, wheel = done.stdout.split()
    return work / sdist, work / wheel


def test_the_wheel_carries_the_licence_and_the_notice(built: tuple[Path, Path]) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        assert archive.read(f"{info}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
        assert archive.read(f"{info}/licenses/{NOTICE}") == (REPO / NOTICE).read_bytes()
        assert "quiz/questions/oms/SOURCE-NOTICE.md" in names and "quiz/questions/oms/source.md" in names  # beside the text
        metadata = archive.read(f"{info}/METADATA").decode("utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()
    assert {"License-File: LICENSE", f"License-File: {NOTICE}"} <= set(metadata.splitlines())


def test_the_sdist_carries_the_licence_notice_and_contributing(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        top = sdist.name[: -len(".tar.gz")]
        names = set(archive.getnames())
        for name in ("LICENSE", NOTICE, "CONTRIBUTING.md", "README.md", "pyproject.toml"):
            assert f"{top}/{name}" in names, name
        member = archive.extractfile(f"{top}/LICENSE")
        assert member is not None and member.read() == (REPO / "LICENSE").read_bytes()


def test_the_wheel_carries_the_schemas_beside_the_decks_that_name_them(built: tuple[Path, Path]) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        for name in ("question-file.schema.json", "deck.schema.json"):
            assert archive.read(f"quiz/questions/schema/{name}") == (REPO / "questions" / "schema" / name).read_bytes()
        first_line = archive.read("quiz/questions/oms/causes.yaml").decode("utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema/question-file.schema.json"
