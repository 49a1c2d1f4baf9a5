"""The stacked layout: a table too wide for the terminal, each row as a block of lines.

A row's key cells (file, sheet, row) head its block; every other cell follows as
"label: value", several to a line, none broken; long text takes lines of its own. It fits
any width. A long table is drawn as it is printed, as terminal_rows draws a long table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.output import terminal_rows
from shuangchuang_cli.output.tables import Table, printable
from shuangchuang_cli.output.terminal_rows import STYLES, Runs, width_of
from shuangchuang_cli.output.terminal_wrap import wrap

INDENT = "   "


def _stacked_labels(table: Table, lang: Lang) -> list[str]:
    """What stands before each column's value in a stacked row: a key's header and a
    space (nothing for a bare key), any other column's "label: "."""
    labels = []
    for col in table.columns:
        if col.key:
            labels.append("" if col.bare else printable(col.short_header or col.header) + " ")
        else:
            label = col.header if col.wrap else col.short_header or col.header
            labels.append(text("view.pair_label", lang, label=printable(label)))
    return labels


def stacked_rows(table: Table, width: int, lang: Lang) -> Iterator[list[Runs]]:
    """Each row's lines as a block: its key cells on the first lines, then the others as
    label: value pairs, long text on lines of its own; no value is broken. A blank line
    after each row."""
    room = max(width - len(INDENT), 10)
    labels = _stacked_labels(table, lang)
    for row in table.rows:
        head: list[Runs] = []
        flow: list[Runs] = []
        for col, label, cell in zip(table.columns, labels, row, strict=True):
            if col.key:
                head.append(
                    [(label, "dim"), (printable(cell.text), STYLES[cell.style or "strong"])]
                )
            elif col.wrap:
                flow.append([("\n".join(wrap(label + printable(cell.text), room)), "")])
            else:
                flow.append([(label, "dim"), (printable(cell.text), STYLES[cell.style])])
        yield [*flowed(head, width, "", "  "), *flowed(flow, room, INDENT, "   "), []]


def stacked(table: Table, width: int, lang: Lang) -> list[RenderableType]:
    """Every row as a block (stacked_rows), as rich texts."""
    return [Text.assemble(*line) for lines in stacked_rows(table, width, lang) for line in lines]


class StackedDrawn:
    """A long table stacked row by row (stacked_rows), drawn as it is printed."""

    def __init__(self, table: Table, width: int, lang: Lang) -> None:
        self.table, self.width, self.lang = table, width, lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        blocks = stacked_rows(self.table, self.width, self.lang)
        if console.color_system is not None:
            for lines in blocks:
                yield from terminal_rows.draw_lines(lines)
        else:
            yield from terminal_rows.plain_lines(line for lines in blocks for line in lines)


def flowed(pieces: Sequence[Runs], room: int, indent: str, gap: str) -> list[Runs]:
    """Pieces several to a line, each kept whole (one wider than the line, or of several
    lines, stands alone, broken into lines)."""
    lines: list[Runs] = []
    line: Runs = []
    used = 0  # the cells of the line so far (0: nothing on it yet)
    for piece in pieces:
        text_of = terminal_rows.plain(piece)
        size = width_of(text_of)
        if "\n" in text_of or size > room:
            if used:
                lines.append(line)
                line, used = [], 0
            broken = wrap(text_of, room) if "\n" not in text_of else text_of.split("\n")
            # A piece of one style keeps it on every line; one of several runs (a label
            # and its value) is broken into plain lines.
            style = piece[0][1] if len(piece) == 1 else ""
            lines += [[(part, style)] for part in broken]
            continue
        if used and used + len(gap) + size > room:
            lines.append(line)
            line, used = [], 0
        if used:
            line.append((gap, ""))
            used += len(gap)
        line.extend(piece)
        used += size
    if used:
        lines.append(line)
    return [[(indent, ""), *one] for one in lines]
