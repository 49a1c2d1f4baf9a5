"""The first sheet of a marked copy, 问题清单: one line per issue, or per run of an issue
repeated on consecutive rows (第 5–1133 行, with its count), each linked to its cells.

Row 1 says what the file is and carries the tool's mark (marks.py) in a hidden cell;
row 2 is the header; the lines start in row 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.hyperlink import Hyperlink

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.marks import MARKED_COPY
from shuangchuang_cli.models import Issue, Severity
from shuangchuang_cli.output.xlsx import display_width, fit_width, header_cells, text_cell
from shuangchuang_cli.output.xlsx_print import Printed, print_setup

NOTE_ALIGN = Alignment(wrap_text=True, vertical="top")
MARK_COLUMN = 10  # J, hidden: right of the list's eight columns
FIRST_LINE = 3  # under the note and the header
_WIDTH_SAMPLE = 200  # lines looked at to fit a column


def issues_title(lang: Lang) -> str:
    return text("sheet.issue_list", lang)


@dataclass
class IssueLine:
    """Issues of one kind on consecutive rows, listed once: the first and the count."""

    issues: list[Issue]
    message: str
    first: int | None
    last: int | None
    cells: tuple[str, str] | None = None  # first and last cell shown, for the link

    @property
    def issue(self) -> Issue:
        return self.issues[0]

    @property
    def count(self) -> int:
        return len(self.issues)


def group_issues(issues: Sequence[Issue], lang: Lang) -> list[IssueLine]:
    """One line per run of identical issues (file, sheet, code, column, message) on
    consecutive rows; issues come in read order, so rows of a sheet ascend."""
    lines: list[IssueLine] = []
    runs: dict[tuple[object, ...], IssueLine] = {}
    for issue in issues:
        message = issue.message(lang)
        if issue.row is None:
            lines.append(IssueLine([issue], message, None, None))
            continue
        key = (issue.file, issue.sheet, issue.code, issue.column, issue.severity, message)
        run = runs.get(key)
        if run is not None and run.last is not None and issue.row == run.last + 1:
            run.last = issue.row
            run.issues.append(issue)
            continue
        runs[key] = line = IssueLine([issue], message, issue.row, issue.row)
        lines.append(line)
    return lines


def _level(issue: Issue, lang: Lang) -> str:
    return text(
        "view.level.error" if issue.severity is Severity.ERROR else "view.level.warning", lang
    )


HEADERS = ("level", "code", "sheet", "row", "column", "cell", "count", "message")


def issue_sheet(
    book: Workbook,
    lines: list[IssueLine],
    titles: dict[str, str],
    lang: Lang,
    printed: Printed,
) -> None:
    sheet = book.create_sheet(issues_title(lang))
    headers = [text(f"annotate.col.{key}", lang) for key in HEADERS]
    sample = lines[:_WIDTH_SAMPLE]
    widths = [8.0, 16.0, fit_width([headers[2], *(x.issue.sheet for x in sample)]), 12.0]
    widths += [fit_width([headers[4], *(x.issue.column for x in sample)]), 14.0, 7.0, 70.0]
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    sheet.column_dimensions[get_column_letter(MARK_COLUMN)].hidden = True
    sheet.freeze_panes = "A3"
    print_setup(sheet, printed, FIRST_LINE - 1)  # the header row, on every page
    note = text_cell(sheet, text("annotate.note", lang), alignment=NOTE_ALIGN)
    sheet.row_dimensions[1].height = 48
    sheet.append([note, *[None] * (MARK_COLUMN - 2), text_cell(sheet, MARKED_COPY)])
    sheet.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(headers), max_row=1))
    sheet.append(header_cells(sheet, headers))
    message_room = int(widths[-1]) - 2
    for n, line in enumerate(lines, start=FIRST_LINE):
        wrapped = -(-display_width(line.message) // message_room)
        if wrapped > 1:  # wrapped text does not make a row taller by itself everywhere
            sheet.row_dimensions[n].height = 15 * min(wrapped, 8)
        sheet.append(_line_cells(sheet, line, titles, lang))
    sheet.auto_filter.ref = f"A2:H{len(lines) + 2}"


def _line_cells(sheet: Any, line: IssueLine, titles: dict[str, str], lang: Lang) -> list[Any]:
    """One line of the list: its rows (5–1133), and its cells linked to the copied sheet."""
    issue = line.issue
    rows: object = line.first
    if line.first is not None and line.last != line.first:
        rows = f"{line.first}–{line.last}"
    where: Any = None
    if line.cells is not None:
        first, last = line.cells
        shown = first if first == last else f"{first}:{last}"
        where = text_cell(sheet, shown)
        if issue.sheet in titles:
            # A link within the workbook (a location, no relationship to anywhere).
            quoted_title = titles[issue.sheet].replace("'", "''")
            where.hyperlink = Hyperlink(ref="", location=f"'{quoted_title}'!{shown}")
            where.style = "Hyperlink"
    values = [_level(issue, lang), issue.code, issue.sheet, rows, issue.column]
    return [
        *(text_cell(sheet, v) if isinstance(v, str) else v for v in values),
        where,
        line.count,
        text_cell(sheet, line.message, alignment=NOTE_ALIGN),
    ]
