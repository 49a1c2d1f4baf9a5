"""The page and the type of a document laid out as GB/T 9704-2012 (党政机关公文格式) asks.

Section numbers in the comments are the standard's. python-docx's font.name sets only the
Latin slots of w:rFonts; Chinese text is drawn with the w:eastAsia font, so every run
here sets all four slots itself. A font named here may be missing where the document is
opened (方正小标宋简体 rarely ships with an operating system): the font table gives
each one alternative names, the generic family and the GB2312 character set, which is
what Word and WPS go by to pick a stand-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.run import CT_R
from docx.section import Section, _Footer
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as WordParagraph

# 5.1 and 5.2.1: A4, top margin (天头) 37 mm, left margin (订口) 28 mm, text block
# 156 x 225 mm, which leaves 26 mm on the right and 35 mm at the foot.
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "left": 28.0, "right": 26.0, "bottom": 35.0}
# 5.2.3: 22 lines of 28 characters fill the text block. 22 lines of 28.95 pt take
# 224.7 mm, so a 23rd never fits; 28 characters of 3号 (16 pt) need 158 mm, so body
# characters are set 0.25 pt closer (15.75 pt each, 28 of them take 155.6 mm): the
# tightening Word's character grid would do, but kept in the runs where every viewer
# honours it.
LINE_PT = 28.95
BODY_PT = 16.0
BODY_TRACKING_PT = -0.25
CHAR_PT = BODY_PT + BODY_TRACKING_PT
TITLE_PT = 22.0  # 7.3.1: 2号
TITLE_LINE_PT = 35.0  # a title of 22 pt in a 28.95 pt line would crowd its own lines
PAGE_NUMBER_PT = 14.0  # 7.5: 4号
# 7.5: the dashes round the page number sit 7 mm under the text block; the footer's
# bottom edge is placed so the middle of a 14 pt line lands there (35 - 7 - 2.5 mm).
FOOTER_MM = 25.5
HEADER_MM = 15.0

Slot = Literal["ascii", "hAnsi", "eastAsia", "cs"]


@dataclass(frozen=True)
class Face:
    """A typeface as the document names it, and the names to try where it is missing."""

    name: str
    alternatives: tuple[str, ...]
    family: Literal["roman", "swiss"]


# 7.3.1 and 7.3.3: the title in 小标宋, the body in 仿宋, headings in 黑体 then 楷体.
XIAOBIAOSONG = Face(
    "方正小标宋简体",
    ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun"),
    "roman",
)
FANGSONG = Face("仿宋_GB2312", ("仿宋", "FangSong", "华文仿宋", "STFangsong"), "roman")
KAITI = Face("楷体_GB2312", ("楷体", "KaiTi", "华文楷体", "STKaiti"), "roman")
HEITI = Face("黑体", ("SimHei", "华文黑体", "STHeiti"), "swiss")
SONGTI = Face("宋体", ("SimSun", "华文宋体", "STSong"), "roman")
FACES = (XIAOBIAOSONG, FANGSONG, KAITI, HEITI, SONGTI)
# Digits and Latin letters in the body: the GB2312 faces' own are narrow and uneven.
LATIN = "Times New Roman"

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class Look:
    """How one kind of paragraph looks: its face, size, line and indents."""

    face: Face
    size_pt: float = BODY_PT
    bold: bool = False
    latin: str = LATIN
    tracking_pt: float = BODY_TRACKING_PT
    line_pt: float | None = LINE_PT  # exact line height; None: single spacing
    align: Literal["left", "center", "right", "justify"] = "justify"
    first_line_chars: float = 2.0  # 7.3.3: each paragraph starts two characters in
    right_chars: float = 0.0  # 7.3.5.2: the signature stands two characters from the right
    outline_level: int | None = None


BODY = Look(FANGSONG)
# Titles and headings draw their digits in their own face ("附件1" is all 黑体, 7.3.7);
# Times New Roman digits in a 黑体 line would look pasted in.
TITLE = Look(
    XIAOBIAOSONG,
    TITLE_PT,
    latin=XIAOBIAOSONG.name,
    tracking_pt=0.0,
    line_pt=TITLE_LINE_PT,
    align="center",
    first_line_chars=0.0,
)
SUBTITLE = Look(KAITI, latin=KAITI.name, align="center", first_line_chars=0.0)
HEADINGS = {
    1: Look(HEITI, latin=HEITI.name, outline_level=0),
    2: Look(KAITI, latin=KAITI.name, outline_level=1),
    # The standard sets the third level in 仿宋 too; bold keeps it apart from the body.
    3: Look(FANGSONG, bold=True, outline_level=2),
}
CAPTION = Look(
    HEITI, latin=HEITI.name, align="center", first_line_chars=0.0
)  # a table's title, above it
# 7.3.7: "附件" and its number in 3号黑体 at the top left, flush with the margin.
ATTACHMENT_LABEL = Look(HEITI, latin=HEITI.name, align="left", first_line_chars=0.0)


def set_page(section: Section) -> None:
    """A4 portrait with the standard's margins (5.1, 5.2.1)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.gutter = Mm(0)
    section.header_distance = Mm(HEADER_MM)
    section.footer_distance = Mm(FOOTER_MM)


def text_width_emu(section: Section) -> int:
    """The width of the text block of a section, in EMU (A4 and 5.2.1 when unset)."""
    page = section.page_width or Mm(PAGE_MM[0])
    left = section.left_margin if section.left_margin is not None else Mm(MARGINS_MM["left"])
    right = section.right_margin if section.right_margin is not None else Mm(MARGINS_MM["right"])
    return int(page - left - right)


def set_fonts(run: CT_R, face: Face, latin: str) -> None:
    """Name the face in every w:rFonts slot, Chinese in eastAsia, digits in latin.

    hint="eastAsia" makes Word draw the characters both scripts share (“”、—) with the
    Chinese face, as a Chinese input method would have typed them.
    """
    fonts = run.get_or_add_rPr().get_or_add_rFonts()
    slots: dict[Slot, str] = {"ascii": latin, "hAnsi": latin, "eastAsia": face.name, "cs": latin}
    for slot, name in slots.items():
        fonts.set(qn(f"w:{slot}"), name)
    fonts.set(qn("w:hint"), "eastAsia")
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        # A theme font wins over a named one: a template's must not override ours.
        fonts.attrib.pop(qn(f"w:{theme}"), None)


def set_tracking(run: CT_R, points: float) -> None:
    """Space between characters (w:spacing in the run, in twentieths of a point)."""
    rPr = run.get_or_add_rPr()
    for old in rPr.findall(qn("w:spacing")):
        rPr.remove(old)
    if points:
        spacing = OxmlElement("w:spacing", {qn("w:val"): str(round(points * 20))})
        rPr.insert_element_before(spacing, *_AFTER_RUN_SPACING)


_AFTER_RUN_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def add_text(paragraph: WordParagraph, text: str, look: Look) -> None:
    """One run of text in the look (line breaks in the text become w:br)."""
    run = paragraph.add_run(clean_text(text))
    run.font.size = Pt(look.size_pt)
    run.font.bold = look.bold
    set_fonts(run.element, look.face, look.latin)
    set_tracking(run.element, look.tracking_pt)
    # Chinese, whatever a template's defaults say: viewers pick simplified glyph forms
    # and a Chinese stand-in face by the language of the text.
    lang = OxmlElement("w:lang", {qn("w:eastAsia"): "zh-CN"})
    run.element.get_or_add_rPr().insert_element_before(lang, *_AFTER_RUN_SPACING[-3:])


def format_paragraph(paragraph: WordParagraph, look: Look) -> None:
    """Paragraph settings of the look; spacing before and after is always zero.

    The indent is in points, not in Word's character units (w:firstLineChars), which
    LibreOffice reads as a different width.
    """
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGN[look.align]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if look.line_pt is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = Pt(look.line_pt)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.first_line_indent = Pt(look.first_line_chars * (look.size_pt + look.tracking_pt))
    if look.right_chars:
        fmt.right_indent = Pt(look.right_chars * (look.size_pt + look.tracking_pt))
    # Widow control would carry a paragraph's last line over and leave a page at 21
    # lines; 5.2.3 wants every page filled with 22.
    fmt.widow_control = False
    if look.outline_level is not None:
        # Word's navigation pane and table of contents see the heading without a style.
        level = OxmlElement("w:outlineLvl", {qn("w:val"): str(look.outline_level)})
        paragraph._p.get_or_add_pPr().insert_element_before(level, *_AFTER_OUTLINE)


_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def clean_text(text: str) -> str:
    """Text XML can hold: control characters (pasted from a web page) are dropped."""
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n")


def add_page_numbers(document: WordDocument, section: Section, alternate: bool = True) -> None:
    """7.5: "— 1 —" in 4号宋体, odd pages one character in from the right, even pages one
    character in from the left (different odd and even footers, evenAndOddHeaders).

    Without `alternate` (a letterhead whose one header must stay on every page: odd and
    even headers would leave even pages without it) every page has the odd pages' number.
    """
    section.footer.is_linked_to_previous = False
    _page_number(section.footer, "right")
    if alternate:
        document.settings.odd_and_even_pages_header_footer = True
        section.even_page_footer.is_linked_to_previous = False
        _page_number(section.even_page_footer, "left")


def _page_number(footer: _Footer, side: Literal["left", "right"]) -> None:
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.clear()
    look = Look(
        SONGTI,
        PAGE_NUMBER_PT,
        latin=SONGTI.name,
        tracking_pt=0.0,
        line_pt=None,
        align=side,
        first_line_chars=0.0,
    )
    format_paragraph(paragraph, look)
    # "空一字": one character of the page number's own size.
    if side == "right":
        paragraph.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
    add_text(paragraph, "— ", look)
    _add_page_field(paragraph, look)
    add_text(paragraph, " —", look)


def _add_page_field(paragraph: WordParagraph, look: Look) -> None:
    """A PAGE field as begin, instruction, separator, shown number, end: the complex form
    every viewer updates (a w:fldSimple is left showing its cached number by some)."""
    parts = (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "1"), ("end", ""))
    for char_type, text in parts:
        run = paragraph.add_run()
        run.font.size = Pt(look.size_pt)
        set_fonts(run.element, look.face, look.latin)
        if char_type:
            run.element.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): char_type}))
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = text
            run.element.append(instr)
        else:
            run.text = text


def set_defaults(document: WordDocument) -> None:
    """For a document made from scratch: 3号仿宋 with Chinese language as the default, so
    an empty paragraph a user adds later looks like the body, and theme fonts resolve to
    Chinese faces (python-docx's blank document says Japanese)."""
    styles = document.styles.element
    for old in styles.findall(qn("w:docDefaults")):
        styles.remove(old)
    defaults = _DOC_DEFAULTS.format(
        ns=nsdecls("w"), latin=LATIN, ea=FANGSONG.name, size=int(BODY_PT * 2)
    )
    styles.insert(0, parse_xml(defaults))
    settings = document.settings.element
    for old in settings.findall(qn("w:themeFontLang")):
        old.set(qn("w:eastAsia"), "zh-CN")
    for zoom in settings.findall(qn("w:zoom")):
        zoom.set(qn("w:percent"), "100")  # required by the schema, missing in the blank


_DOC_DEFAULTS = (
    "<w:docDefaults {ns}><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{ea}" w:cs="{latin}"/>'
    '<w:kern w:val="2"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
)


def register_faces(document: WordDocument) -> None:
    """List the faces in the font table with their alternative names (w:altName), the
    GB2312 character set (86) and a generic family, keeping the entries already there."""
    part = document.part
    old_part = next(
        (rel.target_part for rel in part.rels.values() if rel.reltype == RT.FONT_TABLE), None
    )
    table = parse_xml(old_part.blob) if old_part is not None else parse_xml(_EMPTY_FONTS)
    named = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for face in FACES:
        if face.name not in named:
            alternatives = ",".join(face.alternatives)
            entry = _FONT.format(ns=nsdecls("w"), face=face, alternatives=alternatives)
            table.append(parse_xml(entry))
    for rid, rel in list(part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            part.drop_rel(rid)
    blob = serialize_part_xml(table)
    name = old_part.partname if old_part is not None else PackURI("/word/fontTable.xml")
    part.relate_to(Part(name, CT.WML_FONT_TABLE, blob, part.package), RT.FONT_TABLE)


_EMPTY_FONTS = f"<w:fonts {nsdecls('w')}/>"
_FONT = (
    '<w:font {ns} w:name="{face.name}"><w:altName w:val="{alternatives}"/>'
    '<w:charset w:val="86"/><w:family w:val="{face.family}"/><w:pitch w:val="variable"/>'
    "</w:font>"
)
