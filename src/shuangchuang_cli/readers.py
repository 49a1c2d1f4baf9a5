"""Read submission files into plain rows, safely.

Every workbook format goes through python-calamine (the fastest reader that handles xlsx,
xlsm, xlsb, xls and ods); CSV through the standard library after detecting its encoding.
Limits are checked before a reader is handed the bytes, so a hostile file cannot take
the machine's memory. A file that cannot be read raises UnreadableFile with a message a
clerk understands; callers turn it into an issue and go on with the other files.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv"}
READABLE_SUFFIXES = WORKBOOK_SUFFIXES | CSV_SUFFIXES

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Encrypted OOXML files are OLE containers holding this stream name (UTF-16LE).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Limits:
    """Reading limits (rules/values.toml [limits]): past any of them a file is refused whole.

    A plain dataclass, not a rules model, so that reading can start before the rest of the
    rules (and pydantic) are loaded; the rules validate the same fields again.
    """

    max_file_mb: float = 200
    max_inflated_mb: float = 1024
    max_rows: int = 1_000_000
    max_cells: int = 30_000_000  # rows x columns of a sheet's grid (about 1 GB to read)
    max_cell_chars: int = 32767

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{item.name} 应为正数")


def limits_in(folder: Path) -> Limits | None:
    """The [limits] of a rules folder read on their own, or None when they cannot be."""
    try:
        with (folder / "values.toml").open("rb") as fh:
            return Limits(**tomllib.load(fh).get("limits", {}))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, TypeError, ValueError):
        return None


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why in the user's words."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class RawSheet:
    """A sheet as rows of cells; rows[0] is Excel row 1 (title and header rows included)."""

    name: str
    rows: list[list[Any]]


def is_ignored(path: Path) -> bool:
    """Skipped without a word: Excel lock files (~$...), hidden files, and README files

    (a data folder's own description, as in the bundled sample data, is not a submission).
    """
    return path.name.startswith(("~$", ".")) or path.stem.upper() == "README"


def _head(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _megabytes(size: int, limit_mb: float) -> str:
    """A size over the limit, shown with enough decimals to read as over it (not 200.0 > 200)."""
    mb = size / 1048576
    for digits in range(1, 7):
        shown = f"{mb:.{digits}f}"
        if float(shown) > limit_mb:
            return shown
    return f"{mb:g}"


def _check_size(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("empty")
    if size > limits.max_file_mb * 1024 * 1024:
        raise UnreadableFile(
            "too_big",
            size_mb=_megabytes(size, limits.max_file_mb),
            limit=f"{limits.max_file_mb:g}",
        )
    return size


def _sniff(head: bytes) -> str:
    """What the bytes really are, whatever the file's name says."""
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml"))
        or b"<html" in text[:512]
    ):
        return "html"
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b")):
        return "binary"
    return "text"


def _check_zip(path: Path, limits: Limits) -> None:
    """Refuse archives whose declared inflated size is beyond the limit (zip bombs)."""
    try:
        with zipfile.ZipFile(path) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile("corrupt", detail=str(exc)) from None
    if inflated > limits.max_inflated_mb * 1024 * 1024:
        raise UnreadableFile(
            "inflates",
            size_mb=_megabytes(inflated, limits.max_inflated_mb),
            limit=f"{limits.max_inflated_mb:g}",
        )


# python-calamine holds a sheet as a dense grid from A1 to its last value, and a grid
# beyond memory aborts the whole process (no exception to catch). So every worksheet of
# an xlsx is measured before calamine reads it: by the <dimension> that Excel, WPS and
# LibreOffice write first thing in a sheet, or, when there is none or it says more than
# the limits allow, by the cells that hold a value (reading every cell of every sheet
# would cost as much as a third of the parse).
_SHEET_PEEK = 16384
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


def _count_cells(sheet: str, rows: int, columns: int, limits: Limits, so_far: int = 0) -> int:
    """The cells of a file read so far, this sheet included; past a limit, refuse it."""
    if rows > limits.max_rows:
        raise UnreadableFile("too_many_rows", sheet=sheet, rows=rows, limit=limits.max_rows)
    if rows * columns > limits.max_cells:
        raise UnreadableFile(
            "too_many_cells", sheet=sheet, rows=rows, columns=columns, limit=limits.max_cells
        )
    # Every sheet of a file is held at once: the limit is for all of them together too.
    if so_far + rows * columns > limits.max_cells:
        raise UnreadableFile("too_many_cells_in_file", limit=limits.max_cells)
    return so_far + rows * columns


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
            total = _count_cells(sheet, height, width, limits, total)
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
    _count_cells(sheet, height, width, limits, total)
    if chars > limits.max_inflated_mb * 1024 * 1024:
        raise UnreadableFile(
            "inflates",
            size_mb=_megabytes(chars, limits.max_inflated_mb),
            limit=f"{limits.max_inflated_mb:g}",
        )


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
    if unfolded > budget:
        raise UnreadableFile(
            "inflates",
            size_mb=_megabytes(unfolded, limits.max_inflated_mb),
            limit=f"{limits.max_inflated_mb:g}",
        )


def _check_extents(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose sheets span more rows or cells than the limits allow."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "content.xml" in zf.namelist() and "xl/workbook.xml" not in zf.namelist():
                _check_ods(zf, limits)
                return
            extents: dict[str, tuple[int, int]] = {}
            total = 0
            sheets = _sheet_parts(zf)
            for sheet, part in sheets:
                if part not in extents:
                    extents[part] = _extent(zf, part, limits)
                total = _count_cells(sheet, *extents[part], limits, total)
            _check_shared_strings(zf, [part for _, part in sheets], limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise UnreadableFile("corrupt", detail=str(exc)[:200]) from None


def read_workbook(path: Path, limits: Limits) -> Iterator[RawSheet]:
    """Yield the sheets of an Excel or ODS file in workbook order."""
    _check_size(path, limits)
    kind = _sniff(_head(path))
    if kind == "html":
        raise UnreadableFile("html")
    if kind == "zip":
        _check_zip(path, limits)
        _check_extents(path, limits)
    elif kind == "ole":
        if path.suffix.lower() != ".xls" and _ENCRYPTION_STREAM in path.read_bytes():
            raise UnreadableFile("encrypted")
    else:
        raise UnreadableFile("not_workbook", kind=kind)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except BaseException as exc:
        error = _calamine_error(exc)
        # An encrypted .xlsx renamed .xls: calamine finds no Workbook stream and says so.
        if kind == "ole" and error.reason == "corrupt" and _ENCRYPTION_STREAM in path.read_bytes():
            error = UnreadableFile("encrypted")
        raise error from None
    if not names:
        raise UnreadableFile("no_sheets")
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice is not None:
        # Excel never writes two sheets of one name; python-calamine would read the first
        # one twice, and the second one's records would be silently lost.
        raise UnreadableFile("same_sheet_name", sheet=twice)
    total = 0
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
            # total_height/total_width are the last 0-based indexes, not counts; `end`
            # is that last (row, column), None for an empty sheet.
            end = sheet.end
            height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
            total = _count_cells(name, height, width, limits, total)
            # skip_empty_area=False keeps list positions equal to Excel's rows and columns.
            rows = sheet.to_python(skip_empty_area=False)
            _spread_merged_down(rows, sheet.merged_cell_ranges)
        except UnreadableFile:
            raise
        except BaseException as exc:
            raise _calamine_error(exc) from None
        yield RawSheet(str(name), rows)


Merge = tuple[tuple[int, int], tuple[int, int]]  # (top, left), (bottom, right), 0-based


def _spread_merged_down(rows: list[list[Any]], merged: list[Merge] | None) -> None:
    """A cell merged down over several rows shows its value in each of them, as Excel does.

    Clerks merge 所属单位 or a date over the rows of one unit; read as stored, only the top
    row would hold it and the others would look blank. Merges within one row (a title, a
    group heading over its columns) stay as stored. xlsx and xls keep merges; ods and
    xlsb come without them (None).
    """
    down = [m for m in merged or () if m[1][0] > m[0][0]]
    if not down:
        return
    # Spreading may at most double what the sheet holds: a few kilobytes of merges must
    # not turn into a million records. Beyond that, merges stay as stored.
    budget = sum(len(row) - row.count("") for row in rows)
    width = max(map(len, rows), default=0)
    for (top, left), (bottom, right) in down:
        bottom, right = min(bottom, len(rows) - 1), min(right, width - 1)
        if bottom <= top or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if value == "" or value is None:
            continue
        budget -= (bottom - top + 1) * (right - left + 1)
        if budget < 0:
            return
        for row in rows[top : bottom + 1]:
            for c in range(left, min(right, len(row) - 1) + 1):
                if row[c] == "":
                    row[c] = value


def _calamine_error(exc: BaseException) -> UnreadableFile:
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        raise exc
    if type(exc).__name__ == "PasswordError" or "password" in str(exc).lower():
        return UnreadableFile("encrypted")
    return UnreadableFile("corrupt", detail=str(exc).splitlines()[0][:200] if str(exc) else "")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (covers GBK and GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("encoding") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("encoding")


def read_csv(path: Path, limits: Limits) -> RawSheet:
    """A CSV file as one sheet, named after the file; every cell is text."""
    _check_size(path, limits)
    data = path.read_bytes()
    kind = _sniff(data[:4096])
    if kind in ("zip", "ole"):
        raise UnreadableFile("workbook_as_csv")
    if kind in ("html", "binary") or (
        b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise UnreadableFile("not_text")
    text = decode_text(data)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # Every field becomes a Python object: count them (one C-level pass) before parsing.
    fields = text.count(dialect.delimiter) + text.count("\n") + 1
    if fields > limits.max_cells:
        raise UnreadableFile("too_many_cells_in_file", limit=limits.max_cells)
    # A cell longer than Excel allows is not hand-typed data: name the limit, not a crash.
    csv.field_size_limit(limits.max_cell_chars)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows: list[list[Any]] = []
        for row in reader:
            rows.append(row)
            if len(rows) > limits.max_rows:
                # Count the rest without keeping them: the message gives the real count.
                total = len(rows) + sum(1 for _ in reader)
                raise UnreadableFile(
                    "too_many_rows", sheet=path.stem, rows=total, limit=limits.max_rows
                )
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise UnreadableFile("cell_too_long", limit=limits.max_cell_chars) from None
        raise UnreadableFile("corrupt", detail=str(exc)) from None
    # Ragged rows are padded to the longest one later: the sheet is that wide.
    _count_cells(path.stem, len(rows), max(map(len, rows), default=0), limits)
    if '="' in text:
        rows = [[_unwrapped(cell) for cell in row] for row in rows]
    return RawSheet(path.stem, rows)


def _unwrapped(cell: str) -> str:
    """="0123" is how other systems export text for Excel to keep (a code with leading
    zeros); the cell is the text inside. Any other text starting with = stays as it is."""
    if len(cell) >= 3 and cell.startswith('="') and cell.endswith('"') and '"' not in cell[2:-1]:
        return cell[2:-1]
    return cell
