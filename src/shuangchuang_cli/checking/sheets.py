"""Recognise each sheet of a submission and keep its record rows.

Which of the six types a sheet is (by name, header or file name), where its header is,
which rows are records (records.py: not blank apart from 序号, not a total), and the
sheet-level issues: unknown_sheet, no_header, missing_column, unknown_column. The cells
are kept as read; validation.py parses and checks them, all sheets of a type at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import pandas as pd

from shuangchuang_cli.checking.records import (
    filled,
    header_repeats,
    record_mask,
    repeated_header,
    spread_cells,
)
from shuangchuang_cli.i18n import Lang, quoted
from shuangchuang_cli.models import Issue
from shuangchuang_cli.normalize import header_text
from shuangchuang_cli.reading.readers import RawSheet
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import ROW_NUMBER, SheetType

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Context:
    """What a check needs besides the sheet itself."""

    rules: Rules
    lang: Lang
    today: dt.date


@dataclass(frozen=True)
class SheetRows:
    """The record rows of one recognised sheet, cells as read (not yet parsed).

    Parsing and checking happen later, on every sheet of a type at once: a region's
    thousands of small sheets would otherwise pay pandas' fixed cost thousands of times.
    """

    sheet_type: SheetType
    file: str
    sheet: str
    cells: dict[str, np.ndarray]  # canonical column -> raw cells of the kept rows
    rows: np.ndarray  # Excel row numbers of the kept rows
    extra: np.ndarray  # whether a row has content in columns outside the type


class HeaderRows(Sequence[list[str]]):
    """The first rows of a sheet as header cells, normalised only when first looked at.

    The header is usually found in row 1 to 3; the data rows below it in the first ten
    need no normalising (it adds up over a region's thousands of sheets).
    """

    def __init__(self, rows: list[list[object]], known: frozenset[str]) -> None:
        # One row more than is searched: a header in row 10 may go on in row 11.
        self._rows = rows[: HEADER_SEARCH_ROWS + 1]
        self._known = known  # every column name of every sheet type
        self._done: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return min(len(self._rows), HEADER_SEARCH_ROWS)

    @overload
    def __getitem__(self, index: int) -> list[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...
    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._text(index % len(self))

    def below(self, index: int) -> list[str]:
        """The row under row `index` as header cells, if it can be one: text and blanks
        only ([] for a row holding a number or a date, as data rows do)."""
        row = index + 1
        if row >= len(self._rows) or not all(type(c) is str or c is None for c in self._rows[row]):
            return []
        return self._text(row)

    def _text(self, index: int) -> list[str]:
        if index not in self._done:
            # Only text can be a header; numbers and dates in the title area are skipped.
            self._done[index] = [
                _column_name(header_text(c), self._known) if type(c) is str else ""
                for c in self._rows[index]
            ]
        return self._done[index]


# A note in brackets after a column's name: 从业人员数（人）, 入孵日期(格式:2024-03-05).
_NOTE = re.compile(r"\([^()]*\)$")


def _column_name(text: str, known: frozenset[str]) -> str:
    """A header cell as a column name: without a note in brackets after a known name."""
    if text in known or not text.endswith(")"):
        return text
    bare = _NOTE.sub("", text)
    return bare if bare in known else text


def known_columns(types: Mapping[str, SheetType]) -> frozenset[str]:
    return frozenset({name for t in types.values() for name in t.column_names} | {ROW_NUMBER})


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is and what it names in each column."""

    at: int  # 0-based row of the header's first row
    names: list[str]  # normalised header text per column
    depth: int = 1  # 2 when a second row names the columns under a group heading

    @property
    def first_record(self) -> int:
        """The 0-based row right under the header."""
        return self.at + self.depth


def _grouped(header: list[str], below: list[str], known: set[str]) -> list[str] | None:
    """The header completed by the row below it, when that row is a second header row.

    Forms often group columns under one heading (提供的服务) and name them in the row
    below. That row is a second header row when the first names columns of the type too,
    it names a column the first lacks, and each of its other cells is blank or repeats
    the text above it (a heading merged down over both rows).
    """
    if known.isdisjoint(header):
        return None
    names = header + [""] * (len(below) - len(header))
    gained = False
    for j, name in enumerate(below):
        if not name or name == names[j]:
            continue
        if name not in known or name in header:
            return None
        names[j], gained = name, True
    return names if gained else None


def _header_at(headers: HeaderRows, i: int, sheet_type: SheetType) -> Header | None:
    """Row `i` as the type's header when it holds every required column, with the row
    below it when that row completes it."""
    need = set(sheet_type.required)
    grouped = _grouped(headers[i], headers.below(i), set(sheet_type.column_names))
    if grouped is not None and need <= set(grouped):
        return Header(i, grouped, depth=2)
    return Header(i, headers[i]) if need <= set(headers[i]) else None


def _full_header(headers: HeaderRows, sheet_type: SheetType) -> Header | None:
    """The header in the first of the first ten rows that has one."""
    found = (_header_at(headers, i, sheet_type) for i in range(len(headers)))
    return next((h for h in found if h is not None), None)


def recognise(
    raw: RawSheet, from_csv: bool, types: Mapping[str, SheetType]
) -> tuple[SheetType | None, HeaderRows]:
    """The sheet's type: by name (workbooks), else by header row, else by file name (CSV)."""
    headers = HeaderRows(raw.grid[: HEADER_SEARCH_ROWS + 1].tolist(), known_columns(types))
    name = header_text(raw.name)
    if not from_csv and name.endswith(")") and _NOTE.sub("", name) in types:
        name = _NOTE.sub("", name)  # 孵化企业（2024年）
    if not from_csv and name in types:
        return types[name], headers
    for i in range(len(headers)):
        matches = [t for t in types.values() if _header_at(headers, i, t) is not None]
        if len(matches) == 1:
            return matches[0], headers
    if from_csv:
        # Longest names first, so a name that contains another is not mistaken for it.
        for type_name in sorted(types, key=len, reverse=True):
            if type_name in name:
                return types[type_name], headers
    return None, headers


def _nearest(
    headers: HeaderRows, types: Mapping[str, SheetType]
) -> tuple[str, tuple[str, ...]] | None:
    """The type whose header a row of an unrecognised sheet nearly is (most of its required
    columns, not all), and the required columns it lacks: a sheet called Sheet1 that lacks
    认定日期 is a 高新技术企业 sheet with a column missing, not something else."""
    best: tuple[int, str, tuple[str, ...]] | None = None
    for i in range(len(headers)):
        row = set(headers[i])
        for sheet_type in types.values():
            need = sheet_type.required
            has = sum(c in row for c in need)
            if has >= 2 and 2 * has >= len(need) and (best is None or has > best[0]):
                best = (has, sheet_type.name, tuple(c for c in need if c not in row))
    return None if best is None else (best[1], best[2])


def header_of(
    raw: RawSheet, types: Mapping[str, SheetType], from_csv: bool = False
) -> tuple[SheetType, Header] | None:
    """The sheet's type and the header `read_sheet` uses, if it has one."""
    sheet_type, headers = recognise(raw, from_csv, types)
    if sheet_type is None:
        return None
    header = _full_header(headers, sheet_type)
    return None if header is None else (sheet_type, header)


def _unknown(name: str, headers: HeaderRows, file: str, types: Mapping[str, SheetType]) -> Issue:
    """unknown_sheet, naming the type its header nearly is, if any, and what it lacks."""
    near = _nearest(headers, types)
    if near is None:
        return Issue.of("unknown_sheet", file, name, sheet_name=name, types=tuple(types))
    return Issue.of(
        "unknown_sheet",
        file,
        name,
        text_key="unknown_sheet_near",
        sheet_name=name,
        types=tuple(types),
        like=near[0],
        missing=tuple(quoted(c) for c in near[1]),
    )


def read_sheet(
    raw: RawSheet, file: str, ctx: Context, from_csv: bool = False
) -> tuple[SheetRows | None, list[Issue]]:
    """Recognise a sheet, find its header and keep its record rows (checked later)."""
    types = ctx.rules.sheet_types
    sheet_type, headers = recognise(raw, from_csv, types)
    if sheet_type is None:
        return None, [_unknown(raw.name, headers, file, types)]
    sheet = sheet_type.name if from_csv else raw.name
    header = _full_header(headers, sheet_type)
    if header is None:
        return None, _header_problems(headers, sheet_type, file, sheet, ctx)
    return _sheet_rows(raw, header, sheet_type, file, sheet, ctx)


def _header_problems(
    headers: HeaderRows, sheet_type: SheetType, file: str, sheet: str, ctx: Context
) -> list[Issue]:
    known = set(sheet_type.column_names)
    counts = [len(known & set(h)) for h in headers]
    best = max(counts, default=0)
    if best == 0:
        return [
            Issue.of(
                "no_header",
                file,
                sheet,
                sheet_type=sheet_type.name,
                required=tuple(sheet_type.required),
            )
        ]
    at = counts.index(best)
    return [
        Issue.of("missing_column", file, sheet, column=col, header_row=at + 1)
        for col in sheet_type.required
        if col not in headers[at]
    ]


def _columns(
    header: list[str], sheet_type: SheetType, file: str, sheet: str
) -> tuple[dict[str, int], list[int], list[int], list[Issue]]:
    """Where each of the type's columns is, the 序号 columns, the others, and what is
    wrong with the others."""
    issues: list[Issue] = []
    positions: dict[str, int] = {}
    row_number_cols: list[int] = []
    other_cols: list[int] = []
    for j, name in enumerate(header):
        if name in sheet_type.column_names and name not in positions:
            positions[name] = j
        elif name == ROW_NUMBER:
            row_number_cols.append(j)
        else:
            other_cols.append(j)
            if name in positions:  # a column given twice: the first one is read
                again = Issue.of(
                    "unknown_column", file, sheet, text_key="repeated_column", header=name
                )
                issues.append(again)
            elif name:
                issues.append(Issue.of("unknown_column", file, sheet, header=quoted(name)))
    return positions, row_number_cols, other_cols, issues


def _sheet_rows(
    raw: RawSheet,
    found: Header,
    sheet_type: SheetType,
    file: str,
    sheet: str,
    ctx: Context,
) -> tuple[SheetRows, list[Issue]]:
    header = found.names
    positions, row_number_cols, other_cols, issues = _columns(header, sheet_type, file, sheet)
    grid = raw.grid[found.first_record :]
    if grid.shape[1] < len(header):  # a header wider than every data row
        wider = np.empty((len(grid), len(header)), dtype=object)
        wider.fill("")
        wider[:, : grid.shape[1]] = grid
        grid = wider
    spread = spread_cells(raw.merged, found.first_record, grid.shape)
    keep = record_mask(grid, row_number_cols, spread) if len(grid) else np.zeros(0, dtype=bool)
    required = {name: positions[name] for name in sheet_type.required}
    heads = raw.grid[found.at : found.first_record]
    for at, title in header_repeats(grid, heads, required, spread):
        keep[[at] if title is None else [at, title]] = False
        issues.append(repeated_header(file, sheet, found.first_record, at, title, grid))
    kept = grid[keep]
    cells = {name: kept[:, j] for name, j in positions.items()}
    extra_cols = [j for j in other_cols if j < kept.shape[1]] + list(
        range(len(header), kept.shape[1])
    )
    extra = np.zeros(len(kept), dtype=bool)
    if extra_cols:
        extra |= filled(kept[:, extra_cols]).any(axis=1)
    excel_rows = np.flatnonzero(keep) + found.first_record + 1
    return SheetRows(sheet_type, file, sheet, cells, excel_rows, extra), issues


def gather(sheet_type: SheetType, chunks: list[tuple[SheetRows, int | None]]) -> pd.DataFrame:
    """The raw record rows of sheets of one type (with their year folder), in read order."""
    sizes = [len(sheet.rows) for sheet, _ in chunks]

    def joined(parts: list[np.ndarray], dtype: type = object) -> np.ndarray:
        if not parts:
            return np.empty(0, dtype=dtype)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    columns: dict[str, np.ndarray] = {
        "_file": np.repeat(np.array([s.file for s, _ in chunks], dtype=object), sizes),
        "_sheet": np.repeat(np.array([s.sheet for s, _ in chunks], dtype=object), sizes),
        "_year": np.repeat(np.array([y for _, y in chunks], dtype=object), sizes),
        "_row": joined([s.rows for s, _ in chunks], np.int64),
        "_extra": joined([s.extra for s, _ in chunks], bool),
    }
    for name in sheet_type.column_names:
        columns[name] = joined(
            [s.cells.get(name, np.full(len(s.rows), None, dtype=object)) for s, _ in chunks]
        )
    # Cells stay Python objects, as read. (Left to itself, pandas 3 would scan every
    # object column to turn all-text ones into its string dtype, and copy them.)
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=object, copy=False) if values.dtype == object else values
            for name, values in columns.items()
        },
        copy=False,
    )
