"""Reading a cell back as the contract says (docs/SUBMISSIONS.md section 3), and the check
character of a 统一社会信用代码 (GB 32100-2015), written independently of sc-cli."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from samplegen.contract import NO, YES

# GB 32100-2015: 31 characters (no I, O, Z, S, V); the weight of position i is 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_COUNT = 1_000_000_000
_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def uscc_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 are given."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_is_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in USCC_ALPHABET for c in code)
        and uscc_check_char(code[:17]) == code[17]
    )


def key(text: str) -> str:
    """A name as a key: NFKC, no white space at all."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def code(text: str) -> str:
    """A code as compared: a key, upper-cased."""
    return key(text).upper()


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_date(value: object) -> dt.date | None:
    """A date as typed: a date cell, an Excel serial number or one of the five text forms;
    None when it cannot be read, does not exist or lies outside 1900-2099 (README
    "Decisions", as a bare number is only a serial for 1950-2099)."""
    day = _date(value)
    return day if day is not None and dt.date(1900, 1, 1) <= day <= dt.date(2099, 12, 31) else None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if len(str(value)) == 8:
            return _date(str(value))
        day = EXCEL_EPOCH + dt.timedelta(days=value) if 0 < value < 2958466 else None
        return day if day is not None and day.year >= 1950 else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def read_count(value: object) -> int | None:
    """A whole number of people as typed (full-width digits, thousands separators); None
    for anything else, a negative number or one past a billion (README "Decisions")."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        value = int(text) if text.isdigit() and text.isascii() else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_COUNT else None
    return None


def read_yes(value: object) -> bool | None:
    """True for a yes, False for a no or a blank, None for anything else (restated forms)."""
    if blank(value):
        return False
    form = code(str(value))
    return True if form in YES else False if form in NO else None
