"""What a Word document says, with no word about how it looks: the input of write_docx.

These types know nothing of sc-cli's reports or of python-docx, so a bulletin (通报), a
year-end summary or any other document can be described with them; the layout rules
(GB/T 9704-2012) live in the writer. A description that cannot be laid out (a table row
longer than its header, a series shorter than its categories) fails when it is built,
with a message naming the block, rather than half-way through writing a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shuangchuang_cli.i18n import Lang

Align = Literal["left", "center", "right"]
SeriesStyle = Literal["bar", "line", "marker"]

_HEX_COLOUR = re.compile(r"[0-9A-Fa-f]{6}")
HEADING_LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Heading:
    """A section heading: 1 is 一级标题 (一、), 2 is 二级标题 (（一）), 3 is 三级标题 (1.).

    The text carries its own ordinal ("一、总体情况"): numbering is the author's wording.
    """

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level}: {self.text!r}")


@dataclass(frozen=True)
class Paragraph:
    """One natural paragraph of body text (正文)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table of text cells under a header row.

    widths_mm are relative: they are scaled to fill the text block (None: fitted to the
    text). align gives each column's alignment (None: numbers-looking columns are not
    guessed; every column is centred).
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""
    widths_mm: Sequence[float] | None = None
    align: Sequence[Align] | None = None
    font_pt: float = 12.0

    def __post_init__(self) -> None:
        columns = len(self.headers)
        if columns == 0:
            raise ValueError(f"table {self.caption!r} has no columns")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != columns:
                raise ValueError(
                    f"table {self.caption!r}: row {number} has {len(row)} cells, "
                    f"the header has {columns}"
                )
        if self.widths_mm is not None and (
            len(self.widths_mm) != columns or any(not w > 0 for w in self.widths_mm)
        ):
            raise ValueError(f"table {self.caption!r}: need {columns} positive widths")
        if self.align is not None and len(self.align) != columns:
            raise ValueError(f"table {self.caption!r}: need {columns} alignments")
        if not 5 <= self.font_pt <= 22:
            raise ValueError(f"table {self.caption!r}: font size {self.font_pt} pt is unreadable")


@dataclass(frozen=True)
class Series:
    """One row of numbers in a chart, one value per category (None: no value, a gap).

    style: "bar"; "line" (points joined); "marker" (points only, e.g. the pace expected
    by now beside each bar). labels writes each value on the chart. colour is "RRGGBB";
    dashed draws a line series dashed, so it stays apart from a solid one in black and
    white print.
    """

    name: str
    values: Sequence[float | None]
    style: SeriesStyle = "bar"
    labels: bool = False
    colour: str | None = None
    dashed: bool = False

    def __post_init__(self) -> None:
        if self.colour is not None and not _HEX_COLOUR.fullmatch(self.colour):
            raise ValueError(f"series {self.name!r}: colour must be RRGGBB, not {self.colour!r}")


@dataclass(frozen=True)
class Chart:
    """A chart drawn by the viewer (Word, WPS, LibreOffice) from the numbers it holds.

    Bars and lines may share one chart (a combo). horizontal lays bars out sideways, the
    first category on top, which reads better for long names; there every series is
    drawn as bars, since a line cannot run across sideways bars. number_format is an
    Excel format code for the value axis, the labels and the embedded data. height_mm
    None gives sideways bars room for every label (about 9 mm a category) and other
    charts 90 mm.
    """

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    number_format: str = "0%"
    horizontal: bool = False
    height_mm: float | None = None

    def __post_init__(self) -> None:
        if not self.series:
            raise ValueError(f"chart {self.title!r} has no series")
        if not self.categories:
            raise ValueError(f"chart {self.title!r} has no categories")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"chart {self.title!r}: series {series.name!r} has {len(series.values)} "
                    f"values for {len(self.categories)} categories"
                )
        if self.height_mm is not None and not 20 <= self.height_mm <= 225:
            # 225 mm is the height of the text block (GB/T 9704-2012, 5.2.1).
            raise ValueError(f"chart {self.title!r}: height must be 20-225 mm")


@dataclass(frozen=True)
class PageBreak:
    """What follows starts on a new page."""


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件): its own title and content, on pages of its own."""

    title: str
    blocks: Sequence[Block] = ()


@dataclass(frozen=True)
class Document:
    """A whole document: the title, an optional line under it, the body, the attachments.

    subtitle is a line under the title such as the issuing office and the date. Each
    attachment is also listed at the end of the body (附件说明), from the same titles,
    so the list and the attachments cannot disagree (GB/T 9704-2012, 7.3.4 and 7.3.7).
    lang is the language of the words the layout adds itself (附件, a chart's name).
    """

    title: str
    blocks: Sequence[Block] = ()
    subtitle: str = ""
    attachments: Sequence[Attachment] = ()
    lang: Lang = "zh"
    addressee: str = ""  # 主送机关 (7.3.2), flush left above the body, ending in "："
    signature: Sequence[str] = ()  # 发文机关署名 then 成文日期 (7.3.5), after the body
