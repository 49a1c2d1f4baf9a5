"""What was read from one file, as bytes and back, value for value.

A file's checked records are, per sheet type, columns of numbers, dates, flags and text
with blanks in them. Each column is kept as its raw array (numbers, dates, flags) or,
for text, as the strings joined by NUL with one tag per cell saying which cells were
text and which were blank (None and NaN are told apart, as the checks made them). No
pickle: an entry is data and nothing in it runs when it is read. A column of anything
else (a kind these files never give) makes the file not kept at all.

Columns are numpy arrays, not DataFrames: a region's 240 files are put together column
by column, and one DataFrame per sheet type is made once (counting/dataset.py).
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter

from shuangchuang_cli.models import Issue

_ISSUES = TypeAdapter(list[Issue])
_LENGTH = struct.Struct("<Q")
_TEXT, _NONE, _NAN, _INT = 0, 1, 2, 3
_NUL = "\x00"
_NO_VALUE = np.array(None, dtype=object)  # None as an array, to compare a column with
_TAGS = (_TEXT, _NONE, _NAN, _INT)
_NO_INTS = np.empty(0, dtype=np.int64)


class NotKept(Exception):
    """A value this format does not keep; the file is read again next time."""


Columns = dict[str, np.ndarray]  # column name -> one value per record, in row order


@dataclass(frozen=True, eq=False)
class Packed:
    """A text column of one entry as it is kept, not yet made into an array of objects: a
    region's 240 files give each column in 240 small pieces, which `joined` makes in one
    pass (one split, one assignment) instead of 240. Has a length and a dtype, as the
    column it stands for."""

    tags: np.ndarray  # uint8, one per record: _TEXT, _NONE, _NAN or _INT
    text: str | None  # the _TEXT cells' strings joined by NUL; None: no such cell
    ints: np.ndarray  # int64, the _INT cells' values

    dtype = np.dtype(object)

    def __len__(self) -> int:
        return len(self.tags)

    def __iter__(self) -> Iterator[Any]:
        return iter(joined([self]))


Column = np.ndarray | Packed


@dataclass(frozen=True)
class FileRead:
    """Everything one file gave: its checked records per sheet type (with their keys),
    its issues, the order its sheets were read in, and whether it was the tool's own
    marked copy (then nothing else)."""

    records: Mapping[str, Mapping[str, Column]]  # Packed columns only from decode(packed=True)
    issues: list[Issue]
    sheets: tuple[str | None, ...] = ()
    marked: bool = False


def encode(read: FileRead, today: dt.date) -> bytes:
    """The entry's payload; NotKept when a column holds what it cannot keep."""
    records = {
        name: {c: joined([v]) if isinstance(v, Packed) else v for c, v in columns.items()}
        for name, columns in read.records.items()
    }
    rows = {name: len(next(iter(c.values()), ())) for name, c in records.items()}
    spans = {name: slice(0, n) for name, n in rows.items()}
    return Batch(records).entry(spans, read.issues, read.sheets, read.marked, today)


@dataclass(frozen=True)
class _Prepared:
    """One column of every file of a batch, made ready once: its raw array (numbers,
    dates, flags), or per cell a tag (text, None, NaN, int) with the texts and ints."""

    name: str
    array: np.ndarray | None = None
    tags: np.ndarray | None = None
    texts: np.ndarray | None = None  # the column itself, where its cells are text
    ints: np.ndarray | None = None  # int64, where the tag says int


class Batch:
    """The records of the files read in one run, prepared column by column once, then
    kept file by file (`entry`): a region's 240 files cost one pass over each column,
    not 240 small ones. NotKept when a column holds what the format does not keep."""

    def __init__(self, records: dict[str, Columns]) -> None:
        self._columns = {
            name: [_prepare(c, values) for c, values in columns.items()]
            for name, columns in records.items()
        }

    def entry(
        self,
        spans: dict[str, slice],
        issues: list[Issue],
        sheets: tuple[str | None, ...],
        marked: bool,
        today: dt.date,
    ) -> bytes:
        """The payload of the file whose records are rows `spans[type]` of each type."""
        buffers: list[bytes] = []
        size = 0

        def add(data: bytes) -> list[int]:
            # Each part starts on 8 bytes, so that arrays made over it are aligned.
            nonlocal size
            span = [size, len(data)]
            pad = -len(data) % 8
            buffers.append(data)
            if pad:
                buffers.append(bytes(pad))
            size += len(data) + pad
            return span

        dates = [d for name, span in spans.items() if (d := _latest(self._columns[name], span))]
        latest = max(dates, default=None)
        records = {
            name: {
                "rows": span.stop - span.start,
                "columns": [_part(p, span, add) for p in self._columns[name]],
            }
            for name, span in spans.items()
        }
        meta: dict[str, Any] = {
            "today": today.isoformat(),
            "latest": latest.isoformat() if latest else None,
            "marked": marked,
            "sheets": list(sheets),
            "issues": add(_ISSUES.dump_json(issues)),
            "records": records,
        }
        head = json.dumps(meta, ensure_ascii=False).encode("utf-8")
        head += b" " * (-(len(head) + _LENGTH.size) % 8)
        return b"".join([_LENGTH.pack(len(head)), head, *buffers])


def decode(payload: bytearray, today: dt.date, packed: bool = False) -> FileRead | None:
    """The FileRead an entry holds, or None when it was written on a day whose checks
    differ from today's; ValueError when it is not an entry this code wrote. `packed`:
    text columns as Packed, for `joined` to decode with the other files'."""
    try:
        meta, start = _meta(payload)
        if not _valid_on(meta, today):
            return None
        view = memoryview(payload)

        def part(span: list[int]) -> memoryview:
            offset, length = (int(n) for n in span)
            if offset < 0 or length < 0 or start + offset + length > len(payload):
                raise ValueError("a part past the end")
            return view[start + offset : start + offset + length]

        records = {str(name): _decode(spec, part, packed) for name, spec in meta["records"].items()}
        issues = _ISSUES.validate_json(bytes(part(meta["issues"])))
        sheets = tuple(None if s is None else str(s) for s in meta["sheets"])
        return FileRead(records, issues, sheets, bool(meta["marked"]))
    except ValueError:
        raise
    except (KeyError, TypeError, IndexError, AttributeError, struct.error) as exc:
        raise ValueError(f"not an entry of this format: {exc!r}") from exc


def _valid_on(meta: dict[str, Any], today: dt.date) -> bool:
    """Whether an entry written on its day answers for `today` too: the same day, or
    both days on or after every date in the records (no check of "a date in the future"
    can then tell them apart)."""
    written = dt.date.fromisoformat(meta["today"])
    if written == today:
        return True
    latest = meta["latest"]
    return latest is None or dt.date.fromisoformat(latest) <= min(written, today)


def _meta(payload: bytearray | bytes) -> tuple[dict[str, Any], int]:
    (length,) = _LENGTH.unpack_from(payload)
    start = _LENGTH.size + length
    meta = json.loads(bytes(payload[_LENGTH.size : start]).decode("utf-8"))
    if not isinstance(meta, dict):
        raise ValueError("no metadata")
    return meta, start


def _prepare(name: str, values: np.ndarray) -> _Prepared:
    if not isinstance(name, str) or not isinstance(values, np.ndarray):
        raise NotKept(f"column {name!r}")
    if values.dtype.kind in "biufM":
        return _Prepared(name, array=np.ascontiguousarray(values))
    if values.dtype.kind != "O":
        raise NotKept(f"{name}: {values.dtype}")
    tags = np.full(len(values), _TEXT, dtype=np.uint8)
    blank = pd.isna(values)
    if blank.any():
        blanks = values[blank]
        none = np.equal(blanks, _NO_VALUE)  # elementwise `is None` for these (NaN != None)
        # The others must be NaN, Python's or numpy's (a float): their kinds looked at
        # once each, not the cells one by one (a column can be blank 100,000 times).
        odd = [kind for kind in set(map(type, blanks[~none])) if not issubclass(kind, float)]
        if odd:
            raise NotKept(f"{name}: {odd[0].__name__}")
        tags[blank] = np.where(none, _NONE, _NAN)
    filled = values[~blank]
    kind = pd.api.types.infer_dtype(filled, skipna=False) if len(filled) else "empty"
    if kind == "string":
        return _Prepared(name, tags=tags, texts=values)
    if kind == "integer" and set(map(type, filled)) == {int}:  # not numpy's, nor bool
        tags[~blank] = _INT
        ints = np.zeros(len(values), dtype=np.int64)
        ints[~blank] = np.array(filled.tolist(), dtype=np.int64)
        return _Prepared(name, tags=tags, ints=ints)
    if kind != "empty":
        raise NotKept(f"{name}: {kind}")
    return _Prepared(name, tags=tags)


def _part(column: _Prepared, span: slice, add: Any) -> dict[str, Any]:
    """The spec of one file's rows of a prepared column, its parts added to the entry."""
    if column.array is not None:
        data = column.array[span]
        return {"name": column.name, "array": data.dtype.str, "data": add(data.tobytes())}
    assert column.tags is not None
    tags = column.tags[span]
    spec: dict[str, Any] = {"name": column.name}
    if column.texts is not None:
        # A column with no text in this file is kept as the file alone keeps it.
        strings = column.texts[span][tags == _TEXT].tolist()
        if strings:
            joined = _NUL.join(strings)
            if joined.count(_NUL) != len(strings) - 1:
                raise NotKept(f"{column.name}: a NUL inside a value")
            spec["text"] = add(joined.encode("utf-8"))
    is_int = tags == _INT
    if column.ints is not None and is_int.any():
        spec["ints"] = add(column.ints[span][is_int].tobytes())
    spec["tags"] = add(tags.tobytes())
    return spec


def _latest(columns: list[_Prepared], span: slice) -> dt.date | None:
    """The latest date in rows `span`: the checks of a day after it see the same."""
    found = []
    for column in columns:
        if column.array is not None and column.array.dtype.kind == "M":
            dates = column.array[span]
            dates = dates[~np.isnat(dates)]
            if len(dates):
                found.append(dates.max())
    return pd.Timestamp(max(found)).date() if found else None


def _decode(spec: dict[str, Any], part: Any, packed: bool) -> dict[str, Column]:
    rows = int(spec["rows"])
    columns: dict[str, Column] = {}
    for column in spec["columns"]:
        name = str(column["name"])
        values: Column
        if "array" in column:
            dtype = np.dtype(column["array"])
            if dtype.kind not in "biufM":
                raise ValueError(f"{name}: {dtype}")
            values = np.frombuffer(part(column["data"]), dtype=dtype)
        else:
            values = _packed(column, part)
            if not packed:
                values = joined([values])
        if len(values) != rows:
            raise ValueError(f"{name}: {len(values)} values for {rows} rows")
        columns[name] = values
    return columns


def _packed(column: dict[str, Any], part: Any) -> Packed:
    """A text column's parts, checked against its tags (each tag its value)."""
    tags = np.frombuffer(part(column["tags"]), dtype=np.uint8)
    counts = np.bincount(tags, minlength=len(_TAGS)).tolist()
    if len(counts) > len(_TAGS):
        raise ValueError("tags")
    # Decoded here, not in `joined`: text that is no UTF-8 is an entry this code did not
    # write (a ValueError), found while the entry is taken, not once the run counts on it.
    text = str(part(column["text"]), "utf-8") if "text" in column else ""
    if (text.count(_NUL) + 1 if "text" in column else 0) != counts[_TEXT]:
        raise ValueError("text")
    ints = np.frombuffer(part(column["ints"]), dtype=np.int64) if "ints" in column else _NO_INTS
    if len(ints) != counts[_INT]:
        raise ValueError("ints")
    return Packed(tags, text if counts[_TEXT] else None, ints)


def joined(pieces: list[Column]) -> np.ndarray:
    """One column from its pieces in order, the Packed ones decoded all at once."""
    packed = [p for p in pieces if isinstance(p, Packed)]
    if not packed:
        arrays = [p for p in pieces if isinstance(p, np.ndarray)]
        return np.concatenate(arrays) if arrays else np.empty(0, dtype=object)
    tags = np.concatenate([p.tags for p in packed])
    values = np.empty(len(tags), dtype=object)
    values[tags == _NONE] = None
    values[tags == _NAN] = np.nan
    texts = [p.text for p in packed if p.text is not None]
    if texts:
        values[tags == _TEXT] = _NUL.join(texts).split(_NUL)
    ints = np.concatenate([p.ints for p in packed])
    if len(ints):
        values[tags == _INT] = np.array(ints.tolist(), dtype=object)
    if len(packed) == len(pieces):
        return values
    column, start, taken = np.empty(sum(map(len, pieces)), dtype=object), 0, 0
    for piece in pieces:
        end = start + len(piece)
        if isinstance(piece, Packed):
            column[start:end] = values[taken : taken + len(piece)]
            taken += len(piece)
        else:
            column[start:end] = piece
        start = end
    return column
