"""An xlsb measured from its binary records (MS-XLSB): each sheet's area and shared text.

python-calamine builds an xlsb sheet's grid from the cells it holds, wherever they are,
so a cell at XFD1048576 asks for a grid of 17 billion cells. A small sheet is walked
record by record; a larger one is taken at its declared dimension (BrtWsDim) when that
is within the limits, and walked otherwise.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from shuangchuang_cli.reading.limits import count_cells
from shuangchuang_cli.reading.preflight.budget import (
    TEXT_COPIES,
    fits,
    within_inflated,
    within_memory,
)
from shuangchuang_cli.reading.preflight.xlsx import ALWAYS_MEASURED, Package, relation_targets
from shuangchuang_cli.rules.limits import Limits

_U32 = struct.Struct("<I")
_DIMENSION = struct.Struct("<4I")
_ROW, _DIM, _END_DATA = 0x0000, 0x0094, 0x0092  # BrtRowHdr, BrtWsDim, BrtEndSheetData
_SHEET, _END_SHEETS, _STRING = 0x009C, 0x0090, 0x0013  # BrtBundleSh, end of them, BrtSSTItem
_VALUE_CELLS = range(0x0002, 0x000C)  # RK, error, bool, real, text, shared text, formulas
_SHARED_TEXT = 0x0007  # BrtCellIsst
_LAST_ROW = 0x0010_0000  # calamine stops a sheet at a row past this


def _records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(type, start, end) of each record: a 1-2 byte type, a 1-4 byte length, 7 bits each."""
    at, size = 0, len(data)
    while at < size:
        kind = data[at]
        at += 1
        if kind & 0x80:
            kind = (kind & 0x7F) + ((data[at] & 0x7F) << 7)
            at += 1
        length = shift = 0
        for _ in range(4):
            byte = data[at]
            at += 1
            length += (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield kind, at, at + length
        at += length


def _wide(data: bytes, at: int) -> tuple[str, int]:
    """An XLWideString at `at`, and where it ends."""
    length = _U32.unpack_from(data, at)[0]
    if length == 0xFFFF_FFFF:
        return "", at + 4
    end = at + 4 + 2 * length
    return data[at + 4 : end].decode("utf-16-le", "replace"), end


def _sheets(package: Package) -> list[tuple[str, str]]:
    """(sheet name, part) in workbook order, as calamine finds them (xl/ + the target)."""
    targets = relation_targets(package, "xl/_rels/workbook.bin.rels")
    by_id = {key.decode("utf-8", "replace"): part for key, part in targets.items()}
    data = package.read("xl/workbook.bin")
    sheets = []
    for kind, start, _ in _records(data):
        if kind == _END_SHEETS:
            break
        if kind == _SHEET:
            relation, after = _wide(data, start + 8)
            name, _ = _wide(data, after)
            part = by_id.get(relation, "")
            if part and package.has(part):
                sheets.append((name, part))
    return sheets


def _walked(data: bytes, strings: list[int]) -> tuple[int, int, int]:
    """(rows, columns) from A1 to the last value, and the text its shared cells repeat."""
    rows = columns = text = row = 0
    for kind, start, _ in _records(data):
        if kind == _ROW:
            row = _U32.unpack_from(data, start)[0]
            if row > _LAST_ROW:
                break
        elif kind in _VALUE_CELLS:
            rows, columns = max(rows, row + 1), max(columns, _U32.unpack_from(data, start)[0] + 1)
            if kind == _SHARED_TEXT and strings:
                index = _U32.unpack_from(data, start + 8)[0]
                text += strings[index] if index < len(strings) else 0
        elif kind == _END_DATA:
            break
    return rows, columns, text


def _declared(data: bytes) -> tuple[int, int] | None:
    for kind, start, _ in _records(data):
        if kind == _DIM:
            _, last_row, _, last_column = _DIMENSION.unpack_from(data, start)
            return last_row + 1, last_column + 1
        if kind == _ROW or kind in _VALUE_CELLS:
            return None
    return None


def _shared_strings(package: Package) -> list[int]:
    """Bytes of each shared string, in order."""
    if not package.has("xl/sharedStrings.bin"):
        return []
    data = package.read("xl/sharedStrings.bin")
    return [
        2 * _U32.unpack_from(data, start + 1)[0]
        for kind, start, _ in _records(data)
        if kind == _STRING
    ]


def check_xlsb(package: Package, limits: Limits) -> None:
    """Refuse an xlsb whose sheets span more than the limits allow, or whose shared
    strings, copied into every cell that uses them, unfold past the inflated limit."""
    strings = _shared_strings(package)
    budget = limits.max_inflated_mb * 1024 * 1024
    total = unfolded = 0
    for sheet, part in _sheets(package):
        # The smallest shared-text cell is 14 bytes: count them only when that could matter.
        repeats = bool(strings) and package.size(part) // 14 * max(strings) > budget
        data = package.read(part)
        declared = _declared(data) if len(data) > ALWAYS_MEASURED and not repeats else None
        if declared is not None and fits(*declared, limits):
            total = count_cells(sheet, *declared, limits, total)
            continue
        rows, columns, text = _walked(data, strings if repeats else [])
        total = count_cells(sheet, rows, columns, limits, total)
        unfolded += text
    within_inflated(unfolded, limits)
    within_memory(unfolded * TEXT_COPIES, limits)
