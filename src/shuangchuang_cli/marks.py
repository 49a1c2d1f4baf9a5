"""How the tool knows its own files when it finds them among the submissions.

Two of its outputs travel through the townships and can come back into a data folder:
the marked copy of `validate --annotate` (sent back with the problems marked) and the
template's own sheets, 填报说明 and the hidden 下拉选项 (in every workbook filled in from
the template). Neither is a submission: a marked copy is never read as one, and the
template's sheets get no `unknown_sheet` warning.

Both carry a mark in a cell, written by the tool in a hidden column of the sheet's first
row: a cell survives whatever the clerk's spreadsheet program does on saving (Excel, WPS,
LibreOffice, a conversion to .xls or .ods), where document properties may not, and the
reader already holds every cell. A marked copy also says what it is in a custom document
property, for a person looking at the file's properties. The instructions sheets of
templates made before the mark are known by their name and their last instruction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

MARKED_COPY = "sc-cli:marked-copy"
TEMPLATE_INSTRUCTIONS = "sc-cli:template-instructions"
TEMPLATE_LISTS = "sc-cli:template-lists"  # the hidden sheet of long dropdown lists
MARKS = (MARKED_COPY, TEMPLATE_INSTRUCTIONS, TEMPLATE_LISTS)
PROPERTY = "sc-cli"  # the custom document property of a marked copy (value MARKED_COPY)
MARK_ROWS = 3  # rows looked at for a mark

# Templates written before the mark: the instructions sheet's name and the start of its
# last instruction, in either language.
LEGACY_INSTRUCTIONS = "填报说明"
_LEGACY_LINES = ("8. 本说明页不计入统计", "8. This sheet is not counted")
_LEGACY_ROWS = 40


class Sheet(Protocol):
    @property
    def name(self) -> str: ...
    def head(self, count: int) -> list[list[Any]]: ...


def mark_of(sheet: Sheet) -> str | None:
    """The tool's mark on a sheet, if it has one."""
    for row in sheet.head(MARK_ROWS):
        for cell in row:
            if type(cell) is str and cell in MARKS:
                return cell
    if sheet.name.strip() == LEGACY_INSTRUCTIONS:
        for row in sheet.head(_LEGACY_ROWS):
            first = row[0] if row else None
            if type(first) is str and first.startswith(_LEGACY_LINES):
                return TEMPLATE_INSTRUCTIONS
    return None


def is_marked_copy(sheets: Sequence[Sheet]) -> bool:
    """A marked copy of `validate --annotate`: its first sheet, the issue list, says so."""
    return bool(sheets) and mark_of(sheets[0]) == MARKED_COPY


S = TypeVar("S", bound=Sheet)


def submission_sheets(sheets: Sequence[S]) -> list[S] | None:
    """The sheets of a file to read as a submission: None for a marked copy, else every
    sheet but the template's instructions."""
    if is_marked_copy(sheets):
        return None
    return [s for s in sheets if mark_of(s) not in (TEMPLATE_INSTRUCTIONS, TEMPLATE_LISTS)]
