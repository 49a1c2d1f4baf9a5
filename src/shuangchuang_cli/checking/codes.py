"""Codes as people type them: certificate and registration numbers, the 统一社会信用代码
(GB 32100-2015) with its check character, and names used as keys.

Whole columns at once, as parsers.py does for dates, counts and yes/no.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import compress

import numpy as np
import pandas as pd

from shuangchuang_cli.checking.parsers import Cells, _as_cells
from shuangchuang_cli.normalize import INVISIBLE, key_text, visible

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
# Byte -> value in the code alphabet, -1 for a character the alphabet lacks (I, O, Z, S, V...).
_USCC_VALUE = np.full(256, -1, dtype=np.int64)
for _i, _ch in enumerate(USCC_ALPHABET):
    _USCC_VALUE[ord(_ch)] = _i

# White space, or a character that shows as nothing: a name holding one needs key_text.
_SPACE = re.compile(rf"[\s{INVISIBLE}]")


def _code(value: str) -> str:
    """Upper-cased, NFKC, no white space; ASCII (almost every code) skips the normalisation."""
    if value.isascii():
        return value.upper() if value.isalnum() else "".join(value.split()).upper()
    upper = "".join(visible(unicodedata.normalize("NFKC", value)).split()).upper()
    # Upper-casing can decompose a character (ΐ): normalise again so that a code read
    # twice is the same code (the normalisation is idempotent).
    return unicodedata.normalize("NFKC", upper)


_ASCII_ALNUM = bytes(range(48, 58)) + bytes(range(65, 91)) + bytes(range(97, 123))


def _codes(strings: list[str]) -> list[str]:
    if not strings:
        return []
    joined = "\n".join(strings)
    # A line break inside a cell (Alt+Enter) would split it in two: only the slow path then.
    # What is left once letters and digits are deleted must be the separators alone
    # (bytes.translate is a table lookup per byte, several times faster than str.isalnum).
    if joined.isascii() and joined.encode("ascii").translate(None, _ASCII_ALNUM) == b"\n" * (
        len(strings) - 1
    ):
        # The usual column: plain letters and digits. Upper-case it in one call.
        return joined.upper().split("\n")
    return [_code(v) for v in strings]


def parse_codes(column: pd.Series | Cells) -> pd.Series:
    """Codes upper-cased, NFKC, inner spaces removed; numbers typed as numbers kept whole."""
    given = _as_cells(column)
    is_str, is_num, _ = given.masks
    values = given.values.to_numpy(dtype=object, copy=True)
    if is_num.any():
        values[is_num] = [str(int(v)) if float(v).is_integer() else str(v) for v in values[is_num]]
    if is_str.any():
        values[is_str] = _codes(values[is_str].tolist())
    other = ~(is_str | is_num | given.blank)
    if other.any():
        values[other] = [str(v) for v in values[other]]
    return pd.Series(values, index=given.values.index, dtype=object)


def uscc_check(codes: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """-> (shape ok, check character wrong, the one expected where wrong) per code.

    GB 32100-2015: 18 characters of the code alphabet; the 18th is
    31 - (sum of weight x value mod 31), 31 -> 0. Computed over the whole column at once,
    on positions (a column is 100,000 codes; pandas label alignment would cost more than
    the check).
    """
    given = codes.to_numpy(dtype=object)
    shaped = np.zeros(len(given), dtype=bool)
    wrong = np.zeros(len(given), dtype=bool)
    expected = np.full(len(given), None, dtype=object)
    present = np.flatnonzero(pd.notna(given))
    texts = list(map(str, given[present]))  # parse_codes gives text already
    # map() over builtins keeps the per-code work in C.
    fits = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) == 18
    fits &= np.fromiter(map(str.isascii, texts), dtype=bool, count=len(texts))
    at = present[fits]
    if len(at):
        raw = "".join(compress(texts, fits)).encode("ascii")
        values = _USCC_VALUE[np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)]
        ok = (values >= 0).all(axis=1)
        check = (31 - values[ok, :17] @ _USCC_WEIGHTS % 31) % 31
        shaped[at[ok]] = True
        miss = values[ok, 17] != check
        wrong[at[ok][miss]] = True
        expected[at[ok][miss]] = [USCC_ALPHABET[c] for c in check[miss]]
    index = codes.index
    return (
        pd.Series(shaped, index=index),
        pd.Series(wrong, index=index),
        pd.Series(expected, index=index, dtype=object),
    )


def uscc_check_char(first17: str) -> str:
    """The check character of one code's first 17 characters (for generators and tests)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def key_column(column: pd.Series) -> pd.Series:
    """Names used as keys: NFKC and all white space removed."""
    out = column.astype(object).copy()
    present = out.notna().to_numpy()
    if present.any():
        names = [str(v) for v in out[present]]
        joined = "\x00".join(names)
        # Most names are already NFKC and unspaced: one C-level check for the whole column.
        if not (unicodedata.is_normalized("NFKC", joined) and not _SPACE.search(joined)):
            names = [key_text(v) for v in names]
        # As objects: a list would become a fixed-width array as wide as the longest
        # name (one 32,000-character name among 300,000 rows: 36 GiB).
        out[present] = np.array(names, dtype=object)
    return out
