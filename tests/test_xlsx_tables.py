"""A table's rows written as XML (xlsx_tables) are what openpyxl writes for the same cells.

Each test writes the same rows twice: through openpyxl's own write-only rows (the cells
`make_cell` gives it), and through `add_table`, then compares the two sheets' XML from
the header on as canonical XML (openpyxl writes each non-ASCII character as a reference,
&#30416;, where the rows here are UTF-8: the same text) with each cell's style id left
out, and each cell's style as read back: the ids themselves differ, as the styles are
added to the workbook in another order (a column at a time, not a row at a time).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import PatternFill

from shuangchuang_cli.output.files import write_workbook
from shuangchuang_cli.output.xlsx import Styled, font, header_cells, make_cell
from shuangchuang_cli.output.xlsx_tables import Col, TableBook, add_table
from shuangchuang_cli.reading.discover import bundled_data_dir

RED = font(color="C00000")
COLUMNS = [
    Col("文本"),
    Col("数", number_format="#,##0"),
    Col("日期", 12, "yyyy-mm-dd"),
    Col("其他"),
]
ROWS: list[list[object]] = [
    ["盐湖街道", 12, dt.date(2024, 3, 5), 2.5],
    ["=1+1", 0, dt.datetime(2024, 3, 5, 8, 30), True],
    ["+86 991", -3, None, False],
    ["#N/A", 10**17, dt.date(1900, 3, 1), 0.1 + 0.2],
    ["a&b<c>d\"e'f]]>", 2.5, "2024年3月", 1 / 3],
    [" 前导空格", None, dt.datetime(2024, 1, 1), float("inf")],
    ["\u3000全角空格\u3000", 1.0, dt.date(2023, 12, 31), 1e-300],
    ["换\n行\r回车\t制表", 7, dt.date(2024, 2, 29), -0.0],
    ["", 5, dt.date(2024, 1, 2), ""],
    [
        "控制\x07字符",
        Styled(3, number_format="0.0%"),
        Styled(None, fill=PatternFill("solid", fgColor="FFC7CE")),
        Styled("错误", font=RED),
    ],
    [None, None, None, None],
    ["x" * 40_000, 3, dt.date(2024, 1, 2), Styled(0.5, number_format="0.0%")],
    ["盐湖街道", 12, dt.date(2024, 3, 5), "@mention"],
]


def _openpyxl_sheet(rows: list[list[object]], path: Path) -> None:
    """The same table written by openpyxl, cell by cell (no TableBook, no spooled rows)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("表")
    sheet.append(header_cells(sheet, [c.header for c in COLUMNS]))
    formats = [c.number_format for c in COLUMNS]
    for row in rows:
        sheet.append([make_cell(sheet, v, f) for v, f in zip(row, formats, strict=True)])
    write_workbook(book, path)


def _table_sheet(rows: list[list[object]], path: Path) -> None:
    book = TableBook()
    add_table(book, "表", COLUMNS, rows)
    book.save(path)


def _sheet_data(path: Path) -> bytes:
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml")
    found = re.search(rb"<sheetData>.*</sheetData>", xml, re.S)
    assert found is not None
    data = ElementTree.canonicalize(found.group().decode("utf-8"))
    return re.sub(r' s="\d+"', "", data).encode("utf-8")


def _looks(path: Path) -> list[tuple[object, ...]]:
    """Every cell's value, type and look, as openpyxl reads the file."""
    sheet = openpyxl.load_workbook(path)["表"]
    return [
        (c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix, *map(repr, looks))
        for row in sheet.iter_rows()
        for c in row
        for looks in [(c.font, c.fill, c.alignment, c.border, c.protection)]
    ]


def test_the_rows_are_openpyxls_own(tmp_path: Path) -> None:
    _openpyxl_sheet(ROWS, tmp_path / "a.xlsx")
    _table_sheet(ROWS, tmp_path / "b.xlsx")
    ours = _sheet_data(tmp_path / "b.xlsx")
    assert ours == _sheet_data(tmp_path / "a.xlsx")
    assert _looks(tmp_path / "b.xlsx") == _looks(tmp_path / "a.xlsx")
    assert ours.count(b"<row ") == len(ROWS) + 1  # the header and every row, empty ones too


def test_the_rows_read_back_as_given(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    _table_sheet(ROWS, path)
    sheet = openpyxl.load_workbook(path)["表"]
    assert [c.value for c in sheet[3]] == ["=1+1", 0, dt.datetime(2024, 3, 5, 8, 30), True]
    assert sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
    # A text that reads as an Excel error stays text (openpyxl alone writes an error cell).
    assert sheet["A5"].value == "#N/A" and sheet["A5"].data_type == "s"
    assert sheet["A11"].value == "控制\\x07字符"  # shown as an escape, as the terminal does
    assert sheet["B11"].number_format == "0.0%" and sheet["C11"].fill.fgColor.rgb == "00FFC7CE"
    assert sheet["D11"].font.color.rgb == "00C00000"
    assert sheet["C5"].number_format == "yyyy-mm-dd" and sheet["C6"].value == "2024年3月"
    assert len(sheet["A13"].value) == 32_767  # Excel's longest text, as openpyxl cuts it
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:D{len(ROWS) + 1}"


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_VALUE = st.one_of(
    st.none(),
    _TEXT,
    st.sampled_from(["=", "=A1", "-", "#REF!", " ", "\r", "&amp;"]),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)),
)


# A big number in the date column is no date: openpyxl says so when it reads it back.
@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(_VALUE, min_size=4, max_size=4), max_size=8))
def test_any_rows_are_openpyxls_own(tmp_path: Path, rows: list[list[object]]) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example: tmp_path is shared
    _openpyxl_sheet(rows, folder / "a.xlsx")
    _table_sheet(rows, folder / "b.xlsx")
    assert _sheet_data(folder / "b.xlsx") == _sheet_data(folder / "a.xlsx")
    assert _looks(folder / "b.xlsx") == _looks(folder / "a.xlsx")


def test_rows_for_a_sheet_the_workbook_lacks_are_refused(tmp_path: Path) -> None:
    book = TableBook()
    add_table(book, "表", COLUMNS, ROWS[:2])
    rows = book.rows_by_sheet()
    with pytest.raises(ValueError, match="别的表"):
        write_workbook(book, tmp_path / "x.xlsx", {"别的表": rows["表"]})
    book.close_rows()


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "where",
    [
        "spooling",  # the rows going to their temporary file, while the sheets are made
        "packing",  # the rows going into the workbook, once openpyxl's part is made
    ],
)
def test_a_full_disk_while_the_rows_are_written_is_exit_2(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shuangchuang_cli.output import xlsx_tables

    if where == "spooling":
        monkeypatch.setattr(xlsx_tables.TableRows, "write", _full)
    else:
        monkeypatch.setattr(shutil, "copyfileobj", _full)  # as files.py packs the rows
    target = tmp_path / "考核.xlsx"
    target.write_bytes(b"the analyst's previous workbook")
    result = invoke("export", "2024", "-o", target, "--force", "--data", bundled_data_dir())
    assert result.exit_code == 2, result.output
    assert "磁盘" in result.stderr and "内部错误" not in result.stderr
    assert target.read_bytes() == b"the analyst's previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["考核.xlsx"]  # no working folder left


def test_an_export_given_up_half_made_leaves_no_writer_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sheets made before the failure are closed at once: a row writer left open would
    print "Exception ignored" and a traceback whenever it is collected."""
    import gc

    from shuangchuang_cli.api import Workspace
    from shuangchuang_cli.output import export, xlsx_tables

    monkeypatch.setattr(xlsx_tables.TableRows, "write", _full)
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(OSError):
        export.build_export(Workspace(bundled_data_dir()), 2024, None, "zh")
    gc.collect()
    assert unraisable == []


def test_cells_kept_no_longer_change_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A column's kept cells are let go past KEEP_AT_MOST (memory): made again, the
    same. One row to a batch, so that the kept cells are let go between rows."""
    from shuangchuang_cli.output import xlsx_tables

    monkeypatch.setattr(xlsx_tables, "KEEP_AT_MOST", 2)
    monkeypatch.setattr(xlsx_tables, "_BATCH", 1)
    _openpyxl_sheet(ROWS, tmp_path / "a.xlsx")
    _table_sheet(ROWS, tmp_path / "b.xlsx")
    assert _sheet_data(tmp_path / "b.xlsx") == _sheet_data(tmp_path / "a.xlsx")
    assert _looks(tmp_path / "b.xlsx") == _looks(tmp_path / "a.xlsx")


def test_the_same_rows_make_the_same_file_on_every_run(tmp_path: Path) -> None:
    """Styles join the workbook in the order the values come, whatever Python's hash seed
    (a set's order would change the style ids from run to run)."""
    script = (
        "import datetime as dt, sys, zipfile\n"
        "from shuangchuang_cli.output.xlsx_tables import Col, TableBook, add_table\n"
        "book = TableBook()\n"
        "rows = [['+1'], ['x'], [dt.date(2024, 1, 1)], [dt.datetime(2024, 1, 1, 5)], ['=y']]\n"
        "add_table(book, '表', [Col('a')], rows)\n"
        "book.save(sys.argv[1])\n"
        "sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())\n"
    )
    made = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        path = tmp_path / f"{seed}.xlsx"
        run = subprocess.run(
            [sys.executable, "-c", script, str(path)], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        made.append(run.stdout)
    assert made[0] == made[1] == made[2]


def test_a_small_sheet_has_no_zip64_header(tmp_path: Path) -> None:
    """Zip64 headers only where a part needs them, as openpyxl writes its own parts."""
    path = tmp_path / "b.xlsx"
    _table_sheet(ROWS, path)
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
    at = info.header_offset
    name_length, extra_length = struct.unpack("<HH", raw[at + 26 : at + 30])
    extra = raw[at + 30 + name_length : at + 30 + name_length + extra_length]
    fields, at = [], 0
    while at + 4 <= len(extra):
        field, size = struct.unpack("<HH", extra[at : at + 4])
        fields.append(field)
        at += 4 + size
    assert 0x0001 not in fields  # Zip64's extra field


def test_a_time_with_a_zone_is_refused_as_openpyxl_refuses_it() -> None:
    book = TableBook()
    with pytest.raises(TypeError, match="timezones"):
        add_table(book, "表", [Col("时")], [[dt.time(8, 30, tzinfo=dt.UTC)]])
    book.let_go()


def test_a_long_table_under_lead_rows_stays_within_a_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each sheet holds at most Excel's rows (here made 1 + 5), lead rows counted."""
    from shuangchuang_cli.output import xlsx_tables

    monkeypatch.setattr(xlsx_tables, "MAX_DATA_ROWS", 5)
    book = TableBook()
    rows = [[f"单位{n}"] for n in range(12)]
    add_table(book, "表", [Col("名称")], rows, lead=[["标题"], ["截至 2024-12-31"]])
    path = tmp_path / "long.xlsx"
    book.save(path)
    sheets = openpyxl.load_workbook(path).worksheets
    assert max(sheet.max_row for sheet in sheets) <= 6
    names = [c.value for sheet in sheets for c in sheet["A"] if str(c.value).startswith("单位")]
    assert names == [r[0] for r in rows]
