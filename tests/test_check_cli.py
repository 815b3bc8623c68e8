"""`oms-quiz check` (and `coverage`) as a user runs them: real subprocesses, exact output lines, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUNDLED, REPO, native
from .test_deck import Q2, edit
from .test_deck import Q as DECK_Q

# test_deck's question, with distractors the lint has nothing against: no "only" (an absolute
# word when only distractors have it) and one distractor longer than the answer.
Q = edit(
    edit(
        edit(DECK_Q, "- Horizontal and vertical only", "- Horizontal and vertical"),
        "- Vertical and torsional only",
        "- Vertical and torsional",
    ),
    "- Torsional and diagonal only",
    "- Torsional, diagonal and horizontal",
)


def bank_size() -> int:
    """How many questions the bundled bank has (it changes as questions are added or retired)."""
    from quiz.deck import load_deck

    return len(load_deck(BUNDLED).questions)


PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.+)$")


def run(*args: str, cwd: Path | None = None, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m quiz ARGS` and check what must hold for every run: no traceback, every line well formed."""
    result = subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=None if env is None else {**os.environ, **env},
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    text_format = "--format" not in args and (env or {}).get("GITHUB_ACTIONS") != "true"
    if args and args[0] == "check" and text_format:
        *problems, summary = result.stdout.splitlines()
        assert summary.startswith("oms-quiz check: "), result.stdout
        for line in problems:
            assert PROBLEM_LINE.match(line), line
    return result


def lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stdout.splitlines()


def test_a_clean_deck_passes(make_deck) -> None:
    folder = make_deck({"q.yaml": Q + Q2})
    result = run("check", str(folder))
    assert result.returncode == 0
    assert lines(result) == ["oms-quiz check: no problems (1 deck, 2 valid questions)"]
    assert result.stderr == ""


def test_every_error_is_one_exact_line_then_a_summary(make_deck, tmp_path: Path) -> None:
    make_deck(
        {
            "a.yaml": edit(Q, "topic: clinical-features", "topic: treatment") + edit(Q2, "  distractors:", "  distractor:"),
            "b.yaml": "id: not-a-list\n",
        }
    )
    result = run("check", "deck", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        f"{native('deck/a.yaml')}:2: error: topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)",
        f"{native('deck/a.yaml')}:16: error: question 2: unknown key 'distractor' (did you mean 'distractors'?)",
        f"{native('deck/b.yaml')}:1: error: a question file must be a list of questions (each starting with '- id:'), not a mapping",
        "oms-quiz check: 3 errors, 0 warnings (1 deck, 0 valid questions)",
    ]


def test_warnings_pass_unless_strict(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": edit(Q, "In which directions", "In which directions, not counting torsion,")})
    expected = (
        native("deck/q.yaml")
        + ":1: {}: question 'opsoclonus-directions': negative stem: write 'NOT' in capitals so nobody misreads the question"
    )

    relaxed = run("check", "deck", cwd=tmp_path)
    assert relaxed.returncode == 0
    assert lines(relaxed) == [expected.format("warning"), "oms-quiz check: 0 errors, 1 warning (1 deck, 1 valid question)"]

    strict = run("check", "--strict", "deck", cwd=tmp_path)
    assert strict.returncode == 1
    assert lines(strict) == [expected.format("error"), "oms-quiz check: 1 error, 0 warnings (1 deck, 1 valid question)"]


def test_checking_one_file_reports_only_that_file(make_deck, tmp_path: Path) -> None:
    make_deck({"a.yaml": edit(Q, "topic: clinical-features", "topic: treatment"), "b.yaml": edit(Q2, "  distractors:", "  distractor:")})
    only_b = run("check", native("deck/b.yaml"), cwd=tmp_path)
    assert only_b.returncode == 1
    assert lines(only_b) == [
        f"{native('deck/b.yaml')}:5: error: question 1: unknown key 'distractor' (did you mean 'distractors'?)",
        "oms-quiz check: 1 error, 0 warnings (1 deck, 0 valid questions)",
    ]
    only_a = run("check", "a.yaml", cwd=tmp_path / "deck")
    assert lines(only_a)[0] == "a.yaml:2: error: topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)"
    assert len(lines(only_a)) == 2


def test_checking_a_clean_file_in_a_deck_with_errors_elsewhere_passes(make_deck, tmp_path: Path) -> None:
    make_deck({"a.yaml": Q, "b.yaml": "- broken: [\n"})
    result = run("check", native("deck/a.yaml"), cwd=tmp_path)
    assert result.returncode == 0
    assert lines(result) == ["oms-quiz check: no problems (1 deck, 1 valid question)"]


def test_checking_one_file_still_reports_deck_yaml(make_deck, tmp_path: Path) -> None:
    make_deck({"a.yaml": Q}, deck_yaml="title: Test deck\n")
    result = run("check", native("deck/a.yaml"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{native('deck/deck.yaml')}:1: error: deck.yaml: 'source' is missing" in lines(result)


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    result = run("check", native("no/such/deck"), cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        f"{native('no/such/deck')}:1: error: no such file or folder",
        "oms-quiz check: 1 error, 0 warnings (0 decks, 0 valid questions)",
    ]


def test_a_folder_that_is_not_a_deck(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("check", "empty", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        lines(result)[0]
        == f"{native('empty/deck.yaml')}:1: error: no deck.yaml in empty; a deck folder needs one (title, source, attribution, topics)"
    )


def test_several_paths_are_all_checked(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": Q}, name="good")
    make_deck({"q.yaml": edit(Q, "id: opsoclonus-directions", "id: Bad_Id")}, name="bad")
    result = run("check", "good", "bad", "missing", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        f"{native('bad/q.yaml')}:1: error: id 'Bad_Id' must be a lowercase slug of a-z, 0-9 and -",
        "missing:1: error: no such file or folder",
        "oms-quiz check: 2 errors, 0 warnings (2 decks, 1 valid question)",
    ]


def test_the_bundled_deck_passes_strict_check(tmp_path: Path) -> None:
    result = run("check", "--strict", cwd=tmp_path)  # outside any clone: the decks inside the package
    assert result.returncode == 0, result.stdout
    assert re.fullmatch(r"oms-quiz check: no problems \(1 deck, \d+ valid questions\) in .+ \(the bundled decks\)\n", result.stdout)


def test_this_repository_passes_strict_check_without_a_path() -> None:
    result = run("check", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert re.fullmatch(
        r"oms-quiz check: no problems \(1 deck, \d+ valid questions\) in questions \(this repository's decks\)\n", result.stdout
    )


def clone_with_an_edit(tmp_path: Path) -> Path:
    """A contributor's clone (only its questions/ folder: the code that runs is the installed package) with one question broken."""
    clone = tmp_path / "clone"
    shutil.copytree(BUNDLED, clone / "questions" / "oms")
    (clone / "docs").mkdir()
    causes = clone / "questions" / "oms" / "causes.yaml"
    text = causes.read_text(encoding="utf-8")
    first_topic = text.index("topic: causes")
    causes.write_text(text[:first_topic] + "topic: cause" + text[first_topic + len("topic: causes") :], encoding="utf-8", newline="\n")
    return clone


def topic_line(clone: Path) -> int:
    lines = (clone / "questions" / "oms" / "causes.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index("  topic: cause") + 1


TOPIC_ERROR = "error: topic 'cause' is not one of deck.yaml's topics (names, clinical-features, pathophysiology, causes, diagnosis)"


def test_in_a_clone_check_without_a_path_checks_the_clones_files(tmp_path: Path) -> None:
    clone = clone_with_an_edit(tmp_path)
    line = topic_line(clone)

    at_the_root = run("check", cwd=clone)
    assert at_the_root.returncode == 1
    assert lines(at_the_root) == [
        f"{native('questions/oms/causes.yaml')}:{line}: {TOPIC_ERROR}",
        f"oms-quiz check: 1 error, 0 warnings (1 deck, {bank_size() - 1} valid questions) in questions (this repository's decks)",
    ]

    in_the_deck = run("check", cwd=clone / "questions" / "oms")  # the questions/ folder is found above
    assert lines(in_the_deck)[0] == f"causes.yaml:{line}: {TOPIC_ERROR}"

    elsewhere_in_the_clone = run("check", cwd=clone / "docs")  # outside the current folder: absolute paths
    assert lines(elsewhere_in_the_clone) == [
        f"{clone.resolve() / 'questions' / 'oms' / 'causes.yaml'}:{line}: {TOPIC_ERROR}",
        f"oms-quiz check: 1 error, 0 warnings (1 deck, {bank_size() - 1} valid questions) in {clone.resolve() / 'questions'} (this repository's decks)",
    ]


def test_outside_a_clone_check_without_a_path_checks_the_bundled_decks(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()  # a questions/ folder without decks is not a clone's
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0
    assert lines(result)[-1].endswith("(the bundled decks)")
    assert str(tmp_path) not in result.stdout


def test_in_a_clone_coverage_without_a_path_uses_the_clones_deck(tmp_path: Path) -> None:
    clone = clone_with_an_edit(tmp_path)
    result = run("coverage", cwd=clone)
    assert result.returncode == 0
    assert lines(result)[0] == f"oms-quiz coverage: the deck in {native('questions/oms')} (this repository's decks)"
    assert f"  questions: {bank_size() - 1}" in lines(result)  # the broken question does not count: it is the clone's deck

    bundled = run("coverage", cwd=tmp_path)
    assert re.fullmatch(r"oms-quiz coverage: the deck in .+ \(the bundled decks\)", lines(bundled)[0])
    assert f"  questions: {bank_size()}" in lines(bundled)

    chosen = run("coverage", cwd=clone, env={"OMS_QUIZ_QUESTIONS": str(BUNDLED)})
    assert lines(chosen)[0] == f"oms-quiz coverage: the deck in {BUNDLED} ($OMS_QUIZ_QUESTIONS)"


def test_the_bundled_deck_folder_passes_strict_check_by_path() -> None:
    result = run("check", "--strict", str(BUNDLED))
    assert result.returncode == 0, result.stdout


def test_bundled_coverage_meets_three_but_not_a_hundred() -> None:
    assert run("coverage", "--min", "3").returncode == 0
    too_many = run("coverage", "--min", "100")
    assert too_many.returncode == 1
    assert "quoted by fewer than 100 questions" in too_many.stdout


def test_coverage_prints_the_bank_figures(make_deck, tmp_path: Path) -> None:
    negative = edit(edit(Q2, "id: myoclonus-movements", "id: negative"), "Which movements does", "Which movement does NOT")
    make_deck({"q.yaml": "# kind: recall\n" + Q + "# kind: vignette\n" + Q2 + negative})
    result = run("coverage", "deck", cwd=tmp_path)
    assert result.returncode == 0
    out = lines(result)
    start = out.index("Bank figures")
    assert out[start:] == [
        "Bank figures",
        "  questions: 3",
        "  key is the unique longest choice: 0 (chance 0.8, p = 1.000, lower p = 0.422)",
        "  key is the unique shortest choice: 0 (chance 0.2, p = 1.000, lower p = 0.750)",
        "  near-duplicate pairs: 1 (myoclonus-movements / negative)",
        "  kinds: 1 recall, 1 vignette, 1 unlabelled (33% vignettes)",
        "  negative stems: 1 (negative)",
    ]


def test_bundled_coverage_prints_the_bank_figures() -> None:
    out = run("coverage", "--min", "3").stdout
    assert re.search(
        r"^  key is the unique longest choice: \d+ \(chance \d+\.\d, p = [01]\.\d{3}, lower p = [01]\.\d{3}\)$", out, re.MULTILINE
    ), out
    assert re.search(r"^  kinds: \d+ recall, \d+ definition, \d+ vignette \(\d+% vignettes\)$", out, re.MULTILINE), out
    assert "  near-duplicate pairs: 0\n" in out


def test_control_characters_are_shown_as_symbols_never_as_escapes(make_deck, tmp_path: Path) -> None:
    text = edit(Q, "question: In which", 'question: "\\e[2J\\e[31mIn which\\x07"\n  #')
    text = edit(text, "answer: Horizontal, vertical and diagonal", 'answer: "Horizontal, vertical and diagonal\\e[0m"')
    text = edit(text, "    - Vertical and torsional", '    - "horizontal, vertical and DIAGONAL\\e[0m"')
    make_deck({"q.yaml": text})
    result = subprocess.run([sys.executable, "-m", "quiz", "check", "deck"], cwd=tmp_path, capture_output=True, timeout=60)
    out = result.stdout.decode("utf-8")
    assert result.returncode == 1
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert f"{native('deck/q.yaml')}:3: warning: question contains control characters (U+0007, U+001B); they are shown as symbols" in out
    assert f"{native('deck/q.yaml')}:5: warning: answer contains control characters (U+001B); they are shown as symbols" in out
    assert f"{native('deck/q.yaml')}:8: warning: distractor contains control characters (U+001B); they are shown as symbols" in out
    assert (
        f"{native('deck/q.yaml')}:8: error: distractor 'horizontal, vertical and DIAGONAL\u241b[0m' is the answer; a distractor must be wrong"
        in out
    )


def test_a_line_break_inside_a_quoted_key_stays_on_its_line(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": Q + '  "diff\\nculty": hard\n'})
    result = run("check", "deck", cwd=tmp_path)
    assert (
        lines(result)[0]
        == f"{native('deck/q.yaml')}:12: error: question 1: unknown key 'diff\\nculty'; the keys are id, topic, question, answer, distractors, explanation"
    )


def test_python_tags_are_refused_and_never_run(make_deck, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    make_deck({"q.yaml": f'- !!python/object/apply:os.system ["touch {marker}"]\n'})
    result = run("check", "deck", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result)[0] == (
        f"{native('deck/q.yaml')}:1: error: unsupported YAML tag '!!python/object/apply:os.system'; deck files hold plain text, lists and mappings only"
    )
    assert not marker.exists()


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)

HOSTILE = {
    "alias bomb": (BOMB, 1, "anchors and aliases"),
    "10 MB file": (Q + "# " + "x" * 10_000_000 + "\n", 1, "the limit is 5 MB"),
    "100000 open brackets": ("[" * 100_000, 1, "nest"),
    "100000 nested mappings": ("{a: " * 100_000, 1, "nest"),
    "100000-character answer": (
        edit(Q, "answer: Horizontal, vertical and diagonal", "answer: " + "x" * 100_000),
        4,
        "answer is 100000 characters long",
    ),
    "100000-character explanation": (
        edit(Q, "in the horizontal, vertical, and diagonal directions.", "and so on " * 10_000),
        9,
        "not found word for word",
    ),
    "100000-character key": (Q + "  " + "k" * 100_000 + ": v\n", 12, "YAML syntax error"),
    "empty file": ("", 1, "file is empty"),
    "not UTF-8": (b"- id: caf\xe9\n", 1, "not UTF-8 text: byte 0xe9 at column 10"),
    "a bare string": ("just words\n", 1, "must be a list of questions"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_give_an_error_quickly_never_a_hang_or_traceback(name: str, make_deck, tmp_path: Path) -> None:
    content, line, message = HOSTILE[name]
    make_deck({"q.yaml": content})
    result = run("check", "deck", cwd=tmp_path, timeout=30)
    assert result.returncode == 1
    errors = [m for m in map(PROBLEM_LINE.match, lines(result)[:-1]) if m and m["severity"] == "error"]
    assert any(m["path"] == native("deck/q.yaml") and int(m["line"]) == line and message in m["message"] for m in errors), result.stdout
    assert len(result.stdout) < 5000  # an error about a huge value does not repeat it


def test_many_copies_of_a_question_are_checked_quickly(make_deck, tmp_path: Path) -> None:
    copies = "".join(edit(Q, "id: opsoclonus-directions", f"id: copy-{i}") for i in range(1000))
    make_deck({"q.yaml": copies})
    result = run("check", "deck", cwd=tmp_path, timeout=30)
    assert result.returncode == 0
    # 999 near-identical stems, and the bank-level warning: the key is never the longest choice (chance 250)
    assert lines(result)[-1] == "oms-quiz check: 0 errors, 1000 warnings (1 deck, 1000 valid questions)"
    assert "deck.yaml:1: warning: the answer is the unique longest choice in only 0 of 1000 questions" in lines(result)[0]
    assert (
        lines(result)[1]
        == f"{native('deck/q.yaml')}:12: warning: question 'copy-1': its stem is nearly identical to 'copy-0' ({native('deck/q.yaml')}:1)"
    )


def test_a_file_that_is_not_a_question_file_is_an_error(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": Q})
    result = run("check", native("deck/source.md"), cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        f"{native('deck/source.md')}:1: error: not a deck folder or a question file (*.yaml)",
        "oms-quiz check: 1 error, 0 warnings (0 decks, 0 valid questions)",
    ]


def test_checking_deck_yaml_checks_every_file_of_the_deck(make_deck, tmp_path: Path) -> None:
    make_deck({"a.yaml": Q, "b.yaml": "[]\n"})
    result = run("check", native("deck/deck.yaml"), cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result) == [
        f"{native('deck/b.yaml')}:1: error: the list of questions is empty",
        "oms-quiz check: 1 error, 0 warnings (1 deck, 1 valid question)",
    ]


# --- --format github and --format json ---

# A workflow command as GitHub's runner reads it: ::severity key=value,key=value::message.
ANNOTATION = re.compile(r"^::(?P<severity>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    """GitHub's unescaping of a workflow command's data and properties (the inverse of the toolkit's escaping)."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def annotations(result: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    """Every annotation of a run, parsed as the runner does; every line but the summary must be one."""
    *commands, summary = lines(result)
    assert summary.startswith("oms-quiz check: "), result.stdout
    parsed = []
    for command in commands:
        match = ANNOTATION.match(command)
        assert match, command
        properties = dict(item.split("=", 1) for item in match["properties"].split(","))
        parsed.append(
            {"severity": match["severity"], **{k: unescape(v) for k, v in properties.items()}, "message": unescape(match["message"])}
        )
    return parsed


def test_github_format_puts_each_problem_on_its_line(make_deck, tmp_path: Path) -> None:
    make_deck({"a.yaml": edit(Q, "topic: clinical-features", "topic: treatment") + edit(Q2, "Which movements", "Which movement is not")})
    result = run("check", "--format", "github", "deck", cwd=tmp_path, env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert result.returncode == 1
    assert lines(result) == [
        "::error file=deck/a.yaml,line=2,title=oms-quiz check::topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)",
        "::warning file=deck/a.yaml,line=12,title=oms-quiz check::question 'myoclonus-movements': negative stem: "
        "write 'NOT' in capitals so nobody misreads the question",
        "oms-quiz check: 1 error, 1 warning (1 deck, 1 valid question)",
    ]
    assert annotations(result)[0] == {
        "severity": "error",
        "file": "deck/a.yaml",
        "line": "2",
        "title": "oms-quiz check",
        "message": "topic 'treatment' is not one of deck.yaml's topics (names, clinical-features)",
    }


def test_github_format_is_the_default_under_github_actions(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": edit(Q, "id: opsoclonus-directions", "id: Bad_Id")})
    actions = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)}
    expected = "::error file=deck/q.yaml,line=1,title=oms-quiz check::id 'Bad_Id' must be a lowercase slug of a-z, 0-9 and -"
    assert lines(run("check", "deck", cwd=tmp_path, env=actions))[0] == expected
    assert lines(run("check", "--strict", "deck", cwd=tmp_path, env=actions))[0] == expected
    text = run("check", "--format", "text", "deck", cwd=tmp_path, env=actions)
    assert lines(text)[0] == f"{native('deck/q.yaml')}:1: error: id 'Bad_Id' must be a lowercase slug of a-z, 0-9 and -"
    assert lines(run("check", "deck", cwd=tmp_path, env={"GITHUB_ACTIONS": "false"}))[0] == lines(text)[0]


def test_annotations_escape_what_would_end_a_property_or_start_a_command(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": Q + '  "100%,\\n::warning ::x": hard\n'}, name="a,b%c")
    result = run("check", "--format", "github", "a,b%c", cwd=tmp_path)
    assert result.returncode == 1
    assert lines(result)[0] == (
        f"::error file={native('a,b%c/q.yaml').replace('%', '%25').replace(',', '%2C')},line=12,title=oms-quiz check::"
        "question 1: unknown key '100%25,%0A::warning ::x'; the keys are id, topic, question, answer, distractors, explanation"
    )
    assert len(lines(result)) == 2  # the line break in the key did not make a second command
    parsed = annotations(result)
    assert parsed[0]["file"] == native("a,b%c/q.yaml")
    assert parsed[0]["message"].startswith("question 1: unknown key '100%,\n::warning ::x'")


def test_json_format_is_one_document_with_the_problems_and_the_summary(make_deck, tmp_path: Path) -> None:
    make_deck({"q.yaml": edit(Q, "id: opsoclonus-directions", "id: Bad_Id")})
    result = run("check", "--format", "json", "deck", cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "problems": [
            {
                "path": native("deck/q.yaml"),
                "line": 1,
                "severity": "error",
                "message": "id 'Bad_Id' must be a lowercase slug of a-z, 0-9 and -",
            }
        ],
        "summary": {
            "errors": 1,
            "warnings": 0,
            "decks": 1,
            "valid_questions": 0,
            "checked": None,
            "text": "oms-quiz check: 1 error, 0 warnings (1 deck, 0 valid questions)",
        },
    }
    clean = json.loads(run("check", "--format", "json", cwd=REPO).stdout)
    assert clean["problems"] == []
    assert clean["summary"]["checked"] == {"folder": "questions", "origin": "repository"}


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "oms-quiz check: error: argument --format: invalid choice: 'xml' (choose from" in result.stderr
