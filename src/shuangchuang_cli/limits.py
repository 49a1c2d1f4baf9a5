"""How much a file may take: the reading limits, and the refusal when one is passed.

Plain dataclasses and the standard library only: a command reads its limits and starts
reading before pydantic, the rules and pandas are loaded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Reading limits (rules/values.toml [limits]): past any of them a file is refused whole.

    A plain dataclass, not a rules model, so that reading can start before the rest of the
    rules (and pydantic) are loaded; the rules validate the same fields again.
    """

    max_file_mb: float = 200
    max_inflated_mb: float = 1024
    max_rows: int = 1_000_000
    max_cells: int = 30_000_000  # rows x columns of a sheet's grid (about 1 GB to read)
    max_cell_chars: int = 32767

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{item.name} 应为正数")


def limits_in(folder: Path) -> Limits | None:
    """The [limits] of a rules folder read on their own, or None when they cannot be."""
    try:
        with (folder / "values.toml").open("rb") as fh:
            return Limits(**tomllib.load(fh).get("limits", {}))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError, ValueError):
        return None


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why in the user's words."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def megabytes(size: int, limit_mb: float) -> str:
    """A size over the limit, shown with enough decimals to read as over it (not 200.0 > 200)."""
    mb = size / 1048576
    for digits in range(1, 7):
        shown = f"{mb:.{digits}f}"
        if float(shown) > limit_mb:
            return shown
    return f"{mb:g}"


def count_cells(sheet: str, rows: int, columns: int, limits: Limits, so_far: int = 0) -> int:
    """The cells of a file read so far, this sheet included; past a limit, refuse it."""
    if rows > limits.max_rows:
        raise UnreadableFile("too_many_rows", sheet=sheet, rows=rows, limit=limits.max_rows)
    if rows * columns > limits.max_cells:
        raise UnreadableFile(
            "too_many_cells", sheet=sheet, rows=rows, columns=columns, limit=limits.max_cells
        )
    # Every sheet of a file is held at once: the limit is for all of them together too.
    if so_far + rows * columns > limits.max_cells:
        raise UnreadableFile("too_many_cells_in_file", limit=limits.max_cells)
    return so_far + rows * columns
