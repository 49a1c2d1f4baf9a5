"""Text normalisation shared by header matching, keys and rules (SUBMISSIONS.md section 3)."""

from __future__ import annotations

import functools
import unicodedata

_STARS = "*＊"
# Characters that show as nothing, pasted along from web pages and chat apps: zero-width
# space, non-joiner and joiner, word joiner, and a byte-order mark inside the text.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


def visible(value: str) -> str:
    """The text without the characters that show as nothing."""
    return value.translate(_DROP_INVISIBLE)


def key_text(value: str) -> str:
    """NFKC and no white space at all: how names, units and enum values are compared.

    str.split() with no argument splits on every Unicode space, U+3000 and line breaks
    too; characters that show as nothing go as well.
    """
    return "".join(visible(unicodedata.normalize("NFKC", value)).split())


def header_text(value: object) -> str:
    """A header cell as matched against column names: key_text without leading/trailing stars."""
    if value is None:
        return ""
    return _header_of(value if type(value) is str else str(value))


# A region's 240 files repeat the same few hundred header cells, each looked at several
# times: each text is worked out once.
@functools.lru_cache(maxsize=4096)
def _header_of(text: str) -> str:
    return key_text(text).strip(_STARS)
