"""Tables: fixed column widths that fill the text block, borders on, the header row
repeated on every page, text in a size smaller than the body.

A table of eight indicator columns cannot hold 3号 (16 pt) text; GB/T 9704-2012 lets
elements other than the body change size when needed (5.2.2: "特定情况可以作适当调整"),
so the cells take the Table's own font_pt (小四, 12 pt, by default) in 仿宋.
Borders and widths are written on the table itself rather than through a table
style, because a user's template may not have the style.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence

from docx.document import Document as WordDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.table import Table as WordTable
from docx.table import _Row

from shuangchuang_cli.output.docx_blocks import Align, Table
from shuangchuang_cli.output.docx_layout import (
    FANGSONG,
    Look,
    add_text,
    clean_text,
    format_paragraph,
)

_MIN_SHARE = 0.5  # a fitted column gets at least half an average column
_CELL_MARGIN = 85  # twips left and right of a cell's text (tblCellMar below)
_SAFETY_PT = 0.5  # renderers kern and round differently
SHORT_WORD = 4
_BOLD = 1.1  # Times New Roman Bold is at most about a tenth wider than the roman
_CJK_RUNS = (
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|[^\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)
# Times New Roman advance widths (its font metrics, thousandths of an em) of the
# characters table cells hold; a character not listed takes a capital's width.
_TIMES = {
    ch: width / 1000
    for width, chars in {
        250: " .,·",
        278: "/:;ijlt",
        333: "()[]-frI!",
        389: "sJ",
        444: "?acez",
        500: "0123456789#$*_bdghknopquvxy–",
        549: "≥≤",
        556: "FPS",
        564: "+<=>",
        611: "ELTZ",
        667: "BCR",
        778: "m&",
        833: "%",
        889: "M",
        944: "W",
        1000: "—",
    }.items()
    for ch in chars
}
# A table this short is kept on one page with its caption: a caption, the header and two
# rows at the foot of a page, the rest overleaf, reads as two tables. A longer one may
# break, its header repeated.
KEPT_TOGETHER_ROWS = 12
_EMU_PER_TWIP = 635


def column_twips(table: Table, width_emu: int) -> list[int]:
    """Column widths in twips summing to the text block width exactly.

    Given widths are relative; without them each column gets a share of its widest
    text (a CJK character counts two), none narrower than half an average column.
    """
    total = width_emu // _EMU_PER_TWIP
    if table.widths_mm is not None:
        weights = [float(w) for w in table.widths_mm]
    else:
        texts = [table.headers, *table.rows]
        widest = [max(_display_width(row[j]) for row in texts) for j in range(len(table.headers))]
        floor = _MIN_SHARE * sum(widest) / len(widest)
        weights = [max(float(w), floor, 1.0) for w in widest]
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)  # rounding goes to the last column
    return _unbroken(widths, least_twips(table))


def _unbroken(widths: list[int], least: list[int]) -> list[int]:
    """Widths raised so that no column breaks a word, the room taken from the columns
    with some to spare, most from those with most (the indicator names, which wrap
    anyway); as given when the words cannot all fit side by side."""
    short = sum(max(low - w, 0) for w, low in zip(widths, least, strict=True))
    spare = sum(max(w - low, 0) for w, low in zip(widths, least, strict=True))
    if short == 0 or spare < short:
        return widths
    fitted = [
        low if w <= low else w - (w - low) * short // spare
        for w, low in zip(widths, least, strict=True)
    ]
    roomiest = max(range(len(fitted)), key=lambda j: fitted[j] - least[j])
    fitted[roomiest] += sum(widths) - sum(fitted)
    return fitted


def least_twips(table: Table) -> list[int]:
    """Each column's narrowest width that holds its longest word on one line."""
    per_pt = 20  # twips
    bold = [word_pt(h, table.font_pt, bold=True) for h in table.headers]
    widest = [
        max([b, *(word_pt(row[j], table.font_pt) for row in table.rows)])
        for j, b in enumerate(bold)
    ]
    return [int((w + _SAFETY_PT) * per_pt) + 2 * _CELL_MARGIN for w in widest]


def word_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """The width in points of the longest word of a cell's text, in Times New Roman
    (CJK characters a full em). A run of up to SHORT_WORD CJK characters is one word
    (序号, 季均变化, 明显滞后): Word and LibreOffice would break it a character a line
    in a narrow column; a longer run is a name that wraps, so one character counts."""
    longest = 0.0
    for line in text.split("\n"):
        for word in _words(line):
            ems = sum(_ems(ch) for ch in word) * (_BOLD if bold and not _wide(word[0]) else 1)
            longest = max(longest, ems * size_pt)
    return longest


def _words(line: str) -> list[str]:
    words: list[str] = []
    for run in re.findall(r"[^\s]+", line):
        for part in re.findall(_CJK_RUNS, run):
            cjk = _wide(part[0])
            words += list(part) if cjk and len(part) > SHORT_WORD else [part]
    return words


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _ems(ch: str) -> float:
    return 1.0 if _wide(ch) else _TIMES.get(ch, 0.722)


def _display_width(text: str) -> int:
    # Widest line of a cell: wrapped cells are as wide as their longest line.
    lines = text.split("\n")
    return max(
        sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in lines
    )


def add_table(document: WordDocument, table: Table, width_emu: int) -> None:
    """The table after the document's last paragraph."""
    widths = column_twips(table, width_emu)
    word_table = document.add_table(rows=1, cols=len(table.headers))
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    word_table.autofit = False
    _set_table_properties(word_table, sum(widths))
    for column, width in zip(word_table.columns, widths, strict=True):
        column.width = Twips(width)
    header = _cell_look(table, "center", bold=True)
    _fill_row(word_table.rows[0], table.headers, widths, [header] * len(widths))
    _repeat_as_header(word_table.rows[0])
    looks = [_cell_look(table, a) for a in _alignments(table)]
    # One row is formatted through python-docx and copied for every row of the table:
    # formatting each cell anew costs about 4 ms a row, too slow for a region's units.
    prototype = word_table.add_row()
    _fill_row(prototype, [""] * len(widths), widths, looks)
    together = 0 < len(table.rows) <= KEPT_TOGETHER_ROWS
    if together:
        for row_ in (word_table.rows[0], prototype):
            _keep_with_next(row_)
    for row in table.rows:
        copied = copy.deepcopy(prototype._tr)
        for run, text in zip(copied.iter(qn("w:r")), row, strict=True):
            run.text = clean_text(text)  # CT_R.text: "\n" becomes w:br, rPr is kept
        prototype._tr.addprevious(copied)
    word_table._tbl.remove(prototype._tr)
    if together:
        # The last row need not stay with what follows the table.
        for keep in word_table._tbl.tr_lst[-1].iter(qn("w:keepNext")):
            keep.getparent().remove(keep)


def _keep_with_next(row: _Row) -> None:
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _cell_look(table: Table, align: Align, bold: bool = False) -> Look:
    return Look(
        FANGSONG,
        table.font_pt,
        bold=bold,
        tracking_pt=0.0,
        line_pt=None,
        align=align,
        first_line_chars=0.0,
    )


def _alignments(table: Table) -> Sequence[Align]:
    return table.align if table.align is not None else ["center"] * len(table.headers)


def _fill_row(
    row: _Row, texts: Sequence[str], widths: Sequence[int], looks: Sequence[Look]
) -> None:
    # A row is never split across pages: half a row on each page reads as two rows.
    _row_property(row, "w:cantSplit")
    for cell, text, width, look in zip(row.cells, texts, widths, looks, strict=True):
        cell.width = Twips(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        format_paragraph(paragraph, look)
        add_text(paragraph, text, look)


def _repeat_as_header(row: _Row) -> None:
    _row_property(row, "w:tblHeader")


# CT_TrPr's children in schema order.
_TR_PR = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip


def _row_property(row: _Row, tag: str) -> None:
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn(tag)) is None:
        trPr.insert_element_before(OxmlElement(tag), *_TR_PR[_TR_PR.index(tag) + 1 :])


_BORDERS = (
    "<w:tblBorders {ns}>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)
_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _set_table_properties(table: WordTable, width_twips: int) -> None:
    """Width in twips (python-docx leaves it "auto"), single 0.5 pt borders, and cell
    margins that keep text off the rules."""
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn("w:tblW")):
        old.set(qn("w:w"), str(width_twips))
        old.set(qn("w:type"), "dxa")
    for old in tblPr.findall(qn("w:tblBorders")):
        tblPr.remove(old)
    tblPr.insert_element_before(parse_xml(_BORDERS.format(ns=nsdecls("w"))), *_AFTER_BORDERS)
    margins = parse_xml(
        f"<w:tblCellMar {nsdecls('w')}>"
        '<w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    for old in tblPr.findall(qn("w:tblCellMar")):
        tblPr.remove(old)
    tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
