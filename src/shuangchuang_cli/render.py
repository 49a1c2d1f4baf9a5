"""Turn library results into what a person reads: rich tables, CSV and Markdown.

Spreadsheet text is always wrapped in rich.text.Text, never parsed as markup, so a unit
called "[/bold]" prints as itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from shuangchuang_cli.api import UnitActuals, Validation
from shuangchuang_cli.messages import Lang
from shuangchuang_cli.models import IndicatorValue, Issue, Progress, Severity, Status

STATUS_LABEL = {
    Status.ACHIEVED: ("已完成", "achieved", "bold green"),
    Status.ON_TRACK: ("符合进度", "on track", "cyan"),
    Status.BEHIND: ("略有滞后", "behind", "yellow"),
    Status.AT_RISK: ("明显滞后", "at risk", "bold red"),
}


def t(lang: Lang, zh: str, en: str) -> str:
    return en if lang == "en" else zh


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
    title = t(
        lang,
        f"达坂城区双创目标进度（{progress.year} 年）",
        f"Dabancheng 双创 plan: progress in {progress.year}",
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


def unit_table(
    progress: Progress, units: Sequence[UnitActuals], lang: Lang, names_en: dict[str, str]
) -> RenderableType:
    table = Table(
        title=t(
            lang,
            f"各单位完成情况（{progress.year} 年，截至 {progress.as_of}）",
            f"By unit ({progress.year}, as of {progress.as_of})",
        ),
        header_style="bold",
    )
    table.add_column(t(lang, "指标", "Indicator"))
    for u in units:
        table.add_column(Text(u.unit), justify="right")
    for v in progress.indicators:
        table.add_row(
            Text(name_of(v, lang, names_en)),
            *(fmt_value(u.actuals.get(v.id), v.unit) for u in units),
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


def to_csv(headers: list[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
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
            (file, "bold"),
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
        for i in ordered:
            level = (
                Text(t(lang, "错误", "error"), style="red")
                if i.severity is Severity.ERROR
                else Text(t(lang, "警告", "warning"), style="yellow")
            )
            table.add_row(
                level,
                Text(i.sheet or "—"),
                str(i.row) if i.row else "—",
                Text(i.column or "—"),
                i.code,
                Text(i.message),
            )
        parts += [head, table, Text("")]
    summary = t(
        lang,
        f"共检查 {result.files} 个文件：{result.errors} 个错误，{result.warnings} 个警告。",
        f"{result.files} files checked: {result.errors} errors, {result.warnings} warnings.",
    )
    style = "bold red" if result.errors else "bold green"
    parts.append(Text(summary, style=style))
    return Group(*parts)
