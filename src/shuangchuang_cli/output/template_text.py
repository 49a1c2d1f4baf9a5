"""What the blank template says to the clerk: the instructions and each column's hint.

Kept apart from the sheet building so the words can be reviewed (and translated) on
their own. Lists of names come from the rules, never from here, so another district's
rules give another district's template.
"""

from __future__ import annotations

from shuangchuang_cli.i18n import Lang, t, text
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import Column, Kind, SheetType


def sheet_purpose(sheet: SheetType, lang: Lang) -> str:
    return (sheet.purpose_en or sheet.purpose) if lang == "en" else sheet.purpose


def used_by(rules: Rules, sheet: SheetType, lang: Lang) -> list[str]:
    """The indicators a sheet's rows count towards, read from the rules in force."""
    return [
        ind.label(lang) for ind in rules.indicators if rules.source_sheet(ind).name == sheet.name
    ]


def _listing(values: list[str], limit: int = 120) -> str:
    text = "、".join(values)
    return text if len(text) <= limit else text[:limit] + "…"


def column_hint(
    column: Column,
    values: list[str] | None,
    unit: str | None,
    year: int | None,
    lang: Lang,
    sheet: SheetType,
    unit_kinds: tuple[str, ...] = (),
) -> str:
    """The input message Excel shows when the clerk selects a cell of this column;
    `unit_kinds` names the kinds of unit the rules have (乡镇、街道、部门)."""
    if column.hint:
        return (column.hint_en or column.hint) if lang == "en" else column.hint
    kind = column.kind
    if kind is Kind.UNIT:
        kinds = ("、" if lang != "en" else ", ").join(unit_kinds)
        hint = text("hint.unit", lang, kinds=kinds)
        return hint + (text("hint.your_unit", lang, unit=unit) if unit else "")
    if kind is Kind.ENUM and values is not None:
        hint = text("hint.enum", lang, values=_listing(values))
        return hint + (text("hint.default", lang, value=column.default) if column.default else "")
    if kind is Kind.DATE:
        # A founding date (a roster's) lies in any year; a record's, in the year reported.
        within = text("hint.within_year", lang, year=year) if year and not sheet.is_roster else ""
        return text("hint.date", lang, within=within)
    hint = text(f"hint.{kind.value}", lang)
    for other, wanted in column.required_when.items():
        hint += text("hint.required_when", lang, column=other, values="、".join(wanted))
    return hint


def instruction_lines(
    rules: Rules, unit: str | None, year: int | None, lang: Lang
) -> list[tuple[str, str]]:
    """(kind, text) lines of the instructions sheet, top to bottom."""
    plan = rules.plan
    title = t(
        lang,
        f"{plan.district}{plan.topic}工作数据报送表",
        f"{plan.region_en or plan.district} {plan.topic_en} submission workbook",
    )
    if year:
        title += t(lang, f"（{year} 年度）", f" ({year})")
    lines: list[tuple[str, str]] = [("title", title)]
    if unit:
        lines.append(("line", t(lang, f"填报单位：{unit}", f"Reporting unit: {unit}")))
    units = "、".join(u.name for u in rules.units)
    # The unit column's name as the sheets write it (所属单位 in the bundled rules).
    unit_column = next((s.unit_column for s in rules.sheets if s.unit_column), "")
    yes_no = "、".join(rules.values.yes_no.yes[:3])
    zh_steps = [
        "1. 每类数据填在同名的工作表里。不要改工作表名称，不要改、删表头（第 1 行）；"
        "表头前带 * 的列必须填写。",
        "2. 从第 2 行起每行填一条记录。不要合并单元格，不要留示例或测试数据"
        "（每一行都会被统计），合计行不必填写。没有数据的工作表留空即可。",
        "3. 选中单元格时会显示该列的填写提示；带下拉箭头的列请从列表中选择。",
        f"4. {unit_column}：从下拉列表选择，可选 {units}。",
        "5. 日期：请填写真实日期，如 2024-03-05 或 2024/3/5；"
        "2024.3.5、2024年3月5日、20240305 也能识别。",
        f"6. 是/否列：选“是”或“否”，空白视为“否”（{yes_no} 等写法也能识别）。",
        "7. 统一社会信用代码为 18 位，照营业执照填写；代码、编号列已设为文本格式，"
        "请勿改为数字格式。",
        "8. 本说明页不计入统计，校验时自动略过；"
        "只填表头、没有记录的文件，校验时会提示“没有任何记录行”。",
    ]
    en_steps = [
        "1. Enter each kind of data in the sheet of the same name. Do not rename sheets or "
        "change the header (row 1); columns marked * are required.",
        "2. One record per row from row 2. No merged cells, no example or test rows (every "
        "row is counted), no totals. Leave a sheet empty when you have nothing for it.",
        "3. Selecting a cell shows the column's hint; choose from the dropdown where a "
        "column has one.",
        f"4. {unit_column} (unit): choose from the list: {units}.",
        "5. Dates: a real date such as 2024-03-05 or 2024/3/5; 2024.3.5, 2024年3月5日 and "
        "20240305 are read too.",
        f"6. Yes/no columns: 是 or 否; blank means 否 ({yes_no} are read too).",
        "7. 统一社会信用代码 has 18 characters, as on the business licence; code columns are "
        "formatted as text, keep them so.",
        "8. This sheet is not counted and the checker passes over it; a file with headers "
        "but no record is reported as holding no record.",
    ]
    lines.append(("heading", t(lang, "怎么填", "How to fill in")))
    lines += [("line", s) for s in (en_steps if lang == "en" else zh_steps)]
    return lines
