"""What python-calamine will hold once it has read a file, against the limits.

Worked out from the file's own bytes before it is parsed, so that most crafted files are
refused in a moment. The estimates only ever err low: a file they let through is still
read under the worker's memory and time limits (workers.py), which is what guarantees
that no file can end a run. The costs per cell are what python-calamine 0.9 takes at the
least, measured: 32 bytes for each cell of a sheet's dense grid, 8 more once it is a
Python list, 40 for each cell it gathers before building the grid, 24 for the smallest
Python object a value becomes (a number), 24 for the formula text ODS keeps for each
cell; and every character of text twice, once in Rust and once in Python.
"""

from __future__ import annotations

from shuangchuang_cli.reading.limits import UnreadableFile, megabytes, too_large_once_read
from shuangchuang_cli.rules.limits import Limits

GRID_CELL = 32 + 8  # a cell of the dense grid, and its slot in the Python row
GATHERED_CELL = 40  # a cell with a value, gathered (position and value) before the grid
VALUE_CELL = GATHERED_CELL + GRID_CELL + 24  # and its own Python object, a number at least
TEXT_COPIES = 2  # bytes held for each byte of a cell's text: calamine's, and Python's
ODS_CELL = 32 + 24  # a cell of an ODS row as read, with its formula text
MB = 1024 * 1024


def within_inflated(size: int, limits: Limits) -> None:
    """Refuse a file whose content, once unpacked or unfolded, passes the inflated limit."""
    if size > limits.max_inflated_mb * MB:
        raise UnreadableFile(
            "inflates",
            size_mb=megabytes(size, limits.max_inflated_mb),
            limit=f"{limits.max_inflated_mb:g}",
        )


def within_memory(size: int, limits: Limits) -> None:
    """Refuse a file that would take more memory than a worker may have, once read."""
    if size > limits.max_memory_mb * MB:
        raise too_large_once_read(limits)


def fits(rows: int, columns: int, limits: Limits) -> bool:
    """Whether a sheet of that area is within the row, column and cell limits."""
    return (
        rows <= limits.max_rows
        and columns <= limits.max_columns
        and rows * columns <= limits.max_cells
    )


def column_number(letters: bytes) -> int:
    """A1-style column letters as a number (A = 1), in either case, as calamine reads them."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
