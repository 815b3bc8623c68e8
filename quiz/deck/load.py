"""Loading a deck folder: deck.yaml and the question files, from the parse cache where it can answer, else parsed."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from quiz.deck.cache import DeckCache, disabled
from quiz.deck.read import DECK_FILE, question_files
from quiz.records import Deck, DeckError, DeckMeta, Problem, Question

# Question files are spread over worker processes only from this many bytes:
# below it, starting the processes costs more than the parsing they share.
PARALLEL_MIN_BYTES = 512 * 1024

# A question file parsed: its valid questions, how many it skipped, and its problems.
Parsed = tuple[list[Question], int, list[Problem]]


def load_deck(folder: Path) -> Deck:
    """Load and validate a deck folder.

    Invalid questions are left out and reported in `Deck.problems`; a deck
    whose deck.yaml or source is unusable raises DeckError. What the parse
    cache holds for unchanged files is used as it is; the rest is parsed.
    """
    # Figure: the 10,000-question warm start (benchmarks/); every object built here stays alive.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(folder)
    finally:
        if collecting:
            gc.enable()


def _load(folder: Path) -> Deck:
    if not folder.is_dir():
        raise DeckError([Problem(str(folder), 1, "error", "not a deck folder (no such folder)")])
    files = question_files(folder)
    cache = _open_cache(folder)
    problems: list[Problem] = []
    meta = cache.meta(problems) if cache is not None else None
    fatal = False
    if meta is None:
        from quiz.deck.parse import load_meta

        found = load_meta(folder, problems)
        # An unusable deck.yaml still has its question files checked, so that one run of
        # `check` reports every problem; nothing of it is cached.
        fatal = found is None or found.source is None or found.topics is None or any(p.severity == "error" for p in problems)
        meta = found or DeckMeta()
        if cache is not None and not fatal:
            cache.set_meta(meta, problems)
        elif fatal:
            cache = None
    cached: dict[Path, Parsed] = {}
    for path in files:
        hit = cache.get(path) if cache is not None else None
        if hit is not None:
            cached[path] = hit
    parsed = _parse_files([p for p in files if p not in cached], meta)
    questions: list[Question] = []
    skipped: dict[str, int] = {}
    first_seen: dict[str, Question] = {}
    for path in files:  # merged in file order, however they were parsed
        if path in cached:
            loaded, bad, found_problems = cached[path]
        else:
            loaded, bad, found_problems = parsed[path]
            if cache is not None:
                cache.put(path, loaded, bad, found_problems)
        problems.extend(found_problems)
        for question in loaded:
            earlier = first_seen.get(question.id)
            if earlier is not None:
                problems.append(
                    Problem(
                        question.path,
                        question.line,
                        "error",
                        f"id '{question.id}' is already used at {earlier.path}:{earlier.line}; ids are unique in a deck",
                    )
                )
                bad += 1
                continue
            first_seen[question.id] = question
            questions.append(question)
        if bad:
            skipped[str(path)] = bad
    if cache is not None:
        cache.save(files)
    if not files:
        problems.append(_no_questions(folder))
    if fatal:
        raise DeckError(sorted(problems))
    assert meta.source is not None and meta.topics is not None
    return Deck(
        folder=folder,
        slug=folder.resolve().name,
        title=meta.title,
        attribution=meta.attribution,
        source_name=meta.source_name,
        topics=meta.topics,
        questions=tuple(questions),
        source=meta.source,
        problems=tuple(sorted(problems)),
        skipped=skipped,
    )


def _parse_files(files: list[Path], meta: DeckMeta) -> dict[Path, Parsed]:
    """Parse question files: in worker processes when there are enough bytes to pay for them."""
    if not files:
        return {}
    from quiz.deck.parse import parse_file

    results: dict[Path, Parsed] = {}
    sizes = {path: _size(path) for path in files}
    cpus = _usable_cpus()
    if len(files) >= 2 and cpus > 1 and sum(sizes.values()) >= PARALLEL_MIN_BYTES:
        biggest_first = sorted(files, key=sizes.__getitem__, reverse=True)  # so the work balances
        results = _parse_in_workers(parse_file, biggest_first, meta, min(cpus, len(files)))
    for path in files:  # what no worker parsed
        if path not in results:
            results[path] = parse_file(path, meta)
    return results


def _parse_in_workers(parse: Callable[[Path, DeckMeta], Parsed], files: list[Path], meta: DeckMeta, workers: int) -> dict[Path, Parsed]:
    """What worker processes parsed, by file. Whatever goes wrong here only leaves files out,
    for the caller to parse serially: a pool that cannot start or breaks costs time, and a bug
    in validation, being deterministic, raises again in that serial parse, as without workers."""
    import concurrent.futures
    import multiprocessing
    import threading

    # fork is nearly free, and safe while no other thread can hold a lock; otherwise spawn.
    # (load_deck has paused garbage collection, so forked workers do not walk what they inherit.)
    method = "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"
    results: dict[Path, Parsed] = {}
    pool: concurrent.futures.ProcessPoolExecutor | None = None
    try:
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))
        futures = [(path, pool.submit(parse, path, meta)) for path in files]
        for path, future in futures:
            results[path] = future.result()
    except Exception:  # the pool could not start, broke, or a parse failed: what is left is parsed serially
        pass
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return results


def _usable_cpus() -> int:
    """The CPUs this process may run on: its affinity where the platform has one."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the parse reports why it cannot be read


def _no_questions(folder: Path) -> Problem:
    return Problem(str(folder / DECK_FILE), 1, "error", "the deck has no question files (*.yaml beside deck.yaml)")


def _open_cache(folder: Path) -> DeckCache | None:
    return None if disabled() else DeckCache.for_deck(folder)
