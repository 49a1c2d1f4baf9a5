"""What the blank template says to the clerk: the instructions and each column's hint.

Kept apart from the sheet building so the words can be reviewed (and translated) on
their own. Lists of names come from the rules, never from here, so another district's
rules give another district's template.
"""

from __future__ import annotations

from shuangchuang_cli.i18n import Lang, t
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import Column, Kind

_PURPOSE: dict[str, tuple[str, str]] = {
    "孵化载体": (
        "本单位的孵化载体名册（专业孵化器、众创空间、星创天地等），每个载体一行，"
        "填年末状态；每年报送完整名册，不只是新增的。",
        "Your incubation carriers as at year end, one row each; send the full roster "
        "every year, not only new ones.",
    ),
    "孵化企业": (
        "本年度新入孵的企业和创业团队，每个一行；主体类型为“企业”的必须填统一社会信用代码。",
        "Enterprises and start-up teams newly incubated this year; an 企业 needs its "
        "统一社会信用代码.",
    ),
    "创业导师": (
        "本年度新聘任的创业导师，每人一行。",
        "Entrepreneurship mentors appointed this year, one row each.",
    ),
    "高新技术企业": (
        "本年度新认定的高新技术企业，每家一行。",
        "Enterprises recognised as high-tech this year, one row each.",
    ),
    "科技型中小企业": (
        "本年度入库登记的科技型中小企业，每家一行。",
        "Technology-based SMEs registered this year, one row each.",
    ),
    "双创活动": (
        "本年度组织参加的创业大赛，以及举办的创业沙龙、训练营、创业培训，每场一行。",
        "Start-up contests joined and salons, camps and trainings held this year, one row "
        "per event.",
    ),
}

_CARRIER_METHODS = ("count_carriers", "sum_ratio", "carrier_share")


def sheet_purpose(sheet: str, lang: Lang) -> str:
    zh, en = _PURPOSE.get(sheet, ("", ""))
    return t(lang, zh, en)


def used_by(rules: Rules, sheet: str, lang: Lang) -> list[str]:
    """The indicators a sheet's rows count towards, read from the rules in force."""
    names = []
    for ind in rules.indicators:
        spec = ind.compute
        source = "孵化载体" if spec.method in _CARRIER_METHODS else spec.sheet
        if source == sheet:
            names.append(ind.name_en or ind.name if lang == "en" else ind.name)
    return names


def _listing(values: list[str], limit: int = 120) -> str:
    text = "、".join(values)
    return text if len(text) <= limit else text[:limit] + "…"


_CODE_HINTS: dict[str, tuple[str, str]] = {
    "证书编号@高新技术企业": (
        "高新技术企业证书上的编号：GR + 4 位年份 + 2 位省份代码 + 6 位数字，如 GR202365000123。",
        "The certificate number: GR + year + province code + 6 digits, e.g. GR202365000123.",
    ),
    "证书编号": ("创业导师证书上的编号，照证书原样填写。", "As printed on the mentor certificate."),
    "入库登记编号": (
        "科技型中小企业入库登记编号，照系统中原样填写。",
        "The registration number, exactly as in the register.",
    ),
}


def column_hint(
    column: Column,
    values: list[str] | None,
    unit: str | None,
    year: int | None,
    lang: Lang,
    sheet: str = "",
) -> str:
    """The input message Excel shows when the clerk selects a cell of this column."""
    kind = column.kind
    if kind is Kind.UNIT:
        hint = t(
            lang,
            "从下拉列表选择记录所属的乡镇、街道或部门。",
            "Choose the township, street or department the record belongs to.",
        )
        if unit:
            hint += t(lang, f"本单位为“{unit}”。", f" Your unit: {unit}.")
        return hint
    if kind is Kind.ENUM and values is not None:
        hint = t(lang, "从下拉列表选择：", "Choose one of: ") + _listing(values)
        if column.name == "认定级别":
            hint += t(lang, "。空白视为“未认定”。", ". Blank means 未认定.")
        return hint
    if kind is Kind.BOOL:
        return t(
            lang, "选择“是”或“否”；空白视为“否”。", "Choose 是 (yes) or 否 (no); blank means 否."
        )
    if kind is Kind.DATE:
        when = t(lang, f"（应在 {year} 年内）", f" (within {year})") if year else ""
        if column.name == "成立日期":
            when = ""
        return t(
            lang,
            f"填写日期{when}，如 2024-03-05 或 2024/3/5。",
            f"Enter a date{when}, such as 2024-03-05 or 2024/3/5.",
        )
    if kind is Kind.COUNT:
        return t(lang, "填写不小于 0 的整数，不带单位。", "A whole number of 0 or more, no units.")
    if kind is Kind.USCC:
        hint = t(
            lang,
            "18 位统一社会信用代码，照营业执照填写（数字和大写字母）。",
            "The 18-character 统一社会信用代码 from the business licence.",
        )
        if column.name == "统一社会信用代码" and not column.required:
            hint += t(
                lang, "主体类型为“企业”时必填；团队可留空。", " Required for 企业; blank for 团队."
            )
        return hint
    if kind is Kind.CODE:
        zh, en = _CODE_HINTS.get(f"{column.name}@{sheet}") or _CODE_HINTS.get(
            column.name, ("照证书原样填写。", "As printed on the certificate.")
        )
        return t(lang, zh, en)
    if column.name == "所在载体":
        return t(
            lang,
            "所在孵化载体的名称，与孵化载体表中的载体名称写法一致；不在载体内的留空。",
            "The carrier's name, written as in the 孵化载体 sheet; blank if none.",
        )
    return t(lang, "填写全称，不要用简称。", "The full name, not an abbreviation.")


def instruction_lines(
    rules: Rules, unit: str | None, year: int | None, lang: Lang
) -> list[tuple[str, str]]:
    """(kind, text) lines of the instructions sheet, top to bottom."""
    district = rules.plan.district
    title = t(lang, f"{district}双创工作数据报送表", f"{district} 双创 submission workbook")
    if year:
        title += t(lang, f"（{year} 年度）", f" ({year})")
    lines: list[tuple[str, str]] = [("title", title)]
    if unit:
        lines.append(("line", t(lang, f"填报单位：{unit}", f"Reporting unit: {unit}")))
    units = "、".join(u.name for u in rules.units)
    yes_no = "、".join(rules.values.yes_no.yes[:3])
    zh_steps = [
        "1. 每类数据填在同名的工作表里。不要改工作表名称，不要改、删表头（第 1 行）；"
        "表头前带 * 的列必须填写。",
        "2. 从第 2 行起每行填一条记录。不要合并单元格，不要留示例或测试数据"
        "（每一行都会被统计），合计行不必填写。没有数据的工作表留空即可。",
        "3. 选中单元格时会显示该列的填写提示；带下拉箭头的列请从列表中选择。",
        f"4. 所属单位：从下拉列表选择，可选 {units}。",
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
        f"4. 所属单位 (unit): choose from the list: {units}.",
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
