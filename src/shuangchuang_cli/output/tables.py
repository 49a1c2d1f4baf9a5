"""The neutral table value every view is made of, and the writers' shared rules.

A view (output/views.py) turns a library result into `Block`s: `Table`s and `Line`s of
plain text that already carry their labels in the user's language. One writer each turns
blocks into what is shown: output/terminal.py (rich, fitted to the terminal's width),
output/delimited.py (CSV) and output/markdown.py. No view knows which writer it goes to,
and no writer knows which view a table came from.

Styles are names of what a text means (`good`, `bad` ...), not colours: the terminal
writer picks the colours, the others ignore them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "right"]
# What a text means, for the terminal writer to colour (the others ignore it).
Style = Literal["", "good", "info", "warn", "bad", "dim", "strong", "error", "ok"]


# Text a spreadsheet program could take for a formula when it opens a CSV or a user
# re-enters the cell (OWASP's list: = + - @, and a tab or carriage return before them).
# CSV cells get a leading apostrophe, xlsx cells the quote prefix; both stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Cell:
    """One value as text. `short` is the same value in fewer characters (a rules' short
    name) for a narrow screen; `bar` is a share a terminal may draw beside the text."""

    text: str
    style: Style = ""
    short: str | None = None
    bar: float | None = None


@dataclass(frozen=True)
class Column:
    """A column's header and how its values may be laid out.

    `wrap`: long text that may run onto more lines (names, messages); a column without it
    holds values that are never broken (numbers, dates, codes, grades, unit names).
    `optional`: may be left out when the screen is narrow, the highest number first.
    `data`: False for a reading aid (a row number) that only the text writers show.
    `shown`: False for a figure only CSV holds (a task, an actual, the points apart), the
    text writers showing it in a cell of their own (4/5 → 24.00).
    `key`: heads its row when a narrow screen stacks the rows; `bare`: shown there
    without its header, being clear on its own (a name, a level).
    """

    header: str
    align: Align = "left"
    wrap: bool = False
    short_header: str | None = None
    optional: int = 0
    data: bool = True
    shown: bool = True
    key: bool = False
    bare: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    caption: str = ""
    framed: bool = True  # lines around the cells; False: a plain listing (validate)
    # Short headers and cells are tried before an optional column of this level or lower
    # goes: a trend keeps its last quarters rather than its long headers.
    shorten_at: int = 0

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"a row of {len(row)} cells in a table of {len(self.columns)}")


@dataclass(frozen=True)
class Line:
    """A line of text between tables: a heading, a count, a summary."""

    text: str
    style: Style = ""
    parts: tuple[Cell, ...] = field(default_factory=tuple)  # styled pieces after `text`


Block = Table | Line


def shown_only(table: Table) -> Table:
    """The table as the text writers show it: without the columns only CSV holds."""
    if all(c.shown for c in table.columns):
        return table
    kept = [n for n, c in enumerate(table.columns) if c.shown]
    return Table(
        tuple(table.columns[n] for n in kept),
        tuple(tuple(row[n] for n in kept) for row in table.rows),
        table.title,
        table.caption,
        table.framed,
        table.shorten_at,
    )


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell | str]],
    title: str = "",
    caption: str = "",
    framed: bool = True,
    shorten_at: int = 0,
) -> Table:
    """A Table from plain strings or Cells."""
    cells = tuple(tuple(c if isinstance(c, Cell) else Cell(c) for c in row) for row in rows)
    return Table(tuple(columns), cells, title, caption, framed, shorten_at)


# Control characters and bidi overrides from a file name, a cell or an option would move
# the cursor, recolour the terminal or flip the text around them: they are shown as
# escapes (\x1b, \u202e) wherever such text is shown.
_UNSHOWABLE = (
    {
        c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
        for block in (range(0x20), range(0x7F, 0xA0), (0x200E, 0x200F), range(0x202A, 0x202F))
        for c in block
    }
    | {c: f"\\u{c:04x}" for c in range(0x2066, 0x206A)}
    | {0x0A: "\\n", 0x09: "\\t", 0x0D: "\\r"}
)

_HAS_UNSHOWABLE = re.compile("[" + "".join(map(re.escape, map(chr, sorted(_UNSHOWABLE)))) + "]")


class _Unwritable(dict[int, str | int]):
    """_UNSHOWABLE for a console whose encoding cannot write every character (GBK and a
    name in Uyghur's Arabic script): such a character is an escape too, before a table is
    laid out around it, so its row stays in line. Each character is tried once."""

    def __init__(self, encoding: str) -> None:
        super().__init__(_UNSHOWABLE)
        self._encoding = encoding

    def __missing__(self, code: int) -> str | int:
        try:
            chr(code).encode(self._encoding)
            shown: str | int = code
        except UnicodeEncodeError:
            shown = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        self[code] = shown
        return shown


_shown_as: dict[int, str] | _Unwritable = _UNSHOWABLE


def show_on(encoding: str | None) -> None:
    """Escape also what a console of `encoding` cannot write (the command line says which,
    once, at its start); any Unicode encoding writes everything."""
    import codecs

    global _shown_as
    try:
        name = codecs.lookup(encoding).name if encoding else "utf-8"
    except LookupError:
        name = "utf-8"  # a name Python does not know: its stream would fail first
    _shown_as = _UNSHOWABLE if name.startswith("utf") else _Unwritable(name)


def printable(text: object) -> str:
    """Text from outside the tool (a cell, a file name, an option) as it may be shown: every
    control character, ESC sequence and direction override as a visible escape, and
    whatever the console cannot write (show_on)."""
    shown = str(text)
    # Searching is C-speed; translating looks each character up in a dict. Most text
    # holds nothing to escape, and a long table shows 100,000 texts.
    if _shown_as is _UNSHOWABLE and not _HAS_UNSHOWABLE.search(shown):
        return shown
    return shown.translate(_shown_as)
