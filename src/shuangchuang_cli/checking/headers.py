"""Where a sheet's header is, and which type it is the header of.

The header is the first of the first 10 rows that holds every required column of one
type (SUBMISSIONS.md section 3), a two-row header (a group heading over its columns)
read as one. Below those rows a header is looked for only to say where it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from shuangchuang_cli.normalize import header_text
from shuangchuang_cli.reading.readers import RawSheet
from shuangchuang_cli.rules.sheet_types import ROW_NUMBER, SheetType

HEADER_SEARCH_ROWS = 10


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


def header_at(headers: HeaderRows, i: int, sheet_type: SheetType) -> Header | None:
    """Row `i` as the type's header when it holds every required column, with the row
    below it when that row completes it."""
    need = set(sheet_type.required)
    grouped = _grouped(headers[i], headers.below(i), set(sheet_type.column_names))
    if grouped is not None and need <= set(grouped):
        return Header(i, grouped, depth=2)
    return Header(i, headers[i]) if need <= set(headers[i]) else None


def full_header(headers: HeaderRows, sheet_type: SheetType) -> Header | None:
    """The header in the first of the first ten rows that has one."""
    found = (header_at(headers, i, sheet_type) for i in range(len(headers)))
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
        matches = [t for t in types.values() if header_at(headers, i, t) is not None]
        if len(matches) == 1:
            return matches[0], headers
    if from_csv:
        # Longest names first, so a name that contains another is not mistaken for it.
        for type_name in sorted(types, key=len, reverse=True):
            if type_name in name:
                return types[type_name], headers
    return None, headers


def nearest(
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
    header = full_header(headers, sheet_type)
    return None if header is None else (sheet_type, header)


# How far below the first 10 rows a header is looked for, only to say where it is.
LOW_HEADER_ROWS = 60


def low_header(raw: RawSheet, types: Mapping[str, SheetType]) -> tuple[str, int] | None:
    """A type's whole header below the first 10 rows (instructions typed above it), and
    its Excel row: the sheet is still not read (the contract's header is in the first 10
    rows), but the message says where the header is and what to delete."""
    known = known_columns(types)
    for start in range(HEADER_SEARCH_ROWS, min(len(raw.grid), LOW_HEADER_ROWS), HEADER_SEARCH_ROWS):
        headers = HeaderRows(raw.grid[start : start + HEADER_SEARCH_ROWS + 1].tolist(), known)
        for i in range(len(headers)):
            found = [t for t in types.values() if header_at(headers, i, t) is not None]
            if len(found) == 1:
                return found[0].name, start + i + 1
    return None
