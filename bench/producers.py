"""The big register as other producers write it, so that validate is timed on each.

The same records in every file; only how the workbook is written differs, which is what
the pre-read measuring of a sheet's area depends on:

| file | producer | `<dimension>` |
|---|---|---|
| `xlsxwriter.xlsx` | xlsxwriter (the big register itself, copied) | exact |
| `openpyxl.xlsx` | openpyxl, normal mode (what pandas.to_excel uses) | exact |
| `openpyxl_write_only.xlsx` | openpyxl write-only mode | none |
| `no_dimension.xlsx` | xlsxwriter's file with its `<dimension>` taken out | none |
| `dimension_a1.xlsx` | xlsxwriter's, `<dimension ref="A1"/>` as Java exporters write it | small |
| `shared_strings.xlsx` | xlsxwriter with a shared-strings table, as Excel and WPS write | exact |
| `libreoffice.xlsx` | LibreOffice Calc saving xlsxwriter's file (`--libreoffice`) | exact |
| `xls_libreoffice.xls` | LibreOffice saving 60,000 rows as .xls (`--libreoffice`) | exact |
| `ods_libreoffice.ods` | LibreOffice saving 60,000 rows as .ods (`--libreoffice`) | none |

An .xls holds 65,536 rows at most: .xls and .ods are timed on the register's first 60,000.
The big register itself keeps each text in its cell (xlsxwriter's `constant_memory`), and so
do both of openpyxl's: only `shared_strings` and `libreoffice` time the guard against a
string shared by many cells. LibreOffice writes a run of formatting wherever the font
changes, Latin to Chinese.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from records import COLUMNS

SHEET = "科技型中小企业"
_DIMENSION = re.compile(rb"<dimension ref=\"[^\"]*\"/>")


def _openpyxl(path: Path, rows: list[tuple[Any, ...]], write_only: bool) -> None:
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet(SHEET) if write_only else book.active
    sheet.title = SHEET
    sheet.append(COLUMNS[SHEET])
    for row in rows:
        sheet.append(row)
    book.save(path)


def _shared_strings(path: Path, rows: list[tuple[Any, ...]]) -> None:
    """xlsxwriter in its normal mode: each text once in xl/sharedStrings.xml, the cells
    referring to it (t="s"), as Excel and WPS write a workbook."""
    book = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, COLUMNS[SHEET])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()


def _rewritten(source: Path, target: Path, change: Callable[[bytes], bytes]) -> None:
    """The same package with each worksheet's XML changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = change(data)
            new.writestr(item, data)


def _libreoffice(source: Path, target: Path, to: str = "xlsx:Calc MS Excel 2007 XML") -> bool:
    """`source` saved by LibreOffice Calc as `to` (a filter, or a suffix), as `target`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", to, "--outdir", work, str(source)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        shutil.move(Path(work) / f"{source.stem}.{to.split(':')[0]}", target)
    return True


def _legacy_and_open(folder: Path, rows: list[tuple[Any, ...]]) -> bool:
    """The first 60,000 rows as LibreOffice saves them in .xls and in .ods."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "register.xlsx"
        _shared_strings(source, rows[:60_000])
        return _libreoffice(source, folder / "xls_libreoffice.xls", "xls") and _libreoffice(
            source, folder / "ods_libreoffice.ods", "ods"
        )


def write_producers(out: Path, rows: list[tuple[Any, ...]], libreoffice: bool = False) -> list[str]:
    """Write big/producers/*.xlsx from the big register's rows; returns the names made."""
    folder = out / "big" / "producers"
    folder.mkdir(parents=True, exist_ok=True)
    source = out / "big" / "企业名录.xlsx"
    shutil.copyfile(source, folder / "xlsxwriter.xlsx")
    _openpyxl(folder / "openpyxl.xlsx", rows, write_only=False)
    _openpyxl(folder / "openpyxl_write_only.xlsx", rows, write_only=True)
    _shared_strings(folder / "shared_strings.xlsx", rows)
    _rewritten(source, folder / "no_dimension.xlsx", lambda x: _DIMENSION.sub(b"", x))
    _rewritten(
        source, folder / "dimension_a1.xlsx", lambda x: _DIMENSION.sub(b'<dimension ref="A1"/>', x)
    )
    if libreoffice and not (
        _libreoffice(source, folder / "libreoffice.xlsx") and _legacy_and_open(folder, rows)
    ):
        print("soffice not found: no libreoffice.xlsx, .xls or .ods")
    return sorted(p.stem for p in folder.glob("*.*"))
