"""Which rows under a sheet's header are records.

Not records: rows blank apart from 序号 and values a merged cell spread into them
(templates are often pre-numbered, with 所属单位 merged down over the lot), totals,
signatures and notes, and the header repeated further down with its title (续表).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from shuangchuang_cli.i18n import quoted
from shuangchuang_cli.models import Issue
from shuangchuang_cli.normalize import header_text
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


def header_repeats(
    grid: np.ndarray, heads: np.ndarray, required: dict[str, int], spread: np.ndarray | None
) -> list[tuple[int, int | None]]:
    """(row, its title row or None) for each row of `grid` that repeats the header.

    A form printed on several pages repeats its header under a title (续表); read as a
    record, each of its names would be a faulty value. A row repeats the header when each
    required column holds its name, as the header writes it or normalised. Its title is
    the row just above it (blank rows between aside) when that holds one text cell only,
    as the title rows above the first header do.
    """
    if not required or not len(grid):
        return []
    accepted = {
        j: {name} | {header_text(h) for h in heads[:, j] if type(h) is str}
        for name, j in required.items()
    }
    name, first = next(iter(required.items()))
    # A cheap look at one column finds the few candidates (the name inside a cell also
    # finds *企业名称 or 企业名称 with a line break); each is then compared normalised.
    # Most sheets have none: one C-level search of the column's text settles them.
    column = grid[:, first].tolist()
    found: list[tuple[int, int | None]] = []
    if name not in "\x00".join(map(str, column)):
        return found
    candidates = [i for i, c in enumerate(column) if type(c) is str and name in c]
    content = filled(grid) if spread is None else filled(grid) & ~spread
    for i in candidates:
        if all(
            type(grid[i, j]) is str and header_text(grid[i, j]) in names
            for j, names in accepted.items()
        ):
            found.append((i, _title_above(grid, content, i)))
    return found


def _title_above(grid: np.ndarray, content: np.ndarray, row: int) -> int | None:
    above = row - 1
    while above >= 0 and not content[above].any():
        above -= 1
    if above < 0:
        return None
    cells = np.flatnonzero(content[above])
    return above if len(cells) == 1 and type(grid[above, cells[0]]) is str else None


def repeated_header(
    file: str, sheet: str, start: int, at: int, title: int | None, grid: np.ndarray
) -> Issue:
    """The warning for a repeated header at row `at` of a grid that starts at 0-based
    sheet row `start`, naming the title skipped with it."""
    row = start + at + 1
    if title is None:
        return Issue.of("repeated_header", file, sheet, row)
    text = next(c for c in grid[title] if type(c) is str and c.strip())
    return Issue.of(
        "repeated_header",
        file,
        sheet,
        row,
        text_key="repeated_header_title",
        title=quoted(text.strip()),
        title_row=start + title + 1,
    )
