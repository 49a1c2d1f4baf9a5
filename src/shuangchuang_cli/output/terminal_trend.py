"""The trend on the terminal: indicators down, the latest quarter ends across, each cell
the actual with the value expected by then under it (output/trend.py has the rows)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from shuangchuang_cli.counting.trend import Outlook, Trend
from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output import trend as view

OUTLOOK_STYLE = {Outlook.LIKELY: "green", Outlook.UNLIKELY: "bold red"}


def trend_table(result: Trend, lang: Lang, width: int = 160) -> Table:
    """For the terminal: each date's actual, with the expected by then under it, dimmed;
    the earliest dates are left out when `width` cannot hold them all (the caption says)."""
    plan = result.plan.title(lang) if result.plan else ""
    keep = view.shown_dates(result, lang, width)
    parts = [view.trend_caption(result, lang), text("trend.caption_cells", lang)]
    if keep < len(result.dates):
        parts.append(text("trend.dropped", lang, count=len(result.dates) - keep))
    caption = ("" if lang == "zh" else " ").join(parts)
    table = Table(
        title=text("trend.title", lang, plan=plan, year=result.year),
        title_style="bold",
        header_style="bold",
        caption=caption,
    )
    table.add_column(text("trend.col.indicator", lang), no_wrap=True)
    for day in result.dates[-keep:]:
        table.add_column(view.short_date(day, lang), justify="right", no_wrap=True)
    for header in view.short_tail(result, lang):
        table.add_column(header, justify="right")
    for ind in result.indicators:
        cells: list[Text | str] = [Text(ind.short_label(lang))]
        for p in ind.points[-keep:]:
            actual = view.compact(p.actual, ind.unit)
            expected = view.compact(p.expected, ind.unit, 1)
            cells.append(Text.assemble(actual, "\n", (expected, "dim")))
        style = OUTLOOK_STYLE.get(ind.outlook, "dim") if ind.outlook else "dim"
        outlook = Text(
            text(f"trend.outlook_short.{view.outlook_key(ind.outlook)}", lang), style=style
        )
        cells += [
            view.target_text(ind),
            view.pace_text(ind, lang),
            view.compact(ind.projected, ind.unit, 1),
            outlook,
        ]
        table.add_row(*cells)
    return table
