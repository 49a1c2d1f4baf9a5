"""Sheets sent from a reading worker to the command, column by column, cheaply.

Pickling a sheet's rows cell by cell costs as much as parsing it (100,000 x 6 cells: 0.33 s
to dump, 0.2 s to load, against 0.47 s to parse). So a sheet travels as columns, each
in the cheapest form its cells allow: a column of text as one string joined by a
separator the text does not hold (split on arrival), numbers as float64 or int64 bytes,
dates as day numbers, yes/no as bytes; a column mixing kinds as one kind code per cell
with each kind sent so. Cells of any other kind (times, durations) are pickled as they
are. On arrival every cell is the very object the reader gave, in a 2-D grid.

The encoding side runs in the worker with the standard library only (no numpy, so a
worker starts in a few milliseconds); decoding uses numpy, which the command has loaded.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from itertools import chain, compress, repeat, zip_longest
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# Separators tried in turn; one the column's text holds is skipped (counted, never assumed).
_SEPARATORS = ("\x00", "\x1f", "\x01", "\ufdd0", "\U0010fffe")
_KIND = {str: 0, float: 1, int: 2, bool: 3, dt.date: 4, dt.datetime: 5}
_OTHER = 6  # any other kind of cell: sent as the objects themselves
_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
_HEAD = 12  # rows a title and a header take at most (HEADER_SEARCH_ROWS, and one more)

Part = tuple[Any, ...]  # one kind of cells of a column, encoded
# ("1", part): a column of one kind; ("h", head, part): one kind below its first rows;
# ("m", kinds, parts): one kind code per cell, and each kind's cells.
Column = tuple[Any, ...]
EncodedSheet = tuple[str, int, int, list[Column]]  # name, rows, columns, the columns


def _text(cells: Sequence[Any]) -> Part:
    for separator in _SEPARATORS:
        joined = separator.join(cells)
        if joined.count(separator) == len(cells) - 1:
            return ("s", separator, joined)
    return ("p", list(cells))


def _part(kind: type, cells: Sequence[Any]) -> Part:
    """Cells all of one kind, encoded."""
    if kind is str:
        return _text(cells)
    if kind is float:
        return ("f", array("d", cells).tobytes())
    if kind is bool:
        return ("b", bytes(cells))
    if kind is dt.date:
        return ("d", array("q", map(dt.date.toordinal, cells)).tobytes())
    if kind is dt.datetime:
        return ("t", "\x00".join(map(dt.datetime.isoformat, cells)))
    if kind is int:
        try:
            return ("i", array("q", cells).tobytes())
        except OverflowError:
            pass
    return ("p", list(cells))


def _column(cells: Sequence[Any]) -> Column:
    # Text is the usual column: joined in one pass over it (join takes nothing but text,
    # so a column of anything else is known at its first such cell).
    try:
        return ("1", _text(cells))
    except TypeError:
        pass
    # Most other columns are one kind under a title and a header: no code per cell then.
    head, tail = cells[:_HEAD], cells[_HEAD:]
    kinds = set(map(type, tail))
    if len(kinds) == 1:
        kind = kinds.pop()
        if set(map(type, head)) <= {kind}:
            return ("1", _part(kind, cells))
        return ("h", list(head), _part(kind, tail))
    kinds |= set(map(type, head))
    codes = bytes(map(_KIND.get, map(type, cells), repeat(_OTHER)))
    parts: list[tuple[int, Part]] = []
    for kind in kinds:
        code = _KIND.get(kind, _OTHER)
        if code == _OTHER and any(p[0] == _OTHER for p in parts):
            continue  # every other kind travels together, once
        chosen = list(compress(cells, map(code.__eq__, codes)))
        parts.append((code, ("p", chosen) if code == _OTHER else _part(kind, chosen)))
    return ("m", codes, parts)


def columns_of(rows: list[list[Any]]) -> tuple[int, int, list[Sequence[Any]]]:
    """A sheet's height, width and columns (ragged rows padded with "")."""
    lengths = set(map(len, rows))
    width = max(lengths, default=0)
    if len(lengths) == 1:
        # One flat list, sliced: a third of what zip(*rows) takes for a large sheet.
        flat = list(chain.from_iterable(rows))
        return len(rows), width, [flat[j::width] for j in range(width)]
    return len(rows), width, list(zip_longest(*rows, fillvalue=""))


def encode_column(cells: Sequence[Any]) -> Column:
    return _column(cells)


def encode_sheet(name: str, rows: list[list[Any]]) -> EncodedSheet:
    """A sheet's rows as columns, for the trip to the command."""
    height, width, columns = columns_of(rows)
    return (name, height, width, [_column(cells) for cells in columns])


def _decoded(part: Part) -> Any:
    """The cells of one part: a list or a 1-D object array."""
    import numpy as np

    kind = part[0]
    if kind == "s":
        return part[2].split(part[1])
    if kind == "f":
        return np.frombuffer(part[1], dtype=np.float64).astype(object)
    if kind == "i":
        return np.frombuffer(part[1], dtype=np.int64).astype(object)
    if kind == "b":
        return np.frombuffer(part[1], dtype=np.bool_).astype(object)
    if kind == "d":
        days = np.frombuffer(part[1], dtype=np.int64) - _EPOCH_DAY
        return days.astype("datetime64[D]").astype(object)
    if kind == "t":
        return np.array(part[1].split("\x00"), dtype="datetime64[us]").astype(object)
    cells = np.empty(len(part[1]), dtype=object)
    cells[:] = part[1]  # element by element: a cell that is itself a sequence stays whole
    return cells


def fill_column(grid: np.ndarray, j: int, column: Column) -> None:
    """Column j of a sheet's grid, from its encoding."""
    import numpy as np

    if column[0] == "1":
        grid[:, j] = _decoded(column[1])
    elif column[0] == "h":
        head = len(column[1])
        for i, cell in enumerate(column[1]):
            grid[i, j] = cell
        grid[head:, j] = _decoded(column[2])
    else:
        # Filled as one column, then copied in: half the cost of filling the grid's column
        # through a mask (a region's thousands of short columns add it up).
        codes = np.frombuffer(column[1], dtype=np.uint8)
        cells = np.empty(len(grid), dtype=object)
        for code, part in column[2]:
            cells[codes == code] = _decoded(part)
        grid[:, j] = cells


def empty_grid(height: int, width: int) -> np.ndarray:
    import numpy as np

    return np.empty((height, width), dtype=object)


def decode_grid(encoded: EncodedSheet) -> np.ndarray:
    """The 2-D object grid of an encoded sheet; grid[0] is the sheet's first row."""
    _, height, width, columns = encoded
    grid = empty_grid(height, width)
    for j, column in enumerate(columns):
        fill_column(grid, j, column)
    return grid
