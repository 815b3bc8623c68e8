"""Small user settings (the theme; `confidence`: false to stop asking how sure) in settings.json next to the score file, written atomically as strict JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from quiz.files import atomic_write


def _finite(literal: str) -> float | None:
    value = float(literal)
    return value if math.isfinite(value) else None


def load_settings(path: Path) -> dict[str, Any]:
    """The saved settings; anything unreadable counts as no settings (they are only preferences)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda _: None, parse_float=_finite)
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(path: Path, key: str, value: Any) -> None:
    data = load_settings(path)
    data[key] = value
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
