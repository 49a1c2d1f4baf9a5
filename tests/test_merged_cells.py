"""Merged cells as clerks use them: a value merged down over the rows of one unit, a
heading over a group of columns named in the row below, and a marked-up copy of both."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from helpers import TODAY, check, invoke, rules
from make_test_data import COLUMNS, SERVICES, uscc

from shuangchuang_cli.checking.sheets import Context, read_sheet
from shuangchuang_cli.counting.dataset import load
from shuangchuang_cli.reading.discover import discover
from shuangchuang_cli.reading.readers import RawSheet, _spread_merged_down

INCUBATED_HEADER = [
    "序号",
    "名称",
    "主体类型",
    "统一社会信用代码",
    "所在载体",
    "所属单位",
    "入孵日期",
]


def incubated_with_merged_unit(path: Path, unit: str) -> Path:
    """Title merged across row 1; 所属单位 merged down over the three records (F3:F5)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "孵化企业"
    sheet.append(["达坂城区2024年孵化企业统计表"])
    sheet.merge_cells("A1:G1")
    sheet.append(INCUBATED_HEADER)
    for n, name in enumerate(["甲团队", "乙团队", "丙团队"], start=1):
        sheet.append(
            [n, name, "团队", None, "盐湖众创空间", unit if n == 1 else None, "2024-03-05"]
        )
    sheet.merge_cells("F3:F5")
    book.save(path)
    return path


def test_a_unit_merged_down_belongs_to_every_row_it_spans(tmp_path: Path) -> None:
    path = incubated_with_merged_unit(tmp_path / "盐湖街道.xlsx", "盐湖街道")
    assert check(path).issues == []
    records = load(discover([path]), rules(), today=TODAY).records("孵化企业")
    assert records["所属单位"].tolist() == ["盐湖街道"] * 3
    assert records["_row"].tolist() == [3, 4, 5]


def test_a_wrong_unit_merged_down_is_wrong_in_every_row(tmp_path: Path) -> None:
    path = incubated_with_merged_unit(tmp_path / "x.xlsx", "某某乡")
    found = [(i.code, i.row, i.column) for i in check(path).issues]
    assert found == [("unknown_unit", r, "所属单位") for r in (3, 4, 5)]


def test_pre_numbered_rows_under_a_merged_unit_are_blank_rows(tmp_path: Path) -> None:
    """Rows 5 to 7 hold only 序号 and the unit merged down over the whole form (F3:F7)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "孵化企业"
    sheet.append(["达坂城区2024年孵化企业统计表"])
    sheet.append(INCUBATED_HEADER)
    sheet.append([1, "甲团队", "团队", None, "盐湖众创空间", "盐湖街道", "2024-03-05"])
    sheet.append([2, "乙团队", "团队", None, "盐湖众创空间", None, "2024-03-05"])
    for n in (3, 4, 5):
        sheet.append([n])
    sheet.merge_cells("F3:F7")
    path = tmp_path / "盐湖街道.xlsx"
    book.save(path)
    assert check(path).issues == []
    records = load(discover([path]), rules(), today=TODAY).records("孵化企业")
    assert records["_row"].tolist() == [3, 4]


def test_merges_within_one_row_stay_as_stored() -> None:
    rows: list[list[object]] = [["标题", "", ""], ["a", "b", "c"]]
    _spread_merged_down(rows, [((0, 0), (0, 2))])
    assert rows[0] == ["标题", "", ""]


def test_spreading_at_most_doubles_what_a_sheet_holds() -> None:
    """A few bytes of merges must not turn a small file into a million records."""
    tall: list[list[object]] = [["x", "1"]]
    tall += [["", ""] for _ in range(99_999)]
    _spread_merged_down(tall, [((0, 0), (99_999, 0))])
    assert tall[1] == ["", ""]
    # All of Excel's grid: clipped to the sheet, still more than it holds.
    rows: list[list[object]] = [["x", ""], ["", ""], ["", ""]]
    _spread_merged_down(rows, [((0, 0), (1_048_575, 16_383))])
    assert rows == [["x", ""], ["", ""], ["", ""]]
    # The same area a million times over: spread once, then the budget is spent.
    rows = [["y", "a"], ["", "b"], ["", "c"]]
    _spread_merged_down(rows, [((0, 0), (2, 0))] * 1_000_000)
    assert rows == [["y", "a"], ["y", "b"], ["y", "c"]]


def carriers_with_grouped_services(path: Path) -> Path:
    """A two-row header: 提供的服务 over the seven service columns, named in row 3; the other
    headings merged down over rows 2 and 3."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "孵化载体"
    base = [c for c in COLUMNS["孵化载体"] if c not in SERVICES]
    width = len(base) + len(SERVICES)
    sheet.append(["达坂城区2024年孵化载体统计表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([*base, "提供的服务"])
    sheet.append([None] * len(base) + list(SERVICES))
    for col in range(1, len(base) + 1):
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    sheet.merge_cells(start_row=2, start_column=len(base) + 1, end_row=2, end_column=width)
    values = {
        "载体名称": "盐湖众创空间",
        "载体类型": "众创空间",
        "认定级别": "市级",
        "所属单位": "盐湖街道",
        "运营主体统一社会信用代码": uscc(1),
        "成立日期": "2023-05-01",
        "运营状态": "运营",
        "示范基地": "否",
        "从业人员数": 10,
        "接受专业培训人数": 6,
        "持创业导师证书人数": 4,
    }
    sheet.append([values[c] for c in base] + ["是", "是", "", "", "", "是", ""])
    book.save(path)
    return path


def test_a_group_heading_named_in_the_row_below_is_one_header(tmp_path: Path) -> None:
    path = carriers_with_grouped_services(tmp_path / "载体.xlsx")
    assert check(path).issues == []
    (carrier,) = load(discover([path]), rules(), today=TODAY).records("孵化载体").to_dict("records")
    assert carrier["_row"] == 4
    assert [carrier[s] for s in SERVICES] == [True, True, False, False, False, True, False]


def test_a_title_row_above_a_header_is_not_a_second_header_row() -> None:
    """A row is only part of a header when it names columns of the type itself."""
    rows: list[list[object]] = [["说明"], ["姓名", "证书编号", "所属单位", "聘任日期"]]
    rows.append(["王芳", "CM1", "区人社局", "2024-03-05"])
    found, issues = read_sheet(
        RawSheet.from_rows("创业导师", rows), "f.xlsx", Context(rules(), "zh", TODAY)
    )
    assert issues == []
    assert found is not None and found.rows.tolist() == [3]


def test_a_marked_up_copy_comments_the_merged_cell_once(tmp_path: Path) -> None:
    source = incubated_with_merged_unit(tmp_path / "x.xlsx", "某某乡")
    target = tmp_path / "marked.xlsx"
    result = invoke("validate", str(source), "--annotate", str(target), "--format", "json")
    assert result.exit_code == 1, result.output
    assert len(json.loads(result.stdout)["issues"]) == 3
    sheet = openpyxl.load_workbook(target)["孵化企业"]
    comment = sheet["F3"].comment
    assert comment is not None
    # The three rows' issues are alike: one line of the list, one comment naming them.
    (line,) = comment.text.splitlines()
    assert line.startswith("第 3–5 行：[unknown_unit]")
    assert [c.comment for c in (sheet["F4"], sheet["F5"])] == [None, None]
