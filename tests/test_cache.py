"""The parse cache: a warm load gives exactly what a cold one does, and never stale questions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quiz import cache
from quiz.deck import load_deck
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


def cache_files() -> list[Path]:
    return sorted(Path(os.environ[ENV_CACHE_DIR]).glob("deck-*.json"))


def snapshot(folder: Path) -> tuple[object, ...]:
    deck = load_deck(folder)
    return deck.questions, deck.problems, deck.skipped


def touch_later(path: Path, text: str) -> None:
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_warm_load_equals_cold_load_including_problems_and_skips(make_deck) -> None:  # type: ignore[no-untyped-def]
    folder = make_deck({"good.yaml": GOOD_QUESTION, "bad.yaml": BROKEN})
    cold = snapshot(folder)
    assert cache_files(), "the first load writes the cache"
    warm = snapshot(folder)
    assert warm == cold
    assert cold[2] == {str(folder / "bad.yaml"): 1}


def test_a_warm_load_does_not_parse_yaml(make_deck, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = make_deck()
    load_deck(folder)
    import quiz.deck

    real = quiz.deck._read_yaml

    def only_deck_yaml(path: Path, out: object) -> object:
        if path.name != "deck.yaml":
            pytest.fail(f"parsed {path.name} on a warm load")
        return real(path, out)

    monkeypatch.setattr(quiz.deck, "_read_yaml", only_deck_yaml)
    assert [q.id for q in load_deck(folder).questions] == ["opsoclonus-directions"]


def test_an_edited_question_file_is_parsed_again(make_deck) -> None:  # type: ignore[no-untyped-def]
    folder = make_deck()
    load_deck(folder)
    touch_later(folder / "questions.yaml", GOOD_QUESTION.replace("In which directions", "Along which axes"))
    assert load_deck(folder).questions[0].question.startswith("Along which axes")


def test_an_edited_source_invalidates_cached_explanations(make_deck) -> None:  # type: ignore[no-untyped-def]
    folder = make_deck()
    assert not load_deck(folder).problems
    source = folder / "source.md"
    touch_later(source, source.read_text().replace("Opsoclonus describes", "Opsoclonus means"))
    problems = load_deck(folder).problems
    assert any("not found word for word in the source" in p.message for p in problems)


def test_a_new_app_version_ignores_the_old_cache(make_deck, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = make_deck()
    load_deck(folder)
    monkeypatch.setattr(cache, "__version__", "999")
    import quiz.deck

    calls = []
    real = quiz.deck._read_yaml
    monkeypatch.setattr(quiz.deck, "_read_yaml", lambda *a: calls.append(1) or real(*a))
    load_deck(folder)
    assert calls, "a cache from another version is not trusted"


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[]", b'{"context": 1, "files": []}', b"\xff\xfe"])
def test_a_damaged_cache_file_is_ignored(make_deck, garbage: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = make_deck()
    expected = snapshot(folder)
    for path in cache_files():
        path.write_bytes(garbage)
    assert snapshot(folder) == expected


def test_an_unusable_cache_folder_only_costs_speed(make_deck, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(ENV_CACHE_DIR, str(blocker / "cache"))
    folder = make_deck()
    assert [q.id for q in load_deck(folder).questions] == ["opsoclonus-directions"]
