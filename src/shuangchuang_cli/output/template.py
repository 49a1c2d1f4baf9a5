"""The blank submission workbook (`sc-cli template`): fillable without reading a manual.

One sheet per type, named and headed exactly as the reader expects, so a filled template
validates as it is. Dropdowns, date and whole-number checks stop most mistakes at typing
time; the reader still checks everything, since pasted values bypass Excel's validation.
No example rows: a clerk would leave them in and they would be counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shuangchuang_cli import i18n
from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.i18n import Lang, t
from shuangchuang_cli.marks import TEMPLATE_INSTRUCTIONS, TEMPLATE_LISTS
from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.output.template_text import (
    column_hint,
    instruction_lines,
    sheet_purpose,
    used_by,
)
from shuangchuang_cli.output.xlsx import (
    HEADER_ALIGN,
    HEADER_FILL,
    Printed,
    check_output,
    display_width,
    fit_width,
    print_setup,
    save_atomic,
)
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import Column, Kind, SheetType

INSTRUCTIONS = "填报说明"
MARK_COLUMN = 6  # F: right of the four columns the instructions use
LISTS_MARK_COLUMN = 200  # GR: far right of any number of lists
# Only when a list is too long for Excel's inline form (255 characters): a hidden sheet,
# marked as the template's own (marks.py) so the reader passes over it.
LISTS = "下拉选项"
INLINE_LIMIT = 255
LAST_ROW = 1_048_576  # validation covers the whole column: rows added later are checked too
YES_NO = ["是", "否"]
# Dates before this are typing errors in this domain (the oldest carriers date from the
# 1990s); the upper bound only catches a mistyped century.
FIRST_DATE = dt.date(1950, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)
REQUIRED_FONT = Font(bold=True, color="C00000")
_FLOORS = {Kind.DATE: 13.0, Kind.USCC: 22.0, Kind.CODE: 20.0, Kind.TEXT: 24.0, Kind.COUNT: 10.0}


@dataclass(frozen=True)
class TemplateOptions:
    unit: str | None = None  # the canonical unit name, for titles and hints only
    year: int | None = None
    lang: Lang = "zh"
    unit_kinds: tuple[str, ...] = ()  # the kinds of unit, as the 所属单位 hint names them


def resolve_unit(rules: Rules, unit: str | None, lang: Lang) -> str | None:
    """The canonical name of --unit (aliases accepted); an unknown unit is a usage error."""
    if unit is None:
        return None
    found = rules.unit_lookup.get(key_text(unit))
    if found is None:
        names = "、".join(u.name for u in rules.units)
        raise UsageError(
            t(
                lang,
                f"规则中没有单位“{unit}”；可用：{names}",
                f"No unit '{unit}' in the rules; known units: {names}",
            )
        )
    return found


def header_label(column: Column) -> str:
    # The reader strips leading stars, so the marked header still matches the column.
    return f"*{column.name}" if column.required else column.name


def choices(column: Column, rules: Rules) -> list[str] | None:
    """The values a column's dropdown offers, or None for a column without one."""
    if column.kind is Kind.ENUM:
        return rules.values.enums.get(column.enum_list)
    if column.kind is Kind.BOOL:
        return YES_NO
    if column.kind is Kind.UNIT:
        return [u.name for u in rules.units]
    return None


def _text(cell: Cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # names from rules files are data too: never a formula


class _Lists:
    """Long dropdown lists, written to a hidden sheet on first need and shared by columns."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sheet: Worksheet | None = None
        self.ranges: dict[tuple[str, ...], str] = {}

    def source(self, values: list[str]) -> str:
        inline = ",".join(values)
        # Excel's inline list takes at most 255 characters and has no escape for commas.
        if len(inline) + 2 <= INLINE_LIMIT and not any(("," in v or '"' in v) for v in values):
            return f'"{inline}"'
        key = tuple(values)
        if key not in self.ranges:
            if self.sheet is None:
                self.sheet = self.book.create_sheet(LISTS)
                self.sheet.sheet_state = "hidden"
                # Far right of the lists, so the reader knows the sheet as the template's.
                _text(self.sheet.cell(1, LISTS_MARK_COLUMN), TEMPLATE_LISTS)
            col = len(self.ranges) + 1
            for n, value in enumerate(values, start=1):
                _text(self.sheet.cell(n, col), value)
            letter = get_column_letter(col)
            self.ranges[key] = f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${len(values)}"
        return self.ranges[key]


def _validation(
    sheet: SheetType, column: Column, values: list[str] | None, lists: _Lists, opts: TemplateOptions
) -> DataValidation:
    lang = opts.lang
    common = {
        "showInputMessage": True,
        "showErrorMessage": True,
        "allowBlank": True,
        # Excel caps the title at 32 characters and the prompt at 255.
        "promptTitle": (t(lang, "必填：", "Required: ") if column.required else "")
        + column.name[:24],
        "prompt": column_hint(column, values, opts.unit, opts.year, lang, sheet, opts.unit_kinds)[
            :255
        ],
        "errorTitle": t(lang, "填写有误", "Invalid entry"),
    }
    if values is not None:
        return DataValidation(
            type="list",
            formula1=lists.source(values),
            error=t(lang, "请从下拉列表中选择。", "Choose a value from the list."),
            **common,
        )
    if column.kind is Kind.DATE:
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(FIRST_DATE))),
            formula2=str(int(to_excel(LAST_DATE))),
            error=t(
                lang,
                "请填写日期，如 2024-03-05 或 2024/3/5。",
                "Enter a date such as 2024-03-05 or 2024/3/5.",
            ),
            **common,
        )
    if column.kind in (Kind.COUNT, Kind.AMOUNT):
        return DataValidation(
            type="whole" if column.kind is Kind.COUNT else "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error=t(
                lang,
                "请填写不小于 0 的数，不要带单位。",
                "Enter a number of 0 or more, without units.",
            )
            if column.kind is Kind.AMOUNT
            else t(
                lang,
                "请填写不小于 0 的整数，不要带单位。",
                "Enter a whole number of 0 or more, without units.",
            ),
            **common,
        )
    # Free text and codes: no restriction, but the hint still shows on selection.
    return DataValidation(**common)


def _column_width(column: Column, values: list[str] | None) -> float:
    samples: list[object] = [header_label(column)]
    if values and column.kind is not Kind.UNIT:
        samples += values
    elif values:
        # Unit names can be long ("乌鲁木齐市…管委会"); the widest real name decides.
        samples.append(max(values, key=display_width))
    return fit_width(samples, _FLOORS.get(column.kind, 8.0)) + 1


def _type_sheet(
    book: Workbook, sheet_type: SheetType, rules: Rules, lists: _Lists, opts: TemplateOptions
) -> None:
    sheet = book.create_sheet(sheet_type.name)
    for j, column in enumerate(sheet_type.columns, start=1):
        letter = get_column_letter(j)
        cell = sheet.cell(1, j)
        _text(cell, header_label(column))
        cell.font = REQUIRED_FONT if column.required else Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        values = choices(column, rules)
        dv = _validation(sheet_type, column, values, lists, opts)
        dv.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(dv)
        dim = sheet.column_dimensions[letter]
        dim.width = _column_width(column, values)
        # Column styles apply to cells typed later: codes stay text (an all-digit code
        # would otherwise lose digits as a number), dates show as dates.
        if column.kind in (Kind.USCC, Kind.CODE):
            dim.number_format = "@"
        elif column.kind is Kind.DATE:
            dim.number_format = "yyyy-mm-dd"
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"


def _instructions(book: Workbook, rules: Rules, opts: TemplateOptions) -> None:
    lang = opts.lang
    sheet = book.create_sheet(INSTRUCTIONS, 0)
    row = 1
    for kind, text in instruction_lines(rules, opts.unit, opts.year, lang):
        cell = sheet.cell(row, 1)
        _text(cell, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "title":
            cell.font = Font(bold=True, size=14)
        elif kind == "heading":
            cell.font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        # Merged cells do not grow with wrapped text: size the row for it (about 150
        # narrow characters fit across the four merged columns).
        sheet.row_dimensions[row].height = 16 * max(1, -(-display_width(text) // 150))
        row += 1
    row += 1
    heading = sheet.cell(row, 1)
    _text(heading, t(lang, "各工作表填什么", "What each sheet is for"))
    heading.font = Font(bold=True, size=12)
    row += 1
    headers = (
        t(lang, "工作表", "Sheet"),
        t(lang, "填报内容", "What to enter"),
        t(lang, "必填列（表头带 *）", "Required columns (marked *)"),
        t(lang, "计入的指标", "Counts towards"),
    )
    for j, text in enumerate(headers, start=1):
        cell = sheet.cell(row, j)
        _text(cell, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for sheet_type in rules.sheets:
        row += 1
        texts = (
            sheet_type.name,
            sheet_purpose(sheet_type, lang),
            "、".join(sheet_type.required),
            "；".join(used_by(rules, sheet_type, lang)),
        )
        for j, text in enumerate(texts, start=1):
            cell = sheet.cell(row, j)
            _text(cell, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (16, 50, 40, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.sheet_view.showGridLines = False
    # The mark that tells the reader this sheet is the template's own (marks.py), in a
    # hidden column: a filled-in template then gets no unknown_sheet warning for it.
    _text(sheet.cell(1, MARK_COLUMN), TEMPLATE_INSTRUCTIONS)
    sheet.column_dimensions[get_column_letter(MARK_COLUMN)].hidden = True


def build_template(rules: Rules, opts: TemplateOptions) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    _instructions(book, rules, opts)
    lists = _Lists(book)
    for sheet_type in rules.sheets:
        _type_sheet(book, sheet_type, rules, lists, opts)
    if lists.sheet is not None:
        # Keep the hidden list sheet last, after the six the clerk fills in.
        book.move_sheet(LISTS, offset=len(book.sheetnames) - 1 - book.sheetnames.index(LISTS))
    book.active = 0
    plan = rules.plan
    title = t(opts.lang, f"{plan.topic}工作数据报送表", f"{plan.topic_en} submission workbook")
    book.properties.title = " ".join(str(p) for p in (opts.unit, opts.year, title) if p)
    book.properties.creator = "sc-cli"
    printed = Printed(book.properties.title, "", i18n.text("print.pages", opts.lang))
    for sheet in book.worksheets:
        # The header row repeats on every page of a type sheet; the list sheet stays hidden.
        if sheet.title != LISTS:
            print_setup(sheet, printed, None if sheet.title == INSTRUCTIONS else 1)
    return book


def write_template(
    target: Path,
    rules: Rules,
    unit: str | None = None,
    year: int | None = None,
    lang: Lang = "zh",
    force: bool = False,
) -> Path:
    """Write the blank workbook to `target` (refusing to overwrite without `force`)."""
    check_output(target, force, lang)
    kinds = tuple((k.name_en or k.name) if lang == "en" else k.name for k in rules.unit_kinds)
    opts = TemplateOptions(resolve_unit(rules, unit, lang), year, lang, kinds)
    save_atomic(build_template(rules, opts), target, force, lang)
    return target
