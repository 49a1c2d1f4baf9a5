"""Charts as native Word charts: a chart part, its data as an embedded workbook, and the
inline drawing in the text that shows it.

python-docx has no chart API, so the parts are added by hand: the chart part
(content type ...drawingml.chart+xml) is related to the document part by a "chart"
relationship and shown by a wp:inline whose a:graphicData holds c:chart r:id. The
embedded workbook (word/embeddings/*.xlsx, a "package" relationship from the chart) is
what Word opens under "Edit Data"; viewers draw from the caches in the chart XML.
"""

from __future__ import annotations

import io
from typing import Any

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from docx.text.run import Run
from openpyxl import Workbook

from shuangchuang_cli.output.docx_blocks import Chart
from shuangchuang_cli.output.docx_chart_xml import NS, SHEET, chart_xml, el
from shuangchuang_cli.output.docx_layout import clean_text

CHART_URI = NS["c"]


class ChartPart(Part):
    """A chart part whose XML is set once the relationship to its workbook exists."""

    def __init__(self, partname: PackURI, document: WordDocument) -> None:
        super().__init__(partname, CT.DML_CHART, None, document.part.package)
        self.xml = b""

    @property
    def blob(self) -> bytes:
        return self.xml


def add_chart(
    document: WordDocument, run: Run, chart: Chart, width_emu: int, shape_id: int, name: str
) -> str:
    """Put the chart into the run, its shape called `name`; returns the relationship id
    of the chart part."""
    package = document.part.package
    assert package is not None  # a document opened or made by python-docx has one
    part = ChartPart(package.next_partname("/word/charts/chart%d.xml"), document)
    workbook = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        CT.SML_SHEET,
        chart_workbook(chart),
        package,
    )
    part.xml = chart_xml(chart, width_emu / 36000, part.relate_to(workbook, RT.PACKAGE))
    rid = document.part.relate_to(part, RT.CHART)
    run.element.append(parse_xml(_inline(chart, rid, width_emu, shape_id, name)))
    return rid


def chart_height_mm(chart: Chart) -> float:
    """The height asked for, or one that gives each sideways bar's label two lines."""
    if chart.height_mm is not None:
        return chart.height_mm
    if chart.horizontal:
        # Title, value axis and legend take about 35 mm; 9 mm holds two lines of 五号.
        return min(max(35 + 9 * len(chart.categories), 60), 225)
    return 90.0


def chart_workbook(chart: Chart) -> bytes:
    """The chart's numbers as a workbook laid out the way the chart's formulas point:
    categories down column A from row 2, one series per column from B, names in row 1."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.cell(row=1, column=1).value = ""
    for j, series in enumerate(chart.series, start=2):
        _text(sheet.cell(row=1, column=j), series.name)
        for i, value in enumerate(series.values, start=2):
            cell = sheet.cell(row=i, column=j)
            cell.value = value
            cell.number_format = chart.number_format
    for i, category in enumerate(chart.categories, start=2):
        _text(sheet.cell(row=i, column=1), category)
    sheet.column_dimensions["A"].width = min(60, 4 + 2 * max(len(c) for c in chart.categories))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(cell: Any, value: str) -> None:
    # Assigning a str starting with "=" makes openpyxl write a formula: set the type after.
    cell.value = clean_text(value)
    cell.data_type = "s"


def _inline(chart: Chart, rid: str, width_emu: int, shape_id: int, name: str) -> str:
    height_emu = int(Mm(chart_height_mm(chart)))
    frame = el(
        "a:graphic",
        el("a:graphicData", el("c:chart", r_id=rid), uri=CHART_URI),
    )
    inline = el(
        "wp:inline",
        el("wp:extent", cx=str(width_emu), cy=str(height_emu)),
        el("wp:effectExtent", l="0", t="0", r="0", b="0"),
        el("wp:docPr", id=str(shape_id), name=name, descr=chart.title),
        el("wp:cNvGraphicFramePr"),
        frame,
        distT="0",
        distB="0",
        distL="0",
        distR="0",
    )
    return f"<w:drawing {nsdecls('w', 'wp', 'a', 'c', 'r')}>{inline}</w:drawing>"
