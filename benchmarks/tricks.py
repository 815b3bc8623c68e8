#!/usr/bin/env python3
"""Each performance trick oms-quiz keeps, measured in-process with and without it, in one run.

    python benchmarks/tricks.py            # 7 repeats; medians in milliseconds
    python benchmarks/tricks.py --repeat 3

The tricks and the figure each one targets (see benchmarks/README.md):
- the parse cache            10,000-question deck, a warm load (cache filled) against a load with OMS_QUIZ_NO_CACHE=1
- garbage collection paused   10,000-question deck, a warm load, with and without gc paused during the load
- parsing in worker processes 10,000-question deck, a cold load (empty cache), with and without the workers
- a session's JSON line kept  1,000 sessions, saving one more answer, with and without the kept lines
- the history when needed     1,000 sessions, what Start would ask (all questions), with and without working the history out

Runs in temporary folders only; never touches your oms-quiz data.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import write_score_file, write_synthetic_deck  # noqa: E402


def timed(run: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None) -> float:
    """The median wall time of `run` in ms (each after `before`, untimed)."""
    samples = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="oms-quiz-tricks-"))
    os.environ.update(OMS_QUIZ_DATA_DIR=str(root / "data"), OMS_QUIZ_CACHE_DIR=str(root / "cache"))
    try:
        rows = measure(root, args.repeat)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{'trick':<32} {'figure':<44} {'with':>9} {'without':>9}")
    for trick, figure, with_it, without in rows:
        print(f"{trick:<32} {figure:<44} {with_it:>7.1f}ms {without:>7.1f}ms")
    return 0


def measure(root: Path, repeat: int) -> list[tuple[str, str, float, float]]:
    import quiz.deck.cache
    import quiz.deck.load
    from quiz.deck import load_deck
    from quiz.plan import Plan
    from quiz.scores import session_from_json
    from quiz.session import Session
    from quiz.store import ScoreStore

    deck_dir = root / "deck"
    write_synthetic_deck(deck_dir, 10_000, 8)
    quiz.deck.cache.RACY_NS = -(10**12)  # files written a moment ago may be cached here
    rows = []

    cache = root / "cache"
    warm = timed(lambda: load_deck(deck_dir), repeat, before=lambda: load_deck(deck_dir))
    os.environ["OMS_QUIZ_NO_CACHE"] = "1"
    no_cache = timed(lambda: load_deck(deck_dir), max(3, repeat // 2))
    del os.environ["OMS_QUIZ_NO_CACHE"]
    rows.append(("parse cache (marshal)", "10k deck, load with a filled cache", warm, no_cache))

    real_disable = gc.disable
    gc.disable = lambda: None  # the loader's pause becomes a no-op; collection runs as usual
    try:
        unpaused = timed(lambda: load_deck(deck_dir), repeat)
    finally:
        gc.disable = real_disable
    rows.append(("gc paused while loading", "10k deck, load with a filled cache", warm, unpaused))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    pooled = timed(lambda: load_deck(deck_dir), max(3, repeat // 2), before=cold)
    threshold = quiz.deck.load.PARALLEL_MIN_BYTES
    quiz.deck.load.PARALLEL_MIN_BYTES = 10**15
    try:
        serial = timed(lambda: load_deck(deck_dir), max(3, repeat // 2), before=cold)
    finally:
        quiz.deck.load.PARALLEL_MIN_BYTES = threshold
    rows.append(("parse in worker processes", "10k deck, load with an empty cache", pooled, serial))

    master = root / "master.json"
    write_score_file(master, 1000)
    deck = load_deck(Path(__file__).resolve().parent.parent / "questions" / "oms")

    def saves(keep_lines: bool) -> float:
        path = root / "saves" / "scores.json"
        path.parent.mkdir(exist_ok=True)
        shutil.copy2(master, path)
        store = ScoreStore(path)
        store.load()
        answers: list[dict[str, object]] = []
        samples = []
        for n in range(repeat + 1):
            q = deck.questions[n % len(deck.questions)]
            answers.append({"id": q.id, "choice": q.answer, "correct": True, "seconds": 3.0, "hash": q.content_hash})
            record = session_from_json({"id": "bench", "deck": deck.slug, "started": "2026-01-01T00:00:00+00:00", "answers": list(answers)})
            if not keep_lines:
                store._lines = {}  # as if no line were kept from the save before
            started = time.perf_counter()
            store.save_session(record)
            if n:
                samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    rows.append(("a session's JSON line kept", "1,000 sessions, save one more answer", saves(True), saves(False)))

    store = ScoreStore(master)
    store.load()

    def preview(eager: bool) -> None:
        session = Session(deck, store, plan=Plan())
        if eager:
            _ = session.history
        session.preview()

    rows.append(
        (
            "history worked out when needed",
            "1,000 sessions, what Start would ask",
            timed(lambda: preview(False), repeat),
            timed(lambda: preview(True), repeat),
        )
    )
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
