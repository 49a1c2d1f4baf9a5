"""The assessment sheets of the export: 单位考核 and 载体绩效, from the scoring module.

Each score is shown with what produced it (weight, task or benchmark, actual, points), as
PRODUCT.md asks of every score. When the rules cannot score a year (no task list for it,
no assessment.toml), the sheet says why in one row and the rest of the workbook is still
written: the progress sheets do not depend on the assessment scheme.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from shuangchuang_cli.api import Workspace
from shuangchuang_cli.assessment.scores import ScoreRow, Scores
from shuangchuang_cli.errors import RulesError, UsageError
from shuangchuang_cli.i18n import Lang, t, text
from shuangchuang_cli.output.xlsx import Col, Printed, Styled, add_table

UNITS_SHEET = "单位考核"
CARRIERS_SHEET = "载体绩效"
POINTS = "0.00"
PERCENT = "0.0%"
BOLD = Font(bold=True)


def _note(book: Workbook, title: str, text: str, lang: Lang, printed: Printed | None) -> str:
    """The reason a sheet could not be scored, one row per line; a short form for stderr."""
    lines = [line for line in text.splitlines() if line.strip()]
    add_table(
        book,
        title,
        [Col(t(lang, "未能计分的原因", "Why it was not scored"), 100)],
        [[line] for line in lines],
        printed,
    )
    shown = "\n".join(lines[:4])
    if len(lines) > 4:
        # A rules error can list hundreds of lines; the sheet holds them all.
        shown += t(
            lang,
            f"\n…共 {len(lines) - 1} 条，全部列在工作簿的“{title}”表中。",
            f"\n… {len(lines) - 1} in all, listed in the workbook's {title} sheet.",
        )
    return f"{title}：{shown}"


def _grade(row: ScoreRow, lang: Lang) -> str:
    return (row.grade_en or row.grade) if lang == "en" else row.grade


def _items(
    book: Workbook,
    title: str,
    scores: Scores,
    lead: list[Col],
    lead_values: list[list[object]],
    trail: list[Col],
    trail_values: list[list[object]],
    shares: set[str],
    task_word: str,
    lang: Lang,
    printed: Printed | None,
    shorts: dict[str, str] | None = None,
) -> None:
    """Lead columns, then weight, task, actual and points per item, then trail columns.

    The weight is the scheme's own (plan_weight); where a unit lacks some tasks and its
    other weights are scaled back to 100, the weight it was scored with follows. Items
    are named by their short names when given: five columns an item, a printed page
    has no room for "累计新增孵化企业和创业团队·折算权重"."""
    rescaled = any(i.weight != i.plan_weight for r in scores.rows for i in r.items)
    order: dict[str, str] = {}
    for row in scores.rows:
        for item in row.items:
            name = (item.name_en or item.name) if lang == "en" else item.name
            order.setdefault(item.indicator, (shorts or {}).get(item.indicator) or name)
    columns = list(lead)
    for name in order.values():
        columns.append(Col(f"{name}·" + text("export.col.plan_weight", lang), 7, POINTS))
        if rescaled:
            columns.append(Col(f"{name}·" + text("export.col.weight_used", lang), 7, POINTS))
        columns += [
            Col(f"{name}·{task_word}", 7),
            Col(f"{name}·" + t(lang, "实际", "actual"), 7),
            Col(f"{name}·" + t(lang, "得分", "points"), 7, POINTS),
        ]
    columns += trail
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
            fmt = PERCENT if ind in shares else "0"
            cells += [found.plan_weight, *([found.weight] if rescaled else [])]
            cells += [
                Styled(found.task, number_format=fmt),
                Styled(found.actual, number_format=fmt),
                Styled(found.points, font=BOLD),
            ]
        rows.append(cells + list(trail_row))
    add_table(book, title, columns, rows, printed)


def _lead_columns(lang: Lang, name: str) -> list[Col]:
    return [
        Col(t(lang, "排名", "Rank"), 7),
        Col(name),
        Col(t(lang, "总分", "Score"), 9, POINTS),
        Col(t(lang, "等级", "Grade"), 9),
        Col(t(lang, "加分", "Bonus"), 7, POINTS),
    ]


def _yes(value: bool | None, lang: Lang) -> str | None:
    if value is None:
        return None
    return t(lang, "是", "yes") if value else t(lang, "否", "no")


def _group(row: ScoreRow, lang: Lang) -> str | None:
    return (row.group_en or row.group) if lang == "en" else row.group


def unit_score_table(
    book: Workbook, ws: Workspace, year: int, lang: Lang, printed: Printed | None = None
) -> str | None:
    """Every unit of the rules with its points per indicator; a note instead when unscorable.

    Units ranked apart (乡镇街道, 部门) come group by group, each with its rank in the
    group, and the rank among all units at the end of the lead columns."""
    try:
        scores = ws.score(year, "units")
    except (UsageError, RulesError) as exc:
        return _note(book, UNITS_SHEET, exc.render(lang), lang, printed)
    lead = _lead_columns(lang, t(lang, "单位", "Unit"))
    lead_values: list[list[object]] = [
        [r.rank, r.name, Styled(r.score, font=BOLD), _grade(r, lang), r.bonus] for r in scores.rows
    ]
    if scores.groups:
        lead = [
            Col(text("export.col.group", lang)),
            Col(text("export.col.rank_in_group", lang), 8),
            *lead[1:],
            Col(text("export.col.rank_overall", lang), 8),
        ]
        lead_values = [
            [_group(r, lang), *values, r.rank_overall]
            for r, values in zip(scores.rows, lead_values, strict=True)
        ]
    trail = [
        Col(t(lang, "完成全部任务", "All tasks met"), 8),
        Col(t(lang, "本年有报送", "Submitted this year"), 8),
    ]
    trail_values: list[list[object]] = [
        [_yes(r.complete, lang), _yes(r.submitted, lang)] for r in scores.rows
    ]
    _items(
        book,
        UNITS_SHEET,
        scores,
        lead,
        lead_values,
        trail,
        trail_values,
        set(),
        t(lang, "任务", "task"),
        lang,
        printed,
        {i.id: i.short_label(lang) for i in ws.rules.indicators},
    )
    return None


def carrier_score_table(
    book: Workbook, ws: Workspace, year: int, lang: Lang, printed: Printed | None = None
) -> str | None:
    """Every counted carrier of the year with its points per item and its roster row."""
    try:
        scores = ws.score(year, "carriers")
        scheme = ws.scheme()
    except (UsageError, RulesError) as exc:
        return _note(book, CARRIERS_SHEET, exc.render(lang), lang, printed)
    if not scores.rows:
        # An empty table would look like a failed export; say why it is empty.
        return _note(
            book,
            CARRIERS_SHEET,
            t(lang, f"{year} 年没有计入的孵化载体。", f"No carrier is counted for {year}."),
            lang,
            printed,
        )
    shares = {i.id for i in scheme.carriers.items if i.measure == "share"}
    lead = [
        *_lead_columns(lang, t(lang, "载体名称", "Carrier")),
        Col(t(lang, "所属单位", "Unit")),
    ]
    lead_values: list[list[object]] = [
        [r.rank, r.name, Styled(r.score, font=BOLD), _grade(r, lang), r.bonus, r.unit]
        for r in scores.rows
    ]
    trail = [
        Col(t(lang, "达到全部基准", "All benchmarks met"), 8),
        Col(t(lang, "文件", "File")),
        Col(t(lang, "工作表", "Sheet")),
        Col(t(lang, "行", "Row"), 7),
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
        CARRIERS_SHEET,
        scores,
        lead,
        lead_values,
        trail,
        trail_values,
        shares,
        t(lang, "基准", "benchmark"),
        lang,
        printed,
    )
    return None
