"""The Word writer, read back as Word would: page, type, tables, page numbers, attachments.

Every check opens the written file with python-docx and looks at what a reader of the
file gets (sizes in EMU, fonts in w:rFonts, cell texts), never at bytes.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_Fonts
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from shuangchuang_cli.output.docx import (
    Attachment,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    title_lines,
    write_docx,
)
from shuangchuang_cli.output.docx_blocks import Series

BULLETIN = Document(
    title="关于2024年双创工作\n进展情况的通报",
    subtitle="达坂城区科学技术局　2024年10月10日",
    blocks=[
        Heading("一、总体情况"),
        Paragraph("截至2024年9月30日，全区12项量化指标中5项达到序时进度。"),
        Heading("（一）指标完成情况", level=2),
        Heading("1.存在的问题", level=3),
        Paragraph("“累计新增创业导师”滞后。"),
    ],
)


def write(tmp_path: Path, document: Document, template: Path | None = None) -> WordDocument:
    target = tmp_path / "通报.docx"
    write_docx(document, target, template)
    return docx.Document(str(target))


def mm(length: Length | None) -> float:
    assert length is not None
    return length / 36000  # EMU per millimetre


def fonts_of(run: Run) -> CT_Fonts:
    rPr = run.element.rPr
    assert rPr is not None and rPr.rFonts is not None
    return rPr.rFonts


def east_asian_font(paragraph: WordParagraph) -> set[str | None]:
    return {fonts_of(r).get(qn("w:eastAsia")) for r in paragraph.runs}


def sizes(paragraph: WordParagraph) -> set[float | None]:
    return {r.font.size.pt if r.font.size is not None else None for r in paragraph.runs}


def texts(word: WordDocument) -> list[str]:
    return [p.text for p in word.paragraphs]


def by_text(word: WordDocument, text: str) -> WordParagraph:
    return next(p for p in word.paragraphs if p.text == text)


def test_page_is_a4_with_the_standards_margins(tmp_path: Path) -> None:
    section = write(tmp_path, BULLETIN).sections[0]
    measured = {
        "width": mm(section.page_width),
        "height": mm(section.page_height),
        "top": mm(section.top_margin),
        "left": mm(section.left_margin),
        "right": mm(section.right_margin),
        "bottom": mm(section.bottom_margin),
    }
    expected = {"width": 210, "height": 297, "top": 37, "left": 28, "right": 26, "bottom": 35}
    assert measured == pytest.approx(expected, abs=0.05)
    # 5.2.1: the text block is 156 x 225 mm.
    assert measured["width"] - measured["left"] - measured["right"] == pytest.approx(156, abs=0.1)
    assert measured["height"] - measured["top"] - measured["bottom"] == pytest.approx(225, abs=0.1)


def test_title_is_2hao_xiaobiaosong_centred_and_breaks_where_asked(tmp_path: Path) -> None:
    word = write(tmp_path, BULLETIN)
    title = word.paragraphs[0]
    assert title.text == "关于2024年双创工作\n进展情况的通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title) == {"方正小标宋简体"}
    assert sizes(title) == {22.0}
    subtitle = word.paragraphs[1]
    assert subtitle.text == "达坂城区科学技术局　2024年10月10日"
    assert east_asian_font(subtitle) == {"楷体_GB2312"}
    assert word.paragraphs[2].text == ""  # one empty line before the body
    assert word.core_properties.title == "关于2024年双创工作进展情况的通报"


def test_body_is_3hao_fangsong_with_two_characters_indent_on_the_line_grid(
    tmp_path: Path,
) -> None:
    word = write(tmp_path, BULLETIN)
    body = by_text(word, "截至2024年9月30日，全区12项量化指标中5项达到序时进度。")
    assert east_asian_font(body) == {"仿宋_GB2312"}
    assert sizes(body) == {16.0}
    fonts = fonts_of(body.runs[0])
    # Latin slots too, and no theme font that would win over the names.
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
    assert body.runs[0].element.xpath("./w:rPr/w:lang/@w:eastAsia") == ["zh-CN"]
    fmt = body.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    line = fmt.line_spacing
    assert isinstance(line, Length)
    # 5.2.3: 22 lines fill the 225 mm text block and a 23rd does not fit.
    assert 22 * mm(line) <= 225 < 23 * mm(line)
    # 28 characters (size plus the tightening between them) fit in 156 mm, 29 do not.
    spacing = body.runs[0].element.xpath("./w:rPr/w:spacing/@w:val")
    tracking = int(spacing[0]) / 20
    pitch_mm = (16.0 + tracking) * 25.4 / 72
    assert 28 * pitch_mm <= 156 < 29 * pitch_mm
    assert mm(fmt.first_line_indent) == pytest.approx(2 * pitch_mm, abs=0.05)
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert fmt.widow_control is False  # every page holds its 22 lines


@pytest.mark.parametrize(
    ("text", "font", "bold", "outline"),
    [
        ("一、总体情况", "黑体", None, "0"),
        ("（一）指标完成情况", "楷体_GB2312", None, "1"),
        ("1.存在的问题", "仿宋_GB2312", True, "2"),
    ],
)
def test_headings_follow_the_standards_faces_by_level(
    tmp_path: Path, text: str, font: str, bold: bool | None, outline: str
) -> None:
    heading = by_text(write(tmp_path, BULLETIN), text)
    assert east_asian_font(heading) == {font}
    assert sizes(heading) == {16.0}
    assert {r.font.bold or None for r in heading.runs} == {bold}
    assert heading.paragraph_format.keep_with_next is True
    assert heading._p.xpath("./w:pPr/w:outlineLvl/@w:val") == [outline]


def test_a_heading_level_outside_1_to_3_is_refused() -> None:
    with pytest.raises(ValueError, match="level"):
        Heading("（1）", level=4)


def footer_text(paragraph: WordParagraph) -> str:
    shown = "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))
    field = "".join(t.text or "" for t in paragraph._p.iter(qn("w:instrText")))
    return f"{shown}|{field.strip()}"


def test_page_numbers_odd_right_even_left_in_4hao_songti(tmp_path: Path) -> None:
    word = write(tmp_path, BULLETIN)
    assert word.settings.odd_and_even_pages_header_footer is True
    section = word.sections[0]
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        assert footer_text(paragraph) == "— 1 —|PAGE"
        assert east_asian_font(paragraph) == {"宋体"}
        assert sizes(paragraph) == {14.0}
        ascii_fonts = {fonts_of(r).get(qn("w:ascii")) for r in paragraph.runs}
        assert ascii_fonts == {"宋体"}  # 7.5: 宋体 digits
    # One 4号 character (14 pt) in from the text block's edge.
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert even.paragraph_format.left_indent == Pt(14)


def test_fonts_are_listed_with_alternatives_for_machines_without_them(tmp_path: Path) -> None:
    word = write(tmp_path, BULLETIN)
    table = next(r.target_part for r in word.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = docx.oxml.parse_xml(table.blob)
    entries = {f.get(qn("w:name")): f for f in fonts.findall(qn("w:font"))}
    alternatives = entries["方正小标宋简体"].find(qn("w:altName")).get(qn("w:val")).split(",")
    assert "宋体" in alternatives
    assert entries["仿宋_GB2312"].find(qn("w:charset")).get(qn("w:val")) == "86"
    assert "Times New Roman" in entries  # the template's own entries are kept


INDICATORS = Table(
    headers=["序号", "指标", "目标", "完成率"],
    rows=[[str(i), f"指标{i}", str(10 * i), f"{i * 7}%"] for i in range(1, 13)],
    caption="表1　指标完成情况",
    widths_mm=[1, 4, 1.5, 1.5],
    align=["center", "left", "right", "right"],
)


def test_table_cells_hold_the_texts_with_the_header_repeated(tmp_path: Path) -> None:
    word = write(tmp_path, Document("标题", [INDICATORS]))
    table = word.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [list(INDICATORS.headers), *[list(r) for r in INDICATORS.rows]]
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert {r.font.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs} == {True}
    body_cell = table.rows[1].cells[1].paragraphs[0]
    assert sizes(body_cell) == {12.0} and east_asian_font(body_cell) == {"仿宋_GB2312"}
    aligns = [c.paragraphs[0].alignment for c in table.rows[5].cells]
    assert aligns == [
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    ]
    caption = by_text(word, "表1　指标完成情况")
    assert caption.paragraph_format.keep_with_next is True
    assert east_asian_font(caption) == {"黑体"}


def _kept(row: Any) -> list[bool]:
    return [p.paragraph_format.keep_with_next is True for c in row.cells for p in c.paragraphs]


def test_a_short_table_stays_on_one_page_with_its_caption(tmp_path: Path) -> None:
    # Word and LibreOffice move a table whose rows all keep with the next one as a whole;
    # the last row is left free, or the table would drag the next paragraph with it.
    word = write(tmp_path, Document("标题", [INDICATORS, Paragraph("其后的正文。")]))
    table = word.tables[0]
    assert len(INDICATORS.rows) == 12
    assert all(all(_kept(row)) for row in table.rows[:-1])
    assert not any(_kept(table.rows[-1]))
    assert by_text(word, "表1　指标完成情况").paragraph_format.keep_with_next is True


def test_a_long_table_may_break_across_pages(tmp_path: Path) -> None:
    rows = [[str(i), f"指标{i}", "1", "1%"] for i in range(1, 14)]
    long = Table(headers=list(INDICATORS.headers), rows=rows, caption="表2　长表")
    table = write(tmp_path, Document("标题", [long])).tables[0]
    assert not any(any(_kept(row)) for row in table.rows)


def test_table_widths_fill_the_text_block_in_the_given_proportions(tmp_path: Path) -> None:
    table = write(tmp_path, Document("标题", [INDICATORS])).tables[0]
    widths = [mm(c.width) for c in table.rows[0].cells]
    assert sum(widths) == pytest.approx(156, abs=0.1)
    assert widths == pytest.approx([19.5, 78, 29.25, 29.25], abs=0.1)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6


def test_a_column_too_narrow_for_its_longest_word_takes_room_from_the_roomiest(
    tmp_path: Path,
) -> None:
    given = [9, 120, 12, 9]
    narrow = Table(
        headers=["No.", "Indicator", "Completion", "季均变化"],
        rows=[["1", "New-type incubation carriers", "83.3%", "+0.8"]],
        widths_mm=given,
        font_pt=9,
    )
    widths = [mm(c.width) for c in write(tmp_path, Document("标题", [narrow])).tables[0].columns]
    scale = 156 / sum(given)
    assert sum(widths) == pytest.approx(156, abs=0.1)
    assert 8 < widths[0] <= 9 * scale  # No. fits: it gives a little of its spare room
    # Completion: ten letters of 9 pt bold Times (about 16 mm) and 3 mm of cell margins;
    # 季均变化: four characters of 9 pt, 12.7 mm, and the margins.
    assert widths[2] >= 19 and widths[3] >= 12.7 + 3
    assert widths[1] < 120 * scale - (19 - 12 * scale)


def test_table_widths_without_a_hint_follow_the_longest_text(tmp_path: Path) -> None:
    plain = Table(headers=["序号", "指标名称"], rows=[["1", "累计新增孵化企业和创业团队"]])
    table = write(tmp_path, Document("标题", [plain])).tables[0]
    narrow, wide = (mm(c.width) for c in table.rows[0].cells)
    assert narrow + wide == pytest.approx(156, abs=0.1)
    assert wide > 3 * narrow


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rows": [["1", "2"]]}, "row 1 has 2 cells"),
        ({"rows": [], "widths_mm": [1, 2]}, "3 positive widths"),
        ({"rows": [], "widths_mm": [1, 0, 2]}, "3 positive widths"),
        ({"rows": [], "align": ["left"]}, "3 alignments"),
    ],
)
def test_a_table_that_cannot_be_laid_out_is_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Table(headers=["a", "b", "c"], **kwargs)


def test_every_row_keeps_its_own_text_and_the_cell_look(tmp_path: Path) -> None:
    rows = [[f"单位{i}", f"第一行\n第二行{i}"] for i in range(300)]
    table = write(tmp_path, Document("标题", [Table(["单位", "说明"], rows)])).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == rows
    last = table.rows[-1].cells[1].paragraphs[0]
    assert sizes(last) == {12.0} and east_asian_font(last) == {"仿宋_GB2312"}
    assert table.rows[-1]._tr.xpath("./w:trPr/w:tblHeader") == []


def test_control_characters_from_submissions_are_dropped(tmp_path: Path) -> None:
    word = write(tmp_path, Document("标题", [Paragraph("盐湖\x07街道\x00"), INDICATORS]))
    assert "盐湖街道" in texts(word)


def test_attachments_are_listed_under_the_body_and_start_pages_of_their_own(
    tmp_path: Path,
) -> None:
    document = Document(
        "标题",
        [Paragraph("正文。")],
        attachments=[Attachment("指标明细表", [INDICATORS]), Attachment("任务分解", [])],
    )
    word = write(tmp_path, document)
    lines = texts(word)
    body_end = lines.index("正文。")
    # 7.3.4: an empty line, then the numbered list, numbers and titles parted by a tab.
    assert lines[body_end + 1 : body_end + 4] == ["", "附件：1.\t指标明细表", "2.\t任务分解"]
    first, second = by_text(word, "附件：1.\t指标明细表"), by_text(word, "2.\t任务分解")
    # Both titles start at the same place (the hanging indent); the numbers line up.
    assert first.paragraph_format.left_indent == second.paragraph_format.left_indent
    first_start = first.paragraph_format.left_indent + first.paragraph_format.first_line_indent
    second_start = second.paragraph_format.left_indent + second.paragraph_format.first_line_indent
    assert second_start - first_start == pytest.approx(Mm(3 * 15.75 * 25.4 / 72), abs=2000)
    # 7.3.7: "附件1" in 黑体 at the top left of a new page, the title on the third line.
    label = by_text(word, "附件1")
    assert label.paragraph_format.page_break_before is True
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert not label.paragraph_format.first_line_indent
    assert east_asian_font(label) == {"黑体"}
    at = lines.index("附件1")
    assert lines[at + 1 : at + 3] == ["", "指标明细表"]
    assert east_asian_font(by_text(word, "指标明细表")) == {"方正小标宋简体"}
    assert by_text(word, "附件2").paragraph_format.page_break_before is True
    assert len(word.tables) == 1


def test_the_paragraph_after_a_closing_table_takes_no_room(tmp_path: Path) -> None:
    # A table filling the last page must not push the paragraph Word wants after it
    # onto a page of its own; a paragraph after a table inside the text keeps its line.
    document = Document("标题", [INDICATORS, Paragraph("正文。"), INDICATORS])
    word = write(tmp_path, document)
    last = word.paragraphs[-1]
    assert last.text == "" and last._p.getprevious().tag == qn("w:tbl")
    fmt = last.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing is not None and fmt.line_spacing.pt <= 1
    assert fmt.space_before == 0 and fmt.space_after == 0
    pPr = last._p.pPr
    mark = pPr.find(qn("w:rPr")) if pPr is not None else None
    assert mark is not None and mark.find(qn("w:sz")).get(qn("w:val")) == "2"
    between = word.tables[0]._tbl.getnext()
    assert between.tag == qn("w:p")
    assert WordParagraph(between, word._body).paragraph_format.line_spacing == Pt(28.95)


def test_a_single_attachment_is_not_numbered(tmp_path: Path) -> None:
    word = write(tmp_path, Document("标题", [], attachments=[Attachment("明细表")]))
    assert "附件：明细表" in texts(word)
    assert "附件" in texts(word) and "附件1" not in texts(word)


def test_a_long_attachment_title_breaks_before_its_bracket_and_is_listed_on_one_line(
    tmp_path: Path,
) -> None:
    title = "2024年双创量化指标完成情况明细表（截至2024年12月31日）"
    word = write(tmp_path, Document("标题", [], attachments=[Attachment(title)]))
    assert "附件：" + title in texts(word)  # the list under the body: one line
    assert "2024年双创量化指标完成情况明细表\n（截至2024年12月31日）" in texts(word)
    # One that fits a line, one whose parts would not fit, one broken by its author: as is.
    assert title_lines("各项指标分季度进展情况表") == "各项指标分季度进展情况表"
    long_head = "达坂城区" * 6 + "（截至2024年12月31日）"
    assert title_lines(long_head) == long_head
    assert title_lines("明细表\n（截至2024年）") == "明细表\n（截至2024年）"


def test_a_page_break_makes_the_next_block_start_a_page(tmp_path: Path) -> None:
    document = Document("标题", [Paragraph("前。"), PageBreak(), Heading("二、后")])
    word = write(tmp_path, document)
    assert by_text(word, "二、后").paragraph_format.page_break_before is True
    assert not by_text(word, "前。").paragraph_format.page_break_before


def make_template(path: Path, footer: bool) -> Path:
    template = docx.Document()
    section = template.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    template.add_paragraph("达坂城区科学技术局文件")
    if footer:
        section.footer.is_linked_to_previous = False
        section.footer.paragraphs[0].text = "内部资料"
    template.save(str(path))
    return path


def test_a_template_comes_first_and_keeps_its_page_and_footer(tmp_path: Path) -> None:
    template = make_template(tmp_path / "红头.docx", footer=True)
    word = write(tmp_path, Document("标题", [INDICATORS]), template)
    assert texts(word)[:2] == ["达坂城区科学技术局文件", "标题"]
    section = word.sections[0]
    assert mm(section.left_margin) == pytest.approx(20, abs=0.05)
    assert section.footer.paragraphs[0].text == "内部资料"
    assert word.settings.odd_and_even_pages_header_footer is False
    # The table fills the template's own text block (210 - 2 x 20 mm).
    assert sum(mm(c.width) for c in word.tables[0].rows[0].cells) == pytest.approx(170, abs=0.1)


def test_drawing_ids_stay_unique_after_a_templates_pictures(tmp_path: Path) -> None:
    template = docx.Document()
    png = tmp_path / "徽标.png"
    png.write_bytes(ONE_PIXEL_PNG)
    # A letterhead logo lives in the header part, out of sight of the body.
    header = template.sections[0].header
    header.paragraphs[0].add_run().add_picture(str(png))
    template.save(str(tmp_path / "红头.docx"))
    chart = Chart("图", ["甲", "乙"], [Series("值", [1.0, 2.0])])
    word = write(tmp_path, Document("标题", [chart, chart]), tmp_path / "红头.docx")
    header_part = word.sections[0].header.part
    ids = [
        *word.element.body.xpath(".//wp:docPr/@id"),
        *header_part.element.xpath(".//wp:docPr/@id"),
    ]
    assert len(ids) == 3 and len(set(ids)) == 3


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# One white pixel, 8-bit greyscale.
ONE_PIXEL_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + png_chunk(b"IDAT", zlib.compress(b"\x00\xff"))
    + png_chunk(b"IEND", b"")
)


def test_a_template_without_footers_gets_the_page_numbers(tmp_path: Path) -> None:
    template = make_template(tmp_path / "红头.docx", footer=False)
    word = write(tmp_path, Document("标题", []), template)
    assert word.settings.odd_and_even_pages_header_footer is True
    assert footer_text(word.sections[0].even_page_footer.paragraphs[0]) == "— 1 —|PAGE"


def test_an_existing_file_is_replaced_whole_or_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "通报.docx"
    target.write_bytes(b"old")

    def fail(self: object, path: str) -> None:
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(docx.document.Document, "save", fail)
    with pytest.raises(OSError, match="disk full"):
        write_docx(BULLETIN, target)
    assert target.read_bytes() == b"old"
    monkeypatch.undo()
    write_docx(BULLETIN, target)
    assert docx.Document(str(target)).paragraphs[0].text.startswith("关于2024年")
    assert sorted(os.listdir(tmp_path)) == ["通报.docx"]  # no temporary file left behind
