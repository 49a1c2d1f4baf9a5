"""Crafted workbooks, made from bytes: each a few kilobytes that a reader would unfold into
gigabytes, or a far cell written some unusual way. For the reading tests (and for a
script that times the whole list); nothing here is committed as a file.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

import xlwt
from make_test_data import MAIN_NS, REL_NS, RELS_NS, package, xlsx_by_hand

__all__ = ["xlsx_by_hand"]  # re-exported for the tests that build their own

FAR = '<row r="1048576"><c r="{ref}"><v>2</v></c></row>'
FIRST_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'


def xlsx_far(ref: str = "XFD1048576", dimension: str | None = None, filler: int = 0) -> bytes:
    """One sheet: A1, `filler` ordinary rows, and a value at `ref`."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>'
        for r in range(2, 2 + filler)
    )
    return xlsx_by_hand(["名录"], FIRST_ROW + rows + FAR.format(ref=ref), dimension)


def xlsx_odd_relationship() -> bytes:
    """The sheet part at xl/data/s1.xml, its relationship written Target first."""
    return package(
        {
            "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            "_rels/.rels": f'<Relationships xmlns="{RELS_NS}"><Relationship Target="xl/'
            f'workbook.xml" Type="{REL_NS}/officeDocument" Id="rId1"/></Relationships>',
            "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            "<sheet r:id='rId9' sheetId='1' name='名录'/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS_NS}"><Relationship '
            f"Target='data/s1.xml' Type='{REL_NS}/worksheet' Id='rId9'/></Relationships>",
            "xl/data/s1.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>{FIRST_ROW}'
            f"{FAR.format(ref='XFD1048576')}</sheetData></worksheet>",
        }
    )


def xlsx_many_cells(rows: int, columns: int) -> bytes:
    """rows x columns numbers with no <dimension> and no references, written streaming."""
    buffer = io.BytesIO()
    row = ("<row>" + "<c><v>1</v></c>" * columns + "</row>").encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        source = zipfile.ZipFile(io.BytesIO(xlsx_by_hand(["名录"], "")))
        for name in source.namelist():
            if "worksheets" not in name:
                zf.writestr(name, source.read(name))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
            for _ in range(rows):
                fh.write(row)
            fh.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


# --- xlsb: binary records (MS-XLSB) ------------------------------------------------------


def _record(kind: int, body: bytes = b"") -> bytes:
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = len(body), b""
    while True:
        length += bytes([(size & 0x7F) | (0x80 if size > 0x7F else 0)])
        size >>= 7
        if not size:
            break
    return head + length + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(cells: Iterable[tuple[int, int, float | str]], dimension: tuple[int, int]) -> bytes:
    """One sheet 名录 holding (row, column, value) cells, 0-based, and a declared BrtWsDim."""
    rows: dict[int, list[tuple[int, float | str]]] = {}
    for row, column, value in cells:
        rows.setdefault(row, []).append((column, value))
    data = b""
    for row in sorted(rows):
        data += _record(0x00, struct.pack("<IIHBBBBI", row, 0, 0, 0, 0, 0, 0, 0))
        for column, value in rows[row]:
            cell = struct.pack("<II", column, 0)
            if isinstance(value, str):
                data += _record(0x06, cell + _wide(value))
            else:
                data += _record(0x05, cell + struct.pack("<d", value))
    last_row, last_column = dimension
    sheet = (
        _record(0x81)
        + _record(0x94, struct.pack("<4I", 0, last_row, 0, last_column))
        + _record(0x91)
        + data
        + _record(0x92)
        + _record(0x82)
    )
    book = (
        _record(0x83)
        + _record(0x8F)
        + _record(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("名录"))
        + _record(0x90)
        + _record(0x84)
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.'
        'sheet.binary.macroEnabled.main"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type='
        f'"{REL_NS}/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        "xl/_rels/workbook.bin.rels": f'<Relationships xmlns="{RELS_NS}"><Relationship '
        f'Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.bin"/></Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        zf.writestr("xl/workbook.bin", book)
        zf.writestr("xl/worksheets/sheet1.bin", sheet)
    return buffer.getvalue()


# --- xls: BIFF8 records in a compound file, patched after xlwt wrote them -----------------


def xls(cells: Iterable[tuple[int, int, float | str]]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名录")
    for row, column, value in cells:
        sheet.write(row, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_dimensions(rows: int, columns: int) -> bytes:
    """An .xls whose DIMENSIONS record declares rows x columns (it holds two cells)."""
    data = bytearray(xls([(0, 0, "姓名"), (1, 0, 1.5)]))
    at = data.index(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes
    struct.pack_into("<IIHH", data, at + 4, 0, rows, 0, columns)
    return bytes(data)


def xls_far_cell(row: int = 65535, column: int = 65535) -> bytes:
    """An .xls holding a number at (row, column), its DIMENSIONS left as xlwt wrote it."""
    data = bytearray(xls([(0, 0, "姓名"), (1, 0, 3.14159)]))
    at = data.index(b"\x03\x02\x0e\x00")  # NUMBER, 14 bytes
    struct.pack_into("<HH", data, at + 4, row, column)
    return bytes(data)


def xls_encrypted() -> bytes:
    """An .xls marked as encrypted (a FILEPASS record): what follows it is not BIFF."""
    data = bytearray(xls([(0, 0, "姓名"), (1, 0, 1.5)]))
    at = data.index(b"\x19\x00\x02\x00")  # WINDOWPROTECT, turned into FILEPASS (RC4)
    data[at : at + 6] = b"\x2f\x00\x02\x00\x01\x00"
    return bytes(data)


def xls_shared_string(cells: int = 25_000, length: int = 32_000) -> bytes:
    """An .xls whose `cells` cells all show one string of `length` characters."""
    text = "字" * length
    return xls([(n // 200, n % 200, text) for n in range(cells)])


# --- ods -----------------------------------------------------------------------------------


def ods(table: str) -> bytes:
    """An ODS package holding one table 名录 whose XML is written by hand."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="名录">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )
    return buffer.getvalue()


VALUE = "<table:table-cell office:value-type='float' office:value='1'/>"


MILLION_ROWS = (
    "<table:table-row table:number-rows-repeated='1048576'><table:table-cell "
    "table:number-columns-repeated='16384' office:value-type='float' office:value='1'/>"
    "</table:table-row>"
)


def ods_names(count: int = 3000) -> str:
    """`count` rows of one name each, as table XML: a content.xml too large to walk."""
    named = "<table:table-row><table:table-cell office:value-type='string'><text:p>名称"
    return (named + "</text:p></table:table-cell></table:table-row>") * count


def ods_single_quotes() -> bytes:
    """A million rows of 16,384 values, the repeats written in single quotes."""
    return ods(MILLION_ROWS)


def ods_spaces(count: int = 1_000_000_000) -> bytes:
    """One cell whose text is `count` spaces, written as one element."""
    return ods(
        '<table:table-row><table:table-cell office:value-type="string"><text:p>'
        f'<text:s text:c="{count}"/></text:p></table:table-cell></table:table-row>'
    )


def ods_empty_cells(rows: int = 1221, empty: int = 16383) -> bytes:
    """`rows` rows of `empty` empty cells and one value: rows x (empty + 1) cells once read."""
    return ods(
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
        f'table:number-columns-repeated="{empty}"/>{VALUE}</table:table-row>'
    )


def csv_wide(columns: int = 1_000_000) -> bytes:
    header = ["姓名", "证书编号", "所在载体", "所属单位", "聘任日期"]
    header += [f"列{n}" for n in range(columns - len(header))]
    return (",".join(header) + "\r\n李强,CM2,,区人社局,2024-03-01\r\n").encode()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
