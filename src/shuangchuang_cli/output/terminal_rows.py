"""Long tables drawn line by line, as rich draws a table with fixed column widths.

rich lays out every cell of a table before it prints the first line: for the 100,000
records behind one indicator of a region (`explain`) that is minutes and gigabytes. The
widths are known before (terminal.py works them out), so a long table is drawn here one
row at a time, as segments rich prints as they are (no measuring, no wrapping): the same
borders, padding, alignment and styles as terminal.py's rich table
(tests/test_terminal_rows.py compares the two), at a small part of the cost.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from rich import box
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

# Rows from which a table is drawn here rather than by rich.
LONG = 500

Cells = Sequence[tuple[list[str], str]]  # per column: the cell's lines and its rich style
Runs = list[tuple[str, str]]  # a line's pieces of text, each with its rich style


_WIDTHS: dict[str, int] = {}  # texts measured this run: a long table asks again and again
_KEPT_WIDTHS = 200_000


def width_of(value: str) -> int:
    """The cells a text takes on a terminal (ASCII counted without a lookup).

    Measured once: fitting a long table's columns, wrapping and padding its cells ask for
    the same texts' widths several times each, and rich keeps only the last few thousand
    (a region's records are 100,000 different names)."""
    if value.isascii():
        return len(value)
    width = _WIDTHS.get(value)
    if width is None:
        if len(_WIDTHS) >= _KEPT_WIDTHS:
            _WIDTHS.clear()
        width = _WIDTHS[value] = cell_len(value)
    return width


def _fit(value: str, width: int, align: str) -> str:
    gap = width - width_of(value)
    if gap <= 0:
        return value
    if align == "right":
        return " " * gap + value
    return value + " " * gap


@lru_cache(maxsize=64)
def _style(name: str) -> Style | None:
    return Style.parse(name) if name else None


def _row_lines(
    cells: Cells,
    widths: Sequence[int],
    aligns: Sequence[str],
    framed: bool,
    bottom: bool,
    styled: bool = True,
) -> Iterator[Segment]:
    """One row's lines: cells side by side, shorter ones blank below (the header's above)."""
    height = max((len(lines) for lines, _ in cells), default=1)
    heavy = box.HEAVY_HEAD
    left, inner, right = (
        (heavy.head_left, heavy.head_vertical, heavy.head_right)
        if bottom
        else (heavy.mid_left, heavy.mid_vertical, heavy.mid_right)
    )
    for n in range(height):
        # Unstyled text runs as one segment: rich's cost is per segment, not per character.
        run = [f"{left} "] if framed else []
        for c, ((lines, style), width, align) in enumerate(zip(cells, widths, aligns, strict=True)):
            start = height - len(lines) if bottom else 0
            value = lines[n - start] if 0 <= n - start < len(lines) else ""
            if c:
                run.append(f" {inner} " if framed else "  ")
            shown = _fit(value, width, align)
            if style and styled and shown.strip():
                yield Segment("".join(run))
                yield Segment(shown, _style(style))
                run = []
            else:
                run.append(shown)
        if framed:
            run.append(f" {right}")
        run.append("\n")
        yield Segment("".join(run))


def draw(
    header: Sequence[list[str]],
    rows: Iterator[Cells],
    widths: Sequence[int],
    aligns: Sequence[str],
    framed: bool,
    styled: bool = True,
) -> Iterator[Segment]:
    """The table's lines: the bold header (bottom-aligned, as rich aligns it), then each
    row (top-aligned); framed in HEAVY_HEAD's lines, or columns two spaces apart. Not
    `styled` (a console that shows no styles), each line is one segment of text."""
    heavy = box.HEAVY_HEAD
    spans = [width + 2 for width in widths]
    if framed:
        top = heavy.top_divider.join(heavy.top * s for s in spans)
        yield from (Segment(heavy.top_left + top + heavy.top_right), Segment.line())
    yield from _row_lines([(h, "bold") for h in header], widths, aligns, framed, True, styled)
    if framed:
        rule = heavy.head_row_cross.join(heavy.head_row_horizontal * s for s in spans)
        yield from (Segment(heavy.head_row_left + rule + heavy.head_row_right), Segment.line())
    for cells in rows:
        yield from _row_lines(cells, widths, aligns, framed, False, styled)
    if framed:
        end = heavy.bottom_divider.join(heavy.bottom * s for s in spans)
        yield from (Segment(heavy.bottom_left + end + heavy.bottom_right), Segment.line())


def plain(runs: Runs) -> str:
    """A line's text without its styles."""
    return "".join(part for part, _ in runs)


def draw_lines(lines: Sequence[Runs], styled: bool = True) -> Iterator[Segment]:
    """Lines of styled runs, as rich prints texts assembled of them; not `styled` (a
    console that shows no styles: a file, a pipe), each line as one segment of text."""
    for line in lines:
        if styled:
            for part, style in line:
                if part:
                    yield Segment(part, _style(style))
            yield Segment.line()
        else:
            yield Segment(plain(line) + "\n")
