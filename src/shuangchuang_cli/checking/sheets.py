"""Recognise each sheet of a submission and keep its record rows.

Which of the six types a sheet is (by name, header or file name; headers.py), which
rows are records (records.py: not blank apart from 序号, not a total), and the
sheet-level issues: unknown_sheet, no_header, missing_column, unknown_column. The cells
are kept as read; validation.py parses and checks them, all sheets of a type at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from shuangchuang_cli.checking.headers import (
    Header,
    HeaderRows,
    full_header,
    low_header,
    nearest,
    recognise,
)
from shuangchuang_cli.checking.records import (
    filled,
    header_repeats,
    record_mask,
    repeated_header,
    spread_cells,
)
from shuangchuang_cli.i18n import Lang, quoted
from shuangchuang_cli.models import Issue, Param
from shuangchuang_cli.reading.readers import RawSheet
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import ROW_NUMBER, SheetType


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


def _unknown(
    raw: RawSheet, headers: HeaderRows, file: str, types: Mapping[str, SheetType]
) -> Issue:
    """unknown_sheet, naming the type its header nearly is (and what it lacks), or the
    type whose whole header sits below the first 10 rows (and its row), if any."""
    near = nearest(headers, types)
    low = low_header(raw, types) if near is None else None
    said: dict[str, Param] = {"sheet_name": raw.name, "types": tuple(types)}
    if near is not None:
        said |= {"like": near[0], "missing": tuple(quoted(c) for c in near[1])}
    elif low is not None:
        said |= {"like": low[0], "header_row": low[1]}
    key = "unknown_sheet_near" if near else "unknown_sheet_low_header" if low else ""
    return Issue.of("unknown_sheet", file, raw.name, text_key=key, params=said)


def read_sheet(
    raw: RawSheet, file: str, ctx: Context, from_csv: bool = False
) -> tuple[SheetRows | None, list[Issue]]:
    """Recognise a sheet, find its header and keep its record rows (checked later)."""
    types = ctx.rules.sheet_types
    sheet_type, headers = recognise(raw, from_csv, types)
    if sheet_type is None:
        return None, [_unknown(raw, headers, file, types)]
    sheet = sheet_type.name if from_csv else raw.name
    header = full_header(headers, sheet_type)
    if header is None:
        low = low_header(raw, {sheet_type.name: sheet_type})
        if low is not None:
            return None, [
                Issue.of(
                    "no_header",
                    file,
                    sheet,
                    text_key="no_header_low",
                    sheet_type=sheet_type.name,
                    header_row=low[1],
                )
            ]
        return None, _header_problems(headers, sheet_type, file, sheet, ctx)
    records, issues = _sheet_rows(raw, header, sheet_type, file, sheet, ctx)
    if raw.hidden and len(records.rows):
        issues.insert(0, Issue.of("hidden_sheet", file, sheet, records=len(records.rows)))
    return records, issues


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
