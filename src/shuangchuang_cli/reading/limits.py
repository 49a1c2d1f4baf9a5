"""How much a file may take: the reading limits, and the refusal when one is passed.

Plain dataclasses and the standard library only: a command reads its limits and starts
reading before pydantic, the rules and pandas are loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the rules package loads pydantic: workers.py starts without it
    from shuangchuang_cli.rules.limits import Limits


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why in the user's words."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def too_large_once_read(limits: Limits) -> UnreadableFile:
    """The refusal of a file that takes, or would take, more memory than a worker may have:
    the guard's estimate, a MemoryError, python-calamine's abort or PyO3's panic."""
    return UnreadableFile("too_large_once_read", limit=f"{limits.max_memory_mb:g}")


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
    if columns > limits.max_columns:
        raise UnreadableFile(
            "too_many_columns", sheet=sheet, columns=columns, limit=limits.max_columns
        )
    if rows * columns > limits.max_cells:
        raise UnreadableFile(
            "too_many_cells", sheet=sheet, rows=rows, columns=columns, limit=limits.max_cells
        )
    # Every sheet of a file is held at once: the limit is for all of them together too.
    if so_far + rows * columns > limits.max_cells:
        raise UnreadableFile("too_many_cells_in_file", limit=limits.max_cells)
    return so_far + rows * columns
