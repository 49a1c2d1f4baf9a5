"""How big a workbook will be once read, worked out before python-calamine reads it.

python-calamine holds every sheet as a dense grid and copies every repeated or shared
value into each cell it fills; past memory it aborts the process, with no exception to
catch. So a zip-based workbook is measured first, from its XML, against the limits: the
declared inflated size (zip bombs), each sheet's area, the ODS repeats unfolded, the
shared strings copied into their cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from shuangchuang_cli.reading.limits import UnreadableFile, count_cells, megabytes
from shuangchuang_cli.rules.limits import Limits


def check_package(path: Path, limits: Limits) -> None:
    """Refuse a zip-based workbook that would take more than the limits allow once read."""
    try:
        with zipfile.ZipFile(path) as zf:
            # Declared sizes first: a zip bomb is refused before any member is inflated.
            _within_inflated(sum(info.file_size for info in zf.infolist()), limits)
            if "content.xml" in zf.namelist() and "xl/workbook.xml" not in zf.namelist():
                _check_ods(zf, limits)
            else:
                _check_xlsx(zf, limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise UnreadableFile("corrupt", detail=str(exc)[:200]) from None


def _within_inflated(size: int, limits: Limits) -> None:
    """Refuse a file whose content, once unpacked or unfolded, passes the inflated limit."""
    if size > limits.max_inflated_mb * 1024 * 1024:
        raise UnreadableFile(
            "inflates",
            size_mb=megabytes(size, limits.max_inflated_mb),
            limit=f"{limits.max_inflated_mb:g}",
        )


# python-calamine holds a sheet as a dense grid from A1 to its last value, and a grid
# beyond memory aborts the whole process (no exception to catch). So every worksheet of
# an xlsx is measured before calamine reads it. A small sheet, where that costs nothing,
# by the cells that hold a value; a larger one by the <dimension> that Excel, WPS and
# LibreOffice write first thing in a sheet, and by its cells only when there is none or
# it says more than the limits allow (reading every cell of every large sheet would cost
# as much as a third of the parse).
_SHEET_PEEK = 16384
_ALWAYS_MEASURED = 16 * 1024  # bytes of sheet XML; a crafted sheet of a few kilobytes
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']"
    rb"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"
)
# A cell with a value and a reference: not self-closing (<c r="A1" s="2"/> is a format).
_VALUE_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\br\s*=\s*[\"']([A-Z]{1,3})([0-9]{1,7})[\"'][^>]*(?<!/)>"
)
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_REFERENCED_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br\s*=")
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br\s*=\s*[\"']([0-9]{1,7})")
_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\bid="([^"]*)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _extent(zf: zipfile.ZipFile, member: str, limits: Limits) -> tuple[int, int]:
    """(rows, columns) from A1 to a worksheet's last value, as calamine will hold it."""
    with zf.open(member) as fh:
        if zf.getinfo(member).file_size <= _ALWAYS_MEASURED:
            return _measured(fh.read())
        head = fh.read(1024)  # <dimension> comes after a few hundred bytes at most
        found = _DIMENSION.search(head)
        if found is None:
            head += fh.read(_SHEET_PEEK)
            found = _DIMENSION.search(head)
        if found is not None:
            last = (found[3], found[4]) if found[3] else (found[1], found[2])
            rows, columns = int(last[1]), _column_number(last[0])
            if rows <= limits.max_rows and rows * columns <= limits.max_cells:
                return rows, columns
        data = head + fh.read()
    return _measured(data)


def _measured(data: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the last value, cell by cell."""
    refs = _VALUE_CELL.findall(data)
    rows = max((int(row) for _, row in refs), default=0)
    columns = max((_column_number(letters) for letters, _ in refs), default=0)
    if len(_ANY_CELL.findall(data)) > len(_REFERENCED_CELL.findall(data)):
        # A cell without a reference sits right after the one before it, a row without
        # one right under the one before: bound them by counting.
        numbered = [int(n) for n in _ROW_NUMBER.findall(data)]
        rows = max(rows, *numbered, 0) + len(_ROW.findall(data)) - len(numbered)
        columns += max((len(_ANY_CELL.findall(row)) for row in _ROW.split(data)), default=0)
    return rows, columns


def _sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in workbook order, as workbook.xml and its relations
    say; two sheets may share a part. Every worksheet part, named after itself, when the
    workbook does not say."""
    try:
        book = zf.read("xl/workbook.xml")
        relations = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        book, relations = b"", b""
    targets = {
        rid: target.decode("utf-8", "replace") for rid, target in _RELATION.findall(relations)
    }
    members = set(zf.namelist())
    sheets: list[tuple[str, str]] = []
    for name, rid in _SHEET_NAME.findall(book):
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part in members:
            sheets.append((name.decode("utf-8", "replace"), part))
    if sheets:
        return sheets
    parts = [m for m in members if m.startswith("xl/worksheets/") and m.endswith(".xml")]
    return [(Path(part).stem, part) for part in sorted(parts)]


# ODS repeats a row or a cell with an attribute (number-rows-repeated="30"): a kilobyte
# of XML can stand for gigabytes of cells, and python-calamine writes every one out.
_ODS_TAG = re.compile(rb"<table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="([0-9]{1,9})"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


def _check_ods(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an ODS whose repeated rows and cells unfold past the limits: each sheet's
    area up to its last value, all cells together, and the text they add up to."""
    data = zf.read("content.xml")
    total = chars = 0
    sheet, height, width, row, col, row_repeat = "", 0, 0, 0, 0, 1
    tags = list(_ODS_TAG.finditer(data))
    for n, tag in enumerate(tags):
        kind, attrs = tag[1], tag[2]
        found = _ODS_REPEAT.search(attrs)
        repeat = int(found[1]) if found else 1
        if kind == b"table":
            total = count_cells(sheet, height, width, limits, total)
            named = _ODS_NAME.search(attrs)
            sheet = named[1].decode("utf-8", "replace") if named else ""
            height = width = row = 0
        elif kind == b"table-row":
            row, col, row_repeat = row + repeat, 0, repeat
        else:
            col += repeat
            if b"value-type" in attrs:
                height, width = max(height, row), max(width, col)
                end = tags[n + 1].start() if n + 1 < len(tags) else len(data)
                chars += row_repeat * repeat * (end - tag.end())
    count_cells(sheet, height, width, limits, total)
    _within_inflated(chars, limits)


# One shared string of 32,767 characters, used by 30,000 cells, is 60 KB on disk and a
# gigabyte once every cell holds its own copy, as it does once read.
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si\b.*?</(?:\w+:)?si>", re.S)
_SHARED_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\bt\s*=\s*[\"']s[\"'][^>]*>\s*<(?:\w+:)?v>\s*([0-9]{1,9})"
)
_SMALLEST_CELL = 20  # bytes of XML: <c t="s"><v>0</v></c>


def _check_shared_strings(zf: zipfile.ZipFile, parts: list[str], limits: Limits) -> None:
    """Refuse an xlsx whose cells, each with its shared string, add up past the
    inflated-size limit. Counted cell by cell only when the longest string times the most
    cells the sheets could hold says it might."""
    if "xl/sharedStrings.xml" not in zf.namelist():
        return
    sizes = [len(item) for item in _SHARED_STRING.findall(zf.read("xl/sharedStrings.xml"))]
    budget = limits.max_inflated_mb * 1024 * 1024
    most_cells = sum(zf.getinfo(part).file_size for part in parts) // _SMALLEST_CELL
    if not sizes or most_cells * max(sizes) <= budget:
        return
    unfolded = 0
    for part in parts:
        for index in map(int, _SHARED_CELL.findall(zf.read(part))):
            unfolded += sizes[index] if index < len(sizes) else 0
    _within_inflated(unfolded, limits)


def _check_xlsx(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an xlsx whose sheets span more rows or cells than the limits allow, or whose
    shared strings unfold past the inflated limit."""
    extents: dict[str, tuple[int, int]] = {}
    total = 0
    sheets = _sheet_parts(zf)
    for sheet, part in sheets:
        if part not in extents:
            extents[part] = _extent(zf, part, limits)
        total = count_cells(sheet, *extents[part], limits, total)
    _check_shared_strings(zf, [part for _, part in sheets], limits)


def check_xls(path: Path, limits: Limits) -> None:
    """Refuse a legacy .xls whose sheets would take more than the limits allow once read."""
