"""Small user settings (the theme) in settings.json next to the score file, written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quiz.store import atomic_write


def load_settings(path: Path) -> dict[str, Any]:
    """The saved settings; anything unreadable counts as no settings (they are only preferences)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(path: Path, key: str, value: Any) -> None:
    data = load_settings(path)
    data[key] = value
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
