"""Text normalisation shared by header matching, keys and rules (SUBMISSIONS.md section 3)."""

from __future__ import annotations

import unicodedata

_STARS = "*＊"


def key_text(value: str) -> str:
    """NFKC and no white space at all: how names, units and enum values are compared.

    str.split() with no argument splits on every Unicode space, U+3000 and line breaks too.
    """
    return "".join(unicodedata.normalize("NFKC", value).split())


def header_text(value: object) -> str:
    """A header cell as matched against column names: key_text without leading/trailing stars."""
    if value is None:
        return ""
    return key_text(str(value)).strip(_STARS)
