"""How big a workbook will be once read, worked out before python-calamine reads it.

python-calamine holds every sheet as a dense grid and copies every repeated or shared
value into each cell it fills; past memory it aborts its process. So a workbook is
measured first, from its own bytes, against the limits: the declared inflated size of a
package (zip bombs), each sheet's area (xlsx and xlsb by their cells or their declared
dimension, xls by its DIMENSIONS records and cells), the ODS repeats unfolded, the shared
strings copied into their cells. This is an early refusal, cheap by design: it costs a
few percent of the parse at most, so what would cost more to measure than that (a large
ODS walked tag by tag, a large table of shared strings sized string by string) is not
measured; the worker process reading the file under hard limits is what keeps a file
that gets past it from ending a run.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.preflight.budget import within_inflated
from shuangchuang_cli.reading.preflight.ods import check_ods
from shuangchuang_cli.reading.preflight.xls import check_biff
from shuangchuang_cli.reading.preflight.xlsb import check_xlsb
from shuangchuang_cli.reading.preflight.xlsx import Package, check_xlsx
from shuangchuang_cli.rules.limits import Limits

_BROKEN = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    zlib.error,
    struct.error,
    KeyError,
    IndexError,
)


def check_package(path: Path, limits: Limits) -> str:
    """Refuse a zip-based workbook (xlsx, xlsm, xlsb, ods) that would take more than the
    limits allow once read; the format it is (.xlsx, .xlsb or .ods), whatever its name."""
    try:
        with zipfile.ZipFile(path) as zf:
            # Declared sizes first: a zip bomb is refused before any member is inflated.
            within_inflated(sum(info.file_size for info in zf.infolist()), limits)
            # python-calamine picks the format by the file's extension, or, for one it does
            # not know (.XLSX), tries each: every format the package holds is measured.
            package = Package(zf)
            if package.has("content.xml"):
                check_ods(package, limits)
            if package.has("xl/workbook.bin"):
                check_xlsb(package, limits)
            if package.has(package.folder() + "workbook.xml") or not package.has("content.xml"):
                check_xlsx(package, limits)
            return _format_of(package)
    except _BROKEN as exc:
        raise UnreadableFile("corrupt", detail=str(exc)[:200]) from None


def _format_of(package: Package) -> str:
    """The format python-calamine finds a package to be when its name does not say: the
    first it can open of xlsx, xlsb and ods, in its order."""
    if package.has(package.folder() + "workbook.xml"):
        return ".xlsx"
    if package.has("xl/workbook.bin"):
        return ".xlsb"
    return ".ods" if package.has("content.xml") else ".xlsx"


def check_xls(path: Path, limits: Limits) -> None:
    """Refuse a legacy .xls whose sheets would take more than the limits allow once read."""
    try:
        check_biff(path, limits)
    except _BROKEN as exc:
        raise UnreadableFile("corrupt", detail=str(exc)[:200]) from None
