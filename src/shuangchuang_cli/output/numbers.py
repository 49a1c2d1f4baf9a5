"""A number as text, rounded the way Excel displays it.

Excel shows a cell's value to 15 significant digits and rounds a half away from zero, so
0.25 under the format 0.0 reads 0.3. Python's own formatting rounds the binary value
half to even (0.25 reads 0.2; 2.675, stored as 2.67499…, reads 2.67). Every text writer
of a figure goes through `fixed`, so a number reads the same in the terminal, the
bulletin and the workbook beside them.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

SIGNIFICANT = 15  # the digits Excel keeps of a value
# Room for the largest float's 309 integer digits and its decimals: quantize refuses a
# result longer than its context's precision.
_WIDE = Context(prec=400)


def fixed(value: float, digits: int, *, sign: bool = False, percent: bool = False) -> str:
    """`value` with `digits` decimals (a share times 100 when `percent`), a + before a
    positive number when `sign`: 0.25 → 0.3, 0.5555 (percent) → 55.6."""
    if not math.isfinite(value):
        return f"{value:{'+' if sign else ''}f}"
    exact = Decimal(f"{float(value):.{SIGNIFICANT}g}")
    if percent:
        exact = exact.scaleb(2)  # exact in decimal, unlike value * 100 in binary
    shown = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=_WIDE)
    return f"{shown:{'+' if sign else ''}f}"


# Chinese counting words (量词) that say only what is counted (58家, 10个, 15场次): English
# says the bare number. Any other unit is part of the quantity (500万元 is five million
# yuan, 20亩 an area) and is kept in both languages.
COUNTING_WORDS = frozenset("家个名人位项场次所座户件篇套台处支批") | {"场次"}


def counting_word(unit: str, lang: str) -> bool:
    """Whether `unit` is a counting word English leaves out (58家 is 58 carriers)."""
    return lang == "en" and unit.strip() in COUNTING_WORDS


def unit_after(unit: str, lang: str) -> str:
    """What follows a count's number in a sentence or a target: its unit, except a
    counting word in English, and a share's % (its value already carries one)."""
    if unit in ("%", "") or counting_word(unit, lang):
        return ""
    return unit
