"""A sheet of the scenario as it is written: title rows, the header (序号 first when the
sheet is numbered, the contract's columns, then any column the contract does not know),
one row per record, a 合计 row, pre-numbered blank rows, footer lines. Each record learns
the row Excel shows it on, which is the row sc-cli must name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from samplegen.contract import COLUMNS
from samplegen.scenario import FileSpec, Scenario, SheetSpec
from samplegen.writer import Cell, Grid

SEQ = "序号"
READABLE = ("xlsx", "xls", "csv")


@dataclass(frozen=True)
class Record:
    file: FileSpec
    sheet: str  # as sc-cli names it: the sheet's name, for a CSV the type it holds
    row: int  # as Excel shows it, title and header rows counted
    kind: str
    cells: Mapping[str, Cell]  # column: the value as written; blank when absent

    def get(self, column: str) -> Cell:
        return self.cells.get(column)


def columns(sheet: SheetSpec) -> list[str]:
    assert sheet.kind is not None
    known = COLUMNS[sheet.kind]
    extra = [f for f in sheet.fields if f not in known]
    return ([SEQ] if sheet.numbered else []) + list(known) + extra


def sheet_name(file: FileSpec, sheet: SheetSpec) -> str:
    return sheet.kind if file.format == "csv" and sheet.kind else sheet.name


def layout(file: FileSpec, sheet: SheetSpec) -> tuple[Grid, list[Record]]:
    """The rows of one sheet and the records on them."""
    if sheet.kind is None:
        return Grid(sheet.name, [[line] for line in sheet.text]), []
    keys = columns(sheet)
    rows: list[list[Cell]] = [[text] for text in sheet.title]
    rows.append([(sheet.labels or {}).get(k, k) for k in keys])
    records = []
    for n, values in enumerate(sheet.rows, start=1):
        cells = {**(sheet.same or {}), **dict(zip(sheet.fields, values, strict=True))}
        rows.append([n if k == SEQ else cells.get(k) for k in keys])
        records.append(Record(file, sheet_name(file, sheet), len(rows), sheet.kind, cells))
    if sheet.total is not None:
        rows.append(["合计" if k == keys[0] else sheet.total.get(k) for k in keys])
    done = len(sheet.rows)
    rows.extend(
        [done + j if k == SEQ else None for k in keys] for j in range(1, sheet.blank_rows + 1)
    )
    footer = len(rows)
    rows.extend([line] for line in sheet.footer)
    lines = frozenset(range(len(sheet.title))) | frozenset(range(footer, len(rows)))
    return Grid(sheet.name, rows, header=len(sheet.title), lines=lines), records


def read_order(scenario: Scenario, up_to: int = 9999) -> list[FileSpec]:
    """The readable files of the year folders up to `up_to`, in the contract's read order:
    years ascending, then the path within the year folder by code point."""
    chosen = [f for f in scenario.files if f.format in READABLE and f.year <= up_to]
    return sorted(chosen, key=lambda f: (f.year, f.within_year))


def records(scenario: Scenario, up_to: int = 9999) -> Iterator[Record]:
    for file in read_order(scenario, up_to):
        for sheet in file.sheets:
            yield from layout(file, sheet)[1]
