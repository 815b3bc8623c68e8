"""The benchmark runs end to end (`--quick`) and writes every figure. Timings are not judged here."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks" / "bench.py"

MEASUREMENTS = (
    "first_screen_s",
    "first_screen_cpu_s",
    "peak_rss_mb",
    "first_screen_empty_cache_s",
    "answer_latency_median_ms",
    "answer_latency_p95_ms",
    "answer_latency_median_160x50_ms",
    "answer_latency_p95_160x50_ms",
    "big_deck_cold_s",
    "big_deck_warm_s",
    "big_deck_parse_s",
    "big_deck_load_s",
    "sessions_50_start_s",
    "sessions_50_cold_start_s",
    "sessions_50_on_disk_ms",
    "sessions_50_on_disk_p95_ms",
    "sessions_200_on_disk_ms",
    "sessions_200_on_disk_p95_ms",
    "record_answer_ms",
    "version_s",
    "check_s",
    "version_textual_modules",
    "check_textual_modules",
    "python_startup_s",
    "textual_import_s",
)
# Figures measured against the bare Textual app (or, for answers, the floor app) carry its value
# too; the paired ones a ratio that is the median of paired launches, one per repeat.
PAIRED = ("first_screen_s", "first_screen_empty_cache_s", "big_deck_warm_s", "sessions_50_start_s", "sessions_50_cold_start_s")
WITH_BARE = (
    *PAIRED,
    "first_screen_cpu_s",
    "peak_rss_mb",
    "answer_latency_median_ms",
    "answer_latency_p95_ms",
    "answer_latency_median_160x50_ms",
    "answer_latency_p95_160x50_ms",
    "big_deck_cold_s",
)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the benchmark needs Linux pseudo-terminals and /proc")
def test_quick_benchmark_writes_every_measurement(tmp_path: Path) -> None:
    pytest.importorskip("pyte", reason="the benchmark needs pyte: pip install '.[bench]'")
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(out), "--tmp-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    results = json.loads(out.read_text(encoding="utf-8"))
    measurements = results["measurements"]
    missing = [key for key in MEASUREMENTS if key not in measurements]
    assert not missing, f"missing measurements: {missing}"
    for key in MEASUREMENTS:
        figure = measurements[key]
        assert is_number(figure["value"]), f"{key}: {figure}"
        assert figure["result"] in {"PASS", "FAIL", "info"}, f"{key}: {figure}"
    for key in WITH_BARE:
        assert is_number(measurements[key]["bare"]), f"{key}: {measurements[key]}"
    for key in PAIRED:
        figure = measurements[key]
        assert figure["paired"] and len(figure["samples"]) == len(figure["bare_samples"]) >= 1, f"{key}: {figure}"
        pairs = [ours / bare for ours, bare in zip(figure["samples"], figure["bare_samples"])]
        assert figure["ratio"] == pytest.approx(statistics.median(pairs))
    # Answer latency: a pair is a floor round and an oms-quiz round, launched one after the other.
    for key in ("answer_latency_median_ms", "answer_latency_median_160x50_ms"):
        figure = measurements[key]
        assert len(figure["pair_ratios"]) == results["settings"]["repeat"], f"{key}: {figure}"
        assert figure["ratio"] == pytest.approx(statistics.median(figure["pair_ratios"]))
    # Answers on disk: mid-round ones only (the round's last answer, which ends it, is not timed),
    # each seen in the journal or the score file.
    seen_in = results["details"]["on_disk_seen_in"]
    for sessions in ("50", "200"):
        figure = measurements[f"sessions_{sessions}_on_disk_ms"]
        assert len(figure["samples"]) == results["settings"]["round_questions"] - 1, f"{sessions}: {figure}"
        assert sum(seen_in[sessions].values()) == len(figure["samples"]), seen_in
    assert "ScoreStore." in measurements["record_answer_ms"]["label"]
    machine = results["machine"]
    for fact in ("platform", "cpu_model", "cpu_count", "python", "textual", "date"):
        assert fact in machine
    assert results["settings"]["quick"] is True


async def test_the_floor_app_shows_and_clears_the_feedback_at_both_sizes() -> None:
    """The floor does on an answer key what oms-quiz's feedback does on screen, and the next key
    takes it away (its list has the focus, and must not swallow Enter or Space)."""
    pytest.importorskip("textual")
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import floor_app
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    from textual.widgets import Static

    assert 400 <= len(floor_app.QUOTE) <= 600
    for size in ((80, 24), (160, 50)):
        app = floor_app.FloorApp()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for number, (answer, right, go_on) in enumerate((("A", False, "enter"), ("3", True, "space"), ("b", False, "enter")), start=1):
                await pilot.press(answer)
                await pilot.pause()
                verdict = str(app.query_one("#verdict", Static).render())
                assert f"(answer {number})" in verdict and ("Correct!" in verdict) == right, verdict
                assert str(app.query_one("#quote", Static).render()) == floor_app.QUOTE
                assert "NORD" in str(app.query_one("#citation", Static).render())
                await pilot.press(go_on)
                await pilot.pause()
                assert str(app.query_one("#quote", Static).render()) == ""
                assert str(app.query_one("#verdict", Static).render()) == floor_app.HINT
