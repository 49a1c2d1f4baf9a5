"""An ODS unfolded on paper: its repeated rows and cells, and the text they add up to.

ODS repeats a row or a cell with an attribute (number-rows-repeated="30"), and a run of
spaces with one element (<text:s text:c="1000000000"/>): a kilobyte of XML can stand
for gigabytes, and python-calamine writes every one out. Tags and attributes are
matched by the names python-calamine matches (the table: and text: prefixes), with
either quote.

Walking the tags costs about three times python-calamine's own parse of the same XML, so
only a content.xml that is walked in a few milliseconds is walked: a crafted file that
unfolds into gigabytes is a few kilobytes. A larger one is left to the worker reading it,
as a large xlsx sheet is (xlsx.py): calamine's own extent of each sheet is checked
against the limits before its cells become Python objects (readers.py), and a file that
unfolds past the worker's memory costs that file (too_large_once_read), not the run.
"""

from __future__ import annotations

import re

from shuangchuang_cli.reading.limits import count_cells
from shuangchuang_cli.reading.preflight.budget import (
    GRID_CELL,
    MB,
    ODS_CELL,
    TEXT_COPIES,
    within_inflated,
    within_memory,
)
from shuangchuang_cli.reading.preflight.xlsx import Package
from shuangchuang_cli.rules.limits import Limits

_TAG = re.compile(rb"<table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_REPEAT = re.compile(rb"table:number-(?:rows|columns)-repeated\s*=\s*[\"']\s*([0-9]+)")
_NAME = re.compile(rb"""table:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SPACES = re.compile(rb"<text:s\b[^>]*?\btext:c\s*=\s*[\"']\s*([0-9]+)")
# calamine's own caps on repeats: rows of a sheet, cells of a row.
_MAX_ROWS, _MAX_COLUMNS = 1_048_576, 16_384
ALWAYS_WALKED = 256 * 1024  # bytes of content.xml: about 5 ms of walking


def check_ods(package: Package, limits: Limits) -> None:
    """Refuse an ODS whose repeated rows and cells unfold past the limits: each sheet's
    area up to its last value, all cells together, what calamine holds while reading
    them, and the text they add up to.

    A walk over every table tag, checked at each value as it comes (the first limit a
    file passes is the one named). The limits are compared in place and called only to
    refuse, and only where the area grew. A content.xml of more than ALWAYS_WALKED bytes
    is not walked (see above)."""
    if package.size("content.xml") <= ALWAYS_WALKED:
        _walk(package.read("content.xml"), limits)


def _walk(data: bytes, limits: Limits) -> None:
    """check_ods's walk over every table tag of content.xml."""
    memory = limits.max_memory_mb * MB
    total = chars = held = 0
    sheet, height, width, row, col, row_repeat, written = "", 0, 0, 0, 0, 1, 0
    counted = (0, 0)  # the area count_cells last passed in this sheet
    # Split at the tags, in C: each tag's kind and attributes, and the XML up to the next.
    parts = _TAG.split(data)
    for kind, attrs, text in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        found = _REPEAT.search(attrs) if b"repeated" in attrs else None
        repeat = int(found[1]) if found else 1
        if kind == b"table-cell" or kind == b"covered-table-cell":
            if repeat > 1 or col >= _MAX_COLUMNS:  # (min and max cost, called per cell)
                repeat = min(repeat, max(_MAX_COLUMNS - col, 0))
            col += repeat
            valued = b"value-type" in attrs
            if valued or b"table:formula" in attrs:
                # calamine keeps a row's cells up to its last one that holds something,
                # once for the row as written, with a formula text for each.
                held += (col - written) * ODS_CELL
                written = col
                if valued:
                    if row > height:
                        height = row
                    if col > width:
                        width = col
                    if (height, width) != counted:
                        count_cells(sheet, height, width, limits, total)
                        counted = (height, width)
                spaces = 0
                if b"text:c" in text:
                    spaces = sum(int(c) for c in _SPACES.findall(text))
                chars += row_repeat * repeat * (len(text) + spaces)
                # Every value, and every empty cell before it, is held at once: the grids
                # of all sheets read so far, and the rows of the one being read.
                if (needed := held + (total + height * width) * GRID_CELL) > memory:
                    within_memory(needed, limits)
            continue
        written = 0
        if kind == b"table":
            total = count_cells(sheet, height, width, limits, total)
            named = _NAME.search(attrs)
            sheet = (named[1] or named[2]).decode("utf-8", "replace") if named else ""
            height = width = row = 0
            counted = (0, 0)
        else:  # a row
            row_repeat = min(repeat, max(_MAX_ROWS - row, 0))
            row, col = row + row_repeat, 0
    count_cells(sheet, height, width, limits, total)
    within_inflated(chars, limits)
    within_memory(held + (total + height * width) * GRID_CELL + chars * TEXT_COPIES, limits)
