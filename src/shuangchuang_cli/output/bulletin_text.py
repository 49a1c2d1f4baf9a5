"""How the bulletin writes its numbers, dates and lists, in the register of a 通报.

A number is shown as `report` shows it: a share as a percentage with one decimal
(55.0%), a count whole (58) and an expected value with one decimal (66.7); a count
carries its unit (58个), except a counting word in English (58; 500万元 keeps its own).
The tests read these back and compare them with the report's JSON at the same precision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from shuangchuang_cli.i18n import Lang, text
from shuangchuang_cli.models import IndicatorValue, Status
from shuangchuang_cli.output.numbers import fixed, unit_after


def plain(value: float | None, unit: str, digits: int = 0) -> str:
    """A value without its unit: 55.0%, 58, 66.7 (digits=1 forces one decimal)."""
    if value is None:
        return "—"
    if unit == "%":
        return fixed(value, 1, percent=True) + "%"
    if digits == 0 and float(value).is_integer():
        return str(int(value))
    return fixed(value, max(digits, 1))


def amount(value: float | None, unit: str, lang: Lang, digits: int = 0) -> str:
    """A value as a sentence says it: 58个 in Chinese, 58 in English (a counting word
    says nothing English needs), 500万元 in both; shares as 55.0%."""
    shown = plain(value, unit, digits)
    return shown if value is None else shown + unit_after(unit, lang)


def points(value: float, lang: Lang) -> str:
    """A difference of two shares, in percentage points: 10.0个百分点."""
    return text("bulletin.points", lang, value=fixed(value, 1, percent=True))


def difference(value: float | None, unit: str, lang: Lang, digits: int = 0) -> str:
    """A gap or shortfall: a count with its unit, a share in percentage points."""
    if value is None:
        return "—"
    return points(value, lang) if unit == "%" else amount(value, unit, lang, digits)


def shows_as_zero(value: float, unit: str) -> bool:
    """Whether a difference written to one decimal reads 0.0 (a share: in points)."""
    return fixed(abs(value), 1, percent=unit == "%") == "0.0"


def target(v: IndicatorValue, lang: Lang) -> str:
    """The target as a sentence says it; a range as 1–2家."""
    if v.target_max is not None:
        return f"{plain(v.target, v.unit)}–{amount(v.target_max, v.unit, lang)}"
    return amount(v.target, v.unit, lang)


def table_target(v: IndicatorValue) -> str:
    if v.target_max is not None:
        return f"{plain(v.target, v.unit)}–{plain(v.target_max, v.unit)}"
    return plain(v.target, v.unit)


def percent(value: float | None) -> str:
    return "—" if value is None else fixed(value, 1, percent=True) + "%"


def signed(value: float | None, unit: str) -> str:
    """A change in a table: +10, −2, +5.0 (shares in percentage points), 0 when none."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    whole = unit != "%" and float(value).is_integer()
    return fixed(value, 0 if whole else 1, sign=True, percent=unit == "%")


def year_before(value: dt.date) -> dt.date:
    """The same date a year earlier (29 February: the 28th)."""
    try:
        return value.replace(year=value.year - 1)
    except ValueError:
        return value.replace(year=value.year - 1, day=28)


def day(value: dt.date, lang: Lang) -> str:
    return text("bulletin.date", lang, year=value.year, month=value.month, day=value.day)


def status(value: Status | None, lang: Lang) -> str:
    return text(f"status.{value.value if value else 'none'}", lang)


def listing(items: Sequence[str], lang: Lang) -> str:
    """Items as a sentence lists them: a、b、c; in English a, b and c."""
    separator = text("bulletin.list_sep", lang)
    if lang == "en" and len(items) > 1:
        return f"{separator.join(items[:-1])} and {items[-1]}"
    return separator.join(items)


def numeral(n: int, lang: Lang) -> str:
    """一, 二, 三 ... for headings (1, 2, 3 in English); past the list, the number."""
    names = text("bulletin.numerals", lang).split(",")
    return names[n - 1] if n <= len(names) else str(n)


class Numbering:
    """Heading numbers at one level: 一、二、 or （一）（二）, restarted per section."""

    def __init__(self, key: str, lang: Lang, arabic: bool = False) -> None:
        self.key, self.lang, self.arabic, self.count = key, lang, arabic, 0

    def __call__(self, heading: str) -> str:
        self.count += 1
        n = str(self.count) if self.arabic else numeral(self.count, self.lang)
        return text(self.key, self.lang, n=n, text=heading)
