"""A marked-up copy of one submission to send back to the township: every problem cell
highlighted with the message as a comment, plus a sheet listing every issue.

The original is never touched: xlsx/xlsm are copied with their formatting through
openpyxl; xls, ods and CSV are rebuilt from the values the checks read.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from shuangchuang_cli.checking.sheets import column_positions
from shuangchuang_cli.i18n import Lang, t
from shuangchuang_cli.models import Issue, Severity
from shuangchuang_cli.output.xlsx import (
    FORMULA_STARTS,
    check_output,
    fit_width,
    save_atomic,
)
from shuangchuang_cli.reading.discover import SourceFile
from shuangchuang_cli.reading.prefetch import Reading
from shuangchuang_cli.reading.readers import CSV_SUFFIXES, RawSheet
from shuangchuang_cli.rules.limits import Limits

ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
_COPYABLE = {".xlsx", ".xlsm"}


def _text_safe(cell: Any, value: object) -> None:
    """Write a value; strings stay strings even when they start like a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def _raw_sheets(source: Path, limits: Limits) -> list[RawSheet]:
    # Read by a worker process, as the checks read it: a file that would end the
    # process reading it ends only the worker.
    ((_, sheets),) = Reading([SourceFile(source, str(source), None)], limits)
    return sheets if isinstance(sheets, list) else []


def _copy_or_rebuild(source: Path, raws: list[RawSheet]) -> Workbook:
    if source.suffix.lower() in _COPYABLE and raws:
        try:
            return load_workbook(source, keep_vba=False, rich_text=False)
        except Exception:  # any openpyxl failure: fall back to the values read
            pass
    book = Workbook()
    book.remove(book.active)
    for raw in raws:
        sheet = book.create_sheet(_sheet_title(raw.name))
        for row in raw.rows:
            sheet.append([None] * len(row))
        for r, row in enumerate(raw.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in (None, ""):
                    _text_safe(sheet.cell(r, c), value)
    return book


def _shown_at(sheet: Worksheet, row: int, col: int) -> tuple[int, int]:
    """The cell that shows (row, col): the top-left one of a merged area holding it.

    A cell merged down over several records is read into each of them, so its issues
    come once per row; only the top-left cell of a merge can carry a comment.
    """
    for area in sheet.merged_cells.ranges:
        if area.min_row <= row <= area.max_row and area.min_col <= col <= area.max_col:
            return area.min_row, area.min_col
    return row, col


def _sheet_title(name: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)
    return cleaned[:31] or "Sheet"


def annotate(
    source: Path, issues: list[Issue], target: Path, limits: Limits, force: bool, lang: Lang
) -> int:
    """Write the marked-up copy; returns how many cells were marked."""
    check_output(target, force, lang, inputs=[source])
    raws = _raw_sheets(source, limits)
    from_csv = source.suffix.lower() in CSV_SUFFIXES
    book = _copy_or_rebuild(source, raws)
    if from_csv and raws and book.worksheets:
        # Issues name a CSV's sheet by its recognised type; name the rebuilt sheet alike.
        named = {i.sheet for i in issues if i.sheet}
        if len(named) == 1:
            book.worksheets[0].title = _sheet_title(named.pop())
    names = [book.worksheets[n].title if from_csv else raw.name for n, raw in enumerate(raws)]
    positions = {
        name: column_positions(raw, from_csv) for name, raw in zip(names, raws, strict=True)
    }
    # The sheet's title in the copy for each name issues use. A rebuilt sheet's title is
    # cleaned for Excel ("[/bold]" becomes "__bold_"); rebuilt sheets follow the raws' order.
    if len(names) == len(book.worksheets) and not all(n in book.sheetnames for n in names):
        titles = {name: ws.title for name, ws in zip(names, book.worksheets, strict=True)}
    else:
        titles = {name: name for name in names if name in book.sheetnames}
    by_cell: dict[tuple[str, int, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        if issue.sheet is None or issue.row is None or issue.column is None:
            continue
        col = positions.get(issue.sheet, {}).get(issue.column)
        if col is not None and issue.sheet in titles:
            title = titles[issue.sheet]
            row, col = _shown_at(book[title], issue.row, col + 1)
            by_cell[(title, row, col)].append(issue)
    for (sheet_name, row, col), found in by_cell.items():
        cell = book[sheet_name].cell(row, col)
        worst = any(i.severity is Severity.ERROR for i in found)
        cell.fill = ERROR_FILL if worst else WARNING_FILL
        # Several rows on one cell: a merged cell; say which row each issue is from.
        several = len({i.row for i in found}) > 1
        text = "\n".join(
            (t(lang, f"第 {i.row} 行：", f"Row {i.row}: ") if several else "")
            + f"[{i.code}] {i.message}"
            for i in found
        )
        cell.comment = Comment(text, "sc-cli", width=320, height=120)
    _issues_sheet(book, issues, positions, titles, lang)
    save_atomic(book, target, force, lang)
    return len(by_cell)


def _issues_sheet(
    book: Workbook,
    issues: list[Issue],
    positions: dict[str, dict[str, int]],
    titles: dict[str, str],
    lang: Lang,
) -> None:
    title = t(lang, "问题清单", "Issues")
    while title in book.sheetnames:
        title += "_"
    sheet: Worksheet = book.create_sheet(title, 0)
    headers = [
        t(lang, h, e)
        for h, e in (
            ("级别", "Severity"),
            ("代码", "Code"),
            ("工作表", "Sheet"),
            ("行", "Row"),
            ("列", "Column"),
            ("单元格", "Cell"),
            ("说明", "Message"),
        )
    ]
    sheet.append(headers)
    for issue in issues:
        col = positions.get(issue.sheet or "", {}).get(issue.column or "")
        where = (
            f"{get_column_letter(col + 1)}{issue.row}"
            if col is not None and issue.row is not None
            else ""
        )
        level = (
            t(lang, "错误", "error")
            if issue.severity is Severity.ERROR
            else t(lang, "警告", "warning")
        )
        values: list[object] = [
            level,
            issue.code,
            issue.sheet or "",
            issue.row,
            issue.column or "",
            where,
            issue.message,
        ]
        sheet.append([None] * len(values))
        r = sheet.max_row
        for c, value in enumerate(values, start=1):
            _text_safe(sheet.cell(r, c), value)
        if where and issue.sheet in titles:
            link = sheet.cell(r, 6)
            quoted = titles[issue.sheet].replace("'", "''")
            link.hyperlink = f"#'{quoted}'!{where}"
            link.style = "Hyperlink"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(sheet.max_row, 1)}"
    for c in range(1, 8):
        column_values = [sheet.cell(r, c).value for r in range(1, sheet.max_row + 1)]
        sheet.column_dimensions[get_column_letter(c)].width = fit_width(column_values)
    book.active = 0
