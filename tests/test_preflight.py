"""The early refusal: crafted files measured from their bytes before any reader parses them.

Each file is a few kilobytes that python-calamine would unfold into gigabytes (or abort
on); the preflight refuses it in milliseconds, naming the limit. Files within the limits,
however oddly written, pass. Nothing depends on this (the worker's limits stop whatever
gets past it: test_isolation.py), so these call the preflight alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import crafted
import pytest
from helpers import DATA

from shuangchuang_cli.reading.discover import discover
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.prefetch import Reading
from shuangchuang_cli.reading.preflight import check_package, check_xls
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
