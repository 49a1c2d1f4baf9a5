"""The DrawingML chart part (word/charts/chartN.xml) of one Chart, as XML text.

The viewer (Word, WPS, LibreOffice) draws the chart with its own fonts from the caches
written here (c:strCache for the category labels, c:numCache for the values), so Chinese
labels show wherever the document is opened, whatever fonts the machine that wrote it
had. No typeface is named: the text is marked zh-CN and the viewer picks its Chinese
face. Elements follow the order the schema (ECMA-376 Part 1, dml-chart.xsd) requires,
which Word is strict about: it reports a chart with children out of order as
unreadable content.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from shuangchuang_cli.output.docx_blocks import Chart, Series
from shuangchuang_cli.output.docx_layout import clean_text

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
SHEET = "Sheet1"  # the embedded workbook's sheet the formulas (c:f) point into
CAT_AX, VAL_AX = "500100", "500200"
# Distinct in colour and, printed in black and white, in shade: blue, red, grey, green.
PALETTE = ("2F5597", "C00000", "7F7F7F", "70AD47", "ED7D31", "7030A0")
TEXT_PT = 10.5  # 五号: the smallest size the bulletin's readers are used to
TITLE_PT = 12.0


def el(tag: str, *children: str, **attrs: str) -> str:
    """One element as text; attribute names with a colon come in as r_id -> r:id."""
    attributes = "".join(f" {k.replace('_', ':', 1)}={quoteattr(v)}" for k, v in attrs.items())
    if not children:
        return f"<{tag}{attributes}/>"
    return f"<{tag}{attributes}>{''.join(children)}</{tag}>"


def val(tag: str, value: str | int | float) -> str:
    return el(tag, val=str(value))


def text(content: str) -> str:
    return escape(clean_text(content))


def chart_xml(chart: Chart, width_mm: float, data_rid: str | None) -> bytes:
    """The whole chart part, width_mm wide; data_rid names the embedded workbook's
    relationship."""
    bars = [(i, s) for i, s in enumerate(chart.series) if _drawn_as_bar(chart, s)]
    lines = [(i, s) for i, s in enumerate(chart.series) if not _drawn_as_bar(chart, s)]
    plots = []
    if bars:
        plots.append(_bar_chart(chart, bars))
    if lines:
        plots.append(_line_chart(chart, lines))
    body = [
        val("c:date1904", 0),
        val("c:lang", "zh-CN"),
        val("c:roundedCorners", 0),
        el(
            "c:chart",
            _title(chart.title),
            val("c:autoTitleDeleted", 0 if chart.title else 1),
            el(
                "c:plotArea",
                el("c:layout"),
                *plots,
                _category_axis(chart, width_mm),
                _value_axis(chart),
            ),
            el("c:legend", val("c:legendPos", "b"), val("c:overlay", 0)),
            val("c:plotVisOnly", 1),
            val("c:dispBlanksAs", "gap"),
        ),
        el("c:spPr", el("a:noFill"), el("a:ln", el("a:noFill"))),
        _text_properties(TEXT_PT),
    ]
    if data_rid is not None:
        body.append(el("c:externalData", val("c:autoUpdate", 0), r_id=data_rid))
    namespaces = {f"xmlns_{prefix}": uri for prefix, uri in NS.items()}
    root = el("c:chartSpace", *body, **namespaces)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + root).encode()


def _drawn_as_bar(chart: Chart, series: Series) -> bool:
    # A line cannot run across sideways bars (a c:lineChart always lays its categories
    # along the bottom), so on a horizontal chart every series is a bar.
    return series.style == "bar" or chart.horizontal


def _bar_chart(chart: Chart, bars: Sequence[tuple[int, Series]]) -> str:
    return el(
        "c:barChart",
        val("c:barDir", "bar" if chart.horizontal else "col"),
        val("c:grouping", "clustered"),
        val("c:varyColors", 0),
        *(_series(chart, i, s, "bar") for i, s in bars),
        val("c:gapWidth", 60 if len(bars) > 1 else 80),
        *([val("c:overlap", -10)] if len(bars) > 1 else []),
        val("c:axId", CAT_AX),
        val("c:axId", VAL_AX),
    )


def _line_chart(chart: Chart, lines: Sequence[tuple[int, Series]]) -> str:
    return el(
        "c:lineChart",
        val("c:grouping", "standard"),
        val("c:varyColors", 0),
        *(_series(chart, i, s, "line") for i, s in lines),
        val("c:marker", 1),
        val("c:axId", CAT_AX),
        val("c:axId", VAL_AX),
    )


def _series(chart: Chart, index: int, series: Series, kind: str) -> str:
    colour = series.colour or PALETTE[index % len(PALETTE)]
    column = get_column_letter(index + 2)
    parts = [
        val("c:idx", index),
        val("c:order", index),
        el("c:tx", _str_ref(f"{SHEET}!${column}$1", [series.name])),
        _series_shape(series, colour, kind),
    ]
    if kind == "bar":
        parts.append(val("c:invertIfNegative", 0))
    else:
        parts.append(_marker(series, colour))
    if series.labels:
        parts.append(_data_labels(chart, kind))
    last = len(chart.categories) + 1
    parts.append(el("c:cat", _str_ref(f"{SHEET}!$A$2:$A${last}", chart.categories)))
    parts.append(el("c:val", _num_ref(f"{SHEET}!${column}$2:${column}${last}", chart, series)))
    if kind == "line":
        parts.append(val("c:smooth", 0))
    return el("c:ser", *parts)


def _series_shape(series: Series, colour: str, kind: str) -> str:
    fill = el("a:solidFill", val("a:srgbClr", colour))
    if kind == "bar":
        return el("c:spPr", fill)
    if series.style == "marker":
        return el("c:spPr", el("a:ln", el("a:noFill")))
    dash = [val("a:prstDash", "dash")] if series.dashed else []
    return el("c:spPr", el("a:ln", fill, *dash, w="28575", cap="rnd"))


def _marker(series: Series, colour: str) -> str:
    fill = el("a:solidFill", val("a:srgbClr", colour))
    if series.style == "marker":
        # A short bar across the column at the value, like the tick of a target.
        shape = el("c:spPr", fill, el("a:ln", el("a:solidFill", val("a:srgbClr", colour))))
        return el("c:marker", val("c:symbol", "dash"), val("c:size", 20), shape)
    symbol = "triangle" if series.dashed else "circle"
    shape = el("c:spPr", fill, el("a:ln", el("a:solidFill", val("a:srgbClr", colour))))
    return el("c:marker", val("c:symbol", symbol), val("c:size", 6), shape)


def _data_labels(chart: Chart, kind: str) -> str:
    position = "outEnd" if kind == "bar" else "t"
    return el(
        "c:dLbls",
        el("c:numFmt", formatCode=chart.number_format, sourceLinked="0"),
        el("c:spPr", el("a:noFill"), el("a:ln", el("a:noFill"))),
        _text_properties(TEXT_PT - 1.5),
        val("c:dLblPos", position),
        val("c:showLegendKey", 0),
        val("c:showVal", 1),
        val("c:showCatName", 0),
        val("c:showSerName", 0),
        val("c:showPercent", 0),
        val("c:showBubbleSize", 0),
    )


def _str_ref(formula: str, labels: Sequence[str]) -> str:
    points = (el("c:pt", el("c:v", text(label)), idx=str(i)) for i, label in enumerate(labels))
    cache = el("c:strCache", val("c:ptCount", len(labels)), *points)
    return el("c:strRef", el("c:f", text(formula)), cache)


def _num_ref(formula: str, chart: Chart, series: Series) -> str:
    points = (
        el("c:pt", el("c:v", repr(float(v))), idx=str(i))
        for i, v in enumerate(series.values)
        if v is not None
    )
    cache = el(
        "c:numCache",
        el("c:formatCode", text(chart.number_format)),
        val("c:ptCount", len(series.values)),
        *points,
    )
    return el("c:numRef", el("c:f", text(formula)), cache)


def _title(title: str) -> str:
    if not title:
        return ""
    run = el("a:r", el("a:rPr", lang="zh-CN", sz=_size(TITLE_PT), b="1"), el("a:t", text(title)))
    paragraph = el("a:p", el("a:pPr", el("a:defRPr", sz=_size(TITLE_PT), b="1")), run)
    rich = el("c:rich", el("a:bodyPr"), el("a:lstStyle"), paragraph)
    return el("c:title", el("c:tx", rich), val("c:overlay", 0))


def label_rotation(chart: Chart, width_mm: float) -> int:
    """The category labels' angle in degrees: 0, or -45 when they cannot stand upright.

    The angle is always written out: LibreOffice lets labels overlap (rather than drop
    every other one, whatever c:tickLblSkip says) only when it reads an explicit 0, and
    wraps them only then. Sideways bars give each label the room to wrap; under columns
    a label that does not fit its column on one line is turned.
    """
    if chart.horizontal:
        return 0
    slot_mm = (width_mm - _VALUE_LABELS_MM) / len(chart.categories)
    widest_mm = max(display_width(c) for c in chart.categories) * TEXT_PT / 2 * _MM_PER_PT
    return 0 if widest_mm <= 0.9 * slot_mm else -45


_VALUE_LABELS_MM = 20.0  # what the value axis and its labels take of the chart's width
_MM_PER_PT = 25.4 / 72


def display_width(label: str) -> int:
    """Width in half-characters: a CJK character counts two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)


def _category_axis(chart: Chart, width_mm: float) -> str:
    return el(
        "c:catAx",
        val("c:axId", CAT_AX),
        # Sideways bars start at the bottom; reversed, the first category is on top.
        el("c:scaling", val("c:orientation", "maxMin" if chart.horizontal else "minMax")),
        val("c:delete", 0),
        val("c:axPos", "l" if chart.horizontal else "b"),
        el("c:numFmt", formatCode="General", sourceLinked="0"),
        val("c:majorTickMark", "out"),
        val("c:minorTickMark", "none"),
        # "low": at the edge of the plot, clear of bars that run below zero.
        val("c:tickLblPos", "low"),
        _text_properties(TEXT_PT, label_rotation(chart, width_mm)),
        val("c:crossAx", VAL_AX),
        val("c:crosses", "autoZero"),
        val("c:auto", 1),
        val("c:lblAlgn", "ctr"),
        val("c:lblOffset", 100),
        # Every label: left to themselves, viewers drop every other long one.
        val("c:tickLblSkip", 1),
        val("c:tickMarkSkip", 1),
        val("c:noMultiLvlLbl", 1),
    )


def _value_axis(chart: Chart) -> str:
    values = [v for s in chart.series for v in s.values if v is not None]
    scaling = [val("c:orientation", "minMax")]
    if values and min(values) >= 0:
        # Bars measured from zero; an automatic minimum would exaggerate small gaps.
        scaling.append(val("c:min", 0))
    grid = el("c:spPr", el("a:ln", el("a:solidFill", val("a:srgbClr", "D9D9D9")), w="6350"))
    return el(
        "c:valAx",
        val("c:axId", VAL_AX),
        el("c:scaling", *scaling),
        val("c:delete", 0),
        val("c:axPos", "b" if chart.horizontal else "l"),
        el("c:majorGridlines", grid),
        el("c:numFmt", formatCode=chart.number_format, sourceLinked="0"),
        val("c:majorTickMark", "out"),
        val("c:minorTickMark", "none"),
        val("c:tickLblPos", "nextTo"),
        _text_properties(TEXT_PT),
        val("c:crossAx", CAT_AX),
        # With the categories reversed, "max" keeps the value axis at the bottom.
        val("c:crosses", "max" if chart.horizontal else "autoZero"),
        val("c:crossBetween", "between"),
    )


def _text_properties(size_pt: float, rotation: int | None = None) -> str:
    default = el("a:defRPr", sz=_size(size_pt), b="0")
    paragraph = el("a:p", el("a:pPr", default), el("a:endParaRPr", lang="zh-CN"))
    body = (
        el("a:bodyPr")
        if rotation is None
        else el(
            "a:bodyPr",
            rot=str(rotation * 60000),
            vert="horz",  # DrawingML angles: 1/60000 degree
        )
    )
    return el("c:txPr", body, el("a:lstStyle"), paragraph)


def _size(points: float) -> str:
    return str(round(points * 100))  # DrawingML text sizes are in hundredths of a point
