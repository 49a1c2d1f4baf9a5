"""Library results as neutral tables (output/tables.py), every word from the catalogues.

One function per view, each returning the blocks a writer shows: the same table goes to
the terminal, to CSV and to Markdown. Results carry their own labels (names, short names,
grades in both languages), so no view needs the rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.models import IndicatorValue, Progress, Status
from shuangchuang_cli.output.numbers import fixed
from shuangchuang_cli.output.tables import Block, Cell, Column, Line, Style, Table, table

if TYPE_CHECKING:  # what is rendered, not imported to render a report (no pandas)
    from shuangchuang_cli.api import UnitActuals
    from shuangchuang_cli.assessment.scores import ScoreItem, Scores
    from shuangchuang_cli.counting.trend import IndicatorTrend

STATUS_STYLE: dict[Status, Style] = {
    Status.ACHIEVED: "good",
    Status.ON_TRACK: "info",
    Status.BEHIND: "warn",
    Status.AT_RISK: "bad",
}


def status_cell(status: Status | None, lang: Lang) -> Cell:
    if status is None:
        return Cell(text("view.status.none", lang), "dim")
    return Cell(text(f"view.status.{status.value}", lang), STATUS_STYLE[status])


def fmt_value(value: float | None, unit: str, digits: int = 0) -> str:
    """Ratios as percentages; counts as whole numbers (expected values with one decimal)."""
    if value is None:
        return "—"
    if unit == "%":
        return fixed(value, 1, percent=True) + "%"
    if digits == 0 and float(value).is_integer():
        return str(int(value))
    return fixed(value, max(digits, 1))


def fmt_target(v: IndicatorValue | IndicatorTrend) -> str:
    """The target as tables show it: a range as 1–2, a share as ≥50.0%, and ≤ where lower
    is better (a share or a count the plan wants brought down)."""
    if v.target_max is not None:
        return f"{fmt_value(v.target, v.unit)}–{fmt_value(v.target_max, v.unit)}"
    bound = "≤" if v.direction == "lower" else "≥" if v.unit == "%" else ""
    return bound + fmt_value(v.target, v.unit)


def _pick(lang: Lang, zh: str, en: str) -> str:
    """A label of a result in `lang`: the English one when there is one."""
    return (en or zh) if lang == "en" else zh


def indicator_name(v: IndicatorValue, lang: Lang) -> str:
    return _pick(lang, v.name, v.name_en)


def indicator_short(v: IndicatorValue, lang: Lang) -> str:
    """The short name for a column header or a narrow screen; the name when there is none."""
    return _pick(lang, v.short, v.short_en) or indicator_name(v, lang)


def _h(key: str, lang: Lang, **kw: object) -> str:
    return text(f"view.{key}", lang, **kw)


def _plan_title(progress: Progress, lang: Lang, district: str) -> str:
    """How a title names the plan: its region and topic (rules/plan.toml), as
    达坂城区双创; the district alone when the result does not carry them."""
    if progress.plan is not None:
        named = progress.plan.title(lang)
        return f"{named} " if lang == "en" and named else named
    return district if lang == "zh" else ""


# --- report ------------------------------------------------------------------------------


def caption(progress: Progress, lang: Lang) -> str:
    said = _h(
        "progress.caption",
        lang,
        as_of=progress.as_of.isoformat(),
        pace=fixed(progress.pace, 1, percent=True),
        counted=progress.counted,
        excluded=progress.excluded,
        errors=progress.errors,
        warnings=progress.warnings,
    )
    return said + (_h("progress.run_validate", lang) if progress.errors else "")


def progress_view(progress: Progress, lang: Lang, district: str = "") -> Table:
    """The gap-to-goal table: one row per indicator, numbered as `explain` accepts them."""
    columns = (
        Column(_h("col.no", lang), "right", data=False, key=True, bare=True),
        Column(_h("col.id", lang), optional=1),
        Column(_h("col.indicator", lang), wrap=True, key=True, bare=True),
        Column(_h("col.target", lang), "right"),
        Column(_h("col.actual", lang), "right"),
        Column(_h("col.expected", lang), "right"),
        Column(_h("col.gap", lang), "right"),
        Column(_h("col.completion", lang), "right"),
        Column(_h("col.status", lang)),
    )
    rows = [
        (
            Cell(str(n)),
            Cell(v.id),
            Cell(indicator_name(v, lang), short=indicator_short(v, lang)),
            Cell(fmt_target(v)),
            Cell(fmt_value(v.actual, v.unit)),
            Cell(fmt_value(v.expected, v.unit, 1)),
            Cell(fmt_value(v.gap, v.unit)),
            Cell(
                "—" if v.completion is None else fixed(v.completion, 1, percent=True) + "%",
                bar=v.completion,
            ),
            status_cell(v.status, lang),
        )
        for n, v in enumerate(progress.indicators, 1)
    ]
    title = _h(
        "progress.title", lang, district=_plan_title(progress, lang, district), year=progress.year
    )
    return table(columns, rows, title=title, caption=caption(progress, lang))


def unit_view(progress: Progress, units: Sequence[UnitActuals], lang: Lang) -> Table:
    """One row per unit, one column per indicator (headed by its short name)."""
    columns = [Column(_h("col.unit", lang), key=True, bare=True)]
    columns += [
        Column(indicator_name(v, lang), "right", short_header=indicator_short(v, lang))
        for v in progress.indicators
    ]
    rows = [
        [Cell(u.unit), *(Cell(fmt_value(u.actuals.get(v.id), v.unit)) for v in progress.indicators)]
        for u in units
    ]
    title = _h("units.title", lang, year=progress.year, as_of=progress.as_of.isoformat())
    return table(columns, rows, title=title, caption=_h("units.caption", lang))


def bulletin_view(progress: Progress, lang: Lang, district: str = "") -> list[Block]:
    """The 总览 as a 通报 to paste into a document: a heading, one sentence tallying the
    statuses, and the progress table."""
    tally = {s: sum(v.status is s for v in progress.indicators) for s in Status}
    parts = [_h("bulletin.part", lang, label=status_cell(s, lang).text, n=tally[s]) for s in Status]
    missing = sum(v.status is None for v in progress.indicators)
    if missing:
        parts.append(_h("bulletin.part", lang, label=status_cell(None, lang).text, n=missing))
    heading = _h(
        "bulletin.title", lang, district=_plan_title(progress, lang, district), year=progress.year
    )
    lead = _h(
        "bulletin.lead",
        lang,
        as_of=progress.as_of.isoformat(),
        count=len(progress.indicators),
        parts=tuple(parts),
    )
    body = dataclasses.replace(progress_view(progress, lang, district), title="")
    return [Line(heading, "strong"), Line(lead), body]


# --- score ------------------------------------------------------------------------------


def _short_number(value: float | None, unit: str) -> str:
    """Compact for a crowded table: 50%, 33.3%, 4, 12.25 (a task in 万元)."""
    if value is None:
        return "—"
    if unit == "%":
        return fixed(value, 1, percent=True).removesuffix(".0") + "%"
    return _figure(value, unit)


def _figure(value: float, unit: str) -> str:
    """A task or an actual to the cent of its 万元, as the scheme may write it: 12.25 is
    not cut to 12.2; whole numbers stay whole."""
    return fmt_value(value, unit) if unit == "%" else fixed(value, 2).rstrip("0").rstrip(".")


def item_cell(item: ScoreItem) -> Cell:
    """actual/task -> points, e.g. "4/5 → 24.00"; shares as percentages."""
    actual, task = _short_number(item.actual, item.unit), _short_number(item.task, item.unit)
    return Cell(f"{actual}/{task} → {fixed(item.points, 2)}")


def _score_columns(scores: Scores) -> dict[str, ScoreItem]:
    """Every indicator that any row is scored on, in the scheme's order."""
    seen: dict[str, ScoreItem] = {}
    for row in scores.rows:
        for item in row.items:
            seen.setdefault(item.indicator, item)
    return {ind: seen[ind] for ind in scores.indicators if ind in seen}


def _score_head(scores: Scores, lang: Lang) -> list[Column]:
    units = scores.kind == "units"
    columns = [
        Column(_h("col.rank", lang), "right", key=True, bare=True),
        Column(_h("col.unit" if units else "col.carrier", lang), key=True, bare=True),
        Column(_h("col.score", lang), "right", key=True),
        Column(_h("col.grade", lang), key=True, bare=True),
        Column(_h("col.bonus", lang), "right"),
        Column(_h("col.submitted" if units else "col.unit", lang)),
    ]
    if scores.groups:  # ranks are counted within each group of units
        columns[1:1] = [Column(_h("col.group", lang))]
        columns.append(Column(_h("col.rank_overall", lang), "right", optional=1))
    return columns


def _item_columns(item: ScoreItem, units: bool, lang: Lang) -> list[Column]:
    """One column the text writers show (actual/task → points), and the three figures
    apart for CSV, where a spreadsheet wants numbers."""
    name = _pick(lang, item.name, item.name_en)
    task = _h("col.part_task" if units else "col.part_benchmark", lang)
    return [
        Column(
            name, "right", short_header=_pick(lang, item.short, item.short_en) or None, data=False
        ),
        *(
            Column(f"{name} {part}", "right", shown=False)
            for part in (task, _h("col.part_actual", lang), _h("col.part_points", lang))
        ),
    ]


def _item_cells(item: ScoreItem | None, lang: Lang) -> list[Cell]:
    if item is None:
        return [Cell(_h("score.no_task", lang), "dim"), Cell(""), Cell(""), Cell("")]
    actual = "" if item.actual is None else _figure(item.actual, item.unit)
    figures = [_figure(item.task, item.unit), actual, fixed(item.points, 2)]
    return [item_cell(item), *(Cell(f) for f in figures)]


def score_view(scores: Scores, lang: Lang, one_table: bool = False) -> list[Block]:
    """Rank, name, score, grade, bonus, and actual/task -> points for every indicator;
    a table per group of units ranked together, unless `one_table` (CSV) is asked."""
    units = scores.kind == "units"
    items = _score_columns(scores)
    columns = _score_head(scores, lang)
    for item in items.values():
        columns += _item_columns(item, units, lang)
    rows = []
    for row in scores.rows:
        mine = {i.indicator: i for i in row.items}
        if units:
            sent = (
                Cell(_h("score.sent", lang))
                if row.submitted
                else Cell(_h("score.not_sent", lang), "bad")
            )
        else:
            sent = Cell(row.unit or "—")
        cells = [
            Cell(str(row.rank)),
            Cell(row.name),
            Cell(fixed(row.score, 2), "strong"),
            Cell(_pick(lang, row.grade, row.grade_en)),
            Cell(fmt_value(row.bonus, "")),
            sent,
        ]
        if scores.groups:
            cells[1:1] = [Cell(_pick(lang, row.group or "", row.group_en or ""))]
            cells.append(Cell(str(row.rank_overall)))
        for ind in items:
            cells += _item_cells(mine.get(ind), lang)
        rows.append(cells)
    bonus = fmt_value(scores.bonus, "")
    if units or not scores.name:
        title = _h("score.title_units" if units else "score.title_carriers", lang, year=scores.year)
    else:
        named = _pick(lang, scores.name, scores.name_en)
        title = _h("score.title_named", lang, year=scores.year, name=named)
    said = _h("score.caption_units", lang, bonus=bonus) if units else _h("score.caption", lang)
    if not scores.groups or one_table:
        blocks: list[Block] = [table(columns, rows, title=title, caption=said)]
    else:
        blocks = [
            table(
                [c for n, c in enumerate(columns) if n != 1],
                [r[:1] + r[2:] for r, row in zip(rows, scores.rows, strict=True) if row.group == g],
                title=f"{title} · {_pick(lang, g, _group_en(scores, g))}",
            )
            for g in scores.groups
        ]
        blocks.append(Line(said, "dim"))
    if not scores.rows:
        blocks.append(Line(_h("score.no_carrier", lang, roster=scores.roster), "warn"))
    return blocks


def _group_en(scores: Scores, group: str) -> str:
    return next((r.group_en or "" for r in scores.rows if r.group == group), "")
