"""The one writer of submission files: xlsx, legacy xls and CSV, byte for byte reproducible.

A sheet is a `Grid`, its rows exactly as they are written (rows[0] is Excel row 1). The
sample generator dresses its workbooks as a clerk's (bold header, a large title, column
widths); tests/data/make_test_data.py writes them plain. Either way the same content gives
the same bytes: fixed workbook properties, fixed zip timestamps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# A value of the scenario; a grid takes anything openpyxl, xlwt and csv can write.
Cell = str | int | float | bool | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Grid:
    """A sheet as written. `header` is the header row (0-based; None in a sheet of text);
    each row in `lines` is one text merged across the header's width (titles, footers)."""

    name: str
    rows: Sequence[Sequence[object]]
    header: int | None = None
    lines: frozenset[int] = frozenset()

    @property
    def width(self) -> int:
        if self.header is not None:
            return len(self.rows[self.header])
        return max((len(r) for r in self.rows), default=1)


@dataclass(frozen=True)
class Look:
    """Who wrote the workbook and when (fixed, for reproducible bytes), and whether it is
    dressed as a clerk's workbook (bold header, large title, column widths, and in an .xls
    the merged lines too) or left plain, as the files of tests/data are."""

    creator: str
    time: dt.datetime
    styled: bool = True


def _blank(value: object) -> bool:
    return value is None or value == ""


# --- xlsx --------------------------------------------------------------------------------


def write_xlsx(path: Path, grids: Sequence[Grid], look: Look) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = look.creator
    book.properties.created = look.time
    for grid in grids:
        ws = book.create_sheet(grid.name)
        if look.styled and grid.header is None:
            _text_sheet(ws, grid)
        else:
            _data_sheet(ws, grid, look.styled)
    book.save(path)
    _stabilise(path, look.time)


def _text_sheet(ws: Any, grid: Grid) -> None:
    """An instructions sheet: one line of text per row, the first in bold."""
    for r, row in enumerate(grid.rows, start=1):
        ws.cell(r, 1, row[0]).font = Font(bold=True) if r == 1 else Font()
    ws.column_dimensions["A"].width = 100


def _data_sheet(ws: Any, grid: Grid, styled: bool) -> None:
    width = grid.width
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if _blank(value):
                continue
            cell = ws.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text from a submission is text, even "=..."
            if styled and isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if styled and r - 1 == grid.header:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        if r - 1 in grid.lines and width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            if styled and r == 1:
                ws.cell(r, 1).font = Font(bold=True, size=14)
                ws.cell(r, 1).alignment = Alignment(horizontal="center")
    if styled and grid.header is not None:
        header = [str(text) for text in grid.rows[grid.header]]
        for c, text in enumerate(header, start=1):
            longest = max(len(part) for part in text.split("\n"))
            ws.column_dimensions[get_column_letter(c)].width = max(6, min(34, longest * 2 + 2))
        if any("\n" in text for text in header):
            ws.row_dimensions[grid.header + 1].height = 32


def _stabilise(path: Path, time: dt.datetime) -> None:
    """Fixed timestamps inside the package and in its zip entries."""
    with zipfile.ZipFile(path) as zf:
        entries = [(info.filename, zf.read(info.filename)) for info in zf.infolist()]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            info = zipfile.ZipInfo(name, date_time=time.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    path.write_bytes(buffer.getvalue())


# --- xls ---------------------------------------------------------------------------------


def write_xls(path: Path, grids: Sequence[Grid], look: Look) -> None:
    """Legacy Excel 97-2003 (xlwt holds no timestamps: the same content, the same bytes)."""
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    head = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    title = xlwt.easyxf("font: bold on, height 280; align: horiz center")
    for grid in grids:
        ws = book.add_sheet(grid.name)
        for r, row in enumerate(grid.rows):
            if r in grid.lines and look.styled:  # tests/data's .xls files have no merges
                style = title if r == 0 else xlwt.Style.default_style
                ws.write_merge(r, r, 0, grid.width - 1, row[0], style)
                continue
            for c, value in enumerate(row):
                if _blank(value):
                    continue
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif look.styled and r == grid.header:
                    ws.write(r, c, value, head)
                else:
                    ws.write(r, c, value)
        if look.styled and grid.header is not None:
            for c, text in enumerate(grid.rows[grid.header]):
                ws.col(c).width = 256 * max(6, min(34, len(str(text)) * 2 + 2))
    book.save(str(path))


# --- csv ---------------------------------------------------------------------------------


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> None:
    """Lines ended by CRLF, as Excel writes them; `encoding` "utf-8-sig" adds the BOM."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        ["" if v is None else v for v in row] for row in rows
    )
    path.write_bytes(buffer.getvalue().encode(encoding))
