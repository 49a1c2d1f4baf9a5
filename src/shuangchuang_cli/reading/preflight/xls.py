"""A legacy .xls measured from its BIFF8 records, as python-calamine will read them.

python-calamine reserves a sheet's grid from its DIMENSIONS record before it reads a
cell (a record can declare 1,048,576 x 16,384 cells), builds the grid from the cells it
holds wherever they are (row and column are 16-bit: a cell at 65535, 65535 asks for four
billion), and copies a shared string into every cell that uses it. So the Workbook
stream is taken out of its compound file, each sheet's DIMENSIONS is checked, and a
stream of up to a megabyte is walked cell by cell (a few milliseconds), as is such a
stream whose shared strings could unfold past the inflated-size limit. A larger stream's
shared strings are not measured: sizing them string by string costs most of what
python-calamine takes to read the whole file, and a file whose copies of them pass the
reading worker's memory costs that file (too_large_once_read), not the run.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from shuangchuang_cli.reading.limits import count_cells
from shuangchuang_cli.reading.preflight.budget import (
    GATHERED_CELL,
    MB,
    TEXT_COPIES,
    within_inflated,
    within_memory,
)
from shuangchuang_cli.rules.limits import Limits

_U16, _U32 = struct.Struct("<H"), struct.Struct("<I")
_RECORD = struct.Struct("<HH")
_END_OF_CHAIN = 0xFFFF_FFFA  # sector ids from here up are markers, not sectors
_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")  # the names calamine looks for
_WALKED = 1024 * 1024  # bytes of Workbook stream walked cell by cell
_BOF, _EOF, _SHEET, _SST, _CONTINUE, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x00FC, 0x003C, 0x0200
_LABEL_SST, _MULRK, _FILEPASS = 0x00FD, 0x00BD, 0x002F
# Records calamine turns into a cell (number, label, rich label, bool/error, RK, shared
# label, formula); blanks are not.
_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, _LABEL_SST, 0x0006})
_SMALLEST_CELL = 14  # bytes of a LABELSST record


def _sectors(data: bytes) -> tuple[int, list[int], list[int], list[tuple[str, int, int]]]:
    """Sector size, FAT, mini FAT and directory (name, start, size) of a compound file."""
    shift, mini_shift = _U16.unpack_from(data, 30)[0], _U16.unpack_from(data, 32)[0]
    size = 1 << shift
    if shift not in (9, 12) or mini_shift != 6:
        raise ValueError("not a compound file")
    mini_start, mini_count = _U32.unpack_from(data, 60)[0], _U32.unpack_from(data, 64)[0]
    difat_at, difat_count = _U32.unpack_from(data, 68)[0], _U32.unpack_from(data, 72)[0]
    fat_sectors = list(struct.unpack_from("<109I", data, 76))
    for _ in range(difat_count):  # more FAT sector ids, in a chain of DIFAT sectors
        if difat_at >= _END_OF_CHAIN:
            break
        ids = struct.unpack_from(f"<{size // 4}I", data, (difat_at + 1) * size)
        fat_sectors += ids[:-1]
        difat_at = ids[-1]
    fat: list[int] = []
    for sector in fat_sectors:
        if sector < _END_OF_CHAIN:
            fat += struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
    directory_data = _chain(data, fat, _U32.unpack_from(data, 48)[0], size)
    directory = []
    for at in range(0, len(directory_data) - 127, 128):
        length = min(_U16.unpack_from(directory_data, at + 64)[0], 64)
        name = directory_data[at : at + max(length - 2, 0)].decode("utf-16-le", "replace")
        start, stream_size = struct.unpack_from("<IQ", directory_data, at + 116)
        directory.append((name, start, stream_size if shift == 12 else stream_size & 0xFFFF_FFFF))
    mini_fat_data = _chain(data, fat, mini_start, size)[: mini_count * size]
    mini_fat = list(struct.unpack_from(f"<{len(mini_fat_data) // 4}I", mini_fat_data))
    return size, fat, mini_fat, directory


def _chain(
    data: bytes, fat: list[int], start: int, size: int, sectors: bytes = b"", length: int = 0
) -> bytes:
    """The bytes of a chain of sectors (of `sectors`, else of the file); a loop ends it.
    With a `length`: only as many sectors as hold that many bytes."""
    offset = 0 if sectors else 1  # the file's sector 0 comes after its header
    source = memoryview(sectors or data)  # sliced without a copy; joined, copied once
    # A loop ends the chain after len(fat) + 1 sectors, as many as it could hold.
    wanted = min(-(-length // size), len(fat) + 1) if length else len(fat) + 1
    parts, sector, seen = [], start, 0
    while sector < len(fat) and seen < wanted:
        run = _run(fat, sector, wanted - seen)
        parts.append(source[(sector + offset) * size : (sector + offset + run) * size])
        sector, seen = fat[sector + run - 1], seen + run
    over = sum(map(len, parts)) - length
    if length and over > 0:  # the last sector's unused end
        parts[-1] = parts[-1][: len(parts[-1]) - over]
    return b"".join(parts)


def _run(fat: list[int], sector: int, most: int) -> int:
    """How many sectors of a chain, from `sector` on and `most` at most, are one after the
    other in the file. Files mostly keep a stream so, with a few breaks (a 10 MB stream is
    19,000 sectors): its runs are found by comparing slices of the FAT in C, doubling the
    step while they match, not by a step per sector."""
    most = min(most, len(fat) - sector)
    found, step = 1, 1
    while found < most:
        ahead = min(found + step, most)
        if fat[sector + found - 1 : sector + ahead - 1] == list(
            range(sector + found, sector + ahead)
        ):
            found, step = ahead, step * 2
        elif step > 1:
            step //= 2
        else:
            break
    return found


def workbook_stream(data: bytes) -> bytes | None:
    """The Workbook stream of an .xls, as calamine takes it out of the compound file."""
    size, fat, mini_fat, directory = _sectors(data)
    for wanted in _STREAMS:
        for name, start, length in directory:
            if name != wanted:
                continue
            if length < 4096:
                root = _chain(data, fat, directory[0][1], size)
                return _chain(data, mini_fat, start, 64, root)[:length]
            return _chain(data, fat, start, size, length=length)
    return None  # python-calamine says what that is (an encrypted xlsx, say)


def _records(stream: bytes, at: int = 0) -> Iterator[tuple[int, int, int]]:
    """(type, start, end) of each BIFF record from `at`."""
    while at + 4 <= len(stream):
        kind, length = _RECORD.unpack_from(stream, at)
        yield kind, at + 4, at + 4 + length
        at += 4 + length


def _string_sizes(pieces: list[bytes]) -> list[int]:
    """Bytes of each string of a shared string table (SST and its CONTINUE records), read
    as calamine reads it: a string's characters go on across a CONTINUE record, which
    then opens with a flag byte (one or two bytes a character); its formatting runs and
    extra data are skipped. One pass with a cursor (no copy of what is left of a record
    per string): 0.05 s for 152,151 strings, against 0.14 s sliced."""
    sizes: list[int] = []
    append, u16, u32 = sizes.append, _U16.unpack_from, _U32.unpack_from
    count = len(pieces)
    p, data, at = 0, pieces[0], 8  # the SST opens with two counts
    end = len(data)
    while True:
        if at >= end:  # a record used up: the next string starts the next one
            p += 1
            if p >= count:
                break
            data, at = pieces[p], 0
            end = len(data)
        if end - at < 3:
            break
        characters, flags = data[at] | data[at + 1] << 8, data[at + 2]
        at += 3
        runs = extra = 0
        if flags & 0x8:
            runs = u16(data[at : at + 2])[0]
            at += 2
        if flags & 0x4:
            extra = u32(data[at : at + 4])[0]
            at += 4
        width = 2 if flags & 0x1 else 1
        left = characters
        size = 0
        while left > 0:
            step = min(left, (end - at) // width)
            at += step * width
            left, size = left - step, size + step * width
            if left > 0:  # on in the next record, after its flag byte
                if p + 1 >= count:
                    break
                p += 1
                data, at = pieces[p], 0
                end = len(data)
                if not end:
                    break
                width, at = 2 if data[0] & 0x1 else 1, 1
        append(size)
        skip = runs * 4 + extra
        while skip > 0:
            if at >= end:
                if p + 1 >= count:
                    break
                p += 1
                data, at = pieces[p], 0
                end = len(data)
                continue
            step = min(skip, end - at)
            at, skip = at + step, skip - step
    return sizes


def _declared(stream: bytes, start: int, end: int) -> tuple[int, int]:
    """The cells a DIMENSIONS record has calamine reserve: (rows, columns)."""
    if end - start == 14:
        first_row, last_row = struct.unpack_from("<II", stream, start)
        first_col, last_col = struct.unpack_from("<HH", stream, start + 8)
    else:
        first_row, last_row, first_col, last_col = struct.unpack_from("<4H", stream, start)
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row < 1 or last_col < 1:
        return 1, 1
    return (last_row - 1 - first_row + 1) & 0xFFFF_FFFF, last_col - first_col


def check_biff(path: Path, limits: Limits) -> None:
    """Refuse an .xls whose sheets, as declared or as they hold cells, pass the limits."""
    stream = workbook_stream(path.read_bytes())
    if stream is None:
        return
    sheets: list[tuple[str, int]] = []
    table: list[bytes] = []
    in_table = False
    for kind, start, end in _records(stream):
        if kind == _FILEPASS:  # the rest is encrypted: python-calamine says so
            return
        if kind == _SHEET and end - start >= 8:
            length, wide = stream[start + 6], stream[start + 7] & 0x1
            raw = stream[start + 8 : start + 8 + length * (2 if wide else 1)]
            shown = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            sheets.append((shown, _U32.unpack_from(stream, start)[0]))
        in_table = kind == _SST or (kind == _CONTINUE and in_table)
        if kind == _SST:
            table = [stream[start:end]]
        elif in_table:
            table.append(stream[start:end])
        if kind == _EOF:
            break
    walk = len(stream) <= _WALKED
    sizes = _string_sizes(table) if table and walk else []
    unfold = len(stream) // _SMALLEST_CELL * max(sizes, default=0) > limits.max_inflated_mb * MB
    total = unfolded = 0
    for name, at in sheets:
        rows, columns, text = _sheet(name, stream, at, sizes if unfold else [], walk, limits)
        total = count_cells(name, rows, columns, limits, total)
        unfolded += text
    within_inflated(unfolded, limits)
    within_memory(unfolded * TEXT_COPIES, limits)


def _sheet(
    name: str, stream: bytes, at: int, sizes: list[int], walk: bool, limits: Limits
) -> tuple[int, int, int]:
    """(rows, columns) a sheet will take from A1, and the text its shared-string cells
    repeat; its DIMENSIONS, which calamine reserves before reading a cell, on the way."""
    rows = columns = text = depth = 0
    seen_bof = False
    for kind, start, end in _records(stream, at):
        if depth:  # an embedded chart's records: calamine skips them
            depth += {_BOF: 1, _EOF: -1}.get(kind, 0)
            continue
        if kind == _BOF:
            depth, seen_bof = (1, seen_bof) if seen_bof else (0, True)
        elif kind == _EOF:
            break
        elif kind == _DIMENSIONS:
            declared = _declared(stream, start, end)
            count_cells(name, *declared, limits)
            within_memory(declared[0] * declared[1] * GATHERED_CELL, limits)
            if not walk:
                return (*declared, 0)
        elif walk and (kind in _CELLS or kind == _MULRK) and end - start >= 4:
            row, column = struct.unpack_from("<HH", stream, start)
            if kind == _MULRK and end - start >= 6:
                column = _U16.unpack_from(stream, end - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, column + 1)
            if kind == _LABEL_SST and sizes and end - start >= 10:
                index = _U32.unpack_from(stream, start + 6)[0]
                text += sizes[index] if index < len(sizes) else 0
    return rows, columns, text
