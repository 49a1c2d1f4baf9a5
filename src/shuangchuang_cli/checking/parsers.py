"""Column-wise parsers for what people really type (SUBMISSIONS.md section 3).

Each parser takes a whole column of raw cells (str, float, int, bool, date, datetime or
None, as python-calamine or the CSV reader give them) and returns the parsed column with
a mask of the cells that could not be read. Blank cells are never "bad": whether a
blank is allowed is the validator's business.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd

from shuangchuang_cli.normalize import INVISIBLE, visible

# Excel's day zero (1899-12-30 absorbs the 1900 leap-year bug for every real date).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Serials are read as dates only for 1950..2099: a bare "5" in a date column is a mistake,
# not 1900-01-05.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050
_YMD_MIN, _YMD_MAX = 19000101, 29991231
_EARLIEST, _LATEST = pd.Timestamp("1900-01-01"), pd.Timestamp("2099-12-31")
_DATE_FORMS = (
    # 2024-03-05, 2024/3/5, 2024.3.5 (one separator used twice), optional time of day
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?",  # spaces as typed
    r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
)


# A cell's kind by its Python type, looked up in one pass over the column. bool is its own
# kind: True in a count column is a mistake, not 1.
# _OTHER: a value of any other type (a time of day, say): present, but of no use here.
_BLANK, _STR, _NUM, _DATE, _BOOL, _OTHER = 0, 1, 2, 3, 4, 5
_KIND_OF_TYPE: dict[type, int] = {
    str: _STR,
    float: _NUM,
    int: _NUM,
    np.float64: _NUM,
    np.int64: _NUM,
    dt.date: _DATE,
    dt.datetime: _DATE,
    pd.Timestamp: _DATE,
    bool: _BOOL,
    np.bool_: _BOOL,
}
_KIND_OF_TYPE[type(None)] = _BLANK


# Columns of one kind (all text, all numbers, all dates) are the rule: pandas tells that in
# one C pass, and only mixed columns pay for a look at every cell's type.
_UNIFORM = {
    "string": _STR,
    "floating": _NUM,
    "integer": _NUM,
    "mixed-integer-float": _NUM,
    "datetime": _DATE,
    "date": _DATE,
    "boolean": _BOOL,
}


def _kind_codes(values: np.ndarray) -> np.ndarray:
    if not len(values):
        return np.zeros(0, np.int8)
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        # Text in every cell, none blank: the usual name or code column needs no NaN scan.
        return np.full(len(values), _STR, dtype=np.int8)
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    uniform = _UNIFORM.get(inferred)
    if uniform is not None:
        codes = np.full(len(values), uniform, dtype=np.int8)
        codes[pd.isna(values)] = _BLANK  # None and NaN (a type check skips both)
        return codes
    # map() over builtins: the per-cell work stays in C.
    kinds = map(_KIND_OF_TYPE.get, map(type, values), repeat(_OTHER))
    return np.fromiter(kinds, dtype=np.int8, count=len(values))


# What a cell's ends are trimmed of: every white space character (the highest is U+3000)
# and the characters that show as nothing, which count as white space (README Decisions).
_TRIMMED = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + INVISIBLE
# In a NUL-joined column: a NUL with such a character before or after it, or another NUL
# right after it (an empty cell). It starts with a literal, so the engine skips ahead.
_UNTIDY_JOIN = re.compile(rf"\x00(?:(?<=[\s{INVISIBLE}]\x00)|[\s{INVISIBLE}]|\x00)")


def _untidy(joined: str) -> bool:
    """Whether some cell of a NUL-joined column has white space at either end or is empty."""
    return (
        joined == ""
        or joined[0] in _TRIMMED
        or joined[-1] in _TRIMMED
        or joined[0] == "\x00"
        or joined[-1] == "\x00"
        or _UNTIDY_JOIN.search(joined) is not None
    )


@dataclass(frozen=True)
class Cells:
    """A column made clean, with the kind of each cell, worked out once for every check."""

    values: pd.Series
    kinds: np.ndarray

    def where(self, keep: np.ndarray) -> Cells:
        return Cells(self.values[keep], self.kinds[keep])

    @property
    def blank(self) -> np.ndarray:
        """Cells with nothing in them (None after cleaning)."""
        blank: np.ndarray = self.kinds == _BLANK
        return blank

    @property
    def present(self) -> pd.Series:
        """Cells with something in them, as a Series on the column's index."""
        return pd.Series(self.kinds != _BLANK, index=self.values.index)

    @property
    def masks(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Text cells, number cells, date cells."""
        return self.kinds == _STR, self.kinds == _NUM, self.kinds == _DATE


def cells(column: pd.Series) -> Cells:
    """Strings stripped of surrounding white space (U+3000 and the invisible characters
    too); blanks and NaN become None."""
    values = column.to_numpy(dtype=object, copy=True)
    kinds = _kind_codes(values)
    is_str = kinds == _STR
    if is_str.any():
        strings = values[is_str]
        # Most columns have no padded cell and no empty one: find that out with one
        # regex scan of the joined column instead of stripping every cell.
        if _untidy("\x00".join(strings)):
            values[is_str] = [v.strip(_TRIMMED) for v in strings]
            emptied = np.equal(values, "")
            values[emptied] = None
            kinds[emptied] = _BLANK
    # NaN and NaT are blank too; only a number or an odd type can be one.
    maybe = np.flatnonzero((kinds == _NUM) | (kinds == _OTHER))
    if len(maybe):
        gone = maybe[pd.isna(values[maybe])]
        values[gone] = None
        kinds[gone] = _BLANK
    return Cells(pd.Series(values, index=column.index, dtype=object), kinds)


def clean(column: pd.Series) -> pd.Series:
    """The values of `cells` alone."""
    return cells(column).values


def _as_cells(column: pd.Series | Cells) -> Cells:
    return column if isinstance(column, Cells) else cells(column)


def _by_unique(strings: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Parse each distinct string once: a column repeats its dates, units and yes/no a lot."""
    codes, uniques = pd.factorize(strings)
    parsed = parse(pd.Series(uniques, dtype=object)).to_numpy()
    return pd.Series(parsed[codes], index=strings.index)


def _nfkc(strings: pd.Series) -> pd.Series:
    return strings.str.normalize("NFKC").map(visible).str.strip()


def parse_dates(column: pd.Series | Cells) -> tuple[pd.Series, pd.Series]:
    """-> (datetime64 column, bad mask). Accepts date cells, Excel serials, five text forms."""
    given = _as_cells(column)
    col = given.values
    out = pd.Series(pd.NaT, index=col.index, dtype="datetime64[us]")
    is_str, is_num, is_date = given.masks
    if is_date.any():
        # Only the day counts: a time of day in a date cell is dropped.
        out[is_date] = pd.to_datetime(col[is_date]).dt.normalize()
    numbers = pd.Series(np.nan, index=col.index)
    if is_num.any():
        numbers[is_num] = col[is_num].astype(float)
    if is_str.any():
        text = col[is_str].astype(str)
        out[is_str] = _by_unique(text, _text_dates)
        # A number typed as text ("45356" or "20240305") is read as the number would be.
        numeric = _by_unique(text, lambda u: pd.to_numeric(_nfkc(u), errors="coerce"))
        numbers[numeric.dropna().index] = numeric.dropna()
    whole = numbers.notna() & (numbers % 1 == 0)
    ymd = whole & numbers.between(_YMD_MIN, _YMD_MAX)
    if ymd.any():
        digits = numbers[ymd].astype(np.int64)
        out[ymd[ymd].index] = _from_parts(digits // 10000, digits // 100 % 100, digits % 100)
    serial = numbers.notna() & ~ymd & numbers.between(_SERIAL_MIN, _SERIAL_MAX)
    if serial.any():
        days = np.floor(numbers[serial].to_numpy()).astype("int64")
        out[serial[serial].index] = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    # Year 1 or 9999, or Excel's day zero (1899-12-30): not a date anyone meant here.
    out = out.where(out.isna() | out.between(_EARLIEST, _LATEST))
    bad = given.present & out.isna()
    return out, bad


def _text_dates(unique: pd.Series) -> pd.Series:
    """The text forms, one vectorised pass per form on what is still unparsed."""
    out = pd.Series(pd.NaT, index=unique.index, dtype="datetime64[us]")
    rest = _nfkc(unique)
    for pattern in _DATE_FORMS:
        if rest.empty:
            break
        parts = rest.str.fullmatch(pattern)
        if not parts.any():
            continue
        found = rest[parts].str.extract(pattern)
        out[found.index] = _from_parts(found["y"], found["m"], found["d"])
        rest = rest[~parts]
    return out


def _from_parts(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """Assemble dates; a day that does not exist (2024-02-30) becomes NaT."""
    frame = pd.DataFrame(
        {
            "year": pd.to_numeric(year, errors="coerce"),
            "month": pd.to_numeric(month, errors="coerce"),
            "day": pd.to_numeric(day, errors="coerce"),
        }
    )
    return pd.to_datetime(frame, errors="coerce")


def _text_counts(unique: pd.Series) -> pd.Series:
    # Thousands separators only in proper groups of three: "1,234" and "12,345,678" yes,
    # "1,2345" or "1,2" no (those stay unreadable, a bad_number).
    text = _nfkc(unique)
    grouped = text.str.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?").astype(bool)
    text = text.where(~grouped, text.str.replace(",", "", regex=False))
    return pd.to_numeric(text, errors="coerce")


# No count the plan asks for comes near a billion; past it a number is a slip (1e308
# would also overflow the sums a report makes).
MAX_COUNT = 1_000_000_000


def parse_counts(column: pd.Series | Cells, whole: bool = True) -> tuple[pd.Series, pd.Series]:
    """-> (float column of numbers >= 0, bad mask). Accepts 1,234 and full-width digits.

    `whole`: counts (people, events) are whole numbers; an amount (of money) needs not be.
    """
    given = _as_cells(column)
    col = given.values
    values = pd.Series(np.nan, index=col.index)
    is_str, is_num, _ = given.masks
    if is_num.any():
        values[is_num] = col[is_num].astype(float)
    if is_str.any():
        values[is_str] = _by_unique(col[is_str].astype(str), _text_counts).astype(float)
    ok = values.notna() & values.between(0, MAX_COUNT)
    if whole:
        ok &= values % 1 == 0
    bad = given.present & ~ok
    return values.where(ok), bad


def parse_bools(
    column: pd.Series | Cells, forms: Mapping[str, bool]
) -> tuple[pd.Series, pd.Series]:
    """-> (bool column, blank = False; bad mask). `forms` maps upper-cased spellings to values."""
    given = _as_cells(column)
    col = given.values
    values = pd.Series(False, index=col.index, dtype=bool)
    is_str, is_num, _ = given.masks
    is_bool = given.kinds == _BOOL
    known = pd.Series(False, index=col.index)
    if is_bool.any():
        values[is_bool] = col[is_bool].astype(bool)
        known[is_bool] = True
    if is_num.any():
        nums = col[is_num].astype(float)
        values[is_num] = nums.eq(1)
        known[is_num] = nums.isin([0, 1])
    if is_str.any():
        mapped = _by_unique(
            col[is_str].astype(str), lambda u: _nfkc(u).str.upper().map(forms).astype(object)
        )
        values[is_str] = mapped.eq(True)
        known[is_str] = mapped.notna()
    bad = given.present & ~known
    return values, bad
