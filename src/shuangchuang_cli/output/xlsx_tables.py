"""A table as a sheet of the export (`add_table`): header, widths, frozen panes, filter,
print setup from openpyxl, and the rows below the header written as the sheet's XML.

openpyxl makes an object of every cell and writes each through lxml: a region's 293,101
rows of 计入明细 took 31 s of a 38 s export. A long table holds few distinct values per
column (a region's indicators, files, units, dates, row numbers), so each distinct value's
cell is made once, by openpyxl itself (its type, its style and that style's id, its number
as openpyxl writes it), and its XML kept as text; a row is then that text with the
coordinates put in. The rows wait in a temporary file until `files.write_workbook` puts
them into their sheet, after the header rows openpyxl wrote.

The rows are the XML openpyxl writes for the same cells, but in UTF-8 where openpyxl
writes a reference for each non-ASCII character (盐 as &#30416;, eight bytes for three):
the tests hold one against the other as canonical XML (tests/test_xlsx_tables.py).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output.files import let_go_sheets, write_workbook
from shuangchuang_cli.output.xlsx import (
    TEXT_CELL_STARTS,
    Styled,
    display_width,
    fit_width,
    header_cells,
    make_cell,
    xml_safe,
)
from shuangchuang_cli.output.xlsx_print import Printed, pages_across, print_setup

# What openpyxl keeps of a text (Excel's limit; check_string cuts the rest).
MAX_TEXT = 32_767
# Values whose cell is made once per distinct value, kept by value alone: the types of a
# long table's columns, none equal to a value of another (True == 1, so bools are not).
# Floats are made each time: 0.0 and -0.0 are one key but two cells.
_KEPT = frozenset({type(None), str, int, dt.date, dt.datetime})
# Cells kept per column at most: a column whose values nearly all differ (names, credit
# codes) would otherwise keep one per row, 586,000 of them for 293,000 rows of two such.
KEEP_AT_MOST = 50_000
KEEP_CHARS = 20_000_000  # and their text at most (long texts near Excel's 32,767 each)
_BATCH = 2_000  # rows made and written to the spool file at a time
_FIT_SAMPLE = 500  # rows looked at to size a column: enough to see the typical width
MAX_DATA_ROWS = 1_048_575  # Excel's last row, less the header


@dataclass(frozen=True)
class Col:
    """One column of a written table: its header, a fixed width or None to fit, a format."""

    header: str
    width: float | None = None
    number_format: str | None = None


def _unstyled(value: object) -> object:
    return value.value if isinstance(value, Styled) else value


def _fitted(columns: Sequence[Col], rows: Sequence[Sequence[object]]) -> tuple[list[float], int]:
    """Each column's width (its own, or fitted to its first rows) and the lines the header
    row takes (long headers wrap inside their column; the row grows to show every line)."""
    sample = rows[:_FIT_SAMPLE]
    widths: list[float] = []
    for j, col in enumerate(columns):
        width = col.width
        if width is None:
            seen = [_unstyled(r[j]) for r in sample]
            width = fit_width([col.header, *seen])
        widths.append(max(width, _longest_word(col.header) + 2.0))
    lines = max(
        (
            -(-display_width(c.header) // max(int(w) - 2, 1))
            for c, w in zip(columns, widths, strict=True)
        ),
        default=1,
    )
    return widths, lines


def _longest_word(header: str) -> int:
    """The widest Latin word of a header: a narrower column would break it mid-word
    (Numera/tor). CJK text wraps between any two characters, so it sets no minimum."""
    words = re.split(r"[\s·]+", header)
    return max((display_width(w) for w in words if w.isascii()), default=0)


def add_table(
    book: TableBook,
    title: str,
    columns: Sequence[Col],
    rows: Sequence[Sequence[object]],
    printed: Printed | None = None,
    lead: Sequence[Sequence[object]] = (),
    lang: Lang = "zh",
    keep_columns: int = 0,
    print_groups: Sequence[int] = (),
) -> Any:
    """A write-only sheet holding one table: header row frozen, filter on, widths fitted.

    `keep_columns` leftmost columns are frozen too, so a wide table scrolled right still
    shows which row is which (the unit, the carrier).

    `lead` rows (a title, the as-of date) come above the header on the first sheet;
    `printed` sets the sheet up for printing (print_setup), the header row repeated.
    A table too wide to read one page wide prints on pages side by side, breaking only
    at `print_groups` (0-based first columns of groups), `keep_columns` on every page.
    A table longer than a sheet can hold continues on sheets named "title（续2）", ...
    (sheet.continued: a region's three years of records can pass Excel's 1,048,576
    rows). Returns the first sheet."""
    widths, lines = _fitted(columns, rows)
    across = pages_across(widths, keep_columns, print_groups) if print_groups else None
    limit = MAX_DATA_ROWS - len(lead)  # the lead rows take the first sheet's rows too
    starts = range(0, len(rows), limit) if rows else range(1)
    sheets = []
    for part, start in enumerate(starts, start=1):
        name = title if part == 1 else text("sheet.continued", lang, title=title, part=part)
        sheet = book.create_sheet(name)
        above = lead if part == 1 else ()
        header = len(above) + 1
        # Write-only sheets take column settings only before the first row.
        for j, width in enumerate(widths):
            sheet.column_dimensions[get_column_letter(j + 1)].width = width
        if printed is not None:
            print_setup(sheet, printed, header, across)
        sheet.freeze_panes = f"{get_column_letter(keep_columns + 1)}{header + 1}"
        if lines > 1:
            sheet.row_dimensions[header].height = 15 * min(lines, 6) + 3
        for row in above:
            sheet.append([make_cell(sheet, v) for v in row])
        sheet.append(header_cells(sheet, [c.header for c in columns]))
        chunk = rows[start : start + limit]
        spooled = TableRows(sheet)
        book.table_rows.append(spooled)
        spooled.write(chunk, [c.number_format for c in columns], header + 1)
        last = get_column_letter(max(len(columns), 1))
        sheet.auto_filter.ref = f"A{header}:{last}{len(chunk) + header}"
        sheets.append(sheet)
    return sheets[0]


class TableBook(Workbook):  # type: ignore[misc]  # openpyxl has no type hints
    """A write-only workbook whose tables' rows wait as XML in temporary files (TableRows)
    until `files.write_workbook` puts them into their sheets."""

    def __init__(self) -> None:
        super().__init__(write_only=True)
        self.table_rows: list[TableRows] = []

    def save(self, filename: str | Path) -> None:
        """Write the workbook, rows and all, to a new file (files.write_workbook)."""
        write_workbook(self, Path(filename), self.rows_by_sheet())

    def rows_by_sheet(self) -> dict[str, IO[bytes]]:
        """Each table's rows by the title of its sheet, read from the start."""
        for rows in self.table_rows:
            rows.file.seek(0)
        return {rows.sheet.title: rows.file for rows in self.table_rows}

    def close_rows(self) -> None:
        for rows in self.table_rows:
            rows.file.close()

    def let_go(self) -> None:
        """The workbook given up half made: its sheets and rows let go at once."""
        let_go_sheets(self)
        self.close_rows()


class TableRows:
    """One sheet's rows below its header, as XML in an unnamed temporary file (in the
    output's working folder while an OutputFile block is open: never the system's)."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        # Closed by TableBook.close_rows once the workbook is written (or given up).
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115

    def write(
        self, rows: Sequence[Sequence[object]], formats: Sequence[str | None], first: int
    ) -> None:
        for chunk in rows_xml(self.sheet, rows, formats, first):
            self.file.write(chunk.encode("utf-8"))


def rows_xml(
    sheet: Any, rows: Sequence[Sequence[object]], formats: Sequence[str | None], first: int
) -> Iterator[str]:
    """`<row>` elements for `rows`, numbered from `first`, some thousands to a string.

    A value's cell is the one `xlsx.make_cell` gives openpyxl for it in a column of that
    number format; the styles it needs are added to the workbook as it is made.
    """
    columns = [_Column(sheet, get_column_letter(j + 1), f) for j, f in enumerate(formats)]
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        values = zip(*batch, strict=True)
        cells = [column.cells(v) for column, v in zip(columns, values, strict=True)]
        lines = []
        for n, row in enumerate(zip(*cells, strict=True), start=first + start):
            r = str(n)
            lines.append(f'<row r="{r}">' + "".join(row).replace(_AT, r) + "</row>")
        yield "".join(lines)


# Where a kept cell's row number goes: a character no cell's XML holds (xml_safe shows
# it as an escape), so that a row is its cells joined and this replaced, in C.
_AT = "\x00"


class _Column:
    """One column's cells by value: each cell's XML, its row number left as _AT; "" for
    a cell not written (no value, no style)."""

    def __init__(self, sheet: Any, letter: str, number_format: str | None) -> None:
        self.sheet = sheet
        self.start = f'<c r="{letter}{_AT}"'
        self.number_format = number_format
        self.kept: dict[object, str] = {None: ""}
        self.kept_chars = 0

    def cells(self, values: tuple[object, ...]) -> list[str]:
        """The cells of `values` (a column of some rows), each distinct value made once."""
        if len(self.kept) > KEEP_AT_MOST or self.kept_chars > KEEP_CHARS:
            # A column of names, nearly all different, or of long texts: start over.
            self.kept = {None: ""}
            self.kept_chars = 0
        if set(map(type, values)) <= _KEPT:
            # No two values of these types are equal (True == 1 is why bools are not):
            # a value alone finds its cell. In the values' order, not a set's: the order
            # their styles join the workbook, and so the ids, are the same on every run.
            for value in dict.fromkeys(values):
                self.cell(value)
            return list(map(self.kept.__getitem__, values))
        return [self.cell(value) for value in values]

    def cell(self, value: object) -> str:
        if value.__class__ not in _KEPT:
            return self._made(value)
        made = self.kept.get(value)
        if made is None:
            made = self.kept[value] = self._made(value)
            self.kept_chars += len(made)
        return made

    def _made(self, value: object) -> str:
        if type(value) is str and not value.startswith(TEXT_CELL_STARTS):
            # Most distinct values of a long table (a region's 134,635 names): plain text,
            # as make_cell would give it (xml_safe leaves the first character's kind).
            return self.start + _text(xml_safe(value)[:MAX_TEXT], "")
        made = make_cell(self.sheet, value, self.number_format)
        if made is None:
            return ""
        if type(made) is str:
            return self.start + _text(made[:MAX_TEXT], "")
        cell = made if isinstance(made, Cell) else WriteOnlyCell(self.sheet, made)
        xml = cell_xml(cell, self.sheet.parent.epoch)
        return "" if xml is None else self.start + xml


_ESCAPED = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def _text(value: str, style: str) -> str:
    """An inline string, as lxml writes it (openpyxl's own form for write-only sheets)."""
    if not value:
        return f'{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    for raw, escaped in _ESCAPED:
        if raw in value:
            value = value.replace(raw, escaped)
    return f'{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def cell_xml(cell: Any, epoch: dt.datetime) -> str | None:
    """An openpyxl cell's XML after its coordinate, as openpyxl's own writer makes it;
    None for a cell it would leave out (no value, no style)."""
    style = f' s="{cell.style_id}"' if cell.has_style else ""
    kind, value = cell.data_type, cell.value
    if kind == "s":
        return _text(value, style)
    if value is None or value == "":
        return f'{style} t="{kind}"></c>' if style else None
    if kind == "d":
        if getattr(value, "tzinfo", None) is not None:  # as openpyxl's own writer refuses
            raise TypeError("Excel does not support timezones in datetimes")
        kind, value = "n", to_excel(value, epoch)
    if kind not in ("n", "b"):
        raise TypeError(f"no cell XML for a {kind!r} cell ({value!r})")
    return f'{style} t="{kind}"><v>{safe_string(value)}</v></c>'
