"""What the blank template says to the clerk: the instructions and each column's hint.

Kept apart from the sheet building so the words can be reviewed (and translated) on
their own. Lists of names come from the rules, never from here, so another district's
rules give another district's template.
"""

from __future__ import annotations

from shuangchuang_cli.i18n import Lang, text, worded
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import Column, Kind, SheetType


def sheet_purpose(sheet: SheetType, lang: Lang) -> str:
    return worded(lang, sheet.purpose, sheet.purpose_en)


def used_by(rules: Rules, sheet: SheetType, lang: Lang) -> list[str]:
    """The indicators a sheet's rows count towards, read from the rules in force."""
    return [
        ind.label(lang) for ind in rules.indicators if rules.source_sheet(ind).name == sheet.name
    ]


def _listing(values: list[str], lang: Lang, limit: int = 120) -> str:
    listed = text("list.separator", lang).join(values)
    return listed if len(listed) <= limit else listed[:limit] + "…"


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
        return worded(lang, column.hint, column.hint_en)
    kind = column.kind
    if kind is Kind.UNIT:
        hint = text("hint.unit", lang, kinds=unit_kinds)
        return hint + (text("hint.your_unit", lang, unit=unit) if unit else "")
    if kind is Kind.ENUM and values is not None:
        hint = text("hint.enum", lang, values=_listing(values, lang))
        return hint + (text("hint.default", lang, value=column.default) if column.default else "")
    if kind is Kind.BOOL and values:
        # The dropdown's two words, the first yes and no of values.toml: 有/无 in a plan
        # that writes them so, not 是/否.
        return text("hint.bool", lang, yes=values[0], no=values[-1])
    if kind is Kind.DATE:
        # A founding date (a roster's) lies in any year; a record's, in the year reported.
        within = text("hint.within_year", lang, year=year) if year and not sheet.is_roster else ""
        return text("hint.date", lang, within=within)
    hint = text(f"hint.{kind.value}", lang)
    for other, wanted in column.required_when.items():
        hint += text("hint.required_when", lang, column=other, values=wanted)
    return hint


def _other_forms(rules: Rules) -> list[str]:
    """The other yes/no forms read too, in pairs (有/无、Y/N), not the pair the step asks
    for again; the pair itself when the rules have no other."""
    forms = rules.values.yes_no
    pairs = [f"{y}/{n}" for y, n in zip(forms.yes[1:3], forms.no[1:3], strict=False)]
    return pairs or [f"{forms.yes[0]}/{forms.no[0]}"]


def instruction_lines(
    rules: Rules, unit: str | None, year: int | None, lang: Lang
) -> list[tuple[str, str]]:
    """(kind, text) lines of the instructions sheet, top to bottom."""
    plan = rules.plan
    district_en = plan.region_en or plan.district
    title = text(
        "template.title",
        lang,
        district=plan.district,
        district_en=district_en,
        topic=plan.topic,
        topic_en=plan.topic_en,
    )
    if year:
        title += text("template.title_year", lang, year=year)
    lines: list[tuple[str, str]] = [("title", title)]
    if unit:
        lines.append(("line", text("template.unit", lang, unit=unit)))
    # The unit column's name as the sheets write it (所属单位 in the bundled rules).
    unit_column = next((s.unit_column for s in rules.sheets if s.unit_column), "")
    params = {
        "unit_column": unit_column,
        "units": [u.name for u in rules.units],
        "yes_no": _other_forms(rules),
        "yes": rules.values.yes_no.yes[0],
        "no": rules.values.yes_no.no[0],
    }
    lines.append(("heading", text("template.how", lang)))
    # Step 7 speaks of the 统一社会信用代码 only where a sheet has such a column.
    has_uscc = any(c.kind is Kind.USCC for s in rules.sheets for c in s.columns)
    steps = [f"template.step.{n}" for n in range(1, 9)]
    if not has_uscc:
        steps[6] = "template.step.7_codes"
    lines += [("line", text(step, lang, **params)) for step in steps]
    return lines
