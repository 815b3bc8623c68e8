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
    machine = results["machine"]
    for fact in ("platform", "cpu_model", "cpu_count", "python", "textual", "date"):
        assert fact in machine
    assert results["settings"]["quick"] is True
