"""Read submission files into rows, safely.

Every workbook format goes through python-calamine (the fastest reader that handles xlsx,
xlsm, xlsb, xls and ods); CSV through the standard library after detecting its encoding.
Limits are checked before a reader is handed the bytes where they can be (preflight.py),
and each sheet's area before its cells become Python objects. A file that cannot be read
raises UnreadableFile with a message a clerk understands; callers turn it into an issue
and go on with the other files.

A command reads in worker processes (workers.py), which run `sheets_of`; nothing here
imports numpy, so a worker starts in milliseconds. `read_workbook` and `read_csv` read in
the calling process, for one file a person names (a marked-up copy) and for tests.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from shuangchuang_cli.reading.limits import (
    UnreadableFile,
    count_cells,
    megabytes,
    too_large_once_read,
)
from shuangchuang_cli.reading.preflight import check_package, check_xls
from shuangchuang_cli.rules.limits import Limits

if TYPE_CHECKING:
    import numpy as np

Rows = list[list[Any]]
Merge = tuple[tuple[int, int], tuple[int, int]]  # (top, left), (bottom, right), 0-based
# A sheet as read: name, rows, merged areas, the format its workbook was read as when the
# file's name says another ("" when it does not), and whether the sheet is hidden.
Sheet = tuple[str, Rows, tuple[Merge, ...], str, bool]

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
CSV_SUFFIXES = {".csv"}
READABLE_SUFFIXES = WORKBOOK_SUFFIXES | CSV_SUFFIXES
# The format each name says; .xlsm is an .xlsx that may hold macros.
_NAMED_FORMAT = {s: s for s in WORKBOOK_SUFFIXES} | {".xlsm": ".xlsx"}

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Encrypted OOXML files are OLE containers holding this stream name (UTF-16LE).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class RawSheet:
    """A sheet as a grid of cells: grid[0] is Excel row 1 (title and header rows included),
    every row as wide as the widest (a short CSV row is padded with blanks, "")."""

    name: str
    grid: np.ndarray  # 2-D, dtype object: each cell as the reader gave it
    # Merged areas as python-calamine gives them, ((top, left), (bottom, right)) 0-based;
    # kept for the marked copy of validate --annotate, which merges them again.
    merged: tuple[Merge, ...] = ()
    # The format the workbook was read as when its name says another (.xls renamed .xlsx).
    read_as: str = ""
    hidden: bool = False  # hidden in Excel (or very hidden): its rows are read all the same

    @property
    def rows(self) -> Rows:
        return list(self.grid.tolist())

    def head(self, count: int) -> Rows:
        """The first `count` rows, without making lists of the whole grid."""
        return list(self.grid[:count].tolist())

    @classmethod
    def from_rows(
        cls,
        name: str,
        rows: Rows,
        merged: tuple[Merge, ...] = (),
        read_as: str = "",
        hidden: bool = False,
    ) -> RawSheet:
        from shuangchuang_cli.reading.transfer import decode_grid, encode_sheet

        return cls(name, decode_grid(encode_sheet(name, rows)), merged, read_as, hidden)


def is_ignored(path: Path) -> bool:
    """Skipped without a word: Excel lock files (~$...), hidden files, and README files

    (a data folder's own description, as in the bundled sample data, is not a submission).
    """
    return path.name.startswith(("~$", ".")) or path.stem.upper() == "README"


def _head(path: Path, size: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _check_size(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("empty")
    if size > limits.max_file_mb * 1024 * 1024:
        raise UnreadableFile(
            "too_big",
            size_mb=megabytes(size, limits.max_file_mb),
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


def sheets_of(path: Path, limits: Limits) -> Iterator[Sheet]:
    """Every sheet of one submitted file as (name, rows, merged areas), in workbook order."""
    if not path.is_file():
        if path.is_symlink() and not path.exists():
            raise UnreadableFile("broken_link")
        # A pipe or a device named like a spreadsheet: opening it could wait forever.
        raise UnreadableFile("not_a_file")
    if path.suffix.lower() in CSV_SUFFIXES:
        yield (*csv_sheet(path, limits), (), "", False)
    else:
        yield from workbook_sheets(path, limits)


def read_workbook(path: Path, limits: Limits) -> Iterator[RawSheet]:
    """The sheets of an Excel or ODS file in workbook order, read in this process."""
    for sheet in workbook_sheets(path, limits):
        yield RawSheet.from_rows(*sheet)


def read_csv(path: Path, limits: Limits) -> RawSheet:
    """A CSV file as one sheet, named after the file, read in this process."""
    return RawSheet.from_rows(*csv_sheet(path, limits))


def _open_workbook(path: Path, misnamed: bool) -> CalamineWorkbook:
    """python-calamine reads a path by the format its extension names, and opens it as
    UTF-8: a workbook whose name says another format (.xls renamed .xlsx), or whose name
    is not UTF-8 (GBK bytes from a zip made on Chinese Windows), is opened here and its
    bytes handed over, which python-calamine reads by what they are. (It holds them all
    at once, within the reading worker's memory limit.)"""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        misnamed = True
    if misnamed:
        with open(path, "rb") as stream:
            return CalamineWorkbook.from_filelike(stream)
    return CalamineWorkbook.from_path(name)


def workbook_sheets(path: Path, limits: Limits) -> Iterator[Sheet]:
    """The sheets of an Excel or ODS file as rows, in workbook order."""
    _check_size(path, limits)
    kind = _sniff(_head(path))
    if kind == "html":
        raise UnreadableFile("html")
    if kind == "zip":
        real = check_package(path, limits)
    elif kind == "ole":
        if path.suffix.lower() != ".xls" and _ENCRYPTION_STREAM in path.read_bytes():
            raise UnreadableFile("encrypted")
        check_xls(path, limits)
        real = ".xls"
    else:
        raise UnreadableFile("not_workbook", kind=kind)
    read_as = "" if _NAMED_FORMAT.get(path.suffix.lower()) == real else real
    try:
        book = _open_workbook(path, bool(read_as))
        names = list(book.sheet_names)
        # Hidden or very hidden (only a macro shows it again): read all the same.
        hidden = {
            str(m.name) for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible
        }
    except BaseException as exc:
        error = _calamine_error(exc, limits)
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
            total = count_cells(name, height, width, limits, total)
            # skip_empty_area=False keeps list positions equal to Excel's rows and columns.
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges
            _spread_merged_down(rows, merged)
        except UnreadableFile:
            raise
        except BaseException as exc:
            raise _calamine_error(exc, limits) from None
        yield str(name), rows, tuple(merged or ()), read_as, str(name) in hidden


def _spread_merged_down(rows: Rows, merged: list[Merge] | None) -> None:
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


def _calamine_error(exc: BaseException, limits: Limits) -> UnreadableFile:
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        raise exc
    if type(exc).__name__ == "PasswordError" or "password" in str(exc).lower():
        return UnreadableFile("encrypted")
    # Out of memory while python-calamine makes the cells into Python objects: PyO3 finds
    # the object it asked for missing (its MemoryError is printed, not raised) and panics.
    if isinstance(exc, MemoryError) or (
        type(exc).__name__ == "PanicException" and "pointer is null" in str(exc)
    ):
        return too_large_once_read(limits)
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


# Excel's own line naming a CSV's separator (sep=; sep=, or sep= and a tab), which Excel
# obeys and does not show: the header under it is Excel's row 1.
_SEPARATOR_LINE = re.compile(r"sep=([^\r\n])\1*[ ]*(?:\r\n|\n|\r|$)", re.IGNORECASE)


def _dialect(text: str) -> tuple[type[csv.Dialect] | csv.Dialect, str]:
    """How the CSV's fields are separated, and its text without a sep= line."""
    given = _SEPARATOR_LINE.match(text)
    if given is not None:
        separator = type("Separated", (csv.excel,), {"delimiter": given[1]})
        return separator, text[given.end() :]
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|"), text
    except csv.Error:
        return csv.excel, text


def csv_sheet(path: Path, limits: Limits) -> tuple[str, Rows]:
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
    dialect, text = _dialect(decode_text(data))
    # Every field becomes a Python object: count them (one C-level pass) before parsing,
    # and the header's (a line a million fields wide is no form anyone filled in).
    fields = text.count(dialect.delimiter) + text.count("\n") + 1
    if fields > limits.max_cells:
        raise UnreadableFile("too_many_cells_in_file", limit=limits.max_cells)
    end = text.find("\n")
    first = text.count(dialect.delimiter, 0, end if end >= 0 else len(text)) + 1
    if first > limits.max_columns:
        raise UnreadableFile(
            "too_many_columns", sheet=path.stem, columns=first, limit=limits.max_columns
        )
    # A cell longer than Excel allows is not hand-typed data: name the limit, not a crash.
    csv.field_size_limit(limits.max_cell_chars)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        rows: Rows = []
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
    count_cells(path.stem, len(rows), max(map(len, rows), default=0), limits)
    if '="' in text:
        rows = [[_unwrapped(cell) for cell in row] for row in rows]
    return path.stem, rows


def _unwrapped(cell: str) -> str:
    """="0123" is how other systems export text for Excel to keep (a code with leading
    zeros); the cell is the text inside. Any other text starting with = stays as it is."""
    if len(cell) >= 3 and cell.startswith('="') and cell.endswith('"') and '"' not in cell[2:-1]:
        return cell[2:-1]
    return cell
