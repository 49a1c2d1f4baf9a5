"""The ODS walk (preflight/ods.py) gives the verdict the walk it replaced gave, on any table.

The walk was made faster (split at the tags in C, limits compared in place): the walk it
replaced is kept here, as it was, and both are run on tables of repeated rows and cells,
values, formulas, covered cells and runs of spaces, under limits small enough to be
passed. Each must refuse the same tables, for the same reason, naming the same numbers.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from shuangchuang_cli.reading.limits import UnreadableFile, count_cells
from shuangchuang_cli.reading.preflight.budget import (
    GRID_CELL,
    ODS_CELL,
    TEXT_COPIES,
    within_inflated,
    within_memory,
)
from shuangchuang_cli.reading.preflight.ods import (
    _MAX_COLUMNS,
    _MAX_ROWS,
    _NAME,
    _REPEAT,
    _SPACES,
    _TAG,
    check_ods,
)
from shuangchuang_cli.reading.preflight.xlsx import Package
from shuangchuang_cli.rules.limits import Limits


def reference_check_ods(package: Package, limits: Limits) -> None:
    """preflight/ods.py's check_ods as it was before the walk was made faster (the same
    patterns: the tags, repeats, names and runs of spaces are found as they were)."""
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
                held += (col - written) * ODS_CELL
                written = col
                if b"value-type" in attrs:
                    height, width = max(height, row), max(width, col)
                    count_cells(sheet, height, width, limits, total)
                end = tags[n + 1].start() if n + 1 < len(tags) else len(data)
                text = data[tag.end() : end]
                spaces = sum(int(c) for c in _SPACES.findall(text)) if b"text:c" in text else 0
                chars += row_repeat * repeat * (end - tag.end() + spaces)
                within_memory(held + (total + height * width) * GRID_CELL, limits)
        if kind != b"table-cell" and kind != b"covered-table-cell":
            written = 0
    count_cells(sheet, height, width, limits, total)
    within_inflated(chars, limits)
    within_memory(held + (total + height * width) * GRID_CELL + chars * TEXT_COPIES, limits)


def package_of(sheets: list[str]) -> Package:
    tables = "".join(
        f'<table:table table:name="表{n}">{t}</table:table>' for n, t in enumerate(sheets)
    )
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("content.xml", content)
    return Package(zipfile.ZipFile(buffer))


def outcome(check: object, package: Package, limits: Limits) -> object:
    try:
        check(package, limits)  # type: ignore[operator]
    except UnreadableFile as refused:
        return refused.reason, refused.params
    return None


REPEATS = st.sampled_from(["", ' table:number-{}-repeated="{}"', " table:number-{}-repeated='{}'"])
COUNTS = st.sampled_from([1, 2, 3, 40, 1000, 16_383, 16_384, 20_000, 1_048_576])
TEXTS = st.sampled_from(
    [
        "",
        "<text:p>导师</text:p>",
        '<text:p>a<text:s text:c="7"/>b</text:p>',
        "<text:p><text:s text:c='100000000'/></text:p>",
    ]
)


@st.composite
def cell(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["table-cell", "covered-table-cell"]))
    repeat = draw(REPEATS).format("columns", draw(COUNTS)) if draw(st.booleans()) else ""
    value = draw(st.sampled_from(["", ' office:value-type="float"', " office:value-type='string'"]))
    formula = draw(st.sampled_from(["", ' table:formula="of:=1"']))
    text = draw(TEXTS)
    if not text and draw(st.booleans()):
        return f"<table:{kind}{repeat}{value}{formula}/>"
    return f"<table:{kind}{repeat}{value}{formula}>{text}</table:{kind}>"


@st.composite
def row(draw: st.DrawFn) -> str:
    repeat = draw(REPEATS).format("rows", draw(COUNTS)) if draw(st.booleans()) else ""
    cells = "".join(draw(st.lists(cell(), max_size=5)))
    return f"<table:table-row{repeat}>{cells}</table:table-row>"


SHEETS = st.lists(st.lists(row(), max_size=5).map("".join), min_size=1, max_size=3)
LIMITS = st.builds(
    Limits,
    max_inflated_mb=st.sampled_from([0.001, 1, 1024]),
    max_rows=st.sampled_from([5, 1000, 1_000_000]),
    max_columns=st.sampled_from([4, 16_384]),
    max_cells=st.sampled_from([50, 30_000_000]),
    max_memory_mb=st.sampled_from([0.01, 1536]),
)


@settings(max_examples=400, deadline=None)
@given(SHEETS, LIMITS)
def test_the_walk_refuses_what_the_walk_it_replaced_refused(
    sheets: list[str], limits: Limits
) -> None:
    package = package_of(sheets)
    assert outcome(check_ods, package, limits) == outcome(reference_check_ods, package, limits)


def test_both_walks_let_a_small_table_through_and_refuse_a_repeated_one() -> None:
    value = "<table:table-cell office:value-type='float'/>"
    small = package_of([f"<table:table-row>{value}</table:table-row>"])
    rows = "<table:table-row table:number-rows-repeated='1048576'>"
    huge = package_of([f"{rows}{value}</table:table-row>"])
    assert outcome(check_ods, small, Limits()) is None
    refused = ("too_many_rows", {"sheet": "表0", "rows": 1_048_576, "limit": 1_000_000})
    assert outcome(check_ods, huge, Limits()) == refused
    assert outcome(reference_check_ods, huge, Limits()) == refused
