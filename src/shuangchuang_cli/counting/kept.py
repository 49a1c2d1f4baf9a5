"""Files taken from the cache and files kept in it (cache/ holds them; this says what a
file's entry is): a file read before is as if read now, under its present name, and the
records of the files read this run are kept file by file for the next."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from shuangchuang_cli.cache import Cache
from shuangchuang_cli.cache.frames import (
    Batch,
    Column,
    FileRead,
    NotKept,
    decode,
    encode,
    joined,
)
from shuangchuang_cli.cache.keys import file_digest
from shuangchuang_cli.checking.sheets import Context
from shuangchuang_cli.models import Issue
from shuangchuang_cli.reading.discover import SourceFile


@dataclass
class Fresh:
    """What the files read this run gave, all sheet types checked together."""

    files: list[SourceFile]
    frames: dict[str, pd.DataFrame]
    issues: list[Issue]
    sheet_order: dict[tuple[str, str | None], int]
    marked: list[str]
    unread: set[str]  # files that could not be read this time (kept for no next time)


def taken(
    files: list[SourceFile], ctx: Context, cache: Cache, shape: dict[str, dict[str, Any]]
) -> dict[str, FileRead]:
    """The files the cache holds, each as if read now under its present name."""
    kept: dict[str, FileRead] = {}
    for source in files:
        key = cache.read_key(source)
        payload = cache.store.get("read", key) if key else None
        if payload is None:
            continue
        try:
            read = decode(payload, ctx.today, packed=True)  # decoded together: combined()
        except ValueError:
            continue  # not an entry this code wrote: read the file again
        if read is None:
            continue  # written on a day whose checks differ from today's
        if all(_fits(columns, shape.get(name)) for name, columns in read.records.items()):
            kept[source.display] = _renamed(read, source.display)
    return kept


def _fits(columns: Mapping[str, Column], shape: dict[str, Any] | None) -> bool:
    """Whether an entry's records have this code's columns, in order, of their kinds."""
    return (
        shape is not None
        and ["_file", *columns] == list(shape)
        and all(values.dtype == shape[name] for name, values in columns.items())
        and len({len(values) for values in columns.values()}) == 1
    )


def _renamed(read: FileRead, display: str) -> FileRead:
    """An entry under the name the file has now (it may have been copied or moved)."""
    records = {
        name: {
            "_file": np.full(len(next(iter(columns.values()))), display, dtype=object),
            **columns,
        }
        for name, columns in read.records.items()
    }
    issues = [i.model_copy(update={"file": display}) for i in read.issues]
    return dataclasses.replace(read, records=records, issues=issues)


def keep(fresh: Fresh, ctx: Context, cache: Cache) -> None:
    """Each file read this run into the cache, unless it changed while it was read."""
    order = {f.display: n for n, f in enumerate(fresh.files)}
    spans = {name: _file_spans(frame, order) for name, frame in fresh.frames.items()}
    # Not the file's name: an entry is the file's content (and a CSV's stem, in its key).
    arrays = {
        name: {c: frame[c].to_numpy() for c in frame.columns if c != "_file"}
        for name, frame in fresh.frames.items()
    }
    issues: dict[str, list[Issue]] = {}
    for issue in fresh.issues:
        issues.setdefault(issue.file, []).append(issue)
    sheets: dict[str, list[str | None]] = {}
    for file, sheet in sorted(fresh.sheet_order, key=fresh.sheet_order.__getitem__):
        sheets.setdefault(file, []).append(sheet)
    try:
        batch: Batch | None = Batch(arrays)
    except NotKept:
        batch = None  # a value the format does not keep: each file on its own below
    wrote = False
    for source in fresh.files:
        display = source.display
        key = cache.read_key(source)
        if key is None or display in fresh.unread:
            continue
        mine = {name: spans[name][display] for name in arrays if display in spans[name]}
        told = (issues.get(display, []), tuple(sheets.get(display, ())), display in fresh.marked)
        try:
            if batch is not None:
                payload = batch.entry(mine, *told, ctx.today)
            else:
                records = {
                    name: {c: values[span] for c, values in arrays[name].items()}
                    for name, span in mine.items()
                }
                payload = encode(FileRead(records, *told), ctx.today)
        except NotKept:
            continue
        if file_digest(source.path) == cache.digest(source.path):
            wrote |= cache.store.put("read", key, payload)
    if wrote:
        cache.store.prune()


def _file_spans(frame: pd.DataFrame, order: dict[str, int]) -> dict[str, slice]:
    """Where each file's records are in a frame gathered in file order."""
    files = frame["_file"].to_numpy()
    if not len(files):
        return {}
    starts = np.flatnonzero(np.r_[True, files[1:] != files[:-1]])
    ends = np.r_[starts[1:], len(files)]
    spans = {str(files[a]): slice(int(a), int(b)) for a, b in zip(starts, ends, strict=True)}
    assert len(spans) == len(starts), "a file's records are not together"
    return spans


def combined(
    fresh: dict[str, pd.DataFrame], kept: dict[str, FileRead], order: dict[str, int]
) -> dict[str, pd.DataFrame]:
    """Each sheet type's records from both, in the order the files are read in, as if
    every file had been read now. The fresh frame gives the columns and their kinds even
    when no file of this run has a record of the type."""
    combined: dict[str, pd.DataFrame] = {}
    for name, frame in fresh.items():
        pieces: list[tuple[int, Mapping[str, Column]]] = [
            (order[file], read.records[name]) for file, read in kept.items() if name in read.records
        ]
        if len(frame):
            spans = _file_spans(frame, order)
            pieces += [
                (order[file], {c: frame[c].to_numpy()[span] for c in frame.columns})
                for file, span in spans.items()
            ]
        if not pieces:
            combined[name] = frame
            continue
        pieces.sort(key=lambda piece: piece[0])
        columns = {c: joined([p[c] for _, p in pieces]) for c in frame.columns}
        # Text stays in object columns, as the checks left it (pandas 3 would otherwise
        # make it its string dtype).
        combined[name] = pd.DataFrame(
            {c: pd.Series(v, dtype=v.dtype, copy=False) for c, v in columns.items()}, copy=False
        )
    return combined
