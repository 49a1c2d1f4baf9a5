"""Reading files into rows: positions equal Excel's rows, encodings, refusals with a reason."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import crafted
import openpyxl
import pytest
from helpers import DATA, check, rules, summary
from make_test_data import MAIN_NS, xlsx_by_hand

from shuangchuang_cli.reading.discover import discover
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.prefetch import Reading
from shuangchuang_cli.reading.readers import (
    RawSheet,
    decode_text,
    is_ignored,
    read_csv,
    read_workbook,
)
from shuangchuang_cli.rules.limits import Limits

LIMITS = rules().values.limits
TITLE = "达坂城区2024年双创工作统计表"


def sheets(path: Path, limits: Limits = LIMITS) -> list[RawSheet]:
    return list(read_workbook(path, limits))


def reason(call: object) -> str:
    """The UnreadableFile reason raised by a zero-argument callable."""
    assert callable(call)
    with pytest.raises(UnreadableFile) as info:
        result = call()
        if not isinstance(result, RawSheet):
            list(result)
    return info.value.reason


def test_rows_are_excel_rows_with_title_rows_kept() -> None:
    (sheet,) = sheets(DATA / "tolerance_title_rows.xlsx")
    assert sheet.name == "孵化企业"
    assert sheet.rows[0][0] == TITLE  # Excel row 1: the merged title
    assert str(sheet.rows[1][0]).startswith("填报单位")
    assert sheet.rows[2][:2] == ["名称", "主体类型"]  # Excel row 3: the header
    assert sheet.rows[3][0] == "天山新材料有限公司"  # Excel row 4: the first record


def test_leading_empty_rows_and_columns_keep_their_places(tmp_path: Path) -> None:
    # python-calamine drops a leading empty area unless told not to (FIELD-NOTES.md).
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "创业导师"
    ws["C4"] = "姓名"
    ws["C5"] = "王芳"
    path = tmp_path / "offset.xlsx"
    book.save(path)
    (sheet,) = sheets(path)
    assert sheet.rows[3][2] == "姓名"
    assert sheet.rows[4][2] == "王芳"


def test_sheets_come_in_workbook_order() -> None:
    names = [s.name for s in sheets(DATA / "warning_unknown_sheet.xlsx")]
    assert names == ["填报说明", "双创活动", "汇总"]


def test_dates_and_numbers_arrive_as_cells() -> None:
    (sheet,) = sheets(DATA / "tolerance_date_forms.xlsx")
    cells = [row[4] for row in sheet.rows[1:]]
    assert cells[5] == dt.date(2024, 3, 5) or cells[5] == dt.datetime(2024, 3, 5)
    assert cells[6] == 45356  # an Excel serial typed as a number
    assert cells[0] == "2024-03-05"


def test_legacy_xls_is_read() -> None:
    (sheet,) = sheets(DATA / "legacy.xls")
    assert sheet.name == "高新技术企业"
    assert sheet.rows[0][0] == TITLE
    assert sheet.rows[1][0] == "企业名称"
    assert sheet.rows[2][0] == "达坂城风电科技有限公司"
    # A date cell written with a date format comes back as a date.
    assert isinstance(sheet.rows[3][3], dt.date)


def test_gb18030_csv() -> None:
    sheet = read_csv(DATA / "tolerance_gb18030.csv", LIMITS)
    assert sheet.name == "tolerance_gb18030"
    assert sheet.rows[0][0] == "名称"
    assert sheet.rows[2][0] == "㐀星团队"  # outside GBK: only GB18030 has it


def test_utf8_bom_csv_has_no_bom_in_its_first_header() -> None:
    sheet = read_csv(DATA / "tolerance_utf8_bom.csv", LIMITS)
    assert sheet.rows[0][0] == "姓名"
    assert sheet.rows[2][:2] == ["李强", "cm 2024 0002"]


def test_csv_rows_are_records_not_physical_lines() -> None:
    sheet = read_csv(DATA / "error_csv_row_numbers.csv", LIMITS)
    # Record 4 holds a line break inside quotes; a spreadsheet still shows it as row 4.
    assert sheet.rows[3][0] == "沙龙二\n（下午场）"
    assert sheet.rows[4][0] == "沙龙三"
    assert len(sheet.rows) == 5


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("名称,日期".encode(), "名称,日期"),
        ("名称,日期".encode("utf-8-sig"), "名称,日期"),
        ("名称,日期".encode("gb18030"), "名称,日期"),
        ("名称,日期".encode("gbk"), "名称,日期"),
        ("名称,日期".encode("utf-16"), "名称,日期"),
    ],
)
def test_decode_text(data: bytes, text: str) -> None:
    assert decode_text(data) == text


def test_utf16_and_semicolon_csv(tmp_path: Path) -> None:
    path = tmp_path / "导师.csv"
    path.write_bytes("姓名;证书编号\r\n王芳;CM1\r\n".encode("utf-16"))
    assert read_csv(path, LIMITS).rows == [["姓名", "证书编号"], ["王芳", "CM1"]]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_excel_separator_line_is_obeyed_and_not_a_row(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "创业导师.csv"
    lines = [
        f"sep={separator}",
        "姓名|证书编号|所属单位|聘任日期",
        "王芳|CM1|区人社局|",
        "李明|CM2|区人社局|2024-03-05",
    ]
    path.write_text("\r\n".join(lines).replace("|", separator) + "\r\n", "utf-8-sig")
    assert read_csv(path, LIMITS).rows[0] == ["姓名", "证书编号", "所属单位", "聘任日期"]
    # Excel hides the sep= line: the header is its row 1 and the blank date is in row 2.
    assert summary(check(path).issues) == [("missing_value", "error", "创业导师", 2, "聘任日期")]


def test_excel_text_guards_in_a_csv_are_unwrapped(tmp_path: Path) -> None:
    """="..." keeps Excel from reading a code as a number; the cell is the text inside."""
    path = tmp_path / "高新技术企业.csv"
    path.write_text(
        '企业名称,统一社会信用代码,证书编号\n甲,="91650107MA0000001X",=1+1\n乙,"=""007""",="a"b"\n',
        encoding="utf-8",
    )
    assert read_csv(path, LIMITS).rows[1:] == [
        ["甲", "91650107MA0000001X", "=1+1"],
        ["乙", "007", '="a"b"'],
    ]


def test_corrupt_workbook_is_unreadable() -> None:
    assert reason(lambda: sheets(DATA / "corrupt.xlsx")) == "corrupt"


def test_html_saved_as_xls_is_unreadable() -> None:
    assert reason(lambda: sheets(DATA / "html_as.xls")) == "html"


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "empty.csv").write_bytes(b"")
    assert reason(lambda: sheets(tmp_path / "empty.xlsx")) == "empty"
    assert reason(lambda: read_csv(tmp_path / "empty.csv", LIMITS)) == "empty"


def test_a_picture_named_xlsx_is_not_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "scan.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert reason(lambda: sheets(tmp_path / "scan.xlsx")) == "not_workbook"


def test_a_docx_named_xlsx_is_corrupt() -> None:
    path = DATA / "unsupported.docx"
    assert reason(lambda: sheets(path)) == "corrupt"


def test_a_workbook_named_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_bytes((DATA / "tolerance_title_rows.xlsx").read_bytes())
    assert reason(lambda: read_csv(path, LIMITS)) == "workbook_as_csv"


def test_binary_content_is_not_csv(tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"a,b\x00\x01\x02")
    assert reason(lambda: read_csv(path, LIMITS)) == "not_text"


def test_limits_are_checked_before_reading(tmp_path: Path) -> None:
    small = Limits(max_file_mb=0.001)
    assert reason(lambda: sheets(DATA / "tolerance_title_rows.xlsx", small)) == "too_big"
    few_rows = Limits(max_rows=2)
    assert reason(lambda: sheets(DATA / "tolerance_title_rows.xlsx", few_rows)) == "too_many_rows"
    assert reason(lambda: read_csv(DATA / "tolerance_gb18030.csv", Limits(max_rows=1))) == (
        "too_many_rows"
    )
    bomb = Limits(max_inflated_mb=0.001)
    assert reason(lambda: sheets(DATA / "tolerance_title_rows.xlsx", bomb)) == "inflates"
    long_cell = tmp_path / "long.csv"
    long_cell.write_text("名称\n" + "x" * 200 + "\n", encoding="utf-8")
    assert reason(lambda: read_csv(long_cell, Limits(max_cell_chars=100))) == "cell_too_long"


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("~$lock.xlsx", True),
        (".hidden.xlsx", True),
        (".DS_Store", True),
        ("盐湖街道.xlsx", False),
        ("a~$b.xlsx", False),
    ],
)
def test_lock_and_hidden_files_are_ignored(name: str, ignored: bool) -> None:
    assert is_ignored(Path(name)) is ignored


def raw_xlsx(path: Path, sheet_data: str, dimension: str | None = None) -> Path:
    """A minimal xlsx with one worksheet '名录' whose XML is written by hand."""
    path.write_bytes(xlsx_by_hand(["名录"], sheet_data, dimension))
    return path


def cell(ref: str, value: int) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def test_a_sheet_spanning_all_of_excels_grid_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Read as it is, the grid would need 512 GiB and abort the process."""
    data = f'<row r="1">{cell("A1", 1)}</row><row r="1048576">{cell("XFD1048576", 2)}</row>'
    path = raw_xlsx(tmp_path / "far.xlsx", data)
    with pytest.raises(UnreadableFile) as refused:
        sheets(path)
    assert (refused.value.reason, refused.value.params["sheet"]) == ("too_many_rows", "名录")


def test_a_wide_and_tall_sheet_is_refused_at_the_cell_limit(tmp_path: Path) -> None:
    data = f'<row r="1">{cell("A1", 1)}</row><row r="3900">{cell("XFD3900", 2)}</row>'
    path = raw_xlsx(tmp_path / "wide.xlsx", data, dimension="A1:XFD3900")
    with pytest.raises(UnreadableFile) as refused:
        sheets(path)
    assert refused.value.reason == "too_many_cells"
    assert refused.value.params == {
        "sheet": "名录",
        "rows": 3900,
        "columns": 16384,
        "limit": LIMITS.max_cells,
    }


def test_an_oversized_dimension_or_far_formatted_cells_do_not_refuse_a_small_sheet(
    tmp_path: Path,
) -> None:
    """A <dimension> over whole columns, or formats far away, hold no values."""
    data = f'<row r="1">{cell("A1", 1)}{cell("B1", 2)}</row>'
    data += '<row r="900000"><c r="XFD900000" s="1"/></row>'
    path = raw_xlsx(tmp_path / "formatted.xlsx", data, dimension="A1:XFD1048576")
    (sheet,) = sheets(path)
    assert sheet.rows[0][:2] == [1, 2]


def test_a_csv_is_as_wide_as_its_longest_row(tmp_path: Path) -> None:
    """Ragged rows are padded to the longest: 3 rows and one of 50 fields are 150 cells."""
    path = tmp_path / "ragged.csv"
    path.write_text("名称\n甲\n" + "," * 49 + "\n", encoding="utf-8")
    assert len(read_csv(path, LIMITS).rows) == 3
    with pytest.raises(UnreadableFile) as refused:
        read_csv(path, Limits(max_cells=100))
    assert refused.value.params == {"sheet": "ragged", "rows": 3, "columns": 50, "limit": 100}


def test_a_csv_with_too_many_fields_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    path.write_text("名称\n" + "," * 1000 + "\n", encoding="utf-8")
    assert reason(lambda: read_csv(path, Limits(max_cells=500))) == "too_many_cells_in_file"


def test_the_cell_limit_is_for_all_sheets_of_a_file_together(tmp_path: Path) -> None:
    path = tmp_path / "three.xlsx"
    book = openpyxl.Workbook()
    for n in range(3):
        sheet = book.create_sheet(f"表{n}")
        for _ in range(10):
            sheet.append(list(range(10)))
    book.remove(book.worksheets[0])
    book.save(path)
    assert len(sheets(path, Limits(max_cells=300))) == 3
    assert reason(lambda: sheets(path, Limits(max_cells=250))) == "too_many_cells_in_file"
    assert reason(lambda: sheets(path, Limits(max_cells=99))) == "too_many_cells"


def raw_ods(path: Path, table: str) -> Path:
    """An ODS package holding one table whose XML is written by hand."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="名录">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return path


def ods_cell(text: str, columns: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    return f'<table:table-cell{repeat} office:value-type="string"><text:p>{text}</text:p>' + (
        "</table:table-cell>"
    )


def test_repeated_ods_cells_are_counted_as_unfolded(tmp_path: Path) -> None:
    """A kilobyte of ODS can stand for gigabytes: 30 rows x 1000 cells x 5,000 characters."""
    row = f'<table:table-row table:number-rows-repeated="30">{ods_cell("字" * 5000, 1000)}'
    path = raw_ods(tmp_path / "amplified.ods", row + "</table:table-row>")
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=100))) == "inflates"
    far = (
        f"<table:table-row>{ods_cell('a')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="5000"><table:table-cell '
        'table:number-columns-repeated="16000"/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="9000"/>{ods_cell("b")}'
        "</table:table-row>"
    )
    with pytest.raises(UnreadableFile) as refused:
        sheets(raw_ods(tmp_path / "far.ods", far))
    assert refused.value.params == {
        "sheet": "名录",
        "rows": 5002,
        "columns": 9001,
        "limit": LIMITS.max_cells,
    }


def test_a_modest_ods_with_repeats_is_read_whole(tmp_path: Path) -> None:
    row = f'<table:table-row table:number-rows-repeated="3">{ods_cell("是", 4)}</table:table-row>'
    (sheet,) = sheets(raw_ods(tmp_path / "ok.ods", row))
    assert sheet.name == "名录"
    assert sheet.rows == [["是"] * 4] * 3


@pytest.mark.parametrize(
    "far",
    [
        "<row r='1048576'><c r='XFD1048576'><v>2</v></c></row>",  # single quotes
        '<row r="1048576"><c r="xfd1048576"><v>2</v></c></row>',  # lower case
        '<row r="01048576"><c r="XFD0001048576"><v>2</v></c></row>',  # leading zeros
        '<row r="5"><c r="AAAA5"><v>2</v></c></row>',  # a column past XFD
    ],
)
def test_far_cells_are_found_however_they_are_written(tmp_path: Path, far: str) -> None:
    path = raw_xlsx(tmp_path / "far.xlsx", f'<row r="1">{cell("A1", 1)}</row>{far}')
    assert reason(lambda: sheets(path)) in ("too_many_rows", "too_many_columns", "too_many_cells")


def test_a_large_sheet_hiding_a_far_cell_is_stopped_by_its_worker(tmp_path: Path) -> None:
    """Over 16 KB of XML with no <dimension>: measuring it would cost a third of the parse,
    so the worker's memory limit stops python-calamine's 1.1-billion-cell grid instead."""
    far = '<row r="70000"><c r="A70000"/>' + "<c><v>1</v></c>" * 16383 + "</row>"
    path = raw_xlsx(tmp_path / "far.xlsx", f'<row r="1">{cell("A1", 1)}</row>{far}')
    ((_, refused),) = list(Reading(discover([path]), LIMITS))
    assert isinstance(refused, UnreadableFile)
    assert refused.reason == "too_large_once_read"


def test_one_long_shared_string_in_many_cells_counts_as_unfolded(tmp_path: Path) -> None:
    """60 KB on disk, a gigabyte in memory: every cell holds its own copy once read."""
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 3001))
    path = tmp_path / "shared.xlsx"
    path.write_bytes(xlsx_by_hand(["名录"], cells, shared=["字" * 1000]))
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=1))) == "inflates"
    assert [len(row[0]) for row in sheets(path)[0].rows] == [1000] * 3000


def _rich(texts: list[str]) -> str:
    """A shared string as LibreOffice writes one whose font changes: a run per font."""
    props = '<rPr><sz val="11"/><color rgb="FF000000"/><rFont val="Noto Sans CJK SC"/></rPr>'
    runs = "".join(f'<r>{props}<t xml:space="preserve">{text}</t></r>' for text in texts)
    return f"<si>{runs}</si>"


SHARED_CELLS = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 3001))


def test_a_shared_string_is_counted_by_its_text_not_its_formatting(tmp_path: Path) -> None:
    """LibreOffice writes a run of formatting wherever the font changes: 590 bytes of XML
    for 28 of text here. In 3,000 cells that is 1.7 MB as XML, refused by a 1 MB limit when
    counted so, and 84 KB as text, which is what the cells hold."""
    words = ["2024", "年度", "创业", "导师", "名录"]
    item = _rich(words)
    assert len(item) * 3000 > 1024 * 1024
    shared = f'<sst xmlns="{MAIN_NS}">{item}{item}</sst>'  # the one used, and one more
    path = tmp_path / "rich.xlsx"
    path.write_bytes(xlsx_by_hand(["名录"], SHARED_CELLS, shared_xml=shared))
    (sheet,) = sheets(path, Limits(max_inflated_mb=1))
    assert [row[0] for row in sheet.rows] == ["".join(words)] * 3000


@pytest.mark.parametrize(
    "item",
    [
        "<si><t><![CDATA[" + "字" * 1000 + "]]></t></si>",  # text the markup holds
        _rich(["字" * 500, "字" * 500]),  # long text in runs
    ],
)
def test_a_long_shared_string_is_counted_however_it_is_written(tmp_path: Path, item: str) -> None:
    path = tmp_path / "shared.xlsx"
    shared = f'<sst xmlns="{MAIN_NS}">{item}</sst>'
    path.write_bytes(xlsx_by_hand(["名录"], SHARED_CELLS, shared_xml=shared))
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=1))) == "inflates"
    assert [len(row[0]) for row in sheets(path)[0].rows] == [1000] * 3000


def test_a_big_sheet_with_a_long_string_is_not_counted_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its longest string times the cells its XML could hold passes the limit, but not
    times the cells that hold a shared string (counted in C): the pattern, a third of
    the parse, is not run over its cells."""
    from shuangchuang_cli.reading.preflight import xlsx

    class NotRun:
        def findall(self, _data: bytes) -> list[bytes]:
            raise AssertionError("counted cell by cell")

    monkeypatch.setattr(xlsx, "_SHARED_CELL", NotRun())
    remark = "备注" * 50  # 300 bytes: 3,000 cells x 312 < 1 MB < 6,700 possible x 312
    path = tmp_path / "remarks.xlsx"
    path.write_bytes(xlsx_by_hand(["名录"], SHARED_CELLS, shared=[remark]))
    (sheet,) = sheets(path, Limits(max_inflated_mb=1))
    assert [row[0] for row in sheet.rows] == [remark] * 3000


BIG = "<si><t>" + "字" * 1000 + "</t></si>"


@pytest.mark.parametrize(
    ("items", "used"),
    [
        ("<si><t><![CDATA[<si><t>x</t></si>]]></t></si>" + BIG, 1),  # "<si>" in CDATA
        ("<!--<si><t>x</t></si>-->" + BIG, 0),  # in a comment: no item
        ("<?note <si>?>" + BIG, 0),  # in a processing instruction
        ("<si><t>x</t></si><!--</si><si>-->" + BIG, 1),  # "</si>" in a comment
    ],
)
def test_a_long_shared_string_behind_what_looks_like_an_item_is_counted(
    tmp_path: Path, items: str, used: int
) -> None:
    """What reads as <si> or </si> but is no item, before the long one: each item is
    found as python-calamine finds it, and the cells that use the long one count it."""
    cells = SHARED_CELLS.replace("<v>0</v>", f"<v>{used}</v>")
    path = tmp_path / "hidden.xlsx"
    shared = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}">{items}</sst>'
    path.write_bytes(xlsx_by_hand(["名录"], cells, shared_xml=shared))
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=1))) == "inflates"
    assert [len(row[0]) for row in sheets(path)[0].rows] == [1000] * 3000


def test_a_shared_strings_table_no_parser_reads_is_counted_by_its_items(tmp_path: Path) -> None:
    """Not well-formed XML (a comment left open, &nbsp; that XML does not know): each item
    the pattern finds is counted as XML, as before the parser read the table."""
    shared = f'<sst xmlns="{MAIN_NS}">{BIG}<si><t>&nbsp;</t></si><!-- </sst>'
    path = tmp_path / "broken.xlsx"
    path.write_bytes(xlsx_by_hand(["名录"], SHARED_CELLS, shared_xml=shared))
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=1))) == "inflates"


@pytest.mark.parametrize("spelled", ['t = "s"', 't=\n"s"', "t='s'"])
def test_a_shared_string_cell_is_counted_however_its_type_is_spaced(
    tmp_path: Path, spelled: str
) -> None:
    cells = SHARED_CELLS.replace('t="s"', spelled)
    path = tmp_path / "spaced.xlsx"
    path.write_bytes(xlsx_by_hand(["名录"], cells, shared=["字" * 1000]))
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=1))) == "inflates"


def test_shared_strings_with_a_prefix_are_counted_too(tmp_path: Path) -> None:
    """<x:sst><x:si>: not split at <si>, found by the pattern."""
    item = "<x:si><x:t>" + "字" * 1000 + "</x:t></x:si>"
    shared = f'<x:sst xmlns:x="{MAIN_NS}">{item}</x:sst>'
    path = tmp_path / "prefixed.xlsx"
    path.write_bytes(xlsx_by_hand(["名录"], SHARED_CELLS, shared_xml=shared))
    assert reason(lambda: sheets(path, Limits(max_inflated_mb=1))) == "inflates"


def test_a_small_sheet_is_measured_by_its_cells_whatever_its_dimension_says(
    tmp_path: Path,
) -> None:
    """A <dimension> of A1 over a cell at XFD1048576: believed, it would abort the process."""
    data = f'<row r="1">{cell("A1", 1)}</row><row r="1048576">{cell("XFD1048576", 2)}</row>'
    path = raw_xlsx(tmp_path / "lying.xlsx", data, dimension="A1")
    assert reason(lambda: sheets(path)) == "too_many_rows"


MENTORS = [["姓名", "证书编号", "所属单位", "聘任日期"], ["王芳", "CM1", "区人社局", "2024-03-05"]]


def mentors_as(real: str) -> bytes:
    """The two rows of MENTORS (one sheet, 名录) written in the format `real`."""
    cells = [(r, c, v) for r, row in enumerate(MENTORS) for c, v in enumerate(row)]
    if real == "xls":
        return crafted.xls(cells)
    if real == "xlsb":
        return crafted.xlsb(cells, (len(MENTORS) - 1, len(MENTORS[0]) - 1))
    if real == "ods":
        cell = "<table:table-cell office:value-type='string'><text:p>{}</text:p></table:table-cell>"
        rows = "".join(
            "<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>"
            for row in MENTORS
        )
        return crafted.ods(rows)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名录"
    for row in MENTORS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("real", "named"),
    [("xls", ".xlsx"), ("xlsx", ".xls"), ("ods", ".xlsx"), ("xlsb", ".xlsx"), ("xls", ".ods")],
)
def test_a_workbook_named_as_another_format_is_read_by_what_it_is(
    tmp_path: Path, real: str, named: str
) -> None:
    path = crafted.write(tmp_path / f"导师{named}", mentors_as(real))
    (sheet,) = sheets(path)
    assert sheet.rows == MENTORS
    result = check(path)
    assert summary(result.issues) == [("wrong_extension", "warning", None, None, None)]
    (issue,) = result.issues
    assert issue.params == {"suffix": named, "real": f".{real}"}
    assert "扩展名与实际格式不符" in issue.message() and f"改为 .{real}" in issue.message()


def test_a_workbook_named_as_its_format_has_no_extension_warning(tmp_path: Path) -> None:
    for real, named in [("xls", ".xls"), ("xlsx", ".xlsx"), ("xlsx", ".xlsm"), ("ods", ".ods")]:
        path = crafted.write(tmp_path / f"导师_{real}{named}", mentors_as(real))
        assert check(path).issues == [], named
