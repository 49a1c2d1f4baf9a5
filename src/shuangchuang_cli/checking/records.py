"""Which rows under a sheet's header are records.

Not records: rows blank apart from 序号 and values a merged cell spread into them
(templates are often pre-numbered, with 所属单位 merged down over the lot), and totals,
signatures and notes.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from shuangchuang_cli.reading.readers import Merge

# Rows whose first non-blank cell starts so are totals, signatures or notes, not records.
# Compared with all white space removed: clerks space out short words (合 计, 合\u3000计).
FOOTER_PREFIXES = ("合计", "总计", "小计", "填表人", "审核人", "填报说明", "注:", "注：")

_NONE = np.array(None, dtype=object)


def filled(grid: np.ndarray) -> np.ndarray:
    """Cells that are neither empty strings (calamine's blank) nor None."""
    # Truth is one C call per cell; comparing a str with None is a slow rich comparison.
    # Only the falsy cells ("", None, but also 0 and False, which are filled) need a look.
    present: np.ndarray = grid.astype(bool)
    falsy = ~present
    if falsy.any():
        rest = grid[falsy]
        present[falsy] = np.not_equal(rest, "") & np.not_equal(rest, _NONE)
    return present


def spread_cells(merged: Iterable[Merge], start: int, shape: tuple[int, int]) -> np.ndarray | None:
    """The cells of a grid (the sheet from 0-based row `start` on) that a merge above them
    covers: what they show is the merge's top value, spread down by the reader, not
    something typed into that row. None when no merge goes down."""
    spread: np.ndarray | None = None
    for (top, left), (bottom, right) in set(merged):
        first, last = max(top + 1 - start, 0), min(bottom + 1 - start, shape[0])
        if last <= first or left >= shape[1]:
            continue
        if spread is None:
            spread = np.zeros(shape, dtype=bool)
        spread[first:last, left : right + 1] = True
    return spread


def record_mask(
    grid: np.ndarray, row_number_cols: list[int], spread: np.ndarray | None = None
) -> np.ndarray:
    """True for rows that are records: not blank apart from 序号 and values spread down
    from a merge, not a total or footer."""
    present = filled(grid)
    content = present.copy() if spread is None else present & ~spread
    content[:, row_number_cols] = False
    first = grid[np.arange(len(grid)), present.argmax(axis=1)]
    # Only a row whose first cell is text can be a total or a footer; most rows start
    # with a 序号 number or a name, so only the text ones are looked at.
    texts = np.flatnonzero([type(v) is str for v in first])
    footer = np.zeros(len(first), dtype=bool)
    footer[texts] = ["".join(first[i].split()).startswith(FOOTER_PREFIXES) for i in texts]
    keep: np.ndarray = content.any(axis=1) & ~footer
    return keep
