"""The 趋势 sheet of the export: the trend (counting/trend.py) in three blocks whose date
columns line up, and a line chart under them.

1. each indicator's actual at every date, its target, pace, projection and outlook;
2. the value expected by each date (the planned path);
3. the cumulative indicators' completion at every date, under the pace (序时进度), which
   is the planned path of every one of them on the completion scale; the chart draws
   this block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from shuangchuang_cli.counting.trend import IndicatorTrend, Trend
from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output import trend as view
from shuangchuang_cli.output.xlsx import (
    Styled,
    display_width,
    fit_width,
    font,
    header_cells,
    make_cell,
)
from shuangchuang_cli.output.xlsx_charts import Block, path_chart
from shuangchuang_cli.output.xlsx_print import Printed, keep_chart_whole, print_setup

BOLD = font(bold=True)
LEAD = 3  # id, name, target (the short name in block 3): then the dates
CHANGE = "+0.0;-0.0;0"


def _format(ind: IndicatorTrend, expected: bool = False) -> str:
    if ind.unit == "%":
        return "0.0%"
    return "#,##0.0" if expected else "#,##0"


def trend_sheet(book: Workbook, result: Trend, lang: Lang, printed: Printed) -> None:
    sheet = book.create_sheet(text("sheet.trend", lang))
    dates = [view.date_label(d, lang) for d in result.dates]
    tail = view.tail_headers(result, lang)[1:]  # the target is the third column here
    names = [i.label(lang) for i in result.indicators]
    widths = [
        fit_width([i.id for i in result.indicators]),
        fit_width([text("trend.col.indicator", lang), *names]),
        10.0,
        *[10.0] * len(dates),
        *[min(fit_width([h], 12.0), 20.0) for h in tail[:-1]],
        fit_width([tail[-1], *(view.outlook_label(i.outlook, lang) for i in result.indicators)]),
    ]
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    if any(display_width(h) > w - 2 for h, w in zip(tail, widths[-len(tail) :], strict=True)):
        sheet.row_dimensions[1].height = 33  # two lines of a wrapped header
    print_setup(sheet, printed, title_rows=1)
    sheet.freeze_panes = f"{get_column_letter(LEAD + 1)}2"
    head = [text("trend.col.id", lang), text("trend.col.indicator", lang)]
    sheet.append(header_cells(sheet, [*head, text("trend.col.target", lang), *dates, *tail]))
    for ind in result.indicators:
        sheet.append(_cells(sheet, _actual_row(ind, lang)))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{len(result.indicators) + 1}"
    row = len(result.indicators) + 2
    sheet.append([])
    sheet.append(_cells(sheet, [Styled(text("trend.sheet.expected", lang), font=BOLD)]))
    sheet.append(header_cells(sheet, [*head, text("trend.col.target", lang), *dates]))
    for ind in result.indicators:
        expected = [Styled(p.expected, number_format=_format(ind, True)) for p in ind.points]
        sheet.append(_cells(sheet, [ind.id, ind.label(lang), _target(ind), *expected]))
    row += 3 + len(result.indicators)
    cumulative = [i for i in result.indicators if i.kind == "cumulative"]
    if cumulative:
        _completion_block(sheet, result, cumulative, dates, row, lang)


def _completion_block(
    sheet: Any,
    result: Trend,
    cumulative: Sequence[IndicatorTrend],
    dates: Sequence[str],
    row: int,
    lang: Lang,
) -> None:
    sheet.append([])
    sheet.append(_cells(sheet, [Styled(text("trend.sheet.completion", lang), font=BOLD)]))
    header = row + 2
    head = [text("trend.col.id", lang), text("trend.col.indicator", lang)]
    sheet.append(header_cells(sheet, [*head, text("export.col.short", lang), *dates]))
    pace_name = text("trend.series.pace", lang)
    paces = [Styled(p.pace, number_format="0.0%") for p in cumulative[0].points]
    sheet.append(_cells(sheet, ["", pace_name, pace_name, *paces]))
    for ind in cumulative:
        done = [Styled(p.completion, number_format="0.0%") for p in ind.points]
        sheet.append(_cells(sheet, [ind.id, ind.label(lang), ind.short_label(lang), *done]))
    rows = Block(header=header, first=header + 1, last=header + 1 + len(cumulative))
    chart = path_chart(
        sheet, text("trend.chart.title", lang), rows, LEAD, LEAD + 1, LEAD + len(dates)
    )
    sheet.add_chart(chart, f"A{rows.last + 2}")
    keep_chart_whole(sheet, rows.last + 2, chart.height)


def _actual_row(ind: IndicatorTrend, lang: Lang) -> list[object]:
    actual = [Styled(p.actual, number_format=_format(ind)) for p in ind.points]
    pace = ind.pace_per_quarter
    if pace is not None and ind.unit == "%":
        pace *= 100  # percentage points, as the header says
    return [
        ind.id,
        ind.label(lang),
        _target(ind),
        *actual,
        Styled(pace, number_format=CHANGE),
        Styled(ind.projected, number_format=_format(ind, True)),
        view.outlook_label(ind.outlook, lang),
    ]


def _target(ind: IndicatorTrend) -> Styled:
    return Styled(ind.target, number_format=_format(ind))


def _cells(sheet: Any, values: Sequence[object]) -> list[object]:
    return [make_cell(sheet, v) for v in values]
