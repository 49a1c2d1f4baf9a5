"""The bulletin's attachments (附件): every indicator as `report` lists it, and every
indicator at each quarter end as `report --trend` lists it."""

from __future__ import annotations

from shuangchuang_cli.counting.trend import Trend
from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.models import Progress
from shuangchuang_cli.output import bulletin_text as say
from shuangchuang_cli.output.docx import Block, Paragraph, Table
from shuangchuang_cli.output.docx_blocks import Align
from shuangchuang_cli.output.numbers import fixed
from shuangchuang_cli.output.trend import date_label, outlook_key, pace_text, projected_header

TINY = 9.0  # 小五: the attachments' wide tables
TEXT_MM = 156  # the width of the text block (GB/T 9704-2012, 5.2.1)


# --- 附件 ----------------------------------------------------------------------------------


def indicator_table(progress: Progress, lang: Lang) -> Table:
    """附件1: every indicator with its name, target, actual, expected, gap, completion and
    status. No ids: a bulletin names indicators as the plan does (the JSON keeps the ids)."""
    keys = ("no", "indicator", "target", "actual", "expected", "gap", "completion", "status")
    rows = [
        [
            str(n),
            v.label(lang),
            say.table_target(v),
            say.plain(v.actual, v.unit),
            say.plain(v.expected, v.unit, 1),
            say.plain(v.gap, v.unit),
            say.percent(v.completion),
            say.status(v.status, lang),
        ]
        for n, v in enumerate(progress.indicators, start=1)
    ]
    return Table(
        headers=[text(f"bulletin.col.{k}", lang) for k in keys],
        rows=rows,
        widths_mm=[9, 62, 14, 14, 15, 13, 15, 21],
        align=["center", "left", "right", "right", "right", "right", "right", "center"],
        font_pt=TINY,
    )


def trend_attachment(trend: Trend, lang: Lang) -> list[Block]:
    """附件2: each indicator at every quarter end, the expected value under the actual.

    Shares take one decimal, as report shows them, while a date column is wide enough
    for "100.0%" (about 13 mm of 小五); a longer window shows whole percentages."""
    dates = len(trend.dates)
    fixed = 17 + 9 + 13 + 12.5  # indicator, change, projection, outlook
    per_date = (TEXT_MM - fixed) / max(dates, 1)
    digits = 1 if per_date >= 13 else 0
    headers = [text("bulletin.col.indicator", lang)]
    # 2024Q3 would wrap as 2024Q / 3 in a column this narrow: the break goes before Q.
    headers += [date_label(d, lang).replace("Q", "\nQ") for d in trend.dates]
    headers += [
        text("bulletin.col.pace", lang),  # 季均 over 变化: a narrow column
        projected_header(trend, lang, short=True),
        text("trend.col.outlook", lang),
    ]
    rows = []
    for ind in trend.indicators:
        cells = [ind.short_label(lang)]
        cells += [
            f"{cell(p.actual, ind.unit, digits)}\n{cell(p.expected, ind.unit, digits, 1)}"
            for p in ind.points
        ]
        cells += [pace_text(ind, lang), cell(ind.projected, ind.unit, digits, 1)]
        cells.append(text(f"trend.outlook_short.{outlook_key(ind.outlook)}", lang))
        rows.append(cells)
    right: Align = "right"
    return [
        Paragraph(text("bulletin.att.trend_note", lang)),
        Table(
            headers=headers,
            rows=rows,
            widths_mm=[17, *[per_date] * dates, 9, 13, 12.5],
            align=["left", *[right] * (dates + 2), "center"],
            font_pt=TINY,
        ),
    ]


def cell(value: float | None, unit: str, share_digits: int, digits: int = 0) -> str:
    """A trend cell: as report shows it, but shares with `share_digits` decimals."""
    if value is None or unit != "%":
        return say.plain(value, unit, digits)
    return fixed(value, share_digits, percent=True) + "%"
