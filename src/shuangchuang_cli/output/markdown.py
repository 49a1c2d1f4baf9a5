"""The Markdown writer: neutral blocks (output/tables.py) as GitHub-style Markdown.

A table's title becomes a bold line above it and its caption a line below; a Line
becomes a paragraph. Pipes are escaped and line breaks become spaces, so a cell never
splits a row; control characters are shown as escapes (tables.printable), as a
terminal would show them.
"""

from __future__ import annotations

from collections.abc import Sequence

from shuangchuang_cli.output.tables import Block, Line, Table, printable, shown_only


def _cell(value: str) -> str:
    one_line = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return printable(one_line).replace("|", "\\|")


def table_markdown(table: Table) -> str:
    table = shown_only(table)
    lines = []
    if table.title:
        lines += [f"**{_cell(table.title)}**", ""]
    lines += [
        "| " + " | ".join(_cell(c.header) for c in table.columns) + " |",
        "|" + "|".join("--:" if c.align == "right" else "---" for c in table.columns) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c.text) for c in row) + " |" for row in table.rows]
    if table.caption:
        lines += ["", _cell(table.caption)]
    return "\n".join(lines) + "\n"


def to_markdown(blocks: Sequence[Block] | Block, heading: bool = False) -> str:
    """Blocks as Markdown; with `heading`, the first line is a level-1 heading."""
    parts: list[str] = []
    for n, block in enumerate([blocks] if isinstance(blocks, Table | Line) else blocks):
        if isinstance(block, Table):
            parts.append(table_markdown(block))
        elif block.text or block.parts:
            said = _cell(block.text + "".join(c.text for c in block.parts))
            parts.append(("# " if heading and n == 0 else "") + said + "\n")
    return "\n".join(parts)
