"""Wide tables printed on pages side by side, charts kept whole on a page, long item
names over balanced lines: the page plan alone, then the export read back."""

from __future__ import annotations

import itertools
from pathlib import Path

import openpyxl
import pytest
from helpers import invoke
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from shuangchuang_cli.output.export_scores import balanced_lines
from shuangchuang_cli.output.xlsx_print import (
    PRINTABLE_WIDTH,
    READABLE_SCALE,
    keep_chart_whole,
    pages_across,
    printed_pixels,
)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


def _page_widths(widths: list[float], repeated: int, breaks: tuple[int, ...]) -> list[float]:
    """Each page's printed width at 100 %, the repeated columns on every page."""
    lead = sum(map(printed_pixels, widths[:repeated]))
    edges = [repeated, *breaks, len(widths)]
    return [lead + sum(map(printed_pixels, widths[a:b])) for a, b in itertools.pairwise(edges)]


def test_a_table_readable_one_page_wide_is_left_to_fit_the_page() -> None:
    assert pages_across([10.0] * 12, 2, [2, 6, 10]) is None


def test_a_wide_table_breaks_only_where_a_group_begins_and_every_page_fits() -> None:
    # Lead of three, then twelve groups of five columns: some 900 columns of 7 pixels.
    widths = [10.0, 8.0, 14.0] + [9.5] * 60
    groups = list(range(3, 63, 5))
    across = pages_across(widths, 3, groups)
    assert across is not None
    assert across.repeated == 3
    assert set(across.breaks) <= set(groups)
    assert list(across.breaks) == sorted(across.breaks)
    assert across.scale >= READABLE_SCALE
    pages = _page_widths(widths, 3, across.breaks)
    assert max(pages) * across.scale / 100 <= PRINTABLE_WIDTH
    # Greedy: no page could have taken the next page's first group as well.
    edges = [3, *across.breaks, len(widths)]
    for n in range(len(pages) - 1):
        following = sum(map(printed_pixels, widths[edges[n + 1] : edges[n + 1] + 5]))
        assert (pages[n] + following) * READABLE_SCALE / 100 > PRINTABLE_WIDTH


def test_a_group_wider_than_a_page_gets_a_page_of_its_own_printed_smaller() -> None:
    widths = [10.0, 30.0] + [9.0] * 4 + [60.0] * 4 + [9.0] * 4
    across = pages_across(widths, 2, [2, 6, 10])
    assert across is not None
    assert across.breaks == (6, 10)
    assert across.scale < READABLE_SCALE
    assert max(_page_widths(widths, 2, across.breaks)) * across.scale / 100 <= PRINTABLE_WIDTH


def test_a_wide_table_without_groups_is_fitted_to_one_page_however_small() -> None:
    assert pages_across([20.0] * 40, 1, []) is None


def test_long_chinese_names_go_over_lines_of_about_even_width() -> None:
    assert balanced_lines("从业人员接受专业培训比例") == "从业人员接受\n专业培训比例"
    assert balanced_lines("当年举办和组织参加的双创活动") == "当年举办和组织\n参加的双创活动"
    assert balanced_lines("孵化企业") == "孵化企业"  # short: as it is
    three = balanced_lines("规模以上工业企业研发机构覆盖率达到百分之五十以上")
    assert three.split("\n") == ["规模以上工业企业", "研发机构覆盖率达", "到百分之五十以上"]
    # A run of Latin letters and digits is never cut; closing punctuation stays behind.
    for name in ("R&D经费投入强度达到百分之三（含）", "2024年新增国家级科技企业孵化器数量"):
        lines = balanced_lines(name).split("\n")
        assert "".join(lines) == name
        assert len(lines) > 1
        assert not any(line.startswith(("&D", "D", "）", "024")) for line in lines)
    assert balanced_lines("Share of staff trained in the trade") == (
        "Share of staff trained in the trade"  # Latin text wraps between its words
    )


def test_a_chart_a_page_end_would_cut_starts_a_page_and_one_that_fits_does_not() -> None:
    book = Workbook()
    sheet = book.active
    for j in range(1, 9):
        sheet.column_dimensions[get_column_letter(j)].width = 12.0
    keep_chart_whole(sheet, 10, 9.0)  # 9 rows above a 9 cm chart: one page holds both
    assert not sheet.row_breaks.brk
    keep_chart_whole(sheet, 25, 9.0)  # 24 rows (13 cm) above it: it would be cut
    assert [b.id for b in sheet.row_breaks.brk] == [24]  # the chart's row opens the page


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    target = tmp_path_factory.mktemp("across") / "考核.xlsx"
    done = invoke("export", "2024", "-o", target, "--data", SAMPLE)
    assert done.exit_code == 0, done.output
    return openpyxl.load_workbook(target)


@pytest.mark.parametrize(("title", "name"), [("单位考核", "单位"), ("载体绩效", "载体名称")])
def test_the_score_sheets_print_side_by_side_breaking_between_items(
    export: openpyxl.Workbook, title: str, name: str
) -> None:
    sheet = export[title]
    headers = [c.value for c in sheet[1]]
    widths = [sheet.column_dimensions[get_column_letter(j + 1)].width for j in range(len(headers))]
    named = headers.index(name) + 1
    assert sheet.print_title_cols == f"$A:${get_column_letter(named)}"
    breaks = tuple(b.id for b in sheet.col_breaks.brk)
    assert breaks
    for column in breaks:  # each page after the first opens with an item's weight
        assert str(headers[column]).endswith("\n权重"), headers[column]
    scale = sheet.page_setup.scale
    assert scale >= READABLE_SCALE
    assert max(_page_widths(widths, named, breaks)) * scale / 100 <= PRINTABLE_WIDTH


def test_the_carrier_items_names_are_on_balanced_lines_over_narrow_columns(
    export: openpyxl.Workbook,
) -> None:
    sheet = export["载体绩效"]
    headers = [c.value for c in sheet[1]]
    trained = headers.index("从业人员接受\n专业培训比例\n权重")
    assert sheet.column_dimensions[get_column_letter(trained + 1)].width < 16


def test_the_trend_chart_starts_a_page_of_its_own(export: openpyxl.Workbook) -> None:
    sheet = export["趋势"]
    (chart,) = sheet._charts
    anchor = chart.anchor._from.row  # 0-based: the rows above the chart
    assert [b.id for b in sheet.row_breaks.brk] == [anchor]
    assert not export["总览"].row_breaks.brk  # table and chart share the first page
