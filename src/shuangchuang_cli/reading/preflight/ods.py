"""An ODS unfolded on paper: its repeated rows and cells, and the text they add up to.

ODS repeats a row or a cell with an attribute (number-rows-repeated="30"), and a run of
spaces with one element (<text:s text:c="1000000000"/>): a kilobyte of XML can stand
for gigabytes, and python-calamine writes every one out. Tags and attributes are
matched by the names python-calamine matches (the table: and text: prefixes), with
either quote.
"""

from __future__ import annotations

import re

from shuangchuang_cli.reading.limits import count_cells
from shuangchuang_cli.reading.preflight.budget import (
    GRID_CELL,
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


def check_ods(package: Package, limits: Limits) -> None:
    """Refuse an ODS whose repeated rows and cells unfold past the limits: each sheet's
    area up to its last value, all cells together, what calamine holds while reading
    them, and the text they add up to."""
    data = package.read("content.xml")
    total = chars = held = 0
    sheet, height, width, row, col, row_repeat, written = "", 0, 0, 0, 0, 1, 0
    tags = list(_TAG.finditer(data))
    for n, tag in enumerate(tags):
        kind, attrs = tag[1], tag[2]
        found = _REPEAT.search(attrs)
        repeat = int(found[1]) if found else 1
        if kind == b"table":
            total = count_cells(sheet, height, width, limits, total)
            named = _NAME.search(attrs)
            sheet = (named[1] or named[2]).decode("utf-8", "replace") if named else ""
            height = width = row = 0
        elif kind == b"table-row":
            row_repeat = min(repeat, max(_MAX_ROWS - row, 0))
            row, col = row + row_repeat, 0
        else:
            repeat = min(repeat, max(_MAX_COLUMNS - col, 0))
            col += repeat
            if b"value-type" in attrs or b"table:formula" in attrs:
                # calamine keeps a row's cells up to its last one that holds something,
                # once for the row as written, with a formula text for each.
                held += (col - written) * ODS_CELL
                written = col
                if b"value-type" in attrs:
                    height, width = max(height, row), max(width, col)
                    count_cells(sheet, height, width, limits, total)
                end = tags[n + 1].start() if n + 1 < len(tags) else len(data)
                text = data[tag.end() : end]
                spaces = sum(int(c) for c in _SPACES.findall(text)) if b"text:c" in text else 0
                chars += row_repeat * repeat * (end - tag.end() + spaces)
                # Every value, and every empty cell before it, is held at once: the grids
                # of all sheets read so far, and the rows of the one being read.
                within_memory(held + (total + height * width) * GRID_CELL, limits)
        if kind != b"table-cell" and kind != b"covered-table-cell":
            written = 0
    count_cells(sheet, height, width, limits, total)
    within_inflated(chars, limits)
    within_memory(held + (total + height * width) * GRID_CELL + chars * TEXT_COPIES, limits)
