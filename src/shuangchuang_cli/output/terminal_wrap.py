"""Text broken into lines of a terminal's width: where a line may break and how it is cut.

A run of Latin letters and digits (a date, a 统一社会信用代码, a file's suffix) stays whole;
Chinese text breaks between characters; punctuation stays with what it closes or opens.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from shuangchuang_cli.output.terminal_rows import width_of

# Where a line may break: between words, before or after a Chinese character; a run of
# Latin letters, digits and their punctuation (2024-03-05, 91650107MA..., .xlsx) stays
# whole. Closing punctuation stays with what it closes, opening with what it opens.
_OPENING = "“‘（《「『【［(["
_CLOSING = "”’）》」』】］)]，。、；：！？,.;:!?…—/"
_TOKEN = re.compile(
    rf"\s+|[{re.escape(_OPENING)}]*(?:[!-~]+|.)[{re.escape(_CLOSING)}]*",
    re.S,
)

_PUNCTUATION = re.compile(f"[{re.escape(_OPENING + _CLOSING)}]")


def wrap(value: str, width: int) -> list[str]:
    """Lines of at most `width` cells; a token longer than a line is cut, nothing else."""
    cells = width_of(value)
    if cells <= width and value == " ".join(value.split()):
        return [value]  # what _by_tokens gives a short, single-spaced line
    if width > 1 and cells == 2 * len(value) and not _PUNCTUATION.search(value):
        # Only wide characters (a Chinese name) and none of the punctuation that sticks:
        # every character is a piece two cells wide, so _by_tokens would give lines of
        # width // 2 characters. A region's 100,000 names are mostly this.
        step = width // 2
        return [value[start : start + step] for start in range(0, len(value), step)]
    return _by_tokens(value, width)


def _by_tokens(value: str, width: int) -> list[str]:
    """wrap's lines, token by token: what its shortcuts give too (tests compare them)."""
    lines: list[str] = []
    # A line's width is the sum of its characters' (kept as it grows: measuring each
    # longer line again made wrapping a long table's names quadratic), except where a
    # joiner or a variation selector makes several characters one (rich measures those).
    joined = "\u200d" in value or "\ufe0f" in value
    for paragraph in value.split("\n"):
        line, used = "", 0
        for token in _TOKEN.findall(paragraph):
            if token.isspace():
                if line:
                    line += " "
                    used += 1
                continue
            size = width_of(token)
            if (width_of(line) if joined else used) + size <= width:
                line += token
                used += size
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, used = token, size
            while width_of(line) > width:  # one token wider than the line: folded
                cut = _fits(line, width)
                lines.append(line[:cut])
                line = line[cut:]
                used = width_of(line)
        lines.append(line.rstrip())
    return lines


def _fits(value: str, width: int) -> int:
    """How many characters of `value` fit in `width` cells (at least one)."""
    used = 0
    for n, char in enumerate(value):
        used += cell_len(char)
        if used > width:
            return max(n, 1)
    return len(value)


def longest_token(value: str) -> int:
    """The widest piece of `value` that wrap keeps whole (spaces are not pieces)."""
    return max(map(width_of, filter(str.strip, _TOKEN.findall(value))), default=0)


# A piece is one character, with any punctuation that opens or closes it, or a run of
# Latin letters, digits and ASCII punctuation. Text without punctuation of its own and
# without such a run of 5 has no piece wider than 4 + 2 + 4 cells ("(((" 中 ")))").
_SMALL_PIECES_ONLY = 10
_OWN_PUNCTUATION = "".join(c for c in _OPENING + _CLOSING if not c.isascii())
_MAY_HOLD_A_WIDE_PIECE = re.compile(rf"[!-~]{{5,}}|[{re.escape(_OWN_PUNCTUATION)}]")


def longest_token_above(value: str, floor: int) -> int:
    """longest_token(value), or less when it would not be above `floor` anyway (a long
    Chinese name is mostly single characters, and tokenising it costs)."""
    if floor >= _SMALL_PIECES_ONLY and not _MAY_HOLD_A_WIDE_PIECE.search(value):
        return 0
    return longest_token(value)
