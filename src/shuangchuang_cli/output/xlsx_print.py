"""How a sheet prints: A4 landscape, the header row on every page, the title, the as-of
date and the page count in the margins.

A table prints one page wide, scaled to fit, as long as that leaves it readable. A table
too wide for that (单位考核: six tasks of five columns each) prints on pages side by
side instead, at a readable scale. Each page breaks between groups of columns (never
inside a task's weight, task, actual and points), the leftmost columns (the unit's name)
are repeated on each page, and a row's pages come one after another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from shuangchuang_cli.output.xlsx import xml_safe

SIDE_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 0.5, 0.8, 0.7  # inches
# A4 landscape (11.69 in) less the side margins, in pixels at 96 to the inch.
PRINTABLE_WIDTH = (11.69 - 2 * SIDE_MARGIN) * 96
# Percent. A table that fits one page wide only smaller than this is split across pages:
# at 75 % the body's 11-point text prints at about 8 points, a printed form's small print.
READABLE_SCALE = 75
SMALLEST_SCALE = 10  # Excel's least
# A4 landscape (21 cm) less the top and bottom margins, in cm.
PRINTABLE_HEIGHT = 21.0 - (TOP_MARGIN + BOTTOM_MARGIN) * 2.54
ROW_HEIGHT = 15.0  # points: a row of Calibri 11
CM_PER_POINT = 2.54 / 72
_LAST_ROW = 1_048_575  # a column break runs down the whole sheet (0-based, as Excel writes)


@dataclass(frozen=True)
class Printed:
    """How a workbook's sheets print: the title and a note (the as-of date) in the page
    header, the page count in the footer; each sheet's own name comes from Excel (&A)."""

    title: str
    note: str = ""
    pages: str = "&P / &N"  # the footer, in Excel's codes (第 &P 页 共 &N 页)


@dataclass(frozen=True)
class PagesAcross:
    """A wide table printed on pages side by side: at `scale` percent, a new page at each
    of `breaks` (0-based columns), the `repeated` leftmost columns on every page."""

    scale: int
    breaks: tuple[int, ...]
    repeated: int


def printed_pixels(width: float) -> float:
    """A column's printed width at 100 %, a little over: Excel's width counts the "0" of
    the default font, 7 pixels in Calibri 11; LibreOffice lays Carlito (the same metrics)
    out a little wider, and a column has some pixels of padding besides."""
    return width * 7.5 + 5


def pages_across(
    widths: Sequence[float], repeated: int, groups: Sequence[int], room: float = PRINTABLE_WIDTH
) -> PagesAcross | None:
    """Pages side by side for a table of columns `widths`, or None when it reads well
    enough one page wide (at READABLE_SCALE or more).

    `groups` are the 0-based columns where a group begins: a page breaks only there.
    The `repeated` leftmost columns are on every page. Groups fill a page in turn as long
    as the page would still print at READABLE_SCALE; the widest page then sets one scale
    for all (a group wider than a page alone gets a page of its own, smaller)."""
    pixels = [printed_pixels(w) for w in widths]
    if sum(pixels) * READABLE_SCALE / 100 <= room:
        return None
    lead = sum(pixels[:repeated])
    edges = [repeated, *sorted({g for g in groups if repeated < g < len(widths)}), len(widths)]
    capacity = room * 100 / READABLE_SCALE - lead
    pages: list[tuple[int, float]] = []  # each page's first column and its columns' width
    for start, end in pairwise(edges):
        width = sum(pixels[start:end])
        if pages and pages[-1][1] + width <= capacity:
            pages[-1] = (pages[-1][0], pages[-1][1] + width)
        else:
            pages.append((start, width))
    if len(pages) < 2:
        return None  # nowhere to break: fitted to one page wide, however small
    widest = lead + max(width for _, width in pages)
    scale = max(SMALLEST_SCALE, min(100, int(room * 100 / widest)))
    return PagesAcross(scale, tuple(start for start, _ in pages[1:]), repeated)


def keep_chart_whole(sheet: Any, row: int, height_cm: float) -> None:
    """A page break above `row`, where a chart `height_cm` tall is anchored, when the end
    of a page would otherwise cut through it (the sheet printed one page wide, at the
    scale its columns' widths give): the chart then starts a page of its own."""
    widths = [d.width for d in sheet.column_dimensions.values() if d.width]
    scale = min(1.0, PRINTABLE_WIDTH / max(sum(map(printed_pixels, widths)), 1.0))
    row_cm = ROW_HEIGHT * CM_PER_POINT
    page = PRINTABLE_HEIGHT / scale - row_cm  # the header row repeats on every page
    heights = {n: d.height for n, d in sheet.row_dimensions.items() if d.height}
    top = sum(heights.get(n, ROW_HEIGHT) for n in range(1, row)) * CM_PER_POINT
    if top % page + height_cm + row_cm > page and row > 1:
        sheet.row_breaks.append(Break(id=row - 1))


def _header_text(text: str) -> str:
    # "&" starts a code in Excel's header language: a literal one is written twice.
    return xml_safe(text).replace("&", "&&")


def print_setup(
    sheet: Any, printed: Printed, title_rows: int | None = 1, across: PagesAcross | None = None
) -> None:
    """A4 landscape, one page wide (as many tall as it takes) or on the pages `across`,
    the header rows repeated on every page, the title and note in the page header, page
    numbers in the footer.

    A write-only sheet writes its properties (where fit-to-page lives) with its first
    row, so this comes before any row is appended.
    """
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    if across is None:
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # 0: as many pages tall as the rows need
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        # Excel leaves out manual page breaks when it fits a sheet to pages: a scale then.
        setup.scale = across.scale
        setup.pageOrder = "overThenDown"  # a row's pages one after another
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        if across.repeated:
            sheet.print_title_cols = f"A:{get_column_letter(across.repeated)}"
        for column in across.breaks:
            sheet.col_breaks.append(Break(id=column, max=_LAST_ROW))
    sheet.page_margins = PageMargins(
        left=SIDE_MARGIN, right=SIDE_MARGIN, top=TOP_MARGIN, bottom=BOTTOM_MARGIN, header=0.3
    )
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
