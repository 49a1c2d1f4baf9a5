"""Every `--format json`: laid out as json.dumps(indent=2) lays it out, as UTF-8 bytes.

A million issues held as one list of dicts and one string took 3.8 GB; written one at a
time, the output costs a line buffer. The text is the same as json.dumps(..., indent=2)
of the whole result (SUBMISSIONS.md section 6), so a reader sees no difference; it is
laid out here rather than by json.dumps(indent=...), whose pure-Python encoder took
three times as long as the checks for a million issues.

JSON goes out as UTF-8 bytes (RFC 8259), whatever the console's code page, like the CSV:
`> 问题.json` on Chinese Windows gives the same file as on Linux, and explain's 27 MB of
a region's records are neither decoded from orjson's bytes nor encoded again.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import BinaryIO

import orjson

from shuangchuang_cli.api import Validation
from shuangchuang_cli.i18n import Lang

_CHUNK = 1 << 16  # characters of issues written at once
_encode = json.encoder.encode_basestring  # the C encoder, as ensure_ascii=False uses it
# What json leaves as it is but a terminal would obey: DEL, the C1 controls (U+009B is a
# CSI), direction marks and overrides. Written as \u escapes they are the same JSON.
JSON_UNSAFE = re.compile(r"[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# The same characters as UTF-8 bytes (tests/test_tables.py holds the two to each other).
_UNSAFE_UTF8 = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def safe_json(written: str) -> str:
    """JSON text with what would steer a terminal written as \\u escapes."""
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", written)


def _safe_utf8(written: bytes) -> bytes:
    """safe_json, on the text's UTF-8 bytes."""
    return _UNSAFE_UTF8.sub(lambda m: b"\\u%04x" % ord(m.group().decode("utf-8")), written)


def _value(value: object, indent: str) -> str:
    if type(value) is str:
        return _encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, Mapping):
        return _object(value, indent + "  ")
    if isinstance(value, list | tuple):
        return _array(value, indent)
    # NaN and infinities as json writes them, anything else: json's own text, laid out alike
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _key(key: object) -> str:
    # json.dumps writes a key that is no str as its JSON text, quoted (1 -> "1", True -> "true").
    return _encode(key if isinstance(key, str) else json.dumps(key))


def _object(data: Mapping[str, object], indent: str) -> str:
    """A dict as json.dumps(indent=2) writes it at depth `indent` (its keys' indent)."""
    if not data:
        return "{}"
    if all(type(v) in _SCALARS for v in data.values()):
        # json's C encoder, which lays nothing out, with the line break and indent as the
        # separator between items: the text indent=2 gives, at a fraction of the time.
        body = json.dumps(data, ensure_ascii=False, separators=(",\n" + indent, ": "))
        return "{\n" + indent + body[1:-1] + "\n" + indent[:-2] + "}"
    items = ",\n".join(f"{indent}{_key(k)}: {_value(v, indent)}" for k, v in data.items())
    return "{\n" + items + "\n" + indent[:-2] + "}"


def _array(items: list[object] | tuple[object, ...], indent: str) -> str:
    """A list as json.dumps(indent=2) writes it at depth `indent` (its key's indent)."""
    if not items:
        return "[]"
    inner = indent + "  "
    shown = ",\n".join(f"{inner}{_value(item, inner)}" for item in items)
    return "[\n" + shown + "\n" + indent + "]"


def json_bytes(data: object) -> bytes:
    """The JSON text of `data`, as UTF-8, laid out as json.dumps(data, ensure_ascii=False, indent=2)
    lays it out, safe for a terminal (safe_json).

    Written by orjson: explain's 100,000 records took 1.2 s through json's layout and
    0.1 s through orjson's, the same text but for two things json gets wrong or writes
    otherwise: NaN and infinities are null (json writes NaN, which is no JSON), and a
    float may be written in another form of the same number (1e+16 or 1e16, 0.00001 or
    1e-05, as the orjson installed writes it). A value orjson does not take (an int
    past 64 bits) is laid out here instead, all of it as json writes it (NaN too).
    """
    options = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
    try:
        written = orjson.dumps(data, option=options)
    except TypeError:
        return safe_json(_value(data, "")).encode("utf-8")
    return _safe_utf8(written)


def write_validation(stream: BinaryIO, result: Validation, lang: Lang) -> None:
    """The validate JSON on a byte stream (stdout's buffer), a few issues at a time."""
    pending: list[str] = []
    held = 0

    def write(text: str, last: bool = False) -> None:
        nonlocal held
        pending.append(text)
        held += len(text)
        if held >= _CHUNK or last:
            stream.write("".join(pending).encode("utf-8"))
            pending.clear()
            held = 0

    head = {"files": result.files, "errors": result.errors, "warnings": result.warnings}
    write(_object(head, "  ")[:-2] + ',\n  "issues": [')
    first = True
    for issue in result.issues:
        shown = safe_json(_object(issue.as_json(lang), "      "))
        write(("\n    " if first else ",\n    ") + shown)
        first = False
    notices = ",\n    ".join(safe_json(_object(n.as_json(lang), "      ")) for n in result.notices)
    tail = f',\n  "notices": [\n    {notices}\n  ]' if notices else ',\n  "notices": []'
    write(("]" if first else "\n  ]") + tail + "\n}\n", last=True)
