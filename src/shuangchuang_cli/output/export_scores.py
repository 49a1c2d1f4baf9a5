"""The assessment sheets of the export: 单位考核 and 载体绩效, from the scoring module.

Each score is shown with what produced it (weight, task or benchmark, actual, points), as
PRODUCT.md asks of every score. When the rules cannot score a year (no task list for it,
no assessment.toml), the sheet says why in one row and the rest of the workbook is still
written: the progress sheets do not depend on the assessment scheme.
"""

from __future__ import annotations

import datetime as dt
import re

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.assessment.scores import ScoreRow, Scores
from shuangchuang_cli.errors import RulesError, UsageError
from shuangchuang_cli.i18n import Lang, text, worded
from shuangchuang_cli.output.xlsx import Styled, display_width, font
from shuangchuang_cli.output.xlsx_print import Printed
from shuangchuang_cli.output.xlsx_tables import Col, TableBook, add_table

POINTS = "0.00"
PERCENT = "0.0%"
BOLD = font(bold=True)


def _col(key: str, lang: Lang, width: float | None = None, fmt: str | None = None) -> Col:
    return Col(text(f"export.col.{key}", lang), width, fmt)


def _part(item: str, key: str, lang: Lang, fmt: str | None = None) -> Col:
    """One of an item's columns, the item over its part (孵化企业 / 折算权重): as wide as
    its longest Chinese line, which would otherwise wrap between any two characters. A
    long Chinese name is put on lines of about even length first (balanced_lines), so
    that "15.00" does not sit in a column 26 wide. A Latin word is kept whole by
    add_table itself (xlsx._longest_word)."""
    part = text(f"export.col.{key}", lang)
    header = text("export.col.part", lang, item=balanced_lines(item), part=part)
    chinese = [display_width(line) for line in header.split("\n") if not line.isascii()]
    return Col(header, max(7.0, max(chinese, default=0) + 1.5), fmt)


# A name wider than this (eight Chinese characters) goes on two lines or more.
ITEM_LINE = 16
# A piece a line is not broken inside: a run of Latin letters and digits (R&D, 2024), or
# one character with the punctuation that closes it.
_PIECE = re.compile(r"[!-~]+|.[）》”’，、。：；]*", re.S)


def balanced_lines(name: str, most: int = ITEM_LINE) -> str:
    """`name` on as few lines of at most about `most` columns as it needs, the lines of
    about even width: 从业人员接受专业培训比例 as 从业人员接受 / 专业培训比例, not
    从业人员接受专业 / 培训比例. Latin text is left to wrap between its words."""
    width = display_width(name)
    if width <= most or name.isascii() or "\n" in name:
        return name
    count = -(-width // most)
    lines: list[str] = []
    line, done = "", 0
    for piece in _PIECE.findall(name):
        size = display_width(piece)
        # A piece goes on the next line when its middle is past this line's share.
        if line and len(lines) < count - 1 and done + size / 2 > width * (len(lines) + 1) / count:
            lines.append(line)
            line = ""
        line += piece
        done += size
    lines.append(line)
    return "\n".join(lines)


def _note(book: TableBook, title: str, reason: str, lang: Lang, printed: Printed | None) -> str:
    """The reason a sheet could not be scored, one row per line; a short form for stderr."""
    lines = [line for line in reason.splitlines() if line.strip()]
    rows = [[line] for line in lines]
    add_table(book, title, [_col("not_scored", lang, 100)], rows, printed, lang=lang)
    shown = "\n".join(lines[:4])
    if len(lines) > 4:
        # A rules error can list hundreds of lines; the sheet holds them all.
        shown += text("export.not_scored_more", lang, count=len(lines) - 1, sheet=title)
    return text("export.not_scored", lang, sheet=title, reason=shown)


def _grade(row: ScoreRow, lang: Lang) -> str:
    return worded(lang, row.grade, row.grade_en)


def _item_columns(names: list[str], rescaled: bool, task_key: str, lang: Lang) -> list[Col]:
    columns = []
    for name in names:
        columns.append(_part(name, "plan_weight", lang, POINTS))
        if rescaled:
            columns.append(_part(name, "weight_used", lang, POINTS))
        columns += [
            _part(name, task_key, lang),
            _part(name, "part_actual", lang),
            _part(name, "part_points", lang, POINTS),
        ]
    return columns


def _items(
    book: TableBook,
    title: str,
    scores: Scores,
    lead: list[Col],
    lead_values: list[list[object]],
    trail: list[Col],
    trail_values: list[list[object]],
    shares: set[str],
    task_key: str,
    lang: Lang,
    printed: Printed | None,
    shorts: dict[str, str] | None = None,
    name_key: str = "scored_unit",
) -> None:
    """Lead columns, then weight, task, actual and points per item, then trail columns.

    The weight is the scheme's own (plan_weight); where a unit lacks some tasks and its
    other weights are scaled back to 100, the weight it was scored with follows. Items
    are named by their short names when given: five columns an item, a printed page
    has no room for "累计新增孵化企业和创业团队·折算权重"."""
    rescaled = any(i.weight != i.plan_weight for r in scores.rows for i in r.items)
    name_header = text(f"export.col.{name_key}", lang)
    named = next(j for j, c in enumerate(lead) if c.header == name_header) + 1
    order: dict[str, str] = {}
    for row in scores.rows:
        for item in row.items:
            name = worded(lang, item.name, item.name_en)
            order.setdefault(item.indicator, (shorts or {}).get(item.indicator) or name)
    columns = [*lead, *_item_columns(list(order.values()), rescaled, task_key, lang), *trail]
    # A printed page breaks between items, never inside one; the trail stays with the last.
    per_item = 5 if rescaled else 4
    groups = [len(lead) + per_item * k for k in range(len(order))]
    rows: list[list[object]] = []
    for row, lead_row, trail_row in zip(scores.rows, lead_values, trail_values, strict=True):
        cells = list(lead_row)
        mine = {i.indicator: i for i in row.items}
        for ind in order:
            found = mine.get(ind)
            if found is None:
                # No task for this unit: left out of its score, so left blank here.
                cells += [None] * (5 if rescaled else 4)
                continue
            cells += [found.plan_weight, *([found.weight] if rescaled else [])]
            cells += [
                Styled(found.task, number_format=_figure_format(found.task, ind in shares)),
                Styled(found.actual, number_format=_figure_format(found.actual, ind in shares)),
                Styled(found.points, font=BOLD),
            ]
        rows.append(cells + list(trail_row))
    # Frozen through the name column: an item takes four or five columns, so the name
    # would scroll out of sight by the second item.
    add_table(
        book, title, columns, rows, printed, lang=lang, keep_columns=named, print_groups=groups
    )


def _figure_format(value: float | None, share: bool) -> str:
    """A share as a percentage; a task or actual in 万元 with its decimals (12.5 shown as
    13 would read as met), a count whole."""
    if share:
        return PERCENT
    return "0" if value is None or float(value).is_integer() else "0.00"


def _lead_columns(lang: Lang, name: str) -> list[Col]:
    return [
        _col("rank", lang, 7),
        _col(name, lang),
        _col("score", lang, 9, POINTS),
        _col("grade", lang, 9),
        _col("bonus", lang, 7, POINTS),
    ]


def _yes(value: bool | None, lang: Lang) -> str | None:
    if value is None:
        return None
    return text("view.yes" if value else "view.no", lang)


def _group(row: ScoreRow, lang: Lang) -> str | None:
    return (row.group_en or row.group) if lang == "en" else row.group  # None: no groups


def unit_score_table(
    book: TableBook,
    ws: Workspace,
    year: int,
    lang: Lang,
    printed: Printed | None = None,
    as_of: dt.date | None = None,
) -> str | None:
    """Every unit of the rules with its points per indicator; a note instead when unscorable.

    Units ranked apart (乡镇街道, 部门) come group by group, each with its rank in the
    group, and the rank among all units at the end of the lead columns."""
    try:
        scores = ws.score(year, "units", as_of)
    except (UsageError, RulesError) as exc:
        return _note(book, text("sheet.units", lang), exc.render(lang), lang, printed)
    lead = _lead_columns(lang, "scored_unit")
    lead_values: list[list[object]] = [
        [r.rank, r.name, Styled(r.score, font=BOLD), _grade(r, lang), r.bonus] for r in scores.rows
    ]
    if scores.groups:
        lead = [
            _col("group", lang),
            _col("rank_in_group", lang, 8),
            *lead[1:],
            _col("rank_overall", lang, 8),
        ]
        lead_values = [
            [_group(r, lang), *values, r.rank_overall]
            for r, values in zip(scores.rows, lead_values, strict=True)
        ]
    trail = [_col("all_tasks", lang, 8), _col("submitted", lang, 8)]
    trail_values: list[list[object]] = [
        [_yes(r.complete, lang), _yes(r.submitted, lang)] for r in scores.rows
    ]
    _items(
        book,
        text("sheet.units", lang),
        scores,
        lead,
        lead_values,
        trail,
        trail_values,
        set(),
        "part_task",
        lang,
        printed,
        {i.id: i.short_label(lang) for i in ws.rules.indicators},
    )
    return None


def carrier_score_table(
    book: TableBook,
    ws: Workspace,
    year: int,
    lang: Lang,
    printed: Printed | None = None,
    as_of: dt.date | None = None,
) -> str | None:
    """Every counted carrier of the year with its points per item and its roster row."""
    try:
        scores = ws.score(year, "carriers", as_of)
        plan = ws.scheme().carriers
    except (UsageError, RulesError) as exc:
        return _note(book, text("sheet.carriers", lang), exc.render(lang), lang, printed)
    if not scores.rows:
        # An empty table would look like a failed export; say why it is empty.
        reason = text("export.no_carrier", lang, year=year, roster=scores.roster)
        return _note(book, text("sheet.carriers", lang), reason, lang, printed)
    shares = {i.id for i in plan.items if i.measure == "share"} if plan else set()
    lead = [*_lead_columns(lang, "carrier"), _col("unit", lang)]
    lead_values: list[list[object]] = [
        [r.rank, r.name, Styled(r.score, font=BOLD), _grade(r, lang), r.bonus, r.unit]
        for r in scores.rows
    ]
    trail = [
        _col("all_benchmarks", lang, 8),
        _col("file", lang),
        _col("sheet", lang),
        _col("row", lang, 7),
    ]
    trail_values: list[list[object]] = [
        [
            _yes(r.complete, lang),
            r.source.file if r.source else None,
            r.source.sheet if r.source else None,
            r.source.row if r.source else None,
        ]
        for r in scores.rows
    ]
    _items(
        book,
        text("sheet.carriers", lang),
        scores,
        lead,
        lead_values,
        trail,
        trail_values,
        shares,
        "part_benchmark",
        lang,
        printed,
        name_key="carrier",
    )
    return None
