"""An xlsx or xlsm measured from its XML: each sheet's area, its cells, its shared strings.

Parts are found the way python-calamine finds them: the workbook's folder from the
package's own relationships (`_rels/.rels`), each sheet from the workbook's, attributes
in any order and either quote; zip names matched in any case, with / or \\.
"""

from __future__ import annotations

import re
import zipfile
from itertools import compress
from typing import IO
from xml.parsers import expat

from shuangchuang_cli.reading.limits import UnreadableFile, count_cells
from shuangchuang_cli.reading.preflight.budget import (
    MB,
    TEXT_COPIES,
    VALUE_CELL,
    column_number,
    fits,
    within_inflated,
    within_memory,
)
from shuangchuang_cli.rules.limits import Limits


class Package:
    """A zip package's members, looked up as python-calamine looks them up."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self._names = {name.replace("\\", "/").lower(): name for name in zf.namelist()}

    def has(self, name: str) -> bool:
        return name.lower() in self._names

    def read(self, name: str) -> bytes:
        return self.zf.read(self._names[name.lower()])

    def open(self, name: str) -> IO[bytes]:
        return self.zf.open(self._names[name.lower()])

    def size(self, name: str) -> int:
        return self.zf.getinfo(self._names[name.lower()]).file_size

    def folder(self) -> str:
        """The workbook's folder ("xl/" unless `_rels/.rels` says otherwise)."""
        if not self.has("_rels/.rels"):
            return "xl/"
        for attrs in _tags(b"Relationship", self.read("_rels/.rels")):
            if attrs.get(b"Type", b"").endswith(b"/relationships/officeDocument"):
                target = attrs.get(b"Target", b"").decode("utf-8", "replace")
                return target[: target.rfind("/") + 1].removeprefix("/")
        return "xl/"


_TAG = rb"<(?:\w+:)?%s\b([^>]*)>"
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _tags(name: bytes, data: bytes) -> list[dict[bytes, bytes]]:
    """The attributes of every <name ...> element, names without their prefix."""
    found = []
    for tag in re.finditer(_TAG % re.escape(name), data):
        attrs = {}
        for key, double, single in _ATTRIBUTE.findall(tag[1]):
            attrs[key.rpartition(b":")[2]] = double or single
        found.append(attrs)
    return found


def relation_targets(package: Package, relations: str) -> dict[bytes, str]:
    """Relationship id -> the part it names: relative targets under the relations' folder."""
    folder = relations[: relations.index("_rels/")]
    if not package.has(relations):
        return {}
    targets = {}
    for attrs in _tags(b"Relationship", package.read(relations)):
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        if target:
            targets[attrs.get(b"Id", b"")] = target[1:] if target[0] == "/" else folder + target
    return targets


def _sheet_parts(package: Package) -> list[tuple[str, str]]:
    """(sheet name, part) in workbook order as the workbook and its relations say (two
    sheets may share a part); every worksheet-looking part when they do not."""
    folder = package.folder()
    targets = relation_targets(package, folder + "_rels/workbook.xml.rels")
    book = package.read(folder + "workbook.xml") if package.has(folder + "workbook.xml") else b""
    sheets = []
    for attrs in _tags(b"sheet", book):
        part = targets.get(attrs.get(b"id", b""), "")
        if part and package.has(part):
            sheets.append((attrs.get(b"name", b"").decode("utf-8", "replace"), part))
    if sheets:
        return sheets
    names = sorted(n for n in package.zf.namelist() if n.lower().endswith(".xml"))
    return [(n, n) for n in names if "/worksheets/" in n.lower()]


# python-calamine holds a sheet as a dense grid from A1 to its last value. A small sheet,
# where it costs nothing, is measured by its cells that hold a value; a larger one by the
# <dimension> that Excel, WPS and LibreOffice write first thing in a sheet. A larger one
# without one (openpyxl's write-only mode writes none), or with one past the limits (a
# formatted area), is left to the limits of the worker reading it: measuring it would
# cost a third of the parse, and so would unpacking it. Only when its XML is big enough
# to hold more values than a worker's memory or the cell limit could take are its values
# counted, as it is unpacked.
_SHEET_PEEK = 16384
ALWAYS_MEASURED = 16 * 1024  # bytes of sheet XML; a crafted sheet of a few kilobytes
_CHUNK = 4 * 1024 * 1024
_REF = rb"([A-Za-z]+)([0-9]+)"  # how calamine reads a reference: any case, any length
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']" + _REF + rb"(?::" + _REF + rb")?[\"']"
)
# A cell with a value and a reference: not self-closing (<c r="A1" s="2"/> is a format).
_VALUE_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br\s*=\s*[\"']" + _REF + rb"[\"'][^>]*(?<!/)>")
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_REFERENCED_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br\s*=")
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br\s*=\s*[\"']([0-9]+)")
_VALUE_ENDS = (b"</v>", b":v>", b"</is>", b":is>")  # each closes a value: one per cell
_SMALLEST_VALUE = 15  # bytes of XML: <c><v>1</v></c>


def _extent(package: Package, member: str, limits: Limits) -> tuple[int, int, int]:
    """(rows, columns) from A1 to a worksheet's last value as calamine will hold it, and
    how many cells hold a value (0 when not counted)."""
    with package.open(member) as fh:
        if package.size(member) <= ALWAYS_MEASURED:
            return (*_measured(fh.read()), 0)
        head = fh.read(1024)  # <dimension> comes after a few hundred bytes at most
        found = _DIMENSION.search(head)
        if found is None:
            head += fh.read(_SHEET_PEEK)
            found = _DIMENSION.search(head)
        if found is not None:
            last = (found[3], found[4]) if found[3] else (found[1], found[2])
            rows, columns = int(last[1]), column_number(last[0])
            if fits(rows, columns, limits):
                return rows, columns, 0
        most = min(limits.max_cells, limits.max_memory_mb * MB // VALUE_CELL)
        if package.size(member) > most * _SMALLEST_VALUE:
            return 0, 0, _values(head, fh)
        return 0, 0, 0


def _values(head: bytes, fh: IO[bytes]) -> int:
    """Cells holding a value, counted as the sheet is unpacked (never all of it at once)."""
    return _counted(head, fh, _VALUE_ENDS)


def _counted(head: bytes, fh: IO[bytes], marks: tuple[bytes, ...]) -> int:
    """How often the `marks` (8 bytes long at most) occur in `head` and the rest of `fh`."""
    found, tail, chunk = 0, b"", head
    while chunk:
        data = tail + chunk
        # A mark split between two chunks is found in `tail + chunk`; one wholly in the
        # tail was counted with the chunk before.
        found += sum(data.count(mark) - tail.count(mark) for mark in marks)
        tail = data[-8:]
        chunk = fh.read(_CHUNK)
    return found


def _measured(data: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the last value, cell by cell."""
    refs = _VALUE_CELL.findall(data)
    rows = max((int(row) for _, row in refs), default=0)
    columns = max((column_number(letters) for letters, _ in refs), default=0)
    if len(_ANY_CELL.findall(data)) > len(_REFERENCED_CELL.findall(data)):
        # A cell without a reference sits right after the one before it, a row without
        # one right under the one before: bound them by counting.
        numbered = [int(n) for n in _ROW_NUMBER.findall(data)]
        rows = max(rows, *numbered, 0) + len(_ROW.findall(data)) - len(numbered)
        columns += max((len(_ANY_CELL.findall(row)) for row in _ROW.split(data)), default=0)
    return rows, columns


# One shared string of 32,767 characters, used by 30,000 cells, is 60 KB on disk and a
# gigabyte once every cell holds its own copy, as it does once read.
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si\b.*?</(?:\w+:)?si>", re.S)
_SHARED_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\bt\s*=\s*[\"']s[\"'][^>]*>\s*<(?:\w+:)?v>\s*([0-9]{1,9})"
)
_SMALLEST_CELL = 20  # bytes of XML: <c t="s"><v>0</v></c>
# What every cell the pattern above finds holds, its type's quoted value: counted, they
# bound the shared-string cells from above however the attribute is spaced (t = "s").
_SHARED_MARKS = (b'"s"', b"'s'", b"\"s'", b"'s\"")
_MARKUP = re.compile(rb"<[^>]*>")
_PREFIXED_ITEM = re.compile(rb"</?[\w.-]+:si[\s/>]")


def _shared_sizes(data: bytes, room: int) -> list[int]:
    """Each shared string's size in bytes: of its XML, or for one longer than `room` of its
    text alone. A cell holds only the text, and LibreOffice writes a run of formatting
    wherever the font changes (2024 in Calibri, 年 in a CJK font): 800 bytes of XML for a
    few characters, which times a big sheet's cells would look like a gigabyte.

    A table as Excel, WPS and LibreOffice write it, each item opening as <si> and nothing
    that could hold a "<si>" that is no item (CDATA, a comment, a processing instruction),
    is split there in one pass in C: 0.02 s for the big register's 238,586 strings, against
    0.12 s for a pattern. Each piece then ends in its closing tag (the last in the table's
    too), a few bytes more than its item. Any other table is read by an XML parser."""
    if (
        b"<!" in data
        or data.find(b"<?", 1) != -1  # a processing instruction past the declaration
        or (b":si" in data and _PREFIXED_ITEM.search(data))
    ):
        return _parsed_sizes(data)
    items = data.split(b"<si>")
    if len(items) - 1 != data.count(b"<si"):  # an <si ...> with attributes, or <sign>
        del items
        return _parsed_sizes(data)
    del items[0]  # what comes before the first item
    sizes = list(map(len, items))
    for n in compress(range(len(sizes)), map(room.__lt__, sizes)):  # the long ones, in C
        sizes[n] = len(_MARKUP.sub(b"", items[n]))
    return sizes


def _parsed_sizes(data: bytes) -> list[int]:
    """Each item's text in bytes, as an XML parser reads the table: what CDATA holds
    counts, what a comment or a processing instruction holds does not, and <x:si> is an
    item too. A table that is no well-formed XML: each item the pattern finds, as XML."""
    sizes: list[int] = []
    depth = size = 0

    def start(name: str, _attributes: object) -> None:
        nonlocal depth, size
        if name.rpartition(":")[2] == "si":
            size = size if depth else 0
            depth += 1

    def end(name: str) -> None:
        nonlocal depth
        if depth and name.rpartition(":")[2] == "si":
            depth -= 1
            if not depth:
                sizes.append(size)

    def text(characters: str) -> None:
        nonlocal size
        if depth:
            size += len(characters.encode("utf-8", "surrogatepass"))

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        return list(map(len, _SHARED_STRING.findall(data)))
    return sizes


# A table of shared strings larger than this is not measured: unpacking and sizing the
# big register's 238,586 strings took 0.14 s, a sixth of python-calamine's whole read. A
# crafted one (one long string used by every cell) is a few kilobytes; a larger one whose
# copies pass the reading worker's memory costs that file (too_large_once_read).
ALWAYS_MEASURED_STRINGS = 1024 * 1024


def _check_shared_strings(package: Package, parts: list[str], limits: Limits) -> None:
    """Refuse an xlsx whose cells, each with its shared string, add up past the
    inflated-size limit. Counted cell by cell only when the longest string times the most
    cells the sheets could hold says it might."""
    name = package.folder() + "sharedStrings.xml"
    if not package.has(name) or package.size(name) > ALWAYS_MEASURED_STRINGS:
        return
    budget = limits.max_inflated_mb * 1024 * 1024
    most_cells = sum(package.size(part) for part in parts) // _SMALLEST_CELL
    room = int(budget) // max(most_cells, 1)
    sizes = _shared_sizes(package.read(name), room)
    if not sizes or most_cells * max(sizes) <= budget:
        return
    # The cells that hold a shared string, counted in C as the sheets are unpacked (a
    # fifth of what the pattern costs): in a big sheet with one long remark, they and
    # the longest string are most often within the limit all the same.
    shared_cells = 0
    for part in parts:
        with package.open(part) as fh:
            shared_cells += _counted(fh.read(_CHUNK), fh, _SHARED_MARKS)
    if shared_cells * max(sizes) <= budget:
        return
    unfolded = 0
    for part in parts:
        for index in map(int, _SHARED_CELL.findall(package.read(part))):
            unfolded += sizes[index] if index < len(sizes) else 0
    within_inflated(unfolded, limits)
    within_memory(unfolded * TEXT_COPIES, limits)


def check_xlsx(package: Package, limits: Limits) -> None:
    """Refuse an xlsx whose sheets span more rows or cells than the limits allow, hold more
    values than a worker's memory, or whose shared strings unfold past the limit."""
    extents: dict[str, tuple[int, int, int]] = {}
    total = values = 0
    sheets = _sheet_parts(package)
    for sheet, part in sheets:
        if part not in extents:
            extents[part] = _extent(package, part, limits)
        rows, columns, counted = extents[part]
        total = count_cells(sheet, rows, columns, limits, total)
        # Values counted in a sheet with no usable <dimension> are cells of its grid too.
        values += counted
        if total + values > limits.max_cells:
            raise UnreadableFile("too_many_cells_in_file", limit=limits.max_cells)
        # Each value is gathered first, then put in the grid; every sheet is held at once.
        within_memory(values * VALUE_CELL, limits)
    _check_shared_strings(package, [part for _, part in sheets], limits)
