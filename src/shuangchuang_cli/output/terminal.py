"""Turn library results into what a person reads: rich tables, CSV and Markdown.

Spreadsheet text is always wrapped in rich.text.Text, never parsed as markup, so a unit
called "[/bold]" prints as itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from shuangchuang_cli.api import UnitActuals, Validation
from shuangchuang_cli.assessment.scores import ScoreItem, Scores
from shuangchuang_cli.counting.explain import Explanation
from shuangchuang_cli.i18n import Lang, t
from shuangchuang_cli.models import IndicatorValue, Issue, Progress, Severity, Status

STATUS_LABEL = {
    Status.ACHIEVED: ("已完成", "achieved", "bold green"),
    Status.ON_TRACK: ("符合进度", "on track", "cyan"),
    Status.BEHIND: ("略有滞后", "behind", "yellow"),
    Status.AT_RISK: ("明显滞后", "at risk", "bold red"),
}


def status_text(status: Status | None, lang: Lang) -> Text:
    if status is None:
        return Text(t(lang, "无数据", "no data"), style="dim")
    zh, en, style = STATUS_LABEL[status]
    return Text(t(lang, zh, en), style=style)


def fmt_value(value: float | None, unit: str, digits: int = 0) -> str:
    """Ratios as percentages; counts as whole numbers (expected values with one decimal)."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{value * 100:.1f}%"
    if digits == 0 and float(value).is_integer():
        return str(int(value))
    return f"{value:.{max(digits, 1)}f}"


def fmt_target(v: IndicatorValue) -> str:
    if v.target_max is not None:
        return f"{fmt_value(v.target, v.unit)}–{fmt_value(v.target_max, v.unit)}"
    return ("≥" if v.unit == "%" else "") + fmt_value(v.target, v.unit)


def bar(share: float | None, width: int = 10) -> Text:
    if share is None:
        return Text("—", style="dim")
    filled = round(min(max(share, 0.0), 1.0) * width)
    style = "green" if share >= 1 else "cyan" if share >= 0.6 else "yellow"
    return Text.assemble(
        ("█" * filled, style), ("░" * (width - filled), "dim"), f" {share * 100:.0f}%"
    )


def name_of(v: IndicatorValue, lang: Lang, names_en: dict[str, str]) -> str:
    return names_en.get(v.id) or v.name if lang == "en" else v.name


def progress_table(progress: Progress, lang: Lang, names_en: dict[str, str]) -> RenderableType:
    plan = progress.plan.title(lang) if progress.plan else ""
    title = t(
        lang,
        f"{plan}目标进度（{progress.year} 年）",
        f"{plan} plan: progress in {progress.year}".strip(),
    )
    table = Table(title=title, title_style="bold", header_style="bold", expand=False)
    for header, justify in (
        (t(lang, "指标", "Indicator"), "left"),
        (t(lang, "目标", "Target"), "right"),
        (t(lang, "实际", "Actual"), "right"),
        (t(lang, "序时应达", "Expected"), "right"),
        (t(lang, "差距", "Gap"), "right"),
        (t(lang, "完成度", "Completion"), "left"),
        (t(lang, "状态", "Status"), "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for v in progress.indicators:
        table.add_row(
            Text(name_of(v, lang, names_en)),
            fmt_target(v),
            fmt_value(v.actual, v.unit),
            fmt_value(v.expected, v.unit, 1),
            fmt_value(v.gap, v.unit),
            bar(v.completion),
            status_text(v.status, lang),
        )
    table.caption = caption(progress, lang)
    return table


def caption(progress: Progress, lang: Lang) -> str:
    text = t(
        lang,
        f"截至 {progress.as_of}，序时进度 {progress.pace * 100:.1f}%；"
        f"计入 {progress.counted} 条记录，"
        f"因错误排除 {progress.excluded} 条；数据问题：{progress.errors} 个错误、"
        f"{progress.warnings} 个警告。",
        f"As of {progress.as_of}, pace {progress.pace * 100:.1f}%; {progress.counted} records "
        f"counted, {progress.excluded} excluded for errors; {progress.errors} errors, "
        f"{progress.warnings} warnings in the data.",
    )
    if progress.errors:
        text += t(lang, "运行 sc-cli validate 查看详情。", " Run sc-cli validate for details.")
    return text


def unit_rows(
    progress: Progress, units: Sequence[UnitActuals], lang: Lang, shorts: dict[str, str]
) -> tuple[list[str], list[list[str]]]:
    headers = [t(lang, "单位", "unit"), *(shorts.get(v.id) or v.id for v in progress.indicators)]
    rows = [
        [u.unit, *(fmt_value(u.actuals.get(v.id), v.unit) for v in progress.indicators)]
        for u in units
    ]
    return headers, rows


def unit_table(
    progress: Progress, units: Sequence[UnitActuals], lang: Lang, shorts: dict[str, str]
) -> RenderableType:
    """One row per unit, one column per indicator (short names from the rules)."""
    table = Table(
        title=t(
            lang,
            f"各单位完成情况（{progress.year} 年，截至 {progress.as_of}）",
            f"By unit ({progress.year}, as of {progress.as_of})",
        ),
        header_style="bold",
        caption=t(
            lang,
            "流量指标按每个键第一次报送的单位计；比例按该单位的载体计算。",
            "Flow keys count for the unit that first reported them; ratios over the "
            "unit's own carriers.",
        ),
    )
    table.add_column(t(lang, "单位", "Unit"), no_wrap=True)
    for v in progress.indicators:
        table.add_column(Text(shorts.get(v.id) or v.id), justify="right")
    for u in units:
        table.add_row(
            Text(u.unit), *(fmt_value(u.actuals.get(v.id), v.unit) for v in progress.indicators)
        )
    return table


def progress_rows(
    progress: Progress, lang: Lang, names_en: dict[str, str]
) -> tuple[list[str], list[list[str]]]:
    headers = [
        t(lang, h, e)
        for h, e in (
            ("编号", "id"),
            ("指标", "indicator"),
            ("目标", "target"),
            ("实际", "actual"),
            ("序时应达", "expected"),
            ("差距", "gap"),
            ("完成度", "completion"),
            ("状态", "status"),
        )
    ]
    rows = [
        [
            v.id,
            name_of(v, lang, names_en),
            fmt_target(v),
            fmt_value(v.actual, v.unit),
            fmt_value(v.expected, v.unit, 1),
            fmt_value(v.gap, v.unit),
            "—" if v.completion is None else f"{v.completion * 100:.1f}%",
            status_text(v.status, lang).plain,
        ]
        for v in progress.indicators
    ]
    return headers, rows


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    """Submitted text that Excel would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def to_csv(headers: list[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([_csv_cell(c) for c in row] for row in rows)
    return out.getvalue()


def _md_cell(value: object) -> str:
    # Pipes would split the cell; newlines would end the row.
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(
    headers: list[str], rows: Iterable[Sequence[object]], caption_text: str = ""
) -> str:
    lines = [
        "| " + " | ".join(_md_cell(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    if caption_text:
        lines += ["", caption_text]
    return "\n".join(lines) + "\n"


# Control characters and bidi overrides from a file name or a cell would move the cursor,
# recolour the terminal or flip the text around them: a table shows them as escapes.
_UNSHOWABLE = (
    {
        c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
        for block in (range(0x20), range(0x7F, 0xA0), (0x200E, 0x200F), range(0x202A, 0x202F))
        for c in block
    }
    | {c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)}
    | {0x0A: "\\n", 0x09: "\\t"}
)


def _visible(text: str) -> str:
    return text.translate(_UNSHOWABLE)


# A table is for reading: past this many rows a file's issues are counted, not listed
# (rich would take minutes to lay out a few hundred thousand rows).
ROWS_PER_FILE = 1000


def issues_view(result: Validation, lang: Lang) -> RenderableType:
    """Issues grouped by file and sheet, errors first, a summary line per file."""
    parts: list[RenderableType] = []
    by_file: dict[str, list[Issue]] = {}
    for issue in result.issues:
        by_file.setdefault(issue.file, []).append(issue)
    for file, issues in by_file.items():
        errors = sum(i.severity is Severity.ERROR for i in issues)
        warnings = len(issues) - errors
        head = Text.assemble(
            (_visible(file), "bold"),
            t(
                lang,
                f"：{errors} 个错误，{warnings} 个警告",
                f": {errors} errors, {warnings} warnings",
            ),
        )
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for h in (
            t(lang, "级别", "Level"),
            t(lang, "工作表", "Sheet"),
            t(lang, "行", "Row"),
            t(lang, "列", "Column"),
            t(lang, "代码", "Code"),
            t(lang, "说明", "Message"),
        ):
            table.add_column(h, overflow="fold")
        ordered = sorted(
            issues, key=lambda i: (i.severity is not Severity.ERROR, i.sheet or "", i.row or 0)
        )
        for i in ordered[:ROWS_PER_FILE]:
            level = (
                Text(t(lang, "错误", "error"), style="red")
                if i.severity is Severity.ERROR
                else Text(t(lang, "警告", "warning"), style="yellow")
            )
            table.add_row(
                level,
                Text(_visible(i.sheet or "—")),
                str(i.row) if i.row else "—",
                Text(_visible(i.column or "—")),
                i.code,
                Text(_visible(i.message(lang))),
            )
        parts += [head, table]
        if len(ordered) > ROWS_PER_FILE:
            rest = len(ordered) - ROWS_PER_FILE
            parts.append(
                Text(
                    t(
                        lang,
                        f"……另有 {rest} 个问题未列出；全部问题见 --format json 或 --annotate。",
                        f"... {rest} more issues not shown; --format json or --annotate has "
                        "them all.",
                    ),
                    style="yellow",
                )
            )
        parts.append(Text(""))
    summary = t(
        lang,
        f"共检查 {result.files} 个文件：{result.errors} 个错误，{result.warnings} 个警告。",
        f"{result.files} files checked: {result.errors} errors, {result.warnings} warnings.",
    )
    style = "bold red" if result.errors else "bold green"
    parts.append(Text(summary, style=style))
    return Group(*parts)


# --- year-end assessment, explain, rules ----------------------------------------------


def _short(value: float | None, unit: str) -> str:
    """Compact for a crowded table: 50%, 33.3%, 4."""
    if value is None:
        return "—"
    return f"{round(value * 100, 1):g}%" if unit == "%" else fmt_value(value, unit)


def _item_cell(item: ScoreItem) -> str:
    """actual/task -> points, e.g. "4/5 → 24.00"; shares as percentages."""
    return f"{_short(item.actual, item.unit)}/{_short(item.task, item.unit)} → {item.points:.2f}"


def _score_columns(scores: Scores) -> dict[str, ScoreItem]:
    """Every indicator that any row is scored on, in the scheme's order."""
    seen: dict[str, ScoreItem] = {}
    for row in scores.rows:
        for item in row.items:
            seen.setdefault(item.indicator, item)
    return {ind: seen[ind] for ind in scores.indicators if ind in seen}


def _item_name(item: ScoreItem, lang: Lang) -> str:
    return item.name_en or item.name if lang == "en" else item.name


def score_table(scores: Scores, lang: Lang) -> RenderableType:
    units = scores.kind == "units"
    title = (
        t(lang, f"{scores.year} 年度单位考核", f"{scores.year} unit assessment")
        if units
        else t(lang, f"{scores.year} 年度众创空间绩效考核", f"{scores.year} carrier assessment")
    )
    table = Table(title=title, title_style="bold", header_style="bold")
    table.add_column(t(lang, "名次", "Rank"), justify="right")
    # Names are what the analyst looks for: never cut them short.
    table.add_column(t(lang, "单位", "Unit") if units else t(lang, "载体", "Carrier"), no_wrap=True)
    table.add_column(t(lang, "总分", "Score"), justify="right")
    table.add_column(t(lang, "等级", "Grade"))
    table.add_column(t(lang, "加分", "Bonus"), justify="right")
    table.add_column(
        t(lang, "报送", "Sent") if units else t(lang, "所属单位", "Unit"), no_wrap=True
    )
    columns = _score_columns(scores)
    for item in columns.values():
        table.add_column(Text(_item_name(item, lang)), justify="right", overflow="fold")
    for row in scores.rows:
        mine = {i.indicator: i for i in row.items}
        if units:
            sent = (
                Text(t(lang, "已报送", "yes"))
                if row.submitted
                else Text(t(lang, "未报送", "nothing sent"), style="bold red")
            )
        else:
            sent = Text(row.unit or "—")
        table.add_row(
            str(row.rank),
            Text(row.name),
            f"{row.score:.2f}",
            Text(row.grade_en or row.grade if lang == "en" else row.grade),
            fmt_value(row.bonus, ""),
            sent,
            *(
                _item_cell(mine[ind]) if ind in mine else Text(t(lang, "无任务", "no task"), "dim")
                for ind in columns
            ),
        )
    bonus = fmt_value(scores.bonus, "")
    table.caption = (
        t(
            lang,
            "各指标格式：实际/任务 → 得分；得分 = 权重 × min(实际/任务, 1)，无任务的指标不计、"
            f"其余权重按比例放大到 100；全部任务完成加 {bonus} 分。",
            "Each cell: actual/task → points; points = weight × min(actual/task, 1); "
            "indicators without a task are left out and the other weights scaled to 100; "
            f"+{bonus} when every task is complete.",
        )
        if units
        else t(
            lang,
            "各项格式：实际/年度基准 → 得分；得分 = 权重 × min(实际/基准, 1)；"
            "从业人员数为 0 的比例项得 0 分。",
            "Each cell: actual/benchmark → points; points = weight × min(actual/benchmark, 1); "
            "a share with no staff scores 0.",
        )
    )
    if not scores.rows:
        empty = t(
            lang,
            "当年没有计入的载体（孵化载体表中无错误、运营、年末前成立的载体）。",
            "No carrier is counted this year (error-free, operating, founded by year end).",
        )
        return Group(table, Text(empty, style="yellow"))
    return table


def score_rows(scores: Scores, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """One line per unit or carrier; task, actual and points per indicator (for CSV)."""
    units = scores.kind == "units"
    columns = _score_columns(scores)
    headers = [
        t(lang, "名次", "rank"),
        t(lang, "单位", "unit") if units else t(lang, "载体", "carrier"),
        t(lang, "总分", "score"),
        t(lang, "等级", "grade"),
        t(lang, "加分", "bonus"),
        t(lang, "报送", "submitted") if units else t(lang, "所属单位", "unit"),
    ]
    for item in columns.values():
        name = _item_name(item, lang)
        task = t(lang, "任务", "task") if units else t(lang, "基准", "benchmark")
        headers += [f"{name} {task}", f"{name} {t(lang, '实际', 'actual')}"]
        headers.append(f"{name} {t(lang, '得分', 'points')}")
    rows = []
    for row in scores.rows:
        mine = {i.indicator: i for i in row.items}
        if units:
            sent = t(lang, "是", "yes") if row.submitted else t(lang, "未报送", "no")
        else:
            sent = row.unit or ""
        line = [str(row.rank), row.name, f"{row.score:.2f}", row.grade, fmt_value(row.bonus, "")]
        line.append(sent)
        for ind in columns:
            got = mine.get(ind)
            if got is None:
                line += ["", "", ""]
            else:
                actual = "" if got.actual is None else fmt_value(got.actual, got.unit)
                line += [fmt_value(got.task, got.unit), actual, f"{got.points:.2f}"]
        rows.append(line)
    return headers, rows


_RECORD_LABELS = {
    "file": ("文件", "File"),
    "sheet": ("工作表", "Sheet"),
    "row": ("行", "Row"),
    "key": ("键", "Key"),
    "date": ("日期", "Date"),
    "unit": ("所属单位", "Unit"),
    "name": ("名称（按报送）", "Name as sent"),
    "entity_type": ("主体类型", "Kind"),
    "category": ("活动类别", "Category"),
    "carrier": ("所在载体", "Carrier"),
    "type": ("载体类型", "Type"),
    "founded": ("成立日期", "Founded"),
    "offers_all": ("全部具备", "Offers all"),
}


def _cell(value: object, lang: Lang) -> Text:
    if value is None:
        return Text("—", style="dim")
    if isinstance(value, bool):
        return Text(t(lang, "是", "yes") if value else t(lang, "否", "no"))
    return Text(str(value))


def explain_view(e: Explanation, lang: Lang) -> RenderableType:
    name = e.name_en or e.name if lang == "en" else e.name
    actual = fmt_value(e.actual, e.unit)
    if e.denominator is not None:
        actual += f" ({e.numerator:g}/{e.denominator:g})"
    table = Table(
        title=Text(
            t(
                lang,
                f"{name}（{e.id}）：截至 {e.as_of}，实际 {actual}，依据 {len(e.records)} 条记录",
                f"{name} ({e.id}): {actual} as of {e.as_of}, from {len(e.records)} records",
            )
        ),
        title_style="bold",
        header_style="bold",
    )
    keys = list(dict.fromkeys(k for r in e.records for k in r))
    for key in keys:
        zh, en = _RECORD_LABELS.get(key, (key, key))
        table.add_column(Text(t(lang, zh, en)), overflow="fold")
    for record in e.records:
        table.add_row(*(_cell(record.get(k), lang) for k in keys))
    if not e.records:
        return Group(table, Text(t(lang, "没有计入的记录。", "No record is counted.")))
    return table


def rules_view(overview: dict[str, Any], lang: Lang) -> RenderableType:
    """The targets, units, weights and tasks in force, as `sc-cli rules` shows them."""
    plan = overview["plan"]
    parts: list[RenderableType] = [
        Text(f"{plan['name']}（{plan['start']} — {plan['end']}）", style="bold"),
        Text(t(lang, f"规则目录：{overview['folder']}", f"Rules folder: {overview['folder']}")),
    ]
    targets = Table(title=t(lang, "目标", "Targets"), header_style="bold")
    for head in (("编号", "id"), ("指标", "indicator"), ("类型", "kind"), ("目标", "target")):
        targets.add_column(t(lang, *head))
    names: dict[str, str] = {}
    for ind in overview["indicators"]:
        names[ind["id"]] = ind["name_en"] or ind["name"] if lang == "en" else ind["name"]
        unit = ind["unit"]
        target = fmt_value(ind["target"], unit)
        if ind.get("target_max") is not None:
            target += f"–{fmt_value(ind['target_max'], unit)}"
        targets.add_row(
            ind["id"], Text(names[ind["id"]]), ind["kind"], target + unit.replace("%", "")
        )
    units = Table(title=t(lang, "单位及别名", "Units and aliases"), header_style="bold")
    for head in (("单位", "unit"), ("类别", "kind"), ("代码", "code"), ("别名", "aliases")):
        units.add_column(t(lang, *head), overflow="fold")
    for u in overview["units"]:
        units.add_row(Text(u["name"]), u["kind"], u["code"] or "—", Text("、".join(u["aliases"])))
    parts += [targets, units]
    scheme = overview["assessment"]
    if scheme is not None:
        parts += _scheme_tables(scheme, names, lang)
    return Group(*parts)


def _scheme_tables(
    scheme: dict[str, Any], names: dict[str, str], lang: Lang
) -> list[RenderableType]:
    weights: dict[str, float] = scheme["units"]["weights"]
    tasks = Table(
        title=t(
            lang,
            f"单位考核：权重与任务分解（全部完成加 {scheme['units']['bonus']} 分）",
            f"Unit assessment: weights and tasks (+{scheme['units']['bonus']} when all done)",
        ),
        header_style="bold",
    )
    tasks.add_column(t(lang, "年度", "Year"))
    tasks.add_column(t(lang, "单位", "Unit"))
    for ind, weight in weights.items():
        tasks.add_column(
            Text(f"{names.get(ind, ind)}\n({weight:g})"), justify="right", overflow="fold"
        )
    for year, by_unit in scheme["units"]["tasks"].items():
        for unit, mine in by_unit.items():
            tasks.add_row(str(year), Text(unit), *(str(mine.get(ind, "—")) for ind in weights))
    total = [
        str(sum(m.get(ind, 0) for b in scheme["units"]["tasks"].values() for m in b.values()))
        for ind in weights
    ]
    tasks.add_row(t(lang, "合计", "Total"), "", *total, style="bold")
    items = Table(title=t(lang, "众创空间绩效考核", "Carrier assessment"), header_style="bold")
    for head in (("项目", "item"), ("权重", "weight"), ("年度基准", "benchmark")):
        items.add_column(t(lang, *head))
    for item in scheme["carriers"]["items"]:
        shown = item["name_en"] or item["name"] if lang == "en" else item["name"]
        unit = "%" if item["measure"] == "share" else ""
        items.add_row(Text(shown), f"{item['weight']:g}", fmt_value(item["benchmark"], unit))
    grades = "；".join(f"{g['name']} ≥ {g['min']:g}" for g in scheme["grades"])
    return [tasks, items, Text(t(lang, f"等级：{grades}", f"Grades: {grades}"))]


def rules_check_view(folder: str, problems: Sequence[str], lang: Lang) -> RenderableType:
    if not problems:
        return Text(t(lang, f"规则检查通过：{folder}", f"Rules OK: {folder}"), style="bold green")
    head = Text(
        t(lang, f"规则有 {len(problems)} 个问题：", f"{len(problems)} problems in the rules:"),
        style="bold red",
    )
    return Group(head, *(Text(f"- {p}") for p in problems))


def bulletin(
    progress: Progress, lang: Lang, names_en: dict[str, str], fmt: str, district: str = ""
) -> str:
    """The 总览 as a 通报 to paste into a document: CSV is the bare table; Markdown adds a
    heading and a one-sentence tally of the statuses above it."""
    headers, rows = progress_rows(progress, lang, names_en)
    if fmt == "csv":
        return to_csv(headers, rows)
    tally = {s: sum(v.status is s for v in progress.indicators) for s in Status}
    missing = sum(v.status is None for v in progress.indicators)
    parts = [f"{t(lang, zh, en)} {tally[s]}" for s, (zh, en, _) in STATUS_LABEL.items()]
    if missing:
        parts.append(f"{t(lang, '无数据', 'no data')} {missing}")
    plan = progress.plan.title(lang) if progress.plan else district
    title = t(
        lang,
        f"# {plan}工作目标进展通报（{progress.year} 年）",
        f"# {plan} plan: progress bulletin, {progress.year}",
    )
    lead = t(
        lang,
        f"截至 {progress.as_of}，{len(progress.indicators)} 项量化指标中："
        + "，".join(p + " 项" for p in parts)
        + "。",
        f"As of {progress.as_of}, of {len(progress.indicators)} indicators: "
        + ", ".join(parts)
        + ".",
    )
    return f"{title}\n\n{lead}\n\n" + to_markdown(headers, rows, caption(progress, lang))
