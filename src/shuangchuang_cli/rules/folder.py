"""Where the bundled rules are: the standard library only, for the reading (prefetch.py
reads the limits before the rules package, and pydantic, are loaded)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_rules_dir() -> Path:
    return Path(str(resources.files("shuangchuang_cli") / "bundled" / "rules"))
