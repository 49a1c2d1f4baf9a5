"""The terminal writer: neutral tables (output/tables.py) as rich renderables that fit.

A table is laid out for the width it is given. Values (numbers, dates, codes, grades,
unit names) are never broken; long text wraps between words, or between Chinese
characters, but never inside a run of Latin letters and digits (a date, a code, a file
extension). When the table is too wide it tries, in turn: no completion bars, the short
headers, the short cell texts (rules' short names), leaving out optional columns; and
when even that does not fit, every row becomes a block of its own (the stacked layout of
terminal_stacked.py), which fits any width.

All text is escaped (tables.printable) and wrapped in rich.text.Text: a control character
in a cell is shown as an escape and `[/bold]` in a name prints as itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table as RichTable
from rich.text import Text

from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.output import terminal_rows
from shuangchuang_cli.output.tables import (
    Block,
    Cell,
    Column,
    Line,
    Style,
    Table,
    printable,
    shown_only,
)
from shuangchuang_cli.output.terminal_rows import STYLES, Runs, widths_of
from shuangchuang_cli.output.terminal_stacked import StackedDrawn, flowed, stacked
from shuangchuang_cli.output.terminal_wrap import longest_token, longest_token_above, wrap

BAR_WIDTH = 10
HEADER_LINES = 2
WRAP_MIN = 12  # a column of long text gets at least this many cells before a table stacks

# --- fitting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Variant:
    """A table as it may be shown: which columns, which texts."""

    columns: tuple[int, ...]
    framed: bool
    bars: bool = True
    short_headers: bool = False
    short_cells: bool = False
    tight_headers: bool = False  # a header may take two lines over its values


def _header(col: Column, variant: _Variant) -> str:
    return printable(col.short_header if variant.short_headers and col.short_header else col.header)


def _cell_text(cell: Cell, variant: _Variant) -> str:
    shown = cell.short if variant.short_cells and cell.short else cell.text
    if variant.bars and cell.bar is not None:
        return "█" * BAR_WIDTH + " " + printable(shown)
    return printable(shown)


def _overhead(variant: _Variant) -> int:
    columns = len(variant.columns)
    return 3 * columns + 1 if variant.framed else 2 * (columns - 1)


class _Texts:
    """A table's cells as shown, column by column, made once for every variant that
    shows them alike (fitting and then drawing a long table ask for each one again)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self._made: dict[tuple[int, bool, bool], list[str]] = {}
        self._measured: dict[tuple[int, bool, bool], dict[str, int]] = {}
        self._unbroken: dict[tuple[int, bool, bool], int] = {}
        self._cells: dict[int, list[Cell]] = {}

    def cells(self, n: int) -> list[Cell]:
        """The column's distinct cells: views share one Cell among the rows that show the
        same value, so a long table is mostly a few Cells many times."""
        if n not in self._cells:
            column = map(itemgetter(n), self.table.rows)
            self._cells[n] = list({id(cell): cell for cell in column}.values())
        return self._cells[n]

    def of(self, n: int, variant: _Variant) -> list[str]:
        key = (n, variant.short_cells, variant.bars)
        if key not in self._made:
            made = {id(cell): _cell_text(cell, variant) for cell in self.cells(n)}
            self._made[key] = self._by_row(n, made)
        return self._made[key]

    def styles(self, n: int) -> list[str]:
        """The rich style of each of the column's cells, from the first row down."""
        return self._by_row(n, {id(cell): STYLES[cell.style] for cell in self.cells(n)})

    def _by_row(self, n: int, by_cell: dict[int, str]) -> list[str]:
        """What `by_cell` holds for each distinct Cell of column `n` (by id), row by row:
        made once per Cell, then looked up in C (map), not in a Python loop."""
        return list(map(by_cell.__getitem__, map(id, map(itemgetter(n), self.table.rows))))

    def measured(self, n: int, variant: _Variant) -> dict[str, int]:
        """The column's distinct texts, each with its width in cells."""
        key = (n, variant.short_cells, variant.bars)
        if key not in self._measured:
            distinct = list(dict.fromkeys(self.of(n, variant)))
            self._measured[key] = dict(zip(distinct, widths_of(distinct), strict=True))
        return self._measured[key]

    def widest(self, n: int, variant: _Variant) -> int:
        """The widest of the column's texts (0 for none)."""
        return max(self.measured(n, variant).values(), default=0)

    def unbroken(self, n: int, variant: _Variant) -> int:
        """The widest token of the column's texts, where it is wider than WRAP_MIN (what a
        wrapped column cannot go below); WRAP_MIN or less otherwise."""
        key = (n, variant.short_cells, variant.bars)
        if key not in self._unbroken:
            # A text no wider than WRAP_MIN has no token wider: only the others are split.
            measured = self.measured(n, variant).items()
            long = (t for t, cells in measured if cells > WRAP_MIN)
            pieces = (longest_token_above(t, WRAP_MIN) for t in long)
            self._unbroken[key] = max(pieces, default=0)
        return self._unbroken[key]

    def has_short(self, n: int) -> bool:
        """Whether a cell of the column has a short form."""
        return any(cell.short for cell in self.cells(n))

    def has_bar(self, n: int) -> bool:
        """Whether a cell of the column has a completion bar."""
        return any(cell.bar is not None for cell in self.cells(n))


def _widths(table: Table, variant: _Variant, width: int, shown: _Texts) -> list[int] | None:
    """Each shown column's width, or None when the variant cannot fit `width`."""
    minimum: list[int] = []
    natural: list[int] = []
    for n in variant.columns:
        col = table.columns[n]
        header = _header(col, variant)
        widest = max(cell_len(header), shown.widest(n, variant))
        if col.wrap:
            unbroken = max(longest_token(header), shown.unbroken(n, variant))
            least = min(widest, max(WRAP_MIN, unbroken))
            if not variant.short_cells and shown.has_short(n):
                # A name that has a short form may take two lines, not more (a Chinese
                # character is two cells wide: half the name may need one more).
                least = max(least, -(-widest // 2) + 1)
        else:
            head = cell_len(header)  # on one line, unless headers may be tight
            if variant.tight_headers:
                head = longest_token(header)
                while len(wrap(header, head)) > HEADER_LINES:
                    head += 1
            least = max(head, shown.widest(n, variant))
        minimum.append(least)
        natural.append(widest)
    room = width - _overhead(variant)
    if sum(minimum) > room:
        return None
    widths = list(minimum)
    spare = room - sum(widths)
    wanting = [n for n, (lo, hi) in enumerate(zip(minimum, natural, strict=True)) if hi > lo]
    while spare > 0 and wanting:
        need = sum(natural[n] - widths[n] for n in wanting)
        given = 0
        for n in wanting:
            share = min(natural[n] - widths[n], max(1, spare * (natural[n] - widths[n]) // need))
            share = min(share, spare - given)
            widths[n] += share
            given += share
        spare -= given
        wanting = [n for n in wanting if widths[n] < natural[n]]
        if not given:
            break
    return widths


def _variants(table: Table, shown: _Texts) -> Iterable[_Variant]:
    """The ways to show a table, widest first: bars go first, then optional columns,
    then long headers and names give way to short ones, then the lines around cells."""
    every = tuple(range(len(table.columns)))
    plain = _Variant(every, table.framed)
    yield plain
    plain = replace(plain, bars=False)
    yield plain
    short_headers = any(c.short_header for c in table.columns)
    short_cells = any(map(shown.has_short, every))
    kept = list(every)
    for level in sorted({c.optional for c in table.columns if c.optional}, reverse=True):
        if level <= table.shorten_at and not (plain.short_headers or plain.short_cells):
            plain = replace(plain, short_headers=short_headers, short_cells=short_cells)
            yield plain
        kept = [n for n in kept if table.columns[n].optional != level]
        plain = replace(plain, columns=tuple(kept))
        yield plain
    if short_headers and not plain.short_headers:
        plain = replace(plain, short_headers=True)
        yield plain
    if short_cells and not plain.short_cells:
        plain = replace(plain, short_cells=True)
        yield plain
    plain = replace(plain, tight_headers=True)
    yield plain
    if plain.framed:
        yield replace(plain, framed=False)


# --- rendering ----------------------------------------------------------------------------


def _text(value: str, style: Style = "") -> Text:
    return Text(value, style=STYLES[style])


def _bar_cell(cell: Cell, variant: _Variant) -> Text:
    share = cell.bar or 0.0
    filled = round(min(max(share, 0.0), 1.0) * BAR_WIDTH)
    colour = "green" if share >= 1 else "cyan" if share >= 0.6 else "yellow"
    shown = cell.short if variant.short_cells and cell.short else cell.text
    return Text.assemble(
        ("█" * filled, colour), ("░" * (BAR_WIDTH - filled), "dim"), " " + printable(shown)
    )


def _rich_table(table: Table, variant: _Variant, widths: Sequence[int]) -> RichTable:
    shown = RichTable(
        box=box.HEAVY_HEAD if variant.framed else None,
        show_edge=variant.framed,
        pad_edge=variant.framed,
        padding=(0, 1),
        header_style="bold",
        expand=False,
    )
    for n, w in zip(variant.columns, widths, strict=True):
        col = table.columns[n]
        header = "\n".join(wrap(_header(col, variant), w))
        shown.add_column(
            Text(header), justify=col.align, width=w, min_width=w, max_width=w, no_wrap=True
        )
    for row in table.rows:
        cells: list[RenderableType] = []
        for n, w in zip(variant.columns, widths, strict=True):
            cell = row[n]
            if variant.bars and cell.bar is not None:
                cells.append(_bar_cell(cell, variant))
                continue
            value = _cell_text(cell, variant)
            if table.columns[n].wrap:
                value = "\n".join(wrap(value, w))
            cells.append(_text(value, cell.style))
        shown.add_row(*cells)
    return shown


class _Drawn:
    """A long table as terminal_rows draws it, one row at a time as it is printed."""

    def __init__(
        self, table: Table, variant: _Variant, widths: Sequence[int], shown: _Texts
    ) -> None:
        self.table, self.variant, self.widths, self.shown = table, variant, widths, shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table, variant, widths = self.table, self.variant, self.widths
        columns = [table.columns[n] for n in variant.columns]
        header = [wrap(_header(c, variant), w) for c, w in zip(columns, widths, strict=True)]

        texts = [self.shown.of(n, variant) for n in variant.columns]
        measured = [self.shown.measured(n, variant) for n in variant.columns]
        aligns = [c.align for c in columns]
        body = [
            _fitted(shown, known, w, align, col.wrap)
            for shown, known, col, w, align in zip(
                texts, measured, columns, widths, aligns, strict=True
            )
        ]
        styles = None
        if console.color_system is not None:
            styles = [self.shown.styles(n) for n in variant.columns]
        yield from terminal_rows.draw(header, body, styles, widths, aligns, variant.framed)


def _fitted(
    texts: list[str], measured: dict[str, int], width: int, align: str, wraps: bool
) -> list[list[str]]:
    """A column's cells as lines fitted to its width: each text wrapped and fitted once,
    however many rows repeat it (a region's records share a few hundred files, units
    and dates). `measured` holds each distinct text with its width in cells."""
    pad = str.rjust if align == "right" else str.ljust
    made = {}
    for value, cells in measured.items():
        if cells <= width and (not wraps or value == " ".join(value.split())):
            # One line, as wrap would give it: padded by characters, so the wide ones
            # count twice (fit, without measuring again).
            made[value] = [pad(value, width - cells + len(value))]
        else:
            broken = wrap(value, width) if wraps else [value]
            made[value] = [terminal_rows.fit(line, width, align) for line in broken]
    return list(map(made.__getitem__, texts))


def _paragraph(value: str, width: int, style: Style = "") -> Text:
    return Text("\n".join(wrap(printable(value), width)), style=STYLES[style])


def render_table(table: Table, width: int, lang: Lang) -> list[RenderableType]:
    table = shown_only(table)
    parts: list[RenderableType] = []
    if table.title:
        parts.append(_paragraph(table.title, width, "strong"))
    shown = _Texts(table)
    for variant in _variants(table, shown):
        widths = _widths(table, variant, width, shown)
        if widths is not None:
            bars = variant.bars and any(shown.has_bar(n) for n in variant.columns)
            if len(table.rows) > terminal_rows.LONG and not bars:
                parts.append(_Drawn(table, variant, widths, shown))
            else:
                parts.append(_rich_table(table, variant, widths))
            break
    else:
        if len(table.rows) > terminal_rows.LONG:
            parts.append(StackedDrawn(table, width, lang))
        else:
            parts += stacked(table, width, lang)
    if table.caption:
        parts.append(_paragraph(table.caption, width, "dim"))
    return parts


def render_line(line: Line, width: int) -> Text:
    """A line, its pieces kept whole where they fit (a file name, then its tally)."""
    pieces: list[Runs] = [[(printable(line.text), STYLES[line.style])]]
    pieces += [[(printable(c.text), STYLES[c.style])] for c in line.parts]
    return Text("\n").join(Text.assemble(*one) for one in flowed(pieces, width, "", ""))


def render(blocks: Sequence[Block] | Block, width: int, lang: Lang) -> RenderableType:
    """Blocks as one renderable for a console `width` cells wide."""
    parts: list[RenderableType] = []
    for block in [blocks] if isinstance(blocks, Table | Line) else blocks:
        if isinstance(block, Table):
            parts += render_table(block, width, lang)
        else:
            parts.append(render_line(block, width))
    return Group(*parts)
