"""The parse cache: a warm load gives exactly what a cold one does, and never stale questions."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quiz.deck import cache, load_deck
from quiz.paths import ENV_CACHE_DIR

from .conftest import GOOD_QUESTION

BROKEN = """\
- id: broken
  topic: nosuch
  question: Which?
  answer: A
  distractors: [B, C]
  explanation: Not in the source.
"""


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests load decks they have just written: count every file as settled (see test_a_file_changed_just_now_is_not_cached)."""
    monkeypatch.setattr(cache, "RACY_NS", -60 * 10**9)


def cache_files() -> list[Path]:
    return sorted(Path(os.environ[ENV_CACHE_DIR]).glob("deck-*.marshal"))


def snapshot(folder: Path) -> tuple[object, ...]:
    deck = load_deck(folder)
    return deck.questions, deck.problems, deck.skipped


def touch_later(path: Path, text: str) -> None:
    stat = path.stat()
    path.write_text(text, encoding="utf-8", newline="\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_warm_load_equals_cold_load_including_problems_and_skips(make_deck) -> None:
    folder = make_deck({"good.yaml": GOOD_QUESTION, "bad.yaml": BROKEN})
    cold = snapshot(folder)
    assert cache_files(), "the first load writes the cache"
    warm = snapshot(folder)
    assert warm == cold
    assert cold[2] == {str(folder / "bad.yaml"): 1}


def test_a_warm_load_does_not_parse_yaml(make_deck, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_deck()
    load_deck(folder)
    import quiz.deck.parse

    def parse(path: Path, out: object) -> object:
        pytest.fail(f"parsed {path.name} on a warm load")

    monkeypatch.setattr(quiz.deck.parse, "_read_yaml", parse)
    assert [q.id for q in load_deck(folder).questions] == ["opsoclonus-directions"]


def test_an_edited_question_file_is_parsed_again(make_deck) -> None:
    folder = make_deck()
    load_deck(folder)
    touch_later(folder / "questions.yaml", GOOD_QUESTION.replace("In which directions", "Along which axes"))
    assert load_deck(folder).questions[0].question.startswith("Along which axes")


def test_an_edited_source_invalidates_cached_explanations(make_deck) -> None:
    folder = make_deck()
    assert not load_deck(folder).problems
    source = folder / "source.md"
    touch_later(source, source.read_text(encoding="utf-8").replace("Opsoclonus describes", "Opsoclonus means"))
    problems = load_deck(folder).problems
    assert any("not found word for word in the source" in p.message for p in problems)


def test_a_new_app_version_ignores_the_old_cache(make_deck, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_deck()
    load_deck(folder)
    monkeypatch.setattr(cache, "__version__", "999")
    import quiz.deck.parse

    calls = []
    real = quiz.deck.parse._read_yaml
    monkeypatch.setattr(quiz.deck.parse, "_read_yaml", lambda *a: calls.append(1) or real(*a))
    load_deck(folder)
    assert calls, "a cache from another version is not trusted"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not marshal",
        b"\xff\xfe",
        marshal.dumps([]),
        marshal.dumps({"context": 1, "files": []}),
        marshal.dumps({"context": None, "meta": {}, "files": {}}),
    ],
)
def test_a_damaged_cache_file_is_ignored(make_deck, garbage: bytes) -> None:
    folder = make_deck()
    expected = snapshot(folder)
    for path in cache_files():
        path.write_bytes(garbage)
    assert snapshot(folder) == expected


def test_an_unusable_cache_folder_only_costs_speed(make_deck, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(ENV_CACHE_DIR, str(blocker / "cache"))
    folder = make_deck()
    assert [q.id for q in load_deck(folder).questions] == ["opsoclonus-directions"]


def test_a_file_changed_just_now_is_not_cached(make_deck, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its time stamps could hide a second edit within the same clock tick, so it is parsed again next time."""
    monkeypatch.setattr(cache, "RACY_NS", 2 * 10**9)
    folder = make_deck()
    load_deck(folder)
    import quiz.deck.parse

    calls = []
    real = quiz.deck.parse._read_yaml
    monkeypatch.setattr(quiz.deck.parse, "_read_yaml", lambda *a: calls.append(a[0].name) or real(*a))
    load_deck(folder)
    assert "questions.yaml" in calls


def test_an_edited_deck_yaml_is_parsed_again(make_deck) -> None:
    folder = make_deck()
    assert load_deck(folder).title == "Test deck"
    deck_yaml = folder / "deck.yaml"
    touch_later(deck_yaml, deck_yaml.read_text(encoding="utf-8").replace("title: Test deck", "title: Renamed deck"))
    assert load_deck(folder).title == "Renamed deck"


def test_the_same_folder_by_another_path_shares_the_cache_and_keeps_its_own_paths(make_deck, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_deck({"good.yaml": GOOD_QUESTION, "bad.yaml": BROKEN})
    load_deck(folder)
    monkeypatch.chdir(folder.parent)
    other = Path(folder.name)
    warm = load_deck(other)
    assert len(cache_files()) == 1
    assert {q.path for q in warm.questions} == {str(other / "good.yaml")}
    assert {p.path for p in warm.problems} == {str(other / "bad.yaml")}


def test_a_warm_start_never_imports_yaml(make_deck, tmp_path: Path) -> None:
    """In fresh processes, as a user starts the app: the second load reads only the cache."""
    folder = make_deck()
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        import quiz.deck.cache
        quiz.deck.cache.RACY_NS = -60 * 10**9  # the deck was written a moment ago
        from quiz.deck import load_deck
        deck = load_deck(Path({str(folder)!r}))
        print(len(deck.questions), sorted(m for m in sys.modules if m == "yaml" or m == "quiz.deck.parse"))
        """
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() for _ in range(2)]
    assert runs == ["1 ['quiz.deck.parse', 'yaml']", "1 []"]


def test_a_flipped_byte_anywhere_in_the_cache_is_caught_and_the_deck_parsed_again(make_deck) -> None:
    folder = make_deck({"good.yaml": GOOD_QUESTION, "bad.yaml": BROKEN})
    expected = snapshot(folder)
    [path] = cache_files()
    good = path.read_bytes()
    for offset in range(0, len(good), max(1, len(good) // 40)):
        damaged = bytearray(good)
        damaged[offset] ^= 0x20
        path.write_bytes(bytes(damaged))
        assert snapshot(folder) == expected, f"byte {offset}"


def test_a_cache_of_the_right_form_with_wrong_types_is_not_trusted(make_deck) -> None:
    """Problems are sorted: a line that is text instead of a number must not crash the load."""
    import zlib

    folder = make_deck({"good.yaml": GOOD_QUESTION, "bad.yaml": BROKEN})
    expected = snapshot(folder)
    [path] = cache_files()
    data = marshal.loads(path.read_bytes()[4:])
    entry = data["files"]["bad.yaml"]
    entry["problems"] = [[str(line), severity, message] for line, severity, message in entry["problems"]]
    data["meta"]["title"] = 42
    payload = marshal.dumps(data)
    path.write_bytes(zlib.crc32(payload).to_bytes(4, "big") + payload)
    assert snapshot(folder) == expected
    assert load_deck(folder).title == "Test deck"
