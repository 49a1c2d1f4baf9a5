"""Long tables drawn line by line, as rich draws a table with fixed column widths.

rich lays out every cell of a table before it prints the first line: for the 100,000
records behind one indicator of a region (`explain`) that is minutes and gigabytes. The
widths are known before (terminal.py works them out), so a long table is drawn here one
row at a time, as segments rich prints as they are (no measuring, no wrapping): the same
borders, padding, alignment and styles as terminal.py's rich table
(tests/test_terminal_rows.py compares the two), at a small part of the cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import repeat
from operator import add, floordiv, itemgetter, methodcaller

from rich import box
from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style

from shuangchuang_cli.output import tables

# The neutral styles of output/tables.py as rich styles.
STYLES: dict[tables.Style, str] = {
    "": "",
    "good": "bold green",
    "info": "cyan",
    "warn": "yellow",
    "bad": "bold red",
    "dim": "dim",
    "strong": "bold",
    "error": "red",
    "ok": "bold green",
}

# Rows from which a table is drawn here rather than by rich.
LONG = 500
_CHUNK = 500  # lines of a table without styles printed as one text

Cells = Sequence[tuple[list[str], str]]  # per column: the cell's lines and its rich style
Runs = list[tuple[str, str]]  # a line's pieces of text, each with its rich style


class _CharWidths(dict[str, int]):
    """Each character's cells, as rich counts them, looked up once per character."""

    def __missing__(self, char: str) -> int:
        width = self[char] = get_character_cell_size(char)
        return width


_CHARS = _CharWidths()
_WIDTHS: dict[str, int] = {}  # texts measured this run: a long table asks again and again
_KEPT_WIDTHS = 200_000


def width_of(value: str) -> int:
    """The cells a text takes on a terminal (ASCII counted without a lookup), as rich's
    cell_len counts them.

    Measured once: fitting a long table's columns, wrapping and padding its cells ask for
    the same texts' widths several times each, and rich keeps only the last few thousand
    (a region's records are 100,000 different names). A text is the sum of its
    characters, each looked up in C (rich's own sum runs a Python step per character),
    except where a joiner or a variation selector makes several characters one."""
    if value.isascii():
        return len(value)
    width = _WIDTHS.get(value)
    if width is None:
        if len(_WIDTHS) >= _KEPT_WIDTHS:
            _WIDTHS.clear()
        if "\u200d" in value or "\ufe0f" in value:
            width = cell_len(value)
        else:
            width = sum(map(_CHARS.__getitem__, value))
        _WIDTHS[value] = width
    return width


# Characters of one cell that UTF-8 writes in one byte (printable ASCII: a control
# character is one cell in ASCII text and none in other text, as rich counts it) and of two
# cells that it writes in three (Chinese characters, CJK and full-width punctuation; tests
# check each against rich): a text of these alone is (bytes + chars) / 2 cells wide.
_NOT_BYTE_COUNTED = re.compile(
    "[^\x20-\x7e\u3001-\u3029\u3030-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]"
)
_UTF8 = methodcaller("encode", "utf-8", "surrogatepass")


def widths_of(values: Sequence[str]) -> list[int]:
    """width_of of each text, counted in C for the texts of ASCII and Chinese alone: a long
    table's columns are 100,000 names to measure, once each, and a call per text is most
    of the cost."""
    widths = list(
        map(floordiv, map(add, map(len, map(_UTF8, values)), map(len, values)), repeat(2))
    )
    for n, odd in enumerate(map(_NOT_BYTE_COUNTED.search, values)):
        if odd is not None:
            widths[n] = width_of(values[n])
    return widths


def fit(value: str, width: int, align: str) -> str:
    """A line of a cell padded to the column's width, as rich aligns it."""
    gap = width - width_of(value)
    if gap <= 0:
        return value
    if align == "right":
        return " " * gap + value
    return value + " " * gap


@lru_cache(maxsize=64)
def _style(name: str) -> Style | None:
    return Style.parse(name) if name else None


def _edges(framed: bool, bottom: bool) -> tuple[str, str, str]:
    """What opens a line of a row, goes between its cells, and ends it."""
    heavy = box.HEAVY_HEAD
    left, inner, right = (
        (heavy.head_left, heavy.head_vertical, heavy.head_right)
        if bottom
        else (heavy.mid_left, heavy.mid_vertical, heavy.mid_right)
    )
    return (f"{left} ", f" {inner} ", f" {right}\n") if framed else ("", "  ", "\n")


def _row_lines(
    cells: Cells, widths: Sequence[int], framed: bool, bottom: bool, styled: bool
) -> Iterator[Segment]:
    """One row's lines: cells side by side, shorter ones blank below (the header's above).
    Every line of `cells` is already fitted to its column's width (`fit`)."""
    height = max((len(lines) for lines, _ in cells), default=1)
    start, between, end = _edges(framed, bottom)
    columns = []
    for (lines, style), width in zip(cells, widths, strict=True):
        blank = [" " * width] * (height - len(lines))
        columns.append((blank + lines if bottom else lines + blank, style))
    for n in range(height):
        run = [start]
        for c, (lines, style) in enumerate(columns):
            if c:
                run.append(between)
            shown = lines[n]
            if styled and style and shown.strip():
                yield Segment("".join(run))
                yield Segment(shown, _style(style))
                run = []
            else:
                run.append(shown)
        run.append(end)
        yield Segment("".join(run))


def _plain_body(
    columns: Sequence[Sequence[list[str]]], widths: Sequence[int], framed: bool
) -> Iterator[str]:
    """The rows' lines without styles, each with its line end.

    The first lines of all rows are made at once, column by column (joined in C by map),
    and so are the second lines: a long table is rows of one or two lines (a wrapped name
    or file). A taller row is put together line by line."""
    start, between, end = _edges(framed, False)
    blanks = [" " * width for width in widths]
    tallest = list(map(max, zip(*[list(map(len, cells)) for cells in columns], strict=True)))
    firsts = [list(map(itemgetter(0), cells)) for cells in columns]
    layers = [map(between.join, zip(*firsts, strict=True))]
    if max(tallest, default=0) > 1:
        seconds = [
            [lines[1] if len(lines) > 1 else blank for lines in cells]
            for cells, blank in zip(columns, blanks, strict=True)
        ]
        layers.append(map(between.join, zip(*seconds, strict=True)))
    for row, height in enumerate(tallest):
        made = [next(layer) for layer in layers]  # each layer moves on by one row
        if height > len(made):
            own = [cells[row] for cells in columns]
            made = [
                between.join(ls[n] if n < len(ls) else b for ls, b in pairs)
                for n in range(height)
                for pairs in [zip(own, blanks, strict=True)]
            ]
        for line in made[:height]:
            yield start + line + end


def _in_chunks(lines: Iterable[str]) -> Iterator[Segment]:
    """Lines of plain text some hundreds to a segment: rich's cost is per segment, and a
    long table's rows are most of what it prints."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= _CHUNK:
            yield Segment("".join(chunk))
            chunk = []
    if chunk:
        yield Segment("".join(chunk))


def draw(
    header: Sequence[list[str]],
    columns: Sequence[Sequence[list[str]]],
    styles: Sequence[Sequence[str]] | None,
    widths: Sequence[int],
    aligns: Sequence[str],
    framed: bool,
) -> Iterator[Segment]:
    """The table's lines: the bold header (bottom-aligned, as rich aligns it), then each
    row (top-aligned); framed in HEAVY_HEAD's lines, or columns two spaces apart.

    `columns` holds each column's cells from the first row down, each cell as its lines
    already fitted to the column's width (`fit`); `styles` each cell's rich style the
    same way, or None for a console that shows no styles (a file, a pipe)."""
    heavy = box.HEAVY_HEAD
    spans = [width + 2 for width in widths]
    styled = styles is not None
    if framed:
        top = heavy.top_divider.join(heavy.top * s for s in spans)
        yield from (Segment(heavy.top_left + top + heavy.top_right), Segment.line())
    heads = [
        ([fit(line, w, align) for line in lines], "bold")
        for lines, w, align in zip(header, widths, aligns, strict=True)
    ]
    yield from _row_lines(heads, widths, framed, True, styled)
    if framed:
        rule = heavy.head_row_cross.join(heavy.head_row_horizontal * s for s in spans)
        yield from (Segment(heavy.head_row_left + rule + heavy.head_row_right), Segment.line())
    if styles is None:
        yield from _in_chunks(_plain_body(columns, widths, framed))
    else:
        for lines, looks in zip(zip(*columns, strict=True), zip(*styles, strict=True), strict=True):
            cells = list(zip(lines, looks, strict=True))
            yield from _row_lines(cells, widths, framed, False, True)
    if framed:
        end = heavy.bottom_divider.join(heavy.bottom * s for s in spans)
        yield from (Segment(heavy.bottom_left + end + heavy.bottom_right), Segment.line())


def plain(runs: Runs) -> str:
    """A line's text without its styles."""
    return "".join(part for part, _ in runs)


def plain_lines(lines: Iterable[Runs]) -> Iterator[Segment]:
    """Lines of runs without their styles (a console that shows no styles: a file, a pipe)."""
    return _in_chunks(plain(line) + "\n" for line in lines)


def draw_lines(lines: Sequence[Runs]) -> Iterator[Segment]:
    """Lines of styled runs, as rich prints texts assembled of them."""
    for line in lines:
        for part, style in line:
            if part:
                yield Segment(part, _style(style))
        yield Segment.line()
