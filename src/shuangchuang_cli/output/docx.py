"""Write a Document (docx_blocks) as a Word file laid out per GB/T 9704-2012.

The one entry is write_docx. It knows nothing of sc-cli's reports: the bulletin (通报)
is one Document among others. Layout lives in docx_layout, tables in docx_tables,
charts in docx_charts; this module puts the blocks in order: title, subtitle, body,
the list of attachments (附件说明), then each attachment on pages of its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output.docx_blocks import (
    Attachment,
    Block,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Series,
    Table,
)
from shuangchuang_cli.output.docx_chart_xml import display_width
from shuangchuang_cli.output.docx_charts import add_chart
from shuangchuang_cli.output.docx_layout import (
    ATTACHMENT_LABEL,
    BODY,
    CAPTION,
    CHAR_PT,
    HEADINGS,
    SUBTITLE,
    TITLE,
    TITLE_PT,
    Look,
    add_page_numbers,
    add_text,
    format_paragraph,
    register_faces,
    set_defaults,
    set_page,
    text_width_emu,
)
from shuangchuang_cli.output.docx_tables import add_table

__all__ = [
    "Attachment",
    "Block",
    "Chart",
    "Document",
    "Heading",
    "PageBreak",
    "Paragraph",
    "Series",
    "Table",
    "write_docx",
]

_FIGURE = replace(BODY, line_pt=None, align="center", first_line_chars=0.0)
_ADDRESSEE = replace(BODY, first_line_chars=0.0)  # 7.3.2: 主送机关 flush left
# 7.3.5.2 (no seal): the office's name and the date under it, right-aligned two characters
# in (the date's first character then stands about two characters right of the name's).
_SIGNATURE = replace(BODY, align="right", first_line_chars=0.0, right_chars=2.0)
# Word wants a paragraph after a table that ends the document. At a full line's height it
# would start a page of its own, holding only the page number, under a table that fills
# the last page: it is made as low as Word lets a line be (0.7 pt exactly, 1 pt type).
_CLOSING = replace(BODY, size_pt=1.0, tracking_pt=0.0, line_pt=0.7, first_line_chars=0.0)


@dataclass
class _Writer:
    """What one write keeps track of: the Word document, the width of its text block,
    the next drawing id and whether the next block must start a page."""

    word: WordDocument
    width_emu: int
    next_shape_id: int
    lang: Lang
    break_pending: bool = False

    def paragraph(self, look: Look, text: str = "") -> WordParagraph:
        paragraph = self.word.add_paragraph()
        format_paragraph(paragraph, look)
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        if text:
            add_text(paragraph, text, look)
        return paragraph


def write_docx(document: Document, target: Path, template: Path | None = None) -> None:
    """Write the document to target (replaced whole, or left as it was on failure).

    With a template (a .docx: letterhead, styles), its content comes first and its page
    settings, headers and footers are kept; the page numbers of GB/T 9704-2012 are added
    where the template has no footer of its own.
    """
    word = docx.Document(str(template)) if template is not None else docx.Document()
    section = _prepare(word, fresh=template is None)
    writer = _Writer(word, text_width_emu(section), _first_free_shape_id(word), document.lang)
    if template is None:
        word.core_properties.title = "".join(line.strip() for line in document.title.splitlines())
    _write_title(writer, document)
    if document.addressee:
        writer.paragraph(_ADDRESSEE, document.addressee)
    _write_blocks(writer, document.blocks)
    _write_attachment_list(writer, document.attachments)
    _write_signature(writer, document.signature)
    for number, attachment in enumerate(document.attachments, start=1):
        _write_attachment(writer, attachment, number if len(document.attachments) > 1 else None)
    _close_after_table(word)
    _save_atomic(word, target)


def _prepare(word: WordDocument, fresh: bool) -> Section:
    if not word.sections:
        word.element.body.get_or_add_sectPr()
    section = word.sections[-1]
    if fresh or section.page_width is None:
        set_page(section)
    if fresh:
        set_defaults(word)
        _clear_blank_properties(word)
    register_faces(word)
    if fresh or not _own(_footers(section)):
        # A template's own footer is kept as it is; its header alone stays on every page.
        alternate = fresh or not _own(_headers(section)) or _alternates(word)
        add_page_numbers(word, section, alternate)
    return section


def _clear_blank_properties(word: WordDocument) -> None:
    """python-docx's blank document says it was written by "python-docx" in 2013 and
    carries a thumbnail of another page, which file browsers would show."""
    package = word.part.package
    assert package is not None
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties = word.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.created = now
    properties.modified = now
    properties.revision = 1


def _headers(section: Section) -> tuple[Any, ...]:
    return (section.header, section.even_page_header, section.first_page_header)


def _footers(section: Section) -> tuple[Any, ...]:
    return (section.footer, section.even_page_footer, section.first_page_footer)


def _own(parts: Sequence[Any]) -> bool:
    """Whether the template wrote any of these headers or footers itself."""
    return any(not part.is_linked_to_previous for part in parts)


def _alternates(word: WordDocument) -> bool:
    return bool(word.settings.odd_and_even_pages_header_footer)


def _first_free_shape_id(word: WordDocument) -> int:
    """wp:docPr ids must be unique in the whole document, headers included: a
    template's letterhead may hold a logo there."""
    package = word.part.package
    assert package is not None
    ids = [
        int(found)
        for part in package.iter_parts()
        if part.content_type.endswith("+xml") and str(part.partname).startswith("/word/")
        for found in _DOC_PR_ID.findall(part.blob)
    ]
    return max(ids, default=0) + 1


_DOC_PR_ID = re.compile(rb"<wp:docPr\b[^>]*?\sid=\"(\d+)\"")


def _write_title(writer: _Writer, document: Document) -> None:
    """7.3.1: the title centred in 2号小标宋, on as many lines as it takes (a "\\n" in the
    title breaks it where the author wants); one empty line before the body."""
    if document.title:
        writer.paragraph(TITLE, document.title)
    if document.subtitle:
        writer.paragraph(SUBTITLE, document.subtitle)
    if document.title or document.subtitle:
        writer.paragraph(BODY)


def _write_signature(writer: _Writer, lines: Sequence[str]) -> None:
    """One empty line after the body (or the list of attachments), then the lines."""
    if not lines:
        return
    writer.paragraph(BODY)
    for n, line in enumerate(lines, start=1):
        # The lines stay together on one page.
        writer.paragraph(_SIGNATURE, line).paragraph_format.keep_with_next = n < len(lines)


def _write_blocks(writer: _Writer, blocks: Sequence[Block]) -> None:
    for block in blocks:
        match block:
            case Heading():
                heading = writer.paragraph(HEADINGS[block.level], block.text)
                # A heading is never the last line of a page, away from its text.
                heading.paragraph_format.keep_with_next = True
            case Paragraph():
                writer.paragraph(BODY, block.text)
            case Table():
                _write_table(writer, block)
            case Chart():
                _write_chart(writer, block)
            case PageBreak():
                writer.break_pending = True


def _write_table(writer: _Writer, table: Table) -> None:
    if table.caption:
        caption = writer.paragraph(CAPTION, table.caption)
        caption.paragraph_format.keep_with_next = True
    elif writer.break_pending:
        writer.paragraph(_FIGURE)  # a table cannot start a page by itself: this line does
    add_table(writer.word, table, writer.width_emu)
    # An empty line after every table: two tables with nothing between would be joined
    # into one by Word, and text straight under the rule looks cramped.
    writer.paragraph(BODY)


def _write_chart(writer: _Writer, chart: Chart) -> None:
    paragraph = writer.paragraph(_FIGURE)
    paragraph.paragraph_format.keep_together = True
    shape = writer.next_shape_id
    name = text("docx.chart_name", writer.lang, n=shape)
    add_chart(writer.word, paragraph.add_run(), chart, writer.width_emu, shape, name)
    writer.next_shape_id += 1


def _write_attachment_list(writer: _Writer, attachments: Sequence[Attachment]) -> None:
    """7.3.4: under the body, after an empty line, two characters in: "附件：" and the
    titles; several are numbered "1." "2." with the numbers and the titles aligned, and
    a title that wraps goes on under its own first character."""
    if not attachments:
        return
    writer.paragraph(BODY)
    one = len(attachments) == 1
    label = text("docx.attachments_one" if one else "docx.attachments_many", writer.lang)
    # In characters of the body's size: a Latin letter is half of one (display_width).
    chars = display_width(label) / 2
    if one:
        paragraph = writer.paragraph(BODY, label + attachments[0].title)
        _hang(paragraph, start_chars=2, text_chars=2 + chars)
        return
    # The number and the title are parted by a tab to a stop where the titles start, so
    # they line up whatever the width of the digits in the viewer's font.
    text_chars = 2 + chars + 1.5
    for number, attachment in enumerate(attachments, start=1):
        start = 2 if number == 1 else 2 + chars
        prefix = label if number == 1 else ""
        paragraph = writer.paragraph(BODY, f"{prefix}{number}.\t{attachment.title}")
        _hang(paragraph, start_chars=start, text_chars=text_chars)


def _hang(paragraph: WordParagraph, start_chars: float, text_chars: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.left_indent = Pt(text_chars * CHAR_PT)
    fmt.first_line_indent = Pt((start_chars - text_chars) * CHAR_PT)
    fmt.tab_stops.add_tab_stop(Pt(text_chars * CHAR_PT))


def _write_attachment(writer: _Writer, attachment: Attachment, number: int | None) -> None:
    """7.3.7: on a new page, "附件" (and its number) in 3号黑体 at the top left on the
    first line, the title centred on the third, the content as in the body."""
    writer.break_pending = True
    label = text("docx.attachment", writer.lang)
    if number is not None:
        label = text("docx.attachment_n", writer.lang, n=number)
    writer.paragraph(ATTACHMENT_LABEL, label)
    writer.paragraph(BODY)
    writer.paragraph(TITLE, title_lines(attachment.title))
    writer.paragraph(BODY)
    _write_blocks(writer, attachment.blocks)


# Full-width characters of 2号 in the text block's width (28 of 3号): 20.
TITLE_CHARS = int(28 * CHAR_PT / TITLE_PT)


def title_lines(title: str) -> str:
    """A title longer than a line, broken before its last bracketed part when both parts
    fit a line: ……明细表 / （截至2024年12月31日）, where breaking at any character
    would leave "（截至" at the end of the first line. A title with its own breaks, or
    that fits, is as it is."""
    room = 2 * TITLE_CHARS  # in half widths (display_width)
    if "\n" in title or display_width(title) <= room:
        return title
    cut = max(title.rfind("（"), title.rfind("("))
    head, tail = title[:cut].rstrip(), title[cut:]
    if cut <= 0 or display_width(head) > room or display_width(tail) > room:
        return title
    return f"{head}\n{tail}"


def _close_after_table(word: WordDocument) -> None:
    """The empty paragraph after a table that ends the document takes no room."""
    if not word.paragraphs:
        return
    last = word.paragraphs[-1]
    after = last._p.getnext()
    before = last._p.getprevious()
    if last.text or (after is not None and after.tag != qn("w:sectPr")):
        return
    if before is None or before.tag != qn("w:tbl"):
        return
    format_paragraph(last, _CLOSING)
    # An empty paragraph is as high as its mark's font: 1 pt too.
    mark = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        mark.append(OxmlElement(tag, {qn("w:val"): "2"}))
    pPr = last._p.get_or_add_pPr()
    for old in pPr.findall(qn("w:rPr")):
        pPr.remove(old)
    pPr.insert_element_before(mark, "w:sectPr", "w:pPrChange")


def _save_atomic(word: WordDocument, target: Path) -> None:
    """Save beside the target and rename into place: the target is whole or untouched."""
    fd, tmp_name = tempfile.mkstemp(prefix=".~sc-cli-", suffix=".docx", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        word.save(str(tmp))
        # mkstemp makes the file private (0600); give it the mode a plain save would.
        current = os.umask(0)
        os.umask(current)
        os.chmod(tmp, 0o666 & ~current)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
