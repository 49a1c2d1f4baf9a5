"""The body of the bulletin (bulletin.py gathers the numbers): overall progress with the
completion chart, each indicator by status, change since the last quarter end and the
same date last year with the trend chart; then the units, the data and the next steps
(bulletin_units.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shuangchuang_cli.counting.trend import QUARTERS_BACK, Outlook, Trend, expected_completion
from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.models import IndicatorValue, Progress, Status
from shuangchuang_cli.output import bulletin_text as say
from shuangchuang_cli.output.bulletin_units import next_steps, quality, units
from shuangchuang_cli.output.docx import Block, Chart, Heading, Paragraph, Series, Table
from shuangchuang_cli.output.numbers import fixed
from shuangchuang_cli.output.trend import date_label, horizons

if TYPE_CHECKING:
    from shuangchuang_cli.output.bulletin import BulletinData

__all__ = ["body"]

GROUPS: tuple[tuple[str, tuple[Status | None, ...]], ...] = (
    ("achieved", (Status.ACHIEVED,)),
    ("on_track", (Status.ON_TRACK,)),
    ("behind", (Status.BEHIND, Status.AT_RISK)),
    ("no_data", (None,)),
)
SMALL = 10.5  # 五号: tables of six or more columns


class _Tables:
    """Table numbers run through the body: 表1, 表2 ..."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def body(data: BulletinData, lang: Lang, next_date: dt.date) -> list[Block]:
    h1 = say.Numbering("bulletin.h1", lang)
    tables = _Tables()
    return [
        *_overall(data, lang, h1),
        *_indicators(data.progress, lang, h1),
        *_change(data, lang, h1, tables),
        *units(data, lang, h1, tables.next),
        *quality(data, lang, h1, tables.next),
        *next_steps(data, lang, h1, next_date),
    ]


# --- 一、总体进展 --------------------------------------------------------------------------


def _overall(data: BulletinData, lang: Lang, h1: say.Numbering) -> list[Block]:
    progress = data.progress
    found = {key: _members(progress, states) for key, states in GROUPS}
    at_risk = sum(v.status is Status.AT_RISK for v in progress.indicators)
    at_risk_note = text("bulletin.at_risk_note", lang, count=at_risk) if at_risk else ""
    no_data = len(found["no_data"])
    no_data_note = text("bulletin.no_data_note", lang, count=no_data) if no_data else ""
    overall = text(
        "bulletin.overall",
        lang,
        date=say.day(progress.as_of, lang),
        start=say.day(data.trend.window_start, lang),
        end=say.day(data.trend.window_end, lang),
        pace=say.percent(progress.pace),
        count=len(progress.indicators),
        achieved=len(found["achieved"]),
        on_track=len(found["on_track"]),
        behind=len(found["behind"]),
        at_risk_note=at_risk_note,
        no_data_note=no_data_note,
    )
    records = text("bulletin.records", lang, counted=progress.counted, excluded=progress.excluded)
    return [
        Heading(h1(text("bulletin.h.overall", lang))),
        Paragraph(overall),
        Paragraph(records + text("bulletin.figures", lang)),
        completion_chart(progress, lang),
    ]


def _members(progress: Progress, states: Sequence[Status | None]) -> list[IndicatorValue]:
    return [v for v in progress.indicators if v.status in states]


def completion_chart(progress: Progress, lang: Lang) -> Chart:
    """Each indicator's completion (bars, labelled) and the completion due by now."""
    return Chart(
        title=text("bulletin.chart.completion", lang),
        categories=[v.short_label(lang) for v in progress.indicators],
        series=[
            Series(
                text("export.series.completion", lang),
                [v.completion for v in progress.indicators],
                labels=True,
            ),
            Series(
                text("export.series.pace", lang),
                [expected_completion(v) for v in progress.indicators],
                style="marker",
                colour="A5A5A5",
            ),
        ],
        horizontal=True,
        # Short names take one line: 4.5 mm a category lets the chart follow the lead
        # paragraphs on the first page instead of leaving half of it empty.
        height_mm=min(max(30 + 4.5 * len(progress.indicators), 60), 160),
    )


# --- 二、各项指标完成情况 ------------------------------------------------------------------


def _indicators(progress: Progress, lang: Lang, h1: say.Numbering) -> list[Block]:
    h2 = say.Numbering("bulletin.h2", lang)
    blocks: list[Block] = [Heading(h1(text("bulletin.h.indicators", lang)))]
    for key, states in GROUPS:
        members = _members(progress, states)
        if not members:
            continue
        blocks.append(Heading(h2(text(f"bulletin.group.{key}", lang, count=len(members))), 2))
        blocks += [Paragraph(item(v, key, lang)) for v in members]
    return blocks


def item(v: IndicatorValue, key: str, lang: Lang) -> str:
    """One indicator's sentence: actual, target, expected by now, gap, completion."""
    shortfall = None if v.expected is None or v.actual is None else v.expected - v.actual
    if v.direction == "lower" and shortfall is not None:
        shortfall = -shortfall
    if key == "behind" and shortfall is not None and say.shows_as_zero(shortfall, v.unit):
        key = "behind_slightly"  # not "低于序时进度0.0场次"
    return text(
        f"bulletin.item.{key}",
        lang,
        name=v.label(lang),
        actual=say.amount(v.actual, v.unit, lang),
        target=say.target(v, lang),
        expected=say.amount(v.expected, v.unit, lang, 1),
        gap=say.difference(v.gap, v.unit, lang),
        shortfall=say.difference(shortfall, v.unit, lang, 1),
        completion=say.percent(v.completion),
        status=say.status(v.status, lang),
    )


# --- 三、进展变化 --------------------------------------------------------------------------


def _change(data: BulletinData, lang: Lang, h1: say.Numbering, tables: _Tables) -> list[Block]:
    now = data.progress
    blocks: list[Block] = [Heading(h1(text("bulletin.h.trend", lang)))]
    if data.previous is None:
        blocks.append(Paragraph(text("bulletin.change.first_quarter", lang)))
    else:
        changes = _changes(now, data.previous, lang)
        blocks.append(
            Paragraph(
                text(
                    "bulletin.change.previous",
                    lang,
                    date=say.day(data.previous.as_of, lang),
                    changes=changes,
                )
            )
        )
    if data.last_year is None:
        before = say.day(say.year_before(now.as_of), lang)
        blocks.append(Paragraph(text("bulletin.change.before_window", lang, date=before)))
    else:
        changes = _changes(now, data.last_year, lang)
        blocks.append(
            Paragraph(
                text(
                    "bulletin.change.last_year",
                    lang,
                    date=say.day(data.last_year.as_of, lang),
                    changes=changes,
                )
            )
        )
    blocks.append(change_table(data, lang, tables.next()))
    blocks += _outlook(data.trend, lang)
    return blocks


def _delta(now: IndicatorValue, before: IndicatorValue) -> float | None:
    if now.actual is None or before.actual is None:
        return None
    return now.actual - before.actual


def _changes(now: Progress, before: Progress, lang: Lang) -> str:
    """The indicators that moved, each with how far; the rest counted as unchanged."""
    parts, flat = [], 0
    for v, old in zip(now.indicators, before.indicators, strict=True):
        delta = _delta(v, old)
        if not delta:
            flat += 1
            continue
        ratio = v.unit == "%"
        way = "up" if delta > 0 else "down"
        size = fixed(abs(delta), 1, percent=True) if ratio else say.amount(abs(delta), v.unit, lang)
        key = f"bulletin.change.points_{way}" if ratio else f"bulletin.change.{way}"
        parts.append(text(key, lang, name=v.short_label(lang), amount=size))
    if not parts:
        return text("bulletin.change.all_flat", lang)
    if flat:
        parts.append(text("bulletin.change.rest_flat", lang, count=flat))
    return text("bulletin.list_sep", lang).join(parts)


def change_table(data: BulletinData, lang: Lang, number: int) -> Table:
    now, previous, last_year = data.progress, data.previous, data.last_year
    rows = []
    for n, v in enumerate(now.indicators):
        row = [v.short_label(lang), say.plain(v.actual, v.unit)]
        for before in (previous, last_year):
            old = before.indicators[n] if before is not None else None
            row.append(say.plain(old.actual, v.unit) if old else "—")
            row.append(say.signed(_delta(v, old), v.unit) if old else "—")
        rows.append(row)
    headers = [
        text(f"bulletin.col.{k}", lang)
        for k in ("indicator", "now", "previous", "change", "last_year", "change")
    ]
    caption = text("bulletin.table.changes", lang, n=number)
    return Table(
        headers=headers,
        rows=rows,
        caption=caption,
        widths_mm=[34, 22, 24, 20, 24, 20],
        align=["left", "right", "right", "right", "right", "right"],
        font_pt=SMALL,
    )


def _outlook(trend: Trend, lang: Lang) -> list[Block]:
    main, apart = horizons(trend)
    end = say.day(main, lang)
    if apart is not None:
        end += text("bulletin.outlook_annual", lang, annual=say.day(apart, lang))
    judged = [i for i in trend.indicators if i.outlook is not None]
    unlikely = [i for i in judged if i.outlook is Outlook.UNLIKELY]
    # Early in the window, or without a value, an indicator has no pace to project: it is
    # counted apart, so "every indicator" never covers one that was not projected.
    unjudged = [i for i in trend.indicators if i.outlook is None]
    # Early in the window the pace is that of the quarters there are, not of four.
    spans = [i.pace_quarters or 0 for i in judged]
    basis = text(
        "bulletin.basis_four"
        if max(spans, default=0) >= QUARTERS_BACK
        else "bulletin.basis_so_far",
        lang,
    )
    names = say.listing([i.label(lang) for i in unlikely], lang)
    if not judged:
        sentence = text("bulletin.outlook_none", lang, end=end)
    elif unlikely and len(unlikely) == len(judged):
        sentence = text("bulletin.outlook_none_likely", lang, basis=basis, end=end, names=names)
    elif unlikely:
        likely = len(judged) - len(unlikely)
        said = {"basis": basis, "end": end, "likely": likely, "names": names}
        sentence = text("bulletin.outlook", lang, unlikely=len(unlikely), **said)
    elif unjudged:
        sentence = text("bulletin.outlook_judged", lang, basis=basis, end=end, likely=len(judged))
    else:
        sentence = text("bulletin.outlook_all", lang, basis=basis, end=end)
    if unjudged and judged:
        names = say.listing([i.label(lang) for i in unjudged], lang)
        sentence += text("bulletin.outlook_unjudged", lang, count=len(unjudged), names=names)
    blocks: list[Block] = [Paragraph(sentence + text("bulletin.outlook_note", lang))]
    chart = path_chart(trend, lang)
    if chart is not None:
        blocks.append(chart)
    return blocks


def path_chart(trend: Trend, lang: Lang) -> Chart | None:
    """The cumulative indicators' completion at each quarter end against the pace, which
    is the planned path of every one of them on the completion scale."""
    cumulative = [i for i in trend.indicators if i.kind == "cumulative"]
    if not cumulative:
        return None
    pace = Series(
        text("export.series.pace", lang),
        [p.pace for p in cumulative[0].points],
        style="line",
        dashed=True,
        colour="C00000",
    )
    lines = [
        Series(i.short_label(lang), [p.completion for p in i.points], style="line")
        for i in cumulative
    ]
    return Chart(
        title=text("bulletin.chart.path", lang),
        categories=[date_label(d, lang) for d in trend.dates],
        series=[pace, *lines],
        height_mm=100,
    )
