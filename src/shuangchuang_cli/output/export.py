"""The annual assessment workbook (`sc-cli export`): the sheets the analyst hands in.

Every number comes from the same library calls as `report`, `score` and `validate`, and is
written as a value (openpyxl formulas have no cached values, so other readers would see
them empty). Text from submissions is always written as text.

The workbook is made with openpyxl's write-only mode (the normal mode held 1.2 GiB for a
region's 300,000 计入明细 rows); the tables' rows are written as XML by xlsx_tables, once
per distinct value, as openpyxl's own cells would be.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.formatting.rule import DataBarRule
from openpyxl.styles import PatternFill

from shuangchuang_cli import __version__
from shuangchuang_cli.api import Workspace
from shuangchuang_cli.counting.indicators import Measured
from shuangchuang_cli.counting.trend import expected_completion
from shuangchuang_cli.i18n import Lang, has_text, text
from shuangchuang_cli.models import IndicatorValue, Issue, Progress, Severity, Status
from shuangchuang_cli.output.export_scores import carrier_score_table, unit_score_table
from shuangchuang_cli.output.export_trend import trend_sheet
from shuangchuang_cli.output.files import OutputFile, check_output
from shuangchuang_cli.output.numbers import counting_word, fixed
from shuangchuang_cli.output.xlsx import LEFT, Styled, font
from shuangchuang_cli.output.xlsx_charts import Block, completion_chart
from shuangchuang_cli.output.xlsx_print import Printed, keep_chart_whole
from shuangchuang_cli.output.xlsx_tables import Col, TableBook, add_table

PERCENT = "0.0%"
WHOLE = "#,##0"
DECIMAL = "#,##0.0"
DATE = "yyyy-mm-dd"
TITLE = font(bold=True, size=14)

_FILL = {
    Status.ACHIEVED: "C6EFCE",
    Status.ON_TRACK: "DDEBF7",
    Status.BEHIND: "FFEB9C",
    Status.AT_RISK: "FFC7CE",
}


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counted_rows: int  # rows of 计入明细
    issues: int  # rows of 数据问题
    notes: tuple[str, ...] = ()  # sheets that could not be filled, and why


def status_label(status: Status | None, lang: Lang) -> str:
    return text(f"status.{status.value if status else 'none'}", lang)


def _kind(kind: str, lang: Lang) -> str:
    """An indicator's kind as the rules view names it; a kind it has no word for, as is."""
    key = f"view.rules.kind.{kind}"
    return text(key, lang) if has_text(key) else kind


def col(key: str, lang: Lang, width: float | None = None, number_format: str | None = None) -> Col:
    """A column of the export headed by its catalogue text (`export.col.<key>`)."""
    return Col(text(f"export.col.{key}", lang), width, number_format)


def _name(v: IndicatorValue, names_en: dict[str, str], lang: Lang) -> str:
    return (names_en.get(v.id) or v.name) if lang == "en" else v.name


def _overview(
    book: TableBook, progress: Progress, names_en: dict[str, str], lang: Lang, printed: Printed
) -> None:
    columns = [
        col("id", lang),
        col("indicator", lang),
        col("short", lang),
        col("kind", lang),
        col("measure", lang),
        col("target", lang, 10),
        col("target_max", lang, 10),
        col("actual", lang, 10),
        col("expected", lang, 11),
        col("gap", lang, 10),
        col("completion", lang, 12, PERCENT),
        col("pace", lang, 10, PERCENT),
        col("status", lang, 11),
        col("numerator", lang, 8, WHOLE),
        col("denominator", lang, 8, WHOLE),
    ]
    rows = [_overview_row(v, names_en, lang) for v in progress.indicators]
    plan = progress.plan.title(lang) if progress.plan else ""
    lead: list[list[object]] = [
        [Styled(text("export.overview_title", lang, plan=plan, year=progress.year), font=TITLE)],
        [
            text(
                "export.overview_as_of",
                lang,
                date=progress.as_of.isoformat(),
                pace=fixed(progress.pace, 1, percent=True) + "%",
            )
        ],
    ]
    sheet = add_table(book, text("sheet.overview", lang), columns, rows, printed, lead, lang)
    first, last = len(lead) + 2, len(lead) + 1 + len(rows)
    # Bars are drawn from 0 to 100%: an indicator past its target shows a full bar.
    sheet.conditional_formatting.add(
        f"K{first}:K{last}",
        DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"),
    )
    title = text("export.chart.completion", lang, year=progress.year)
    # Under the table, from its first column: beside it (column P) it would open off screen.
    block = Block(header=first - 1, first=first, last=last)
    chart = completion_chart(sheet, title, block, categories=3, completion=11, pace=12)
    sheet.add_chart(chart, f"A{last + 2}")
    keep_chart_whole(sheet, last + 2, chart.height)


def _overview_row(v: IndicatorValue, names_en: dict[str, str], lang: Lang) -> list[object]:
    ratio = v.unit == "%"

    def num(x: float | None, decimals: bool = False) -> Styled:
        fmt = PERCENT if ratio else DECIMAL if decimals else WHOLE
        return Styled(x, number_format=fmt)

    fill = PatternFill("solid", fgColor=_FILL.get(v.status, "EDEDED")) if v.status else None
    return [
        v.id,
        _name(v, names_en, lang),
        v.short_label(lang),
        _kind(v.kind, lang),
        _unit(v.unit, lang),
        num(v.target),
        num(v.target_max),
        num(v.actual),
        num(v.expected, decimals=True),
        num(v.gap),
        v.completion,
        expected_completion(v),
        Styled(status_label(v.status, lang), fill=fill),
        v.numerator,
        v.denominator,
    ]


def _unit(unit: str, lang: Lang) -> str:
    """An indicator's unit as the plan gives it; in English a counting word (家, 个, 场次)
    is a count, as the bulletin and the rules view leave it out after the number."""
    if counting_word(unit, lang):
        return text("export.unit.count", lang)
    return unit


def _issues(book: TableBook, issues: Sequence[Issue], lang: Lang, printed: Printed) -> None:
    red = font(color="C00000")
    columns = [
        col("level", lang, 8),
        col("code", lang),
        col("file", lang),
        col("sheet", lang),
        col("row", lang, 7),
        col("column", lang),
        col("message", lang, 80),
    ]
    rows = [
        [
            Styled(text("view.level.error", lang), font=red)
            if i.severity is Severity.ERROR
            else text("view.level.warning", lang),
            i.code,
            i.file,
            i.sheet,
            i.row,
            i.column,
            i.message(lang),
        ]
        for i in issues
    ]
    add_table(book, text("sheet.issues", lang), columns, rows, printed, lang=lang)


def counted_rows(
    measured: Sequence[Measured], names_en: dict[str, str], lang: Lang
) -> list[tuple[object, ...]]:
    """One row per (indicator, counted record), in indicator order, then read order.

    Made a column at a time and zipped into rows: a region's 293,101 rows one by one, as
    lists, took a second."""
    rows: list[tuple[object, ...]] = []
    for m in measured:
        ind = m.indicator
        frame = m.records
        n = len(frame)
        label = (names_en.get(ind.id) or ind.name) if lang == "en" else ind.name
        unit, day = m.sheet.unit_column, m.sheet.date
        rows += zip(
            repeat(ind.id, n),
            repeat(label, n),
            repeat(m.sheet.name, n),
            frame[m.sheet.name_column].tolist(),
            frame[unit].tolist() if unit else repeat(None, n),
            _days(frame[day]) if day else repeat(None, n),
            [_year(y) for y in frame["_year"].tolist()],
            frame["_file"].tolist(),
            frame["_sheet"].tolist(),
            [int(r) for r in frame["_row"].tolist()],
            strict=True,
        )
    return rows


def _days(dates: pd.Series) -> list[object]:
    """A date column's values as the workbook takes them: datetime.date, None for none
    (one conversion for the column: a region's 300,000 Timestamps one by one took seconds).
    A column with a time of day in it is left to the cell writer, value by value."""
    if not pd.api.types.is_datetime64_dtype(dates.dtype):
        return dates.tolist()
    values = dates.to_numpy()
    days = values.astype("datetime64[D]")
    if not ((days == values) | np.isnat(values)).all():
        return dates.tolist()
    return days.tolist()  # datetime.date, None where NaT


def _year(value: object) -> int | None:
    """The year folder of a record: None for a file given outside any year folder."""
    if isinstance(value, numbers.Real) and not math.isnan(float(value)):
        return int(float(value))
    return None


def _counted(book: TableBook, rows: list[tuple[object, ...]], lang: Lang, printed: Printed) -> None:
    columns = [
        col("indicator_id", lang),
        col("indicator", lang),
        col("sheet_type", lang),
        col("name_as_submitted", lang),
        col("unit", lang),
        col("date", lang, 12, DATE),
        col("year_folder", lang, 9),
        col("file", lang),
        col("sheet", lang),
        col("row", lang, 7),
    ]
    add_table(book, text("sheet.counted", lang), columns, rows, printed, lang=lang)


def _about(
    book: TableBook,
    ws: Workspace,
    progress: Progress,
    made: dt.datetime,
    lang: Lang,
    printed: Printed,
) -> None:
    share = f"{ws.rules.status.at_risk_below:g}"
    items: list[tuple[str, object]] = [
        ("data_folder", str(ws.data_dir)),
        ("year", progress.year),
        ("as_of", progress.as_of),
        ("pace", Styled(progress.pace, number_format=PERCENT)),
        ("rules_folder", ws.rules.folder),
        ("plan", ws.rules.plan.label().plan_name(lang)),
        ("counted", progress.counted),
        ("excluded", progress.excluded),
        ("errors", progress.errors),
        ("warnings", progress.warnings),
        ("version", f"sc-cli {__version__}"),
        ("made", Styled(made, number_format="yyyy-mm-dd hh:mm:ss")),
        ("statuses", text("export.about.statuses_text", lang, share=share)),
        ("expected", text("export.about.expected_text", lang)),
    ]
    lower = [v.label(lang) for v in progress.indicators if v.direction == "lower"]
    if lower:
        items.append(("statuses", text("export.about.lower_text", lang, names=lower, share=share)))
    # What the run said above its tables (no folder for the year, a roster gone missing
    # ...) goes with the workbook, not only to the terminal.
    items += [("notice", n.message(lang)) for n in progress.notices]
    columns = [col("item", lang, 18), col("value", lang, 90, None)]
    # Values flush left beside their labels, numbers and dates too: a wide column of text
    # would leave a year or a count at its far end.
    rows: list[list[object]] = [[text(f"export.about.{key}", lang), _left(v)] for key, v in items]
    add_table(book, text("sheet.about", lang), columns, rows, printed, lang=lang)


def _left(value: object) -> object:
    if isinstance(value, Styled):
        return replace(value, alignment=LEFT)
    if isinstance(value, dt.date):
        return Styled(value, number_format=DATE, alignment=LEFT)
    return value if isinstance(value, str) else Styled(value, alignment=LEFT)


def build_export(
    ws: Workspace, year: int, as_of: dt.date | None, lang: Lang, made: dt.datetime | None = None
) -> tuple[TableBook, ExportSummary]:
    book = TableBook()
    try:
        return book, _fill(book, ws, year, as_of, lang, made)
    except BaseException:
        book.let_go()  # its sheets' writers closed now, not at a garbage collection
        raise


def _fill(
    book: TableBook,
    ws: Workspace,
    year: int,
    as_of: dt.date | None,
    lang: Lang,
    made: dt.datetime | None,
) -> ExportSummary:
    progress = ws.report(year, as_of)
    measured = ws.measured(year, as_of)
    issues = ws.dataset(year).issues
    names_en = {i.id: i.name_en for i in ws.rules.indicators}
    plan = ws.rules.plan.label()
    printed = Printed(
        text("print.title", lang, plan=plan.title(lang), year=year),
        text("print.as_of", lang, date=progress.as_of.isoformat()),
        text("print.pages", lang),
    )
    _overview(book, progress, names_en, lang, printed)
    trend_sheet(book, ws.trend(year, as_of), lang, printed)
    # The assessment is as of the same day as the overview (Dec 31 unless --as-of says
    # otherwise), as the bulletin's is: one workbook never holds two dates' numbers.
    notes = [
        n
        for n in (
            unit_score_table(book, ws, year, lang, printed, progress.as_of),
            carrier_score_table(book, ws, year, lang, printed, progress.as_of),
        )
        if n
    ]
    _issues(book, issues, lang, printed)
    details = counted_rows(measured, names_en, lang)
    _counted(book, details, lang, printed)
    made = made or dt.datetime.now().replace(microsecond=0)
    _about(book, ws, progress, made, lang, printed)
    book.properties.title = printed.title
    book.properties.creator = f"sc-cli {__version__}"
    return ExportSummary(Path(), len(details), len(issues), tuple(notes))


def export_workbook(
    ws: Workspace,
    year: int,
    target: Path,
    as_of: dt.date | None = None,
    lang: Lang = "zh",
    force: bool = False,
) -> ExportSummary:
    """Write the assessment workbook; the inputs are never touched, the target never half-made."""
    inputs = [ws.data_dir, Path(ws.rules.folder)]
    # Checked before the (slow) reading too, so a refused path fails at once.
    check_output(target, force, inputs=inputs)
    ws.dataset(year)  # the reading, before a working folder is made beside the target
    # The write-only sheets spool their rows to temporary files from the first row on:
    # built inside the block, those files sit in the working folder beside the target
    # and go with it, whatever ends the run.
    with OutputFile(target, force, inputs) as out:
        book, summary = build_export(ws, year, as_of, lang)
        try:
            book.save(out.part)
        finally:
            book.close_rows()
        out.commit()
    return ExportSummary(target, summary.counted_rows, summary.issues, summary.notes)
