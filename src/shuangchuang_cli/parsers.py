"""Column-wise parsers for what people really type (SUBMISSIONS.md section 3).

Each parser takes a whole column of raw cells (str, float, int, bool, date, datetime or
None, as python-calamine or the CSV reader give them) and returns the parsed column with
a mask of the cells that could not be read. Blank cells are never "bad": whether a
blank is allowed is the validator's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_USCC_SHAPE = r"[0-9A-HJ-NPQRTUWXY]{18}"
_USCC_VALUE = np.full(128, 0, dtype=np.int64)
for _i, _ch in enumerate(USCC_ALPHABET):
    _USCC_VALUE[ord(_ch)] = _i

# Excel's day zero (1899-12-30 absorbs the 1900 leap-year bug for every real date).
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Serials are read as dates only for 1950..2099: a bare "5" in a date column is a mistake,
# not 1900-01-05.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050
_YMD_MIN, _YMD_MAX = 19000101, 29991231
_DATE_FORMS = (
    # 2024-03-05, 2024/3/5, 2024.3.5 (one separator used twice), optional time of day
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
    r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?",
    r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
)


def clean(column: pd.Series) -> pd.Series:
    """Strings stripped of surrounding white space (U+3000 too); empty strings become None."""
    col = column.astype(object)
    is_str = col.map(type).isin([str]).to_numpy()
    if is_str.any():
        stripped = col[is_str].str.strip()
        col = col.copy()
        col[is_str] = stripped.where(stripped.ne(""), None)
    return col.where(col.notna(), None)


def blank(column: pd.Series) -> pd.Series:
    return column.isna()


def _kinds(col: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks of string cells, numeric cells (bool excluded) and date/datetime cells."""
    types = col.map(type)
    is_str = types.isin([str]).to_numpy()
    is_num = types.isin([float, int, np.float64, np.int64]).to_numpy()
    is_date = types.isin([dt.date, dt.datetime, pd.Timestamp]).to_numpy()
    return is_str, is_num, is_date


def _nfkc(strings: pd.Series) -> pd.Series:
    return strings.str.normalize("NFKC").str.strip()


def parse_dates(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """-> (datetime64 column, bad mask). Accepts date cells, Excel serials, five text forms."""
    col = clean(column)
    out = pd.Series(pd.NaT, index=col.index, dtype="datetime64[us]")
    is_str, is_num, is_date = _kinds(col)
    if is_date.any():
        out[is_date] = pd.to_datetime(col[is_date].map(_as_datetime))
    numbers = pd.Series(np.nan, index=col.index)
    if is_num.any():
        numbers[is_num] = col[is_num].astype(float)
    if is_str.any():
        text = _nfkc(col[is_str].astype(str))
        # A number typed as text ("45356" or "20240305") is read as the number would be.
        numeric = pd.to_numeric(text, errors="coerce")
        numbers[numeric.dropna().index] = numeric.dropna()
        rest = text[numeric.isna()]
        for pattern in _DATE_FORMS:
            if rest.empty:
                break
            parts = rest.str.fullmatch(pattern)
            if not parts.any():
                continue
            found = rest[parts].str.extract(pattern)
            out[found.index] = _from_parts(found["y"], found["m"], found["d"])
            rest = rest[~parts]
    whole = numbers.notna() & (numbers % 1 == 0)
    ymd = whole & numbers.between(_YMD_MIN, _YMD_MAX)
    if ymd.any():
        digits = numbers[ymd].astype(np.int64)
        out[ymd[ymd].index] = _from_parts(digits // 10000, digits // 100 % 100, digits % 100)
    serial = numbers.notna() & ~ymd & numbers.between(_SERIAL_MIN, _SERIAL_MAX)
    if serial.any():
        days = np.floor(numbers[serial].to_numpy()).astype("int64")
        out[serial[serial].index] = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    bad = col.notna() & out.isna()
    return out, bad


def _as_datetime(value: object) -> pd.Timestamp:
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value.year, value.month, value.day)
    return pd.Timestamp(value)  # type: ignore[arg-type]


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


def parse_counts(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """-> (float column of whole numbers >= 0, bad mask). Accepts 1,234 and full-width digits."""
    col = clean(column)
    values = pd.Series(np.nan, index=col.index)
    is_str, is_num, _ = _kinds(col)
    if is_num.any():
        values[is_num] = col[is_num].astype(float)
    if is_str.any():
        text = _nfkc(col[is_str].astype(str)).str.replace(r"(?<=\d),(?=\d{3})", "", regex=True)
        values[is_str] = pd.to_numeric(text, errors="coerce")
    ok = values.notna() & (values >= 0) & (values % 1 == 0) & np.isfinite(values)
    bad = col.notna() & ~ok
    return values.where(ok), bad


def parse_bools(column: pd.Series, forms: Mapping[str, bool]) -> tuple[pd.Series, pd.Series]:
    """-> (bool column, blank = False; bad mask). `forms` maps upper-cased spellings to values."""
    col = clean(column)
    values = pd.Series(False, index=col.index, dtype=bool)
    is_str, is_num, _ = _kinds(col)
    types = col.map(type)
    is_bool = types.isin([bool]).to_numpy()
    known = pd.Series(False, index=col.index)
    if is_bool.any():
        values[is_bool] = col[is_bool].astype(bool)
        known[is_bool] = True
    if is_num.any():
        nums = col[is_num].astype(float)
        values[is_num] = nums.eq(1)
        known[is_num] = nums.isin([0, 1])
    if is_str.any():
        mapped = _nfkc(col[is_str].astype(str)).str.upper().map(forms)
        values[is_str] = mapped.eq(True)
        known[is_str] = mapped.notna()
    bad = col.notna() & ~known
    return values, bad


def parse_codes(column: pd.Series) -> pd.Series:
    """Codes upper-cased, NFKC, inner spaces removed; numbers typed as numbers kept whole."""
    col = clean(column)
    is_str, is_num, _ = _kinds(col)
    out = pd.Series(None, index=col.index, dtype=object)
    if is_num.any():
        nums = col[is_num].astype(float)
        out[is_num] = [str(int(v)) if v.is_integer() else str(v) for v in nums]
    if is_str.any():
        upper = _nfkc(col[is_str].astype(str)).str.upper().str.replace(r"\s+", "", regex=True)
        # Upper-casing can decompose a character (ΐ): normalise again so that a code read
        # twice is the same code (the normalisation is idempotent).
        out[is_str] = upper.str.normalize("NFKC")
    other = col.notna() & ~pd.Series(is_str | is_num, index=col.index)
    if other.any():
        out[other] = col[other].astype(str)
    return out


def uscc_check(codes: pd.Series) -> tuple[pd.Series, pd.Series]:
    """-> (shape ok mask, expected check character or None) for normalised codes.

    GB 32100-2015: the 18th character is 31 - (sum of weight x value mod 31), 31 -> 0.
    """
    present = codes.notna()
    shaped = present & codes.where(present, "").astype(str).str.fullmatch(_USCC_SHAPE)
    expected = pd.Series(None, index=codes.index, dtype=object)
    if shaped.any():
        raw = "".join(codes[shaped].tolist()).encode("ascii")
        digits = _USCC_VALUE[np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)]
        check = (31 - digits[:, :17] @ _USCC_WEIGHTS % 31) % 31
        expected[shaped] = [USCC_ALPHABET[c] for c in check]
    return shaped, expected


def uscc_check_char(first17: str) -> str:
    """The check character of one code's first 17 characters (for generators and tests)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def key_column(column: pd.Series) -> pd.Series:
    """Names used as keys: NFKC and all white space removed."""
    col = column.astype(object)
    present = col.notna()
    out = col.copy()
    if present.any():
        out[present] = (
            col[present].astype(str).str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
        )
    return out
