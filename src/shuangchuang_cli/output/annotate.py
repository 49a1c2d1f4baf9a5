"""A marked copy of a submission to send back to the township: every problem cell
highlighted with the message as a comment, and a first sheet 问题清单 listing the issues.

The copy is rebuilt from the values the checks read, never copied from the file: no
formula, hyperlink, external link, macro, data connection, defined name, picture or
comment of the submission survives (a `=HYPERLINK(...)` or `=WEBSERVICE(...)` becomes the
value Excel last showed for it), text that looks like a formula stays text with Excel's
quote prefix, and characters XML forbids are shown as escapes. What helps the clerk find
the cell is kept: sheet names and order, every row and column where it was, merged
areas; column widths are fitted to the content (the submission's own formatting, its
fills above all, would be mistaken for marks).

Only sheets with something to mark are copied, each whole; a file with nothing to mark
gets the issue list alone (a valid 1,000,000-row file is not rewritten to say so). A
sheet skipped for a missing column is marked at its header, an unknown column at its
header cell, an unknown sheet at its first cell. The issue list groups an issue that
repeats on consecutive rows (same code, column and message) into one line, 第 5–1133 行,
with its count; every cell of it is filled, and its first cell carries the comment for
all of them (at most MAX_COMMENTS comments a copy: each is a shape Excel must draw).
The copy carries the tool's mark (marks.py), so that a copy saved into a data folder is
never read as a submission.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from shuangchuang_cli.checking.headers import header_of
from shuangchuang_cli.i18n import Lang, quoted, text
from shuangchuang_cli.marks import MARKED_COPY, PROPERTY
from shuangchuang_cli.models import Issue, Severity
from shuangchuang_cli.output.files import OutputFile, write_workbook
from shuangchuang_cli.output.issue_list import (
    group_issues,
    issue_sheet,
    issues_title,
)
from shuangchuang_cli.output.tables import FORMULA_STARTS
from shuangchuang_cli.output.xlsx import fit_width, text_cell, xml_safe
from shuangchuang_cli.output.xlsx_print import Printed, print_setup
from shuangchuang_cli.reading.discover import SourceFile
from shuangchuang_cli.reading.prefetch import Reading
from shuangchuang_cli.reading.readers import CSV_SUFFIXES, RawSheet
from shuangchuang_cli.rules import Rules, SheetType
from shuangchuang_cli.rules.limits import Limits

ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
# Comments are what costs in a copy (each one a shape in a drawing): beyond this many,
# cells are only filled. A line of the list is commented once, on its first cell.
MAX_COMMENTS = 20_000
_WIDTH_SAMPLE = 200  # rows looked at to fit a column


# --- where each issue is shown --------------------------------------------------------


Note = tuple[Issue, str]  # an issue and the rows it stands for ("" for its own row only)


@dataclass
class _SheetMarks:
    """What one sheet of the copy shows: comments by cell, fills by cell, and the cells
    that show an issue (the fills of a header row around its marked cell are extra)."""

    comments: dict[tuple[int, int], list[Note]] = field(default_factory=lambda: defaultdict(list))
    fills: dict[tuple[int, int], Severity] = field(default_factory=dict)
    shown: set[tuple[int, int]] = field(default_factory=set)

    def fill(self, row: int, col: int, severity: Severity) -> None:
        if self.fills.get((row, col)) is not Severity.ERROR:
            self.fills[row, col] = severity


def _first_filled(row: list[Any]) -> int:
    """1-based column of the first cell holding something (1 for an empty row)."""
    return next((c for c, v in enumerate(row, start=1) if v not in ("", None)), 1)


class _Locator:
    """Finds the cell of the copy that shows each issue of one sheet."""

    def __init__(self, raw: RawSheet, from_csv: bool, types: Mapping[str, SheetType]) -> None:
        self.raw = raw
        found = header_of(raw, types, from_csv)
        self.header_row: int | None = None
        self.names: list[str] = []
        self.positions: dict[str, int] = {}
        if found is not None:
            sheet_type, header = found
            self.header_row, self.names = header.at + 1, header.names
            for j, name in enumerate(header.names):
                if name in sheet_type.column_names:
                    self.positions.setdefault(name, j + 1)
        self.marks = _SheetMarks()

    def _shown_at(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of a merged area holding (row, col): a cell merged down over
        several records is read into each, and only the top-left one shows."""
        for (top, left), (bottom, right) in self.raw.merged:
            if top < row <= bottom + 1 and left < col <= right + 1:
                return top + 1, left + 1
        return row, col

    def _row(self, row: int) -> list[Any]:
        rows = self.raw.rows
        return rows[row - 1] if 0 < row <= len(rows) else []

    def place(self, issue: Issue) -> tuple[int, int] | None:
        """The cell that shows the issue (filled); a header row is filled around it."""
        at = self._cell_of(issue)
        if at is not None:
            self.marks.fill(*at, issue.severity)
            self.marks.shown.add(at)
        return at

    def _cell_of(self, issue: Issue) -> tuple[int, int] | None:
        if issue.row is not None and issue.column is not None:
            col = self.positions.get(issue.column)
            return None if col is None else self._shown_at(issue.row, col)
        if issue.row is not None:  # a row as a whole (a repeated header): its first cell
            return issue.row, _first_filled(self._row(issue.row))
        if issue.code == "missing_column":
            given = issue.params.get("header_row")
            row = given if isinstance(given, int) else 1
            cells = self._row(row)
            # The whole header row is filled: the sheet was skipped for it.
            for c, value in enumerate(cells, start=1):
                if value not in ("", None):
                    self.marks.fill(row, c, issue.severity)
            return row, _first_filled(cells)
        if issue.code == "unknown_column" and self.header_row is not None:
            wanted = issue.params.get("header")
            col = next(
                (j for j, name in enumerate(self.names, 1) if name and quoted(name) == wanted),
                None,
            )
            if col is not None:
                return self.header_row, col
        # The sheet as a whole (unknown_sheet, no_header): its first cell with content.
        row = next((r for r in range(1, 11) if any(v not in ("", None) for v in self._row(r))), 1)
        return row, _first_filled(self._row(row))


# --- the copied sheets ----------------------------------------------------------------


def _value(sheet: Any, value: Any) -> Any:
    """A cell of the submission as a value: blanks empty, text always text."""
    if value == "" or value is None:
        return None
    if type(value) is str:
        if value.startswith(FORMULA_STARTS) or xml_safe(value) is not value:
            return text_cell(sheet, value)
        return value
    return value


def _comment(notes: list[Note], lang: Lang) -> Comment:
    several = len({i.row for i, _ in notes}) > 1  # a merged cell: say which row each is from
    lines = []
    for issue, rows in notes:
        label = rows or (str(issue.row) if several and issue.row is not None else "")
        prefix = text("annotate.row", lang, row=label) if label else ""
        lines.append(f"{prefix}[{issue.code}] {issue.message(lang)}")
    body = xml_safe("\n".join(lines))
    return Comment(body, "sc-cli", width=320, height=min(60 + 40 * len(lines), 400))


def _widths(raw: RawSheet) -> list[float]:
    sample = raw.rows[:_WIDTH_SAMPLE]
    width = max(map(len, sample), default=0)
    # A title merged across the columns says nothing about the first column's width.
    across = {(t, left) for (t, left), (_, right) in raw.merged if right > left}
    return [
        fit_width(
            [
                r[j]
                for i, r in enumerate(sample)
                if j < len(r) and r[j] not in ("", None) and (i, j) not in across
            ],
            floor=8.0,
        )
        for j in range(width)
    ]


def _covered(raw: RawSheet) -> dict[int, list[tuple[int, int]]]:
    """0-based rows -> column spans under a merge but not its top-left cell: the reader
    spread the value of a merge down into them, the copy shows it once, as Excel does."""
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (top, left), (bottom, right) in raw.merged:
        for r in range(top, min(bottom, len(raw.rows) - 1) + 1):
            first = left + 1 if r == top else left
            if first <= right:
                covered[r].append((first, right))
    return covered


def _copy_sheet(
    book: Workbook, title: str, raw: RawSheet, found: _Locator, lang: Lang, printed: Printed
) -> None:
    sheet = book.create_sheet(title)
    marks = found.marks
    # The header row is wherever the unit put it (under title rows): that row repeats on
    # every printed page; a sheet whose header was not found repeats none.
    print_setup(sheet, printed, found.header_row)
    for j, width in enumerate(_widths(raw), start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    covered = _covered(raw)
    marked_rows: dict[int, list[int]] = defaultdict(list)
    for at_row, at_col in marks.fills:
        marked_rows[at_row].append(at_col)
    last = max([len(raw.rows), *marked_rows], default=0)
    for r in range(last):
        row = raw.rows[r] if r < len(raw.rows) else []
        cells = [_value(sheet, v) for v in row]
        for first, end in covered.get(r, ()):
            for c in range(first, min(end, len(cells) - 1) + 1):
                cells[c] = None
        for col in marked_rows.get(r + 1, ()):
            cells += [None] * (col - len(cells))
            cells[col - 1] = _marked(sheet, cells[col - 1], marks, (r + 1, col), lang)
        sheet.append(cells)
    for (top, left), (bottom, right) in raw.merged:
        if (bottom, right) != (top, left):
            area = CellRange(
                min_col=left + 1, min_row=top + 1, max_col=right + 1, max_row=bottom + 1
            )
            sheet.merged_cells.add(area)


def _marked(sheet: Any, value: Any, marks: _SheetMarks, at: tuple[int, int], lang: Lang) -> Any:
    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
    cell.fill = ERROR_FILL if marks.fills[at] is Severity.ERROR else WARNING_FILL
    found = marks.comments.get(at)
    if found:
        cell.comment = _comment(found, lang)
    return cell


# --- the copy -------------------------------------------------------------------------


def _raw_sheets(source: Path, limits: Limits) -> list[RawSheet]:
    # Read by a worker process, as the checks read it: a file that would end the
    # process reading it ends only the worker. One that cannot be read gives no sheet:
    # the issue list says why, and there is nothing else to copy.
    ((_, sheets),) = Reading([SourceFile(source, str(source), None)], limits)
    return sheets if isinstance(sheets, list) else []


def _coordinate(at: tuple[int, int]) -> str:
    return f"{get_column_letter(at[1])}{at[0]}"


def _sheet_title(name: str, taken: set[str], lang: Lang) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\ and unique (any case).
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in xml_safe(name))
    title = cleaned.strip("'")[:31] or text("sheet.unnamed", lang)
    n = 1
    while title.lower() in taken:
        n += 1
        title = f"{cleaned[: 31 - len(str(n)) - 1]}_{n}"
    taken.add(title.lower())
    return title


def annotate(
    source: Path, issues: list[Issue], target: Path, rules: Rules, force: bool, lang: Lang
) -> int:
    """Write the marked copy of `source` to `target`; returns how many cells show an
    issue. The target is checked before the file is read again."""
    with OutputFile(target, force, inputs=[source]) as out:
        marked = _build(source, issues, out.part, rules, lang)
        out.commit()
    return marked


def _build(source: Path, issues: list[Issue], part: Path, rules: Rules, lang: Lang) -> int:
    # Read again only when a sheet has something to mark: a valid file's copy is its list.
    raws = _raw_sheets(source, rules.values.limits) if any(i.sheet for i in issues) else []
    from_csv = source.suffix.lower() in CSV_SUFFIXES
    named = {i.sheet for i in issues if i.sheet}
    # Issues name a CSV's only sheet by its recognised type, a workbook's by its name.
    names = [named.pop() if from_csv and len(named) == 1 else raw.name for raw in raws]
    locators = {
        name: _Locator(raw, from_csv, rules.sheet_types)
        for name, raw in zip(names, raws, strict=True)
    }
    lines = group_issues(issues, lang)
    comments = MAX_COMMENTS
    for line in lines:
        found = locators.get(line.issue.sheet or "")
        if found is None:
            continue
        # Each issue a line stands for fills its own cell; the first one of the line says
        # what it is, for all of its rows (第 5–1133 行).
        shown = [cell for cell in map(found.place, line.issues) if cell is not None]
        if not shown:
            continue
        line.cells = (_coordinate(shown[0]), _coordinate(shown[-1]))
        if comments > 0:
            rows = f"{line.first}–{line.last}" if line.count > 1 else ""
            found.marks.comments[shown[0]].append((line.issue, rows))
            comments -= 1
    copied = [name for name in names if locators[name].marks.fills]
    taken = {issues_title(lang).lower()}
    titles = {name: _sheet_title(name, taken, lang) for name in copied}
    book = Workbook(write_only=True)
    errors = sum(i.severity is Severity.ERROR for i in issues)
    printed = Printed(
        text("print.annotated", lang, file=source.name),
        text("print.annotated_note", lang, errors=errors, warnings=len(issues) - errors),
        text("print.pages", lang),
    )
    issue_sheet(book, lines, titles, lang, printed)
    for name, raw in zip(names, raws, strict=True):
        if name in titles:
            _copy_sheet(book, titles[name], raw, locators[name], lang, printed)
    book.properties.creator = "sc-cli"
    book.properties.title = xml_safe(text("annotate.title", lang, file=source.name))
    book.custom_doc_props.append(StringProperty(name=PROPERTY, value=MARKED_COPY))
    write_workbook(book, part)
    return sum(len(loc.marks.shown) for loc in locators.values())
