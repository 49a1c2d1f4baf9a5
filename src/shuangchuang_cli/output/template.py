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
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.i18n import Lang, text, worded
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
    check_output,
    display_width,
    fit_width,
    font,
    save_atomic,
)
from shuangchuang_cli.output.xlsx_print import Printed, print_setup
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import Column, Kind, SheetType

INSTRUCTIONS = text("sheet.instructions")  # the sheets' names are the same in both languages
MARK_COLUMN = 6  # F: right of the four columns the instructions use
LISTS_MARK_COLUMN = 200  # GR: far right of any number of lists
# Only when a list is too long for Excel's inline form (255 characters): a hidden sheet,
# marked as the template's own (marks.py) so the reader passes over it.
LISTS = text("sheet.lists")
INLINE_LIMIT = 255
LAST_ROW = 1_048_576  # validation covers the whole column: rows added later are checked too
# Dates before this are typing errors in this domain (the oldest carriers date from the
# 1990s); the upper bound only catches a mistyped century.
FIRST_DATE = dt.date(1950, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)
REQUIRED_FONT = font(bold=True, color="C00000")
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
        raise UsageError("usage.unknown_unit", unit=unit, names=[u.name for u in rules.units])
    return found


def header_label(column: Column) -> str:
    # The reader strips leading stars, so the marked header still matches the column.
    return f"*{column.name}" if column.required else column.name


def choices(column: Column, rules: Rules) -> list[str] | None:
    """The values a column's dropdown offers, or None for a column without one."""
    if column.kind is Kind.ENUM:
        return rules.values.enums.get(column.enum_list)
    if column.kind is Kind.BOOL:
        # The first spellings of yes and no the rules read (是, 否): what the reader takes.
        return [rules.values.yes_no.yes[0], rules.values.yes_no.no[0]]
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
        "promptTitle": (text("template.prompt.required", lang) if column.required else "")
        + column.name[:24],
        "prompt": column_hint(column, values, opts.unit, opts.year, lang, sheet, opts.unit_kinds)[
            :255
        ],
        "errorTitle": text("template.error.title", lang),
    }
    if values is not None:
        return DataValidation(
            type="list",
            formula1=lists.source(values),
            error=text("template.error.list", lang),
            **common,
        )
    if column.kind is Kind.DATE:
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(FIRST_DATE))),
            formula2=str(int(to_excel(LAST_DATE))),
            error=text("template.error.date", lang),
            **common,
        )
    if column.kind in (Kind.COUNT, Kind.AMOUNT):
        return DataValidation(
            type="whole" if column.kind is Kind.COUNT else "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error=text(f"template.error.{column.kind.value}", lang),
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
        cell.font = REQUIRED_FONT if column.required else font(bold=True)
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
    for kind, line in instruction_lines(rules, opts.unit, opts.year, lang):
        cell = sheet.cell(row, 1)
        _text(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "title":
            cell.font = font(bold=True, size=14)
        elif kind == "heading":
            cell.font = font(bold=True, size=12)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        # Merged cells do not grow with wrapped text: size the row for it (about 150
        # narrow characters of 11 pt fit across the four merged columns; fewer and taller
        # lines of the 14 pt title and the 12 pt headings).
        points = {"title": 14.0, "heading": 12.0}.get(kind, 11.0)
        across = int(150 * 11 / points)
        lines = max(1, -(-display_width(line) // across))
        sheet.row_dimensions[row].height = round(points * 1.45) * lines
        row += 1
    _sheets_table(sheet, row + 1, rules, lang)
    for letter, width in zip("ABCD", _INSTRUCTION_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.sheet_view.showGridLines = False
    # The mark that tells the reader this sheet is the template's own (marks.py), in a
    # hidden column: a filled-in template then gets no unknown_sheet warning for it.
    _text(sheet.cell(1, MARK_COLUMN), TEMPLATE_INSTRUCTIONS)
    sheet.column_dimensions[get_column_letter(MARK_COLUMN)].hidden = True


_INSTRUCTION_WIDTHS = (16, 50, 40, 50)  # columns A-D of the 填报说明 sheet


def _lines(value: str, width: float) -> int:
    """Lines a wrapped cell of `width` takes (about two narrow characters go to margins)."""
    return max(1, -(-display_width(value) // int(width - 2)))


def _sheets_table(sheet: Worksheet, row: int, rules: Rules, lang: Lang) -> None:
    """What each sheet is for, from `row` down: its purpose, required columns, indicators."""
    heading = sheet.cell(row, 1)
    _text(heading, text("template.sheets.heading", lang))
    heading.font = font(bold=True, size=12)
    row += 1
    for j, key in enumerate(("sheet", "purpose", "required", "used_by"), start=1):
        cell = sheet.cell(row, j)
        _text(cell, text(f"template.sheets.col.{key}", lang))
        cell.font = font(bold=True)
        cell.fill = HEADER_FILL
    for sheet_type in rules.sheets:
        row += 1
        texts = (
            sheet_type.name,
            sheet_purpose(sheet_type, lang),
            text("list.separator", lang).join(sheet_type.required),
            text("list.semicolon", lang).join(used_by(rules, sheet_type, lang)),
        )
        for j, value in enumerate(texts, start=1):
            cell = sheet.cell(row, j)
            _text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # LibreOffice does not grow a row for wrapped text: size it as the rows above.
        widths = zip(texts, _INSTRUCTION_WIDTHS, strict=True)
        sheet.row_dimensions[row].height = 16 * max(_lines(v, w) for v, w in widths)


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
    title = text("template.book_title", opts.lang, topic=plan.topic, topic_en=plan.topic_en)
    book.properties.title = " ".join(str(p) for p in (opts.unit, opts.year, title) if p)
    book.properties.creator = "sc-cli"
    printed = Printed(book.properties.title, "", text("print.pages", opts.lang))
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
    kinds = tuple(worded(lang, k.name, k.name_en) for k in rules.unit_kinds)
    opts = TemplateOptions(resolve_unit(rules, unit, lang), year, lang, kinds)
    save_atomic(build_template(rules, opts), target, force, lang)
    return target
