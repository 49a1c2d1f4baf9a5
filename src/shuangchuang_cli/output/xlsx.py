"""openpyxl helpers shared by the template, the export and marked copies: cells, widths.

Two traps drive this module: openpyxl turns any str starting with "=" into a formula,
and refuses (or writes into an XML no reader opens) the characters XML forbids, which
.xls strings and undecodable file names carry. Text is written as text, and forbidden
characters are shown as escapes, never dropped. Saving lives in files.py.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

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
class Styled:
    """A value with its own look, for the cells that differ from their column."""

    value: object
    number_format: str | None = None
    fill: PatternFill | None = None
    font: Font | None = None
    alignment: Alignment | None = None


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


def make_cell(sheet: Any, value: object, number_format: str | None = None) -> object:
    """A value as a sheet takes it (a Styled one, or one in a column of `number_format`):
    the cell to give openpyxl, or the plain value where openpyxl's own cell is right.
    Tables' rows (xlsx_tables) and sheets laid out by hand are written through this."""
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
        # prefix so Excel keeps them text when the cell is edited. A text that reads as
        # an Excel error ("#N/A", "#REF!") would be written as one: a text cell keeps it.
        return text_cell(sheet, plain) if plain.startswith(TEXT_CELL_STARTS) else plain
    if number_format is not None and plain is not None:
        return styled_cell(sheet, plain, number_format=number_format)
    if isinstance(plain, float) and not _round_trips(plain):
        return styled_cell(sheet, plain)
    return plain


# Texts that need a text cell of their own (see make_cell).
TEXT_CELL_STARTS = (*FORMULA_STARTS, "#")
