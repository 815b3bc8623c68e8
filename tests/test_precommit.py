"""The pre-commit hook other repositories of decks use, and this repository's own copy of it."""

from __future__ import annotations

import pytest
import yaml

from .conftest import REPO

clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is in the dev extra")


def test_the_hooks_manifest_is_valid_and_offers_oms_quiz_check() -> None:
    hooks = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    (hook,) = [h for h in hooks if h["id"] == "oms-quiz-check"]
    assert hook["language"] == "python"  # pre-commit pip-installs oms-quiz from the repository
    assert (hook["entry"], hook["args"], hook["pass_filenames"], hook["files"]) == ("oms-quiz check", ["--strict"], False, "^questions/")


def test_this_repositorys_config_is_valid_and_runs_the_same_hook() -> None:
    clientlib.load_config(str(REPO / ".pre-commit-config.yaml"))
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "oms-quiz-check")
    for key in ("name", "entry", "args", "pass_filenames", "files"):
        assert local[key] == published[key], key
