"""Charts of the workbooks, drawn by Excel, WPS or LibreOffice from the cells they point at.

Left to themselves, viewers drop every other category label they judge too long for its
slot and turn the rest: every chart here sets the label skip to 1, an upright angle and
a size, so each Chinese name shows under its column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.drawing.text import Paragraph as DrawingParagraph

LABEL_SIZE = 900  # hundredths of a point: 9 pt, readable at the scale a page prints
PACE_COLOUR = "C00000"
# Distinct in colour and, printed in black and white, in marker: the docx charts' palette.
LINE_COLOURS = ("2F5597", "70AD47", "ED7D31", "7030A0", "7F7F7F", "00B0F0", "BF9000")
MARKERS = ("circle", "square", "triangle", "diamond", "x", "star", "plus")


@dataclass(frozen=True)
class Block:
    """Where a chart's numbers are: the header row (series names) and the data rows."""

    header: int
    first: int
    last: int


def completion_chart(
    sheet: Any, title: str, rows: Block, categories: int, completion: int, pace: int
) -> BarChart:
    """Completion (columns) and the pace expected by now (a dashed line) per indicator;
    the column numbers say where the short names, the completions and the paces are."""
    chart = BarChart()
    chart.type = "col"
    chart.style = 10
    chart.title = title
    values = Reference(sheet, min_col=completion, min_row=rows.header, max_row=rows.last)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(
        Reference(sheet, min_col=categories, min_row=rows.first, max_row=rows.last)
    )
    line = LineChart()
    line.add_data(
        Reference(sheet, min_col=pace, min_row=rows.header, max_row=rows.last),
        titles_from_data=True,
    )
    _pace_line(line.series[0])
    chart += line
    _axes(chart, "0%")
    chart.height, chart.width = 9.0, 24.0
    return chart


def path_chart(
    sheet: Any, title: str, rows: Block, label_column: int, first_column: int, last_column: int
) -> LineChart:
    """One line per data row across the date columns (the header row names the dates),
    the first row being the planned path, dashed red; the label column names each line."""
    chart = LineChart()
    chart.title = title
    chart.style = 12
    for n, row in enumerate(range(rows.first, rows.last + 1)):
        data = Reference(sheet, min_col=label_column, max_col=last_column, min_row=row)
        chart.add_data(data, from_rows=True, titles_from_data=True)
        series = chart.series[-1]
        series.smooth = False
        if n == 0:
            _pace_line(series)
            continue
        colour = LINE_COLOURS[(n - 1) % len(LINE_COLOURS)]
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 22000
        series.marker.symbol = MARKERS[(n - 1) % len(MARKERS)]
        series.marker.size = 6
        series.marker.graphicalProperties = None
    chart.set_categories(
        Reference(sheet, min_col=first_column, max_col=last_column, min_row=rows.header)
    )
    _axes(chart, "0%")
    chart.height, chart.width = 10.0, 24.0
    return chart


def _pace_line(series: Any) -> None:
    series.graphicalProperties.line.solidFill = PACE_COLOUR
    series.graphicalProperties.line.dashStyle = "dash"
    series.graphicalProperties.line.width = 22000
    series.marker.symbol = "none"
    series.smooth = False


def _axes(chart: Any, number_format: str) -> None:
    chart.y_axis.number_format = number_format
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = axis_text(LABEL_SIZE)
    chart.y_axis.txPr = axis_text(LABEL_SIZE)
    # openpyxl 3.1 leaves axes marked deleted, which recent Excel honours: show them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"


def axis_text(size: int) -> RichText:
    """Axis labels upright, at `size` hundredths of a point."""
    return RichText(
        bodyPr=RichTextProperties(rot=0, vert="horz"),
        p=[
            DrawingParagraph(
                pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)),
                endParaRPr=CharacterProperties(sz=size),
            )
        ],
    )
