"""Workbooks ready to print, read back with openpyxl: A4 landscape one page wide, the header
row on every page, the title, the as-of date and the page count in the margins; the
overview's title rows and charts; the 趋势 sheet equal to the trend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import DATA, TODAY, invoke
from spread_data import spread_folder

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.counting.trend import expected_completion
from shuangchuang_cli.output.xlsx_print import READABLE_SCALE

PAGES = "第 &P 页 共 &N 页"


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return spread_folder(tmp_path_factory.mktemp("spread"))


@pytest.fixture(scope="module")
def exported(spread: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("out") / "考核.xlsx"
    done = invoke("export", "2024", "-o", target, "--data", spread, "--as-of", "2024-09-30")
    assert done.exit_code == 0, done.output
    return target


# The sheets too wide to read one page wide: printed on pages side by side.
ACROSS = {"单位考核", "载体绩效"}


def assert_printable(sheet: Any, title: str, note: str, title_row: int | None) -> None:
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation) == (9, "landscape"), sheet.title
    if sheet.title in ACROSS:
        assert not sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert READABLE_SCALE <= setup.scale <= 100, sheet.title
        assert setup.pageOrder == "overThenDown"
    else:
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert not sheet.col_breaks.brk, sheet.title
    expected = f"${title_row}:${title_row}" if title_row else None
    assert sheet.print_title_rows == expected, sheet.title
    assert sheet.oddHeader.left.text == title
    assert sheet.oddHeader.center.text == "&A"  # the sheet's own name
    assert sheet.oddHeader.right.text == note
    assert sheet.oddFooter.center.text == PAGES


def test_every_sheet_of_the_export_prints_on_a4_landscape(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames[:2] == ["总览", "趋势"]
    for sheet in book:
        header = 3 if sheet.title == "总览" else 1
        assert_printable(sheet, "2024 年度达坂城区双创考核", "截至 2024-09-30", header)


def test_the_overview_has_a_title_and_the_as_of_date_above_its_header(exported: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["总览"]
    assert sheet["A1"].value == "达坂城区双创目标进度总览（2024 年）"
    assert sheet["A1"].font.b
    assert str(sheet["A2"].value).startswith("截至 2024-09-30，方案期已过 58.3%（序时进度）")
    assert [c.value for c in sheet[3]][:3] == ["编号", "指标", "简称"]


def test_the_overview_pace_column_is_the_completion_expected_by_now(
    spread: Path, exported: Path
) -> None:
    sheet = openpyxl.load_workbook(exported)["总览"]
    report = Workspace(spread, today=TODAY).report(2024, dt.date(2024, 9, 30))
    headers = [c.value for c in sheet[3]]
    short, pace = headers.index("简称"), headers.index("序时进度")
    rows = list(sheet.iter_rows(min_row=4, max_row=3 + len(report.indicators), values_only=True))
    assert [r[short] for r in rows] == [v.short for v in report.indicators]
    assert [r[pace] for r in rows] == [expected_completion(v) for v in report.indicators]
    incubated = next(v for v in report.indicators if v.id == "incubated_new")
    assert expected_completion(incubated) == report.pace  # a count: the pace itself


def test_the_overview_chart_sits_under_the_table_with_the_pace_and_every_label(
    exported: Path,
) -> None:
    sheet = openpyxl.load_workbook(exported)["总览"]
    (chart,) = sheet._charts
    assert (chart.anchor._from.col, chart.anchor._from.row) == (0, 3 + 12 + 1)
    bars, line = chart._charts
    assert (type(bars).__name__, type(line).__name__) == ("BarChart", "LineChart")
    assert [s.tx.strRef.f for s in bars.series] == ["'总览'!K3"]  # 完成度
    assert [s.tx.strRef.f for s in line.series] == ["'总览'!L3"]  # 序时进度
    assert bars.series[0].cat.numRef.f == "'总览'!$C$4:$C$15"  # the short names
    assert chart.x_axis.tickLblSkip == 1
    assert chart.x_axis.txPr.bodyPr.rot == 0
    assert chart.x_axis.txPr.p[0].pPr.defRPr.sz == 900


def test_the_trend_sheet_holds_the_trend(spread: Path, exported: Path) -> None:
    sheet = openpyxl.load_workbook(exported)["趋势"]
    trend = Workspace(spread, today=TODAY).trend(2024, dt.date(2024, 9, 30))
    dates = len(trend.dates)
    assert [c.value for c in sheet[1]][3 : 3 + dates] == [
        "2023Q1",
        "2023Q2",
        "2023Q3",
        "2023Q4",
        "2024Q1",
        "2024Q2",
        "2024Q3",
    ]
    count = len(trend.indicators)
    actual = list(sheet.iter_rows(min_row=2, max_row=1 + count, values_only=True))
    expected = list(sheet.iter_rows(min_row=count + 5, max_row=2 * count + 4, values_only=True))
    for ind, got, path in zip(trend.indicators, actual, expected, strict=True):
        assert got[0] == path[0] == ind.id
        assert list(got[3 : 3 + dates]) == [p.actual for p in ind.points]
        assert list(path[3 : 3 + dates]) == [p.expected for p in ind.points]
        assert got[3 + dates + 1] == ind.projected
    (chart,) = sheet._charts
    cumulative = [i for i in trend.indicators if i.kind == "cumulative"]
    assert len(chart.series) == 1 + len(cumulative)  # the pace, then each count
    assert chart.x_axis.tickLblSkip == 1


def test_unit_assessment_shows_groups_their_ranks_and_the_scheme_weights(
    spread: Path, exported: Path
) -> None:
    sheet = openpyxl.load_workbook(exported)["单位考核"]
    headers = [c.value for c in sheet[1]]
    assert headers[:7] == ["分组", "组内排名", "单位", "总分", "等级", "加分", "总排名"]
    assert headers[7:9] == ["孵化企业\n权重", "孵化企业\n折算权重"]
    scores = Workspace(spread, today=TODAY).score(2024)
    rows = list(sheet.iter_rows(min_row=2, max_row=1 + len(scores.rows), values_only=True))
    assert [(r[0], r[1], r[2], r[6]) for r in rows] == [
        (s.group, s.rank, s.name, s.rank_overall) for s in scores.rows
    ]
    groups = [r[0] for r in rows]
    assert groups == sorted(groups, key=["乡镇街道", "部门"].index)  # group by group


def test_the_template_prints_each_sheet_with_its_header(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    done = invoke("template", "-o", target, "--unit", "盐湖街道", "--year", "2024")
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(target)
    for sheet in book:
        if sheet.sheet_state == "hidden":
            continue
        first = None if sheet.title == "填报说明" else 1
        assert_printable(sheet, "盐湖街道 2024 双创工作数据报送表", "", first)


def test_a_marked_copy_prints_with_the_headers_repeated(tmp_path: Path) -> None:
    target = tmp_path / "标注.xlsx"
    source = DATA / "error_bad_date.xlsx"
    done = invoke("validate", source, "--annotate", target)
    assert done.exit_code == 1, done.output
    book = openpyxl.load_workbook(target)
    listed = book.worksheets[0]
    assert listed.title == "问题清单"
    for sheet in book:
        note = sheet.oddHeader.right.text
        assert note.endswith("个警告")
        # The list's header is under its note row; the copied sheet's is the submission's
        # own, under its title row.
        assert_printable(sheet, "问题标注：error_bad_date.xlsx", note, 2)
    assert book["创业导师"]["A2"].value == "姓名"
