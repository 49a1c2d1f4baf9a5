"""The trend (`report --trend`) as one neutral table: indicators down, quarter ends
across, then the target, the pace, the projection and the outlook. Every writer prints
it: the terminal shows each date's actual and leaves the earliest dates out first when
the screen is narrow; CSV holds the value expected by each date too. The workbook's 趋势
sheet and the bulletin take their labels from here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from shuangchuang_cli.counting.trend import IndicatorTrend, Outlook, Trend, is_quarter_end
from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output.numbers import fixed
from shuangchuang_cli.output.tables import Cell, Column, Style, Table, table
from shuangchuang_cli.output.views import fmt_target, fmt_value


def date_label(day: dt.date, lang: Lang) -> str:
    """2024Q3 for a quarter end, the date itself otherwise."""
    if is_quarter_end(day):
        return text("trend.quarter", lang, year=day.year, quarter=(day.month - 1) // 3 + 1)
    return day.isoformat()


def outlook_label(outlook: Outlook | None, lang: Lang) -> str:
    return text(f"trend.outlook.{outlook_key(outlook)}", lang)


def pace_text(ind: IndicatorTrend, lang: Lang) -> str:
    """The change per quarter, signed; a ratio's in percentage points (the header says so:
    a cell "+2.6个百分点" would be text that CSV readers take for a formula)."""
    value = ind.pace_per_quarter
    if value is None:
        return "—"
    if value == 0:
        return "0"
    # A pace is an average over quarters, not a count: one decimal for every row, as the
    # workbook's +0.0;-0.0;0 shows it, so a column does not mix -10 with +0.8.
    return fixed(value, 1, sign=True, percent=ind.unit == "%")


def projected_text(ind: IndicatorTrend) -> str:
    return fmt_value(ind.projected, ind.unit, 1)


def target_text(ind: IndicatorTrend) -> str:
    return fmt_target(ind)


KEPT_QUARTERS = 3
_OUTLOOK_STYLE: dict[str, Style] = {"likely": "good", "unlikely": "bad", "none": "dim"}


def trend_view(result: Trend, lang: Lang) -> Table:
    """Each date's actual (and, for CSV, the value expected by then), then the target, the
    pace, the projection and the outlook. The earliest dates go first on a narrow screen."""
    columns = [
        Column(text("trend.col.id", lang), optional=len(result.dates) + 1),
        Column(text("trend.col.indicator", lang), wrap=True, key=True, bare=True),
    ]
    for n, day in enumerate(result.dates):
        label = date_label(day, lang)
        columns += [
            Column(
                text("trend.col.actual_at", lang, date=label),
                "right",
                short_header=short_date(day, lang),
                optional=len(result.dates) - n if n < len(result.dates) - 1 else 0,
            ),
            Column(text("trend.col.expected_at", lang, date=label), "right", shown=False),
        ]
    # The short headers (季均变化, 到2025年末) on a narrow screen: with the long ones
    # an 80-column screen had room for a single quarter.
    tails = zip(tail_headers(result, lang), short_tail(result, lang), strict=True)
    columns += [Column(h, "right", short_header=short) for h, short in tails]
    rows = []
    for ind in result.indicators:
        row = [Cell(ind.id), Cell(ind.label(lang), short=ind.short_label(lang))]
        for p in ind.points:
            row += [
                Cell(fmt_value(p.actual, ind.unit), short=compact(p.actual, ind.unit)),
                Cell(fmt_value(p.expected, ind.unit, 1)),
            ]
        key = outlook_key(ind.outlook)
        row += [
            Cell(target_text(ind)),
            Cell(pace_text(ind, lang)),
            Cell(projected_text(ind)),
            Cell(
                outlook_label(ind.outlook, lang),
                _OUTLOOK_STYLE[key],
                short=text(f"trend.outlook_short.{key}", lang),
            ),
        ]
        rows.append(row)
    plan = result.plan.title(lang) if result.plan else ""
    title = text("trend.title", lang, plan=plan, year=result.year)
    caption = trend_caption(result, lang) + text("trend.narrow", lang)
    # The last three quarters are kept under short headers before any of them goes.
    return table(columns, rows, title=title, caption=caption, shorten_at=KEPT_QUARTERS)


def horizons(result: Trend) -> tuple[dt.date, dt.date | None]:
    """The date the projections reach, and the annual indicators' own when it is another:
    an annual target is the year's, so it is carried to the end of its year, not of the
    plan (counting/trend.py)."""
    annual = {i.horizon for i in result.indicators if i.kind == "annual"}
    others = {i.horizon for i in result.indicators if i.kind != "annual"}
    main = max(others or annual or {result.window_end})
    apart = min(annual) if annual and min(annual) != main else None
    return main, apart


def projected_header(result: Trend, lang: Lang, short: bool = False) -> str:
    """到2026年末, or 到2026年末（年度指标到2025年末） when the annual ones stop earlier."""
    main, apart = horizons(result)
    form = "projected_short" if short else "projected"
    header = text(f"trend.col.{form}", lang, year=main.year)
    if apart is not None:
        header += text(f"trend.col.{form}_annual", lang, year=apart.year)
    return header


def tail_headers(result: Trend, lang: Lang) -> list[str]:
    return [
        text("trend.col.target", lang),
        text("trend.col.pace", lang),
        projected_header(result, lang),
        text("trend.col.outlook", lang),
    ]


def trend_caption(result: Trend, lang: Lang) -> str:
    return text(
        "trend.caption",
        lang,
        first=result.dates[0].isoformat(),
        last=result.as_of.isoformat(),
        year=result.year,
    )


def compact(value: float | None, unit: str, digits: int = 0) -> str:
    """A terminal cell: shares as whole percentages (44%), counts as in the report."""
    if value is None or unit != "%":
        return fmt_value(value, unit, digits)
    return fixed(value, 0, percent=True) + "%"


def _width(label: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)


_PER_DATE = 8  # a date column: "2024Q3"-wide header or a cell like "100%", padding, rule


def shown_dates(result: Trend, lang: Lang, width: int) -> int:
    """How many of the latest dates fit in `width` columns beside the fixed columns."""
    names = max((_width(i.short_label(lang)) for i in result.indicators), default=4)
    tail = sum(_width(h) + 3 for h in short_tail(result, lang))
    room = width - (names + 4) - tail
    return max(min(len(result.dates), room // _PER_DATE), min(2, len(result.dates)))


def short_tail(result: Trend, lang: Lang) -> list[str]:
    return [
        text("trend.col.target", lang),
        text("trend.col.pace_short", lang),
        projected_header(result, lang, short=True),
        text("trend.col.outlook", lang),
    ]


def short_date(day: dt.date, lang: Lang) -> str:
    if is_quarter_end(day):
        quarter = (day.month - 1) // 3 + 1
        return text("trend.quarter_short", lang, yy=f"{day.year % 100:02d}", quarter=quarter)
    return day.strftime("%m-%d")


def outlook_key(outlook: Outlook | None) -> str:
    return outlook.value if outlook else "none"
