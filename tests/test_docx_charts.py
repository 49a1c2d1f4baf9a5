"""Native Word charts: the parts, their caches, the schema's element order, the embedded
workbook, and (where LibreOffice is installed) every label drawn on the page."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.document import Document as WordDocument
from docx.opc.part import Part

from shuangchuang_cli.output.docx import Chart, Document, Paragraph, write_docx
from shuangchuang_cli.output.docx_blocks import Series

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"

NAMES = [
    "新型孵化载体数量",
    "载体从业人员接受专业培训比例",
    "载体从业人员持创业导师证书比例",
    "提供精准化创业服务的载体比例",
    "具备法律、金融服务功能的载体比例",
    "累计新增孵化企业和创业团队",
    "累计新增创业导师",
    "累计认定高新技术企业",
    "累计科技型中小企业",
    "组织参加创业大赛场(次)",
    "举办创业沙龙、训练营及创业培训场(次)",
    "创新创业示范基地",
]
COMPLETION = [0.67, 0.76, 0.55, 1.0, 0.66, 0.61, 0.7, 0.4, 0.8, 0.6, 0.75, 0.5]
BY_INDICATOR = Chart(
    "各项指标完成率与序时进度",
    NAMES,
    [
        Series("完成率", COMPLETION, labels=True),
        Series("序时进度", [0.75] * 12, style="line", dashed=True),
    ],
)
QUARTERS = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2"]
PATH = Chart(
    "累计新增孵化企业和创业团队",
    QUARTERS,
    [
        Series("实际累计", [3, 9, 15.5, 24, None, None], style="line"),
        Series("计划进度", [8.3, 16.7, 25, 33.3, 41.7, 50], style="line", dashed=True),
    ],
    number_format="0",
)

# Children of each element in the order dml-chart.xsd (ECMA-376 Part 1) requires.
SCHEMA_ORDER = {
    "chartSpace": "date1904 lang roundedCorners style clrMapOvr pivotSource protection chart "
    "spPr txPr externalData printSettings userShapes extLst",
    "chart": "title autoTitleDeleted pivotFmts view3D floor sideWall backWall plotArea legend "
    "plotVisOnly dispBlanksAs showDLblsOverMax extLst",
    "barChart": "barDir grouping varyColors ser dLbls gapWidth overlap serLines axId extLst",
    "lineChart": "grouping varyColors ser dLbls dropLines hiLowLines upDownBars marker smooth "
    "axId extLst",
    "ser": "idx order tx spPr invertIfNegative marker pictureOptions dPt dLbls trendline "
    "errBars cat val shape smooth extLst",
    "dLbls": "dLbl delete numFmt spPr txPr dLblPos showLegendKey showVal showCatName "
    "showSerName showPercent showBubbleSize separator showLeaderLines leaderLines extLst",
    "catAx": "axId scaling delete axPos majorGridlines minorGridlines title numFmt "
    "majorTickMark minorTickMark tickLblPos spPr txPr crossAx crosses crossesAt auto lblAlgn "
    "lblOffset tickLblSkip tickMarkSkip noMultiLvlLbl extLst",
    "valAx": "axId scaling delete axPos majorGridlines minorGridlines title numFmt "
    "majorTickMark minorTickMark tickLblPos spPr txPr crossAx crosses crossesAt crossBetween "
    "majorUnit minorUnit dispUnits extLst",
    "scaling": "logBase orientation max min extLst",
    "legend": "legendPos legendEntry layout overlay spPr txPr extLst",
}


def write(tmp_path: Path, *charts: Chart) -> WordDocument:
    target = tmp_path / "图表.docx"
    write_docx(Document("标题", [Paragraph("正文。"), *charts]), target)
    return docx.Document(str(target))


def chart_parts(word: WordDocument) -> dict[str, Part]:
    return {rid: r.target_part for rid, r in word.part.rels.items() if r.reltype == CHART_REL}


def chart_roots(word: WordDocument) -> list[ET.Element]:
    # In the order the document shows them.
    parts = chart_parts(word)
    order = word.element.body.xpath(".//c:chart/@r:id")
    return [ET.fromstring(parts[rid].blob) for rid in order]


def cache(ref: ET.Element) -> list[tuple[int, str]]:
    points = ref.iter(f"{C}pt")
    return [(int(p.get("idx", "-1")), p.findtext(f"{C}v") or "") for p in points]


def series_of(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{C}ser"))


def local(tag: str) -> str:
    return tag.split("}")[1]


def test_each_chart_is_a_chart_part_shown_inline(tmp_path: Path) -> None:
    word = write(tmp_path, BY_INDICATOR, PATH)
    parts = chart_parts(word)
    assert len(parts) == 2
    assert {p.content_type for p in parts.values()} == {CHART_TYPE}
    assert {str(p.partname) for p in parts.values()} == {
        "/word/charts/chart1.xml",
        "/word/charts/chart2.xml",
    }
    body = word.element.body
    assert sorted(body.xpath(".//a:graphicData/c:chart/@r:id")) == sorted(parts)
    assert set(body.xpath(".//a:graphicData/@uri")) == {C.strip("{}")}
    widths = [int(w) / 36000 for w in body.xpath(".//wp:inline/wp:extent/@cx")]
    assert widths == pytest.approx([156, 156], abs=0.1)  # the text block's width
    ids = body.xpath(".//wp:docPr/@id")
    assert len(set(ids)) == 2


def test_caches_hold_exactly_the_labels_and_numbers(tmp_path: Path) -> None:
    bars, path = chart_roots(write(tmp_path, BY_INDICATOR, PATH))
    for root, chart in ((bars, BY_INDICATOR), (path, PATH)):
        for ser, series in zip(series_of(root), chart.series, strict=True):
            name = ser.find(f"{C}tx/{C}strRef/{C}strCache")
            assert name is not None and [v for _, v in cache(name)] == [series.name]
            cat = ser.find(f"{C}cat/{C}strRef/{C}strCache")
            assert cat is not None
            assert cache(cat) == list(enumerate(chart.categories))
            assert cat.find(f"{C}ptCount") is not None
            assert cat.find(f"{C}ptCount").get("val") == str(len(chart.categories))  # type: ignore[union-attr]
            num = ser.find(f"{C}val/{C}numRef/{C}numCache")
            assert num is not None and num.findtext(f"{C}formatCode") == chart.number_format
            expected = [(i, v) for i, v in enumerate(series.values) if v is not None]
            assert [(i, float(v)) for i, v in cache(num)] == expected
    # A missing value is a gap, not a zero.
    assert [i for i, _ in cache(series_of(path)[0].find(f"{C}val"))] == [0, 1, 2, 3]  # type: ignore[arg-type]


def test_a_combo_draws_bars_and_a_line_on_shared_axes(tmp_path: Path) -> None:
    (root,) = chart_roots(write(tmp_path, BY_INDICATOR))
    plot = root.find(f"{C}chart/{C}plotArea")
    assert plot is not None
    bar, line = plot.find(f"{C}barChart"), plot.find(f"{C}lineChart")
    assert bar is not None and line is not None
    assert bar.find(f"{C}barDir").get("val") == "col"  # type: ignore[union-attr]
    axes = {a.get("val") for a in plot.iter(f"{C}axId") if a in list(bar) + list(line)}
    cat_ax, val_ax = plot.find(f"{C}catAx/{C}axId"), plot.find(f"{C}valAx/{C}axId")
    assert cat_ax is not None and val_ax is not None
    assert axes == {cat_ax.get("val"), val_ax.get("val")}
    assert [s.findtext(f"{C}tx//{C}v") for s in bar.iter(f"{C}ser")] == ["完成率"]
    assert [s.findtext(f"{C}tx//{C}v") for s in line.iter(f"{C}ser")] == ["序时进度"]
    assert plot.find(f"{C}valAx/{C}numFmt").get("formatCode") == "0%"  # type: ignore[union-attr]
    # Viewers skip every other long label unless told not to.
    assert plot.find(f"{C}catAx/{C}tickLblSkip").get("val") == "1"  # type: ignore[union-attr]
    labels = bar.find(f"{C}ser/{C}dLbls")
    assert labels is not None
    assert labels.find(f"{C}showVal").get("val") == "1"  # type: ignore[union-attr]


def test_a_horizontal_chart_puts_the_first_category_on_top_and_draws_bars(
    tmp_path: Path,
) -> None:
    sideways = Chart(BY_INDICATOR.title, NAMES, BY_INDICATOR.series, horizontal=True)
    (root,) = chart_roots(write(tmp_path, sideways))
    plot = root.find(f"{C}chart/{C}plotArea")
    assert plot is not None and plot.find(f"{C}lineChart") is None
    assert plot.find(f"{C}barChart/{C}barDir").get("val") == "bar"  # type: ignore[union-attr]
    assert len(plot.findall(f"{C}barChart/{C}ser")) == 2
    orientation = plot.find(f"{C}catAx/{C}scaling/{C}orientation")
    assert orientation is not None and orientation.get("val") == "maxMin"
    assert plot.find(f"{C}valAx/{C}crosses").get("val") == "max"  # type: ignore[union-attr]


def label_angle(root: ET.Element) -> str | None:
    body = root.find(f"{C}chart/{C}plotArea/{C}catAx/{C}txPr/{A}bodyPr")
    assert body is not None
    return body.get("rot")


def test_labels_stand_upright_where_they_fit_and_turn_where_they_do_not(
    tmp_path: Path,
) -> None:
    sideways = Chart("横向", NAMES, BY_INDICATOR.series, horizontal=True)
    roots = chart_roots(write(tmp_path, sideways, BY_INDICATOR, PATH))
    # Twelve long names under columns of 11 mm turn; quarters and sideways bars do not.
    assert [label_angle(r) for r in roots] == ["0", str(-45 * 60000), "0"]


def test_sideways_bars_get_room_for_every_label_unless_told(tmp_path: Path) -> None:
    sideways = Chart("横向", NAMES, BY_INDICATOR.series, horizontal=True)
    fixed = Chart("横向", NAMES, BY_INDICATOR.series, horizontal=True, height_mm=100)
    word = write(tmp_path, sideways, fixed, PATH)
    heights = [int(h) / 36000 for h in word.element.body.xpath(".//wp:inline/wp:extent/@cy")]
    assert heights == pytest.approx([35 + 9 * 12, 100, 90], abs=0.01)


def test_every_element_is_where_the_schema_wants_it(tmp_path: Path) -> None:
    sideways = Chart("横向", NAMES, BY_INDICATOR.series, horizontal=True)
    for root in chart_roots(write(tmp_path, BY_INDICATOR, PATH, sideways)):
        checked = 0
        for element in root.iter():
            if not element.tag.startswith(C) or local(element.tag) not in SCHEMA_ORDER:
                continue
            order = SCHEMA_ORDER[local(element.tag)].split()
            children = [local(c.tag) for c in element if c.tag.startswith(C)]
            assert set(children) <= set(order), (local(element.tag), children)
            positions = [order.index(c) for c in children]
            assert positions == sorted(positions), (local(element.tag), children)
            checked += 1
        assert checked >= 10


def test_the_data_is_embedded_as_a_workbook_word_can_edit(tmp_path: Path) -> None:
    odd = Chart("特殊字符", ["=SUM(A1)", "<研发&投入>"], [Series("值", [1.5, None])], "0.0")
    word = write(tmp_path, odd)
    (part,) = chart_parts(word).values()
    (rel,) = [r for r in part.rels.values() if r.reltype == PACKAGE_REL]
    root = ET.fromstring(part.blob)
    external = root.find(f"{C}externalData")
    assert external is not None and external.get(R_ID) == rel.rId
    book = openpyxl.load_workbook(io.BytesIO(rel.target_part.blob))
    sheet = book["Sheet1"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [None, "值"],
        ["=SUM(A1)", 1.5],
        ["<研发&投入>", None],
    ]
    assert sheet["A2"].data_type == "s"  # a label, never a formula
    formulas = [f.text for f in root.iter(f"{C}f")]
    assert formulas == ["Sheet1!$B$1", "Sheet1!$A$2:$A$3", "Sheet1!$B$2:$B$3"]
    cat = root.find(f".//{C}cat/{C}strRef/{C}strCache")
    assert cat is not None and [v for _, v in cache(cat)] == ["=SUM(A1)", "<研发&投入>"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Chart("图", ["甲", "乙"], [Series("值", [1])]), "1 values for 2 categories"),
        (lambda: Chart("图", ["甲"], []), "no series"),
        (lambda: Chart("图", [], [Series("值", [])]), "no categories"),
        (lambda: Chart("图", ["甲"], [Series("值", [1])], height_mm=300), "20-225 mm"),
        (lambda: Series("值", [1], colour="red"), "RRGGBB"),
    ],
)
def test_a_chart_that_cannot_be_drawn_is_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are needed to draw the document",
)
def test_libreoffice_draws_every_label_and_the_page_numbers(tmp_path: Path) -> None:
    # 90 mm is tight for twelve long names: LibreOffice drops every other label unless
    # the XML says the labels are upright (rot="0"), whatever c:tickLblSkip says.
    sideways = Chart("完成率", NAMES, [BY_INDICATOR.series[0]], horizontal=True, height_mm=90)
    target = tmp_path / "图表.docx"
    write_docx(Document("标题", [sideways, PATH]), target)
    profile = (tmp_path / "profile").as_uri()  # its own profile: another soffice may run
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(target)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    shown = subprocess.run(
        ["pdftotext", str(target.with_suffix(".pdf")), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    flat = "".join(shown.split())
    missing = [n for n in [*NAMES, *QUARTERS] if "".join(n.split()) not in flat]
    assert missing == []
    assert "—1—" in flat and "67%" in flat
