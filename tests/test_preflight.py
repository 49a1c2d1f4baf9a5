"""The early refusal: crafted files measured from their bytes before any reader parses them.

Each file is a few kilobytes that python-calamine would unfold into gigabytes (or abort
on); the preflight refuses it in milliseconds, naming the limit. Files within the limits,
however oddly written, pass. Nothing depends on this (the worker's limits stop whatever
gets past it: test_isolation.py), so these call the preflight alone.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import crafted
import pytest
from helpers import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangchuang_cli.reading.discover import discover
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.prefetch import Reading
from shuangchuang_cli.reading.preflight import check_package, check_xls, xls, xlsx
from shuangchuang_cli.reading.preflight.ods import ALWAYS_WALKED
from shuangchuang_cli.rules.limits import Limits

LIMITS = Limits()


def refusal(tmp_path: Path, name: str, data: bytes, limits: Limits = LIMITS) -> str | None:
    path = crafted.write(tmp_path / name, data)
    check = check_xls if name.endswith(".xls") else check_package
    try:
        check(path, limits)
    except UnreadableFile as refused:
        return refused.reason
    return None


FAR = ("too_many_rows", "too_many_columns", "too_many_cells")
CASES: list[tuple[str, Callable[[], bytes], tuple[str, ...]]] = [
    ("lower_case.xlsx", lambda: crafted.xlsx_far("xfd1048576"), FAR),
    ("leading_zeros.xlsx", lambda: crafted.xlsx_far("XFD0001048576"), FAR),
    ("four_letters.xlsx", lambda: crafted.xlsx_far("AAAA1048576"), FAR),
    ("odd_relationship.xlsx", crafted.xlsx_odd_relationship, FAR),
    ("far.xlsb", lambda: crafted.xlsb([(0, 0, "姓名"), (1048575, 16383, 2.0)], (1, 1)), FAR),
    ("dimensions.xls", lambda: crafted.xls_dimensions(1048576, 16384), FAR),
    ("far.xls", crafted.xls_far_cell, FAR),
    ("single_quotes.ods", crafted.ods_single_quotes, FAR),
    ("spaces.ods", crafted.ods_spaces, ("too_large_once_read", "inflates")),
    ("shared_string.xls", crafted.xls_shared_string, ("inflates",)),
]


@pytest.mark.parametrize(("name", "build", "reasons"), CASES, ids=[c[0] for c in CASES])
def test_a_crafted_file_is_refused_before_it_is_parsed(
    tmp_path: Path, name: str, build: Callable[[], bytes], reasons: tuple[str, ...]
) -> None:
    assert refusal(tmp_path, name, build()) in reasons


def test_a_huge_sheet_without_dimension_is_refused_by_its_values(tmp_path: Path) -> None:
    """20,000 x 1,000 numbers in 600 KB: too many for a worker's memory, counted unpacked."""
    data = crafted.xlsx_many_cells(20_000, 1_000)
    assert len(data) < 1_000_000
    assert refusal(tmp_path, "many.xlsx", data) == "too_large_once_read"
    # The same sheet is not counted at all when it is small enough to fit.
    assert refusal(tmp_path, "fewer.xlsx", crafted.xlsx_many_cells(2_000, 1_000)) is None


def test_odd_but_near_cells_pass(tmp_path: Path) -> None:
    near = [
        ("lower.xlsx", crafted.xlsx_by_hand(["s"], '<row r="1"><c r="b2"><v>1</v></c></row>')),
        ("zeros.xlsx", crafted.xlsx_by_hand(["s"], '<row r="1"><c r="B002"><v>1</v></c></row>')),
        ("near.xlsb", crafted.xlsb([(0, 0, "姓名"), (9, 3, 1.0)], (9, 3))),
        # A dimension past the limits is walked past: calamine builds the grid from cells.
        ("declared.xlsb", crafted.xlsb([(n, 0, "姓名") for n in range(2000)], (1048576, 16384))),
        ("near.xls", crafted.xls_far_cell(200, 20)),
        ("spaces.ods", crafted.ods_spaces(1000)),
        ("shared.xls", crafted.xls_shared_string(cells=300, length=100)),
    ]
    for name, data in near:
        assert refusal(tmp_path, name, data) is None, name


def test_an_encrypted_xls_is_left_to_say_so(tmp_path: Path) -> None:
    """Past FILEPASS a stream is ciphertext: measured, it would be nonsense."""
    path = crafted.write(tmp_path / "locked.xls", crafted.xls_encrypted())
    check_xls(path, LIMITS)
    ((_, refused),) = list(Reading(discover([path]), LIMITS))
    assert isinstance(refused, UnreadableFile) and refused.reason == "encrypted"


def test_an_ods_whose_empty_cells_take_the_memory_is_refused(tmp_path: Path) -> None:
    """Empty cells before a value are kept too: 1221 x 16,384 of them take 800 MB."""
    data = crafted.ods_empty_cells()
    assert refusal(tmp_path, "empty.ods", data) is None  # within 1.5 GB and 30 million cells
    assert refusal(tmp_path, "empty.ods", data, Limits(max_memory_mb=500)) == (
        "too_large_once_read"
    )


@pytest.mark.parametrize("path", sorted(DATA.glob("*.xls*")) + sorted(DATA.glob("*.ods")))
def test_the_test_workbooks_pass(path: Path) -> None:
    check = check_xls if path.suffix == ".xls" else check_package
    if path.name in ("corrupt.xlsx", "html_as.xls") or path.name.startswith("~$"):
        return
    check(path, LIMITS)


# --- the sizes of an .xls's shared strings ---------------------------------------------


class _Pieces:
    """The reader of a string table before _string_sizes read it with a cursor: each
    read slices off what it took. Kept here as the reference the cursor must match."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces, self.data = pieces[1:], pieces[0]

    def next_piece(self) -> bool:
        if not self.pieces:
            return False
        self.data, self.pieces = self.pieces[0], self.pieces[1:]
        return True

    def take(self, count: int) -> bytes:
        taken = self.data[:count]
        self.data = self.data[count:]
        return taken

    def skip(self, count: int) -> None:
        while count > 0:
            if not self.data and not self.next_piece():
                return
            step = min(count, len(self.data))
            self.data, count = self.data[step:], count - step


def _reference_sizes(pieces: list[bytes]) -> list[int]:
    table = _Pieces([pieces[0][8:], *pieces[1:]])
    sizes = []
    while table.data or table.next_piece():
        if len(table.data) < 3:
            break
        characters, flags = struct.unpack_from("<H", table.data)[0], table.data[2]
        table.take(3)
        runs = struct.unpack("<H", table.take(2))[0] if flags & 0x8 else 0
        extra = struct.unpack("<I", table.take(4))[0] if flags & 0x4 else 0
        wide, left, size = flags & 0x1, characters, 0
        while left > 0:
            step = min(left, len(table.data) // (2 if wide else 1))
            table.take(step * (2 if wide else 1))
            left, size = left - step, size + step * (2 if wide else 1)
            if left > 0:
                if not table.next_piece() or not table.data:
                    break
                wide = table.take(1)[0] & 0x1
        sizes.append(size)
        table.skip(runs * 4 + extra)
    return sizes


def _outcome(read: Callable[[list[bytes]], list[int]], pieces: list[bytes]) -> object:
    try:
        return read(pieces)
    except struct.error:
        return "struct.error"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.binary(max_size=24) | st.sampled_from([b"", b"\x01", b"\x00", b"\x08\x00\x00"]),
        min_size=1,
        max_size=6,
    )
)
def test_string_sizes_read_any_table_as_the_sliced_reader_did(pieces: list[bytes]) -> None:
    from shuangchuang_cli.reading.preflight.xls import _string_sizes

    table = [b"\x00" * 8 + pieces[0], *pieces[1:]]
    assert _outcome(_string_sizes, table) == _outcome(_reference_sizes, table)


def test_string_sizes_of_a_workbook_with_strings_across_records() -> None:
    """Long Chinese and Latin strings, wide and narrow, run on across CONTINUE records."""
    from shuangchuang_cli.reading.preflight import xls

    texts = ["字" * 5000, "a" * 9000, "名录", "x" * 8219, "企业" * 3000, ""]
    data = crafted.xls([(n, 0, text) for n, text in enumerate(texts) if text])
    stream = xls.workbook_stream(data)
    assert stream is not None
    table: list[bytes] = []
    for kind, start, end in xls._records(stream):
        if kind == xls._SST or (table and kind == xls._CONTINUE):
            table.append(stream[start:end])
        elif table:
            break
    assert len(table) > 3  # the strings do run on across records
    assert xls._string_sizes(table) == _reference_sizes(table) == [10000, 9000, 4, 8219, 12000]


def test_string_sizes_skip_formatting_runs_across_records() -> None:
    """A rich string's runs (4 bytes each) and an Asian string's extra data run on into
    the next record, and the string after them is read from where they end."""
    from shuangchuang_cli.reading.preflight.xls import _string_sizes

    rich = b"\x02\x00\x08" + b"\x02\x00" + b"ab" + b"R" * 8  # 2 characters, 2 runs
    asian = b"\x01\x00\x05" + b"\x03\x00\x00\x00" + "字".encode("utf-16-le") + b"E" * 3
    plain = b"\x03\x00\x00abc"
    table = [b"\x00" * 8 + rich[:10], rich[10:] + asian[:9], asian[9:] + plain]
    assert _string_sizes(table) == _reference_sizes(table) == [2, 2, 3]


@st.composite
def string_table(draw: st.DrawFn) -> tuple[list[bytes], list[int]]:
    """A shared string table as BIFF8 writes one: strings of narrow or wide characters,
    some with formatting runs or extra data, split into records at random places; a string
    split inside its characters goes on after a flag byte. With each string's size."""
    atoms: list[tuple[bytes, int | None]] = []  # bytes, and the width a split here restates
    sizes = []
    for _ in range(draw(st.integers(0, 8))):
        length, wide = draw(st.integers(0, 12)), draw(st.booleans())
        runs, extra = draw(st.integers(0, 3)), draw(st.integers(0, 6))
        flags = (0x1 if wide else 0) | (0x8 if runs else 0) | (0x4 if extra else 0)
        head = struct.pack("<HB", length, flags)
        head += struct.pack("<H", runs) if runs else b""
        head += struct.pack("<I", extra) if extra else b""
        atoms.append((head, None))
        unit = "字".encode("utf-16-le") if wide else b"a"
        atoms += [(unit, int(wide))] * length
        atoms.append((b"R" * (runs * 4) + b"E" * extra, None))
        sizes.append(length * (2 if wide else 1))
    pieces, current = [], b"\x00" * 8
    for data, width in atoms:
        if current and draw(st.integers(0, 3)) == 0:  # a new CONTINUE record here
            pieces.append(current)
            current = b"" if width is None else bytes([width])
        current += data
    pieces.append(current)
    return pieces, sizes


@settings(max_examples=500, deadline=None)
@given(string_table())
def test_string_sizes_of_tables_split_anywhere(table: tuple[list[bytes], list[int]]) -> None:
    from shuangchuang_cli.reading.preflight.xls import _string_sizes

    pieces, sizes = table
    assert _string_sizes(pieces) == _reference_sizes(pieces)
    assert _string_sizes(pieces) == sizes


# --- what is left to the reading worker --------------------------------------------------


def test_a_large_ods_is_left_to_the_worker_unwalked(tmp_path: Path) -> None:
    """Walking a content.xml costs three times python-calamine's parse of it: past
    ALWAYS_WALKED bytes it is not walked, even where the walk would refuse it
    (test_isolation.py has the worker refuse such a file)."""
    padding = crafted.ods_names()
    far = crafted.ods(padding + crafted.MILLION_ROWS)
    assert refusal(tmp_path, "small.ods", crafted.ods(crafted.MILLION_ROWS)) in FAR
    assert _content_size(crafted.write(tmp_path / "far.ods", far)) > ALWAYS_WALKED
    assert refusal(tmp_path, "far.ods", far) is None


def _content_size(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return zf.getinfo("content.xml").file_size


def test_the_shared_strings_of_a_large_xls_or_xlsx_are_not_sized(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sizing a large table of shared strings costs a sixth to most of the whole parse:
    the table of an .xls stream past a megabyte, or an xlsx sharedStrings.xml past
    ALWAYS_MEASURED_STRINGS, is left to the worker's memory limit. A small crafted one is
    still measured (and refused: CASES)."""

    def sized(*_: object) -> list[int]:
        raise AssertionError("a large table was sized")

    monkeypatch.setattr(xls, "_string_sizes", sized)
    monkeypatch.setattr(xlsx, "_shared_sizes", sized)
    # 90,000 cells of one 2,000-character string: a 1.3 MB stream, 180 million characters.
    large_xls = crafted.xls_shared_string(cells=90_000, length=2_000)
    assert refusal(tmp_path, "large.xls", large_xls, Limits(max_inflated_mb=100)) is None
    names = [f"名称{n}" for n in range(60_000)]
    large_xlsx = crafted.xlsx_by_hand(["s"], SHARED_CELL, shared=names)
    assert refusal(tmp_path, "large.xlsx", large_xlsx) is None
    with pytest.raises(AssertionError, match="sized"):
        refusal(tmp_path, "small.xls", crafted.xls_shared_string(cells=300, length=100))
    with pytest.raises(AssertionError, match="sized"):
        refusal(tmp_path, "small.xlsx", crafted.xlsx_by_hand(["s"], SHARED_CELL, shared=["名称"]))


SHARED_CELL = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'


# --- the sectors of a compound file -----------------------------------------------------


def _reference_chain(data: bytes, fat: list[int], start: int, size: int) -> bytes:
    """xls.py's _chain as it was before runs of sectors were taken as one slice."""
    parts, sector, seen = [], start, 0
    while sector < len(fat) and seen <= len(fat):
        parts.append(data[(sector + 1) * size : (sector + 2) * size])
        sector, seen = fat[sector], seen + 1
    return b"".join(parts)


_MARKERS = st.sampled_from([0xFFFF_FFFE, 0xFFFF_FFFA, 0xFFFF_FFFD])


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_chain_is_the_sectors_it_links_runs_or_not(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 40))
    # Links that mostly go on to the next sector, as files keep their streams, with jumps,
    # loops, chain ends and links past the FAT.
    link = st.one_of(st.integers(0, count + 3), _MARKERS, st.just(-1), st.just(-1), st.just(-1))
    fat = [
        n + 1 if next_one == -1 else next_one
        for n, next_one in enumerate(data.draw(st.lists(link, min_size=count, max_size=count)))
    ]
    size = 4
    sectors = bytes(range(256)) * 2
    start = data.draw(st.integers(0, count + 1))
    whole = _reference_chain(sectors, fat, start, size)
    assert xls._chain(sectors, fat, start, size) == whole
    length = data.draw(st.integers(1, len(whole) + 9)) if whole else 1
    assert xls._chain(sectors, fat, start, size, length=length) == whole[:length]
