"""openpyxl helpers shared by the template, the export and marked copies: cells, widths.

Two traps drive this module: openpyxl turns any str starting with "=" into a formula,
and refuses (or writes into an XML no reader opens) the characters XML forbids, which
.xls strings and undecodable file names carry. Text is written as text, and forbidden
characters are shown as escapes, never dropped. Saving lives in files.py.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output.files import check_output, save_atomic
from shuangchuang_cli.output.tables import FORMULA_STARTS

__all__ = ["check_output", "save_atomic"]  # kept here for callers that import them so


def font(*, bold: bool = False, size: float = 11, color: str | None = None) -> Font:
    """A cell font of the workbook's own face (openpyxl's default, Calibri 11).

    A font written without a name is drawn in whatever the reader falls back on:
    LibreOffice and WPS print such bold headers in a serif face beside the body's.
    """
    return Font(name="Calibri", bold=bold, size=size, color=color)


HEADER_FONT = font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left")
# Excel's widths are in widths of "0"; a CJK character takes about two of them.
MIN_WIDTH = 6.0
MAX_WIDTH = 60.0


# What XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; the two
# non-characters; lone surrogates (undecodable bytes of a file name, held by Python so).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def readable_part(part: str) -> str:
    """A file name part holding undecodable bytes, read as GB18030 (a zip made on Chinese
    Windows), as reading/discover.py shows it; bytes still undecodable stay escaped."""
    if not _SURROGATE.search(part):
        return part
    try:
        return os.fsencode(part).decode("gb18030", "surrogateescape")
    except UnicodeError:
        return part


def xml_safe(text: str) -> str:
    """Text a workbook can hold and any reader opens: forbidden characters (\\x01, NUL)
    shown as escapes, as the terminal shows them; GBK bytes of file names decoded."""
    if not _XML_FORBIDDEN.search(text):
        return text
    if _SURROGATE.search(text):
        text = "/".join(readable_part(part) for part in text.split("/"))
    return _XML_FORBIDDEN.sub(_escape, text)


def display_width(value: object) -> int:
    """Columns a value takes on screen: wide (CJK, full-width) characters count two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_width(values: list[object], floor: float = MIN_WIDTH) -> float:
    """A column width that shows the widest value without wasting the screen."""
    widest = max((display_width(v) for v in values), default=0)
    return min(max(widest + 2.0, floor), MAX_WIDTH)


def text_cell(sheet: Any, value: str, **style: Any) -> WriteOnlyCell:
    """A write-only cell that stays text whatever it starts with.

    data_type "s" is set after the value, because assigning a str starting with "="
    makes openpyxl write a formula. Text that looks like a formula also gets Excel's
    quote prefix, so re-entering the cell in Excel keeps it text.
    """
    value = xml_safe(value)
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def styled_cell(sheet: Any, value: object, **style: Any) -> WriteOnlyCell:
    """Any value as a write-only cell; strings always go through text_cell."""
    if isinstance(value, str):
        return text_cell(sheet, value, **style)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, float) and not _round_trips(value):
        # openpyxl writes numbers with 16 significant digits ("%.16g"), one short of
        # what some floats need to read back unchanged; the cell would then differ from
        # the JSON of the same report. The shortest exact form is written as it is.
        cell._value = repr(value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _round_trips(value: float) -> bool:
    return math.isnan(value) or math.isinf(value) or float(f"{value:.16g}") == value


def header_cells(sheet: Any, headers: list[str]) -> list[WriteOnlyCell]:
    return [
        text_cell(sheet, h, font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGN)
        for h in headers
    ]


@dataclass(frozen=True)
class Col:
    """One column of a written table: its header, a fixed width or None to fit, a format."""

    header: str
    width: float | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Styled:
    """A value with its own look, for the cells that differ from their column."""

    value: object
    number_format: str | None = None
    fill: PatternFill | None = None
    font: Font | None = None
    alignment: Alignment | None = None


@dataclass(frozen=True)
class Printed:
    """How a workbook's sheets print: the title and a note (the as-of date) in the page
    header, the page count in the footer; each sheet's own name comes from Excel (&A)."""

    title: str
    note: str = ""
    pages: str = "&P / &N"  # the footer, in Excel's codes (第 &P 页 共 &N 页)


def _header_text(text: str) -> str:
    # "&" starts a code in Excel's header language: a literal one is written twice.
    return xml_safe(text).replace("&", "&&")


def print_setup(sheet: Any, printed: Printed, title_rows: int | None = 1) -> None:
    """A4 landscape, one page wide (as many tall as it takes), the header rows repeated on
    every page, the title and note in the page header, page numbers in the footer.

    A write-only sheet writes its properties (where fit-to-page lives) with its first
    row, so this comes before any row is appended.
    """
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages tall as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.8, bottom=0.7, header=0.3)
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = f"{title_rows}:{title_rows}"
    for header, footer in (
        (sheet.oddHeader, sheet.oddFooter),
        (sheet.evenHeader, sheet.evenFooter),
    ):
        header.left.text = _header_text(printed.title)
        header.center.text = "&A"
        header.right.text = _header_text(printed.note)
        footer.center.text = printed.pages
        for part in (header.left, header.center, header.right, footer.center):
            part.size = 9


_FIT_SAMPLE = 500  # rows looked at to size a column: enough to see the typical width
MAX_DATA_ROWS = 1_048_575  # Excel's last row, less the header


def _plain(value: object) -> object:
    """What openpyxl can store: no NaT/NaN, no pandas scalars, no control characters."""
    if type(value) is str:  # most cells of a long sheet: the short way (as below)
        return xml_safe(value)
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        # openpyxl refuses control characters (a stray \x07 pasted from a web page).
        return xml_safe(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# Values a column's own formatted cell may take (a float that needs its repr does not).
_REUSABLE = frozenset({dt.date, dt.datetime, int, pd.Timestamp})


def _cell(sheet: Any, value: object, number_format: str | None, reused: Any = None) -> object:
    """A value as the sheet takes it; `reused` is the column's own cell of its number
    format, given its value anew for each row (a write-only sheet writes a row's cells
    as it is appended, so one cell serves the whole column: a region's 300,000 dates
    each made a styled cell of their own)."""
    if isinstance(value, Styled):
        style = {
            k: v
            for k, v in (
                ("number_format", value.number_format or number_format),
                ("fill", value.fill),
                ("font", value.font),
                ("alignment", value.alignment),
            )
            if v is not None
        }
        return styled_cell(sheet, _plain(value.value), **style)
    plain = _plain(value)
    if isinstance(plain, str):
        # Only "=" makes openpyxl write a formula; "+", "-" and "@" still get the quote
        # prefix so Excel keeps them text when the cell is edited.
        return text_cell(sheet, plain) if plain.startswith(FORMULA_STARTS) else plain
    if number_format is not None and plain is not None:
        if reused is not None and type(plain) in _REUSABLE:
            reused.value = plain
            if reused.number_format != number_format:  # openpyxl gives a date its own
                reused.number_format = number_format
            return reused
        return styled_cell(sheet, plain, number_format=number_format)
    if isinstance(plain, float) and not _round_trips(plain):
        return styled_cell(sheet, plain)
    return plain


def table_cell(sheet: Any, value: object, number_format: str | None = None) -> object:
    """A value as add_table writes it (Styled or plain), for sheets laid out by hand."""
    return _cell(sheet, value, number_format)


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
    book: Workbook,
    title: str,
    columns: Sequence[Col],
    rows: Sequence[Sequence[object]],
    printed: Printed | None = None,
    lead: Sequence[Sequence[object]] = (),
    lang: Lang = "zh",
    keep_columns: int = 0,
) -> Any:
    """A write-only sheet holding one table: header row frozen, filter on, widths fitted.

    `keep_columns` leftmost columns are frozen too, so a wide table scrolled right still
    shows which row is which (the unit, the carrier).

    `lead` rows (a title, the as-of date) come above the header on the first sheet;
    `printed` sets the sheet up for printing (print_setup), the header row repeated.
    A table longer than a sheet can hold continues on sheets named "title（续2）", ...
    (sheet.continued: a region's three years of records can pass Excel's 1,048,576
    rows). Returns the first sheet."""
    widths, lines = _fitted(columns, rows)
    limit = MAX_DATA_ROWS
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
            print_setup(sheet, printed, header)
        sheet.freeze_panes = f"{get_column_letter(keep_columns + 1)}{header + 1}"
        if lines > 1:
            sheet.row_dimensions[header].height = 15 * min(lines, 6) + 3
        for row in above:
            sheet.append([_cell(sheet, v, None) for v in row])
        sheet.append(header_cells(sheet, [c.header for c in columns]))
        chunk = rows[start : start + limit]
        formats = [c.number_format for c in columns]
        own = [styled_cell(sheet, None, number_format=f) if f else None for f in formats]
        for row in chunk:
            cells = zip(row, formats, own, strict=True)
            sheet.append([_cell(sheet, v, f, r) for v, f, r in cells])
        last = get_column_letter(max(len(columns), 1))
        sheet.auto_filter.ref = f"A{header}:{last}{len(chunk) + header}"
        sheets.append(sheet)
    return sheets[0]
