"""Read the submission files and gather the records of each sheet type, with every issue.

Files come in the contract's read order (sources.py); all sheets of a type are checked
together (validation.py), then duplicates are found across every file read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from shuangchuang_cli.cache import Cache, aside
from shuangchuang_cli.checking.codes import key_column
from shuangchuang_cli.checking.columns import check_records, oversized_files
from shuangchuang_cli.checking.sheets import Context, SheetRows, gather, read_sheet
from shuangchuang_cli.counting.kept import Fresh, combined, keep, taken
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.marks import submission_sheets
from shuangchuang_cli.models import Issue, IssueTally, Param
from shuangchuang_cli.reading.discover import SourceFile
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.prefetch import Reading, Sheets
from shuangchuang_cli.reading.readers import CSV_SUFFIXES
from shuangchuang_cli.reading.workers import Reader
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import Column, Kind, SheetType

OnFile = Callable[[int, int, str], None]  # (done, total, file) for a progress bar


@dataclass
class Dataset(IssueTally):
    """Every record read, per sheet type, with provenance, plus every issue found."""

    files: list[SourceFile]
    frames: dict[str, pd.DataFrame]
    issues: list[Issue] = field(default_factory=list)
    marked_copies: list[str] = field(default_factory=list)  # skipped: the tool's own output
    # Where each (file, sheet) came in the reading: the issues' order within a file.
    sheet_order: dict[tuple[str, str | None], int] = field(default_factory=dict)

    def records(self, type_name: str) -> pd.DataFrame:
        return self.frames[type_name]


def load(
    files: list[SourceFile],
    rules: Rules,
    lang: Lang = "zh",
    today: dt.date | None = None,
    on_file: OnFile | None = None,
    cache: Cache | None = None,
    reader: Reader | None = None,
    reading: Reading | None = None,
) -> Dataset:
    """Read every file; one bad file becomes an issue and the others are still read.

    With a cache, a file read before (the same bytes, code and rules) is taken from it,
    and what the others gave is kept for next time: the records and issues are the same
    either way (only the duplicates, which look across files, are always found anew).
    `reader` is the worker processes to read with; without one, the reading starts its
    own and stops them when it is done. `reading` is one the caller started earlier on
    the files the cache does not hold (api.py does, before this module loads pandas):
    it is used when it reads exactly the files left to read, and closed otherwise.
    """
    ctx = Context(rules, lang, today or dt.date.today())
    # No file at all, checked: the columns an entry must have, and what a run that the
    # cache answers whole reads. Checking even nothing costs a tenth of a second: only
    # when the cache holds an entry for one of the files.
    held = cache is not None and len(cache.unkept(files)) < len(files)
    nothing = _read([], ctx, None, 0) if held else None
    kept = taken(files, ctx, cache, _shape(nothing)) if cache and nothing else {}
    unread = [f for f in files if f.display not in kept]
    if reading is not None and not reading.serves(unread, rules.values.limits):
        reading.close()  # an entry it counted on was damaged or out of date
        reading = None
    if nothing is not None and not unread:
        fresh = nothing
        if on_file:
            on_file(0, 0, "")
    else:
        fresh = _read(unread, ctx, on_file, len(unread), reader, reading)
    if cache:
        aside.write(partial(keep, fresh, ctx, cache))
    order = {f.display: n for n, f in enumerate(files)}
    frames = combined(fresh.frames, kept, order) if kept else fresh.frames
    issues = fresh.issues + [i for f in files if f.display in kept for i in kept[f.display].issues]
    issues.extend(_duplicates(frames, rules.sheet_types))
    sheet_order = dict(fresh.sheet_order)
    for display, read in kept.items():
        for sheet in read.sheets:
            sheet_order.setdefault((display, sheet), len(sheet_order))
    _in_order(issues, order, sheet_order)
    marked = {*fresh.marked, *(d for d, r in kept.items() if r.marked)}
    copies = [f.display for f in files if f.display in marked]
    return Dataset(files, frames, issues, copies, sheet_order)


def _in_order(
    issues: list[Issue], order: dict[str, int], sheet_order: dict[tuple[str, str | None], int]
) -> None:
    """Issues in read order: by file, then sheet, then row."""
    issues.sort(
        key=lambda i: (
            order.get(i.file, -1),
            sheet_order.get((i.file, i.sheet), -1) if i.sheet is not None else -1,
            i.row or 0,
        )
    )


def narrowed(data: Dataset, files: list[SourceFile], types: dict[str, SheetType]) -> Dataset | None:
    """The dataset of `files`, some of `data.files` in the same order, without reading
    them again (an earlier year's, for a trend); None when `files` are not such a part.

    What a file gives is its own, records and issues (the cache keeps them per file so):
    only the duplicates, which look across files, are found anew, as `load` finds them.
    """
    displays = {f.display for f in files}
    if [f for f in data.files if f.display in displays] != files:
        return None
    frames = {
        name: frame[frame["_file"].isin(displays)].reset_index(drop=True)
        for name, frame in data.frames.items()
    }
    issues = [i for i in data.issues if i.file in displays and i.code != "duplicate"]
    issues.extend(_duplicates(frames, types))
    _in_order(issues, {f.display: n for n, f in enumerate(files)}, data.sheet_order)
    copies = [d for d in data.marked_copies if d in displays]
    return Dataset(files, frames, issues, copies, data.sheet_order)


def _shape(nothing: Fresh) -> dict[str, dict[str, Any]]:
    """Each sheet type's columns and their kinds, as checking gives them (an entry of the
    cache that differs was written by other code)."""
    return {
        name: {c: frame[c].dtype for c in frame.columns} for name, frame in nothing.frames.items()
    }


def _read(
    files: list[SourceFile],
    ctx: Context,
    on_file: OnFile | None,
    total: int,
    reader: Reader | None = None,
    reading: Reading | None = None,
) -> Fresh:
    types = ctx.rules.sheet_types
    parts: dict[str, list[tuple[SheetRows, int | None]]] = {name: [] for name in types}
    issues: list[Issue] = []
    sheet_order: dict[tuple[str, str | None], int] = {}
    marked: list[str] = []
    unread: set[str] = set()
    if reading is None:
        reading = Reading(files, ctx.rules.values.limits, reader)
    for done, (source, raws) in enumerate(reading):
        if on_file:
            on_file(done, total, source.display)
        if isinstance(raws, list):
            # The tool's own files (marks.py): a marked copy is no submission, and a
            # template's instructions sheet is no unknown sheet.
            raws = submission_sheets(raws)
            if raws is None:
                marked.append(source.display)
                continue
        elif raws is None or isinstance(raws, UnreadableFile):
            unread.add(source.display)
        for sheet in _sheets_of(source, raws, ctx, issues, sheet_order):
            parts[sheet.sheet_type.name].append((sheet, source.year))
    if on_file:
        on_file(total, total, "")
    raw = {name: gather(types[name], chunks) for name, chunks in parts.items()}
    issues = _drop_oversized(raw, issues, ctx)
    frames: dict[str, pd.DataFrame] = {}
    for name, frame in raw.items():
        checked, found = check_records(types[name], frame, ctx)
        frames[name] = _with_keys(types[name], _blank_is_none(checked))
        issues.extend(found)
    return Fresh(files, frames, issues, sheet_order, marked, unread)


def _blank_is_none(frame: pd.DataFrame) -> pd.DataFrame:
    """A blank text cell is None whatever else was checked with it: what a file gives must
    not depend on the files read in the same batch (the cache keeps files one by one)."""
    for column in frame.columns:
        values = frame[column].to_numpy()
        if values.dtype.kind == "O":
            blank = pd.isna(values) & (values != None)  # noqa: E711 (NaN, NaT, pd.NA)
            if blank.any():
                values = values.copy()
                values[blank] = None
                frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _drop_oversized(raw: dict[str, pd.DataFrame], issues: list[Issue], ctx: Context) -> list[Issue]:
    """A file with a cell beyond the limit is refused whole, like any unreadable file."""
    limit = ctx.rules.values.limits.max_cell_chars
    bad: set[str] = set()
    for name, frame in raw.items():
        bad |= oversized_files(frame, ctx.rules.sheet_types[name], limit)
    if not bad:
        return issues
    for name, frame in raw.items():
        raw[name] = frame[~frame["_file"].isin(bad)].reset_index(drop=True)
    kept = [i for i in issues if i.file not in bad]
    kept += [_unreadable(file, "cell_too_long", limit=limit) for file in sorted(bad)]
    return kept


def _unreadable(file: str, reason: str, **params: Param) -> Issue:
    return Issue.of("unreadable_file", file, reason=reason, params=params)


def _sheets_of(
    source: SourceFile,
    raws: Sheets,
    ctx: Context,
    issues: list[Issue],
    sheet_order: dict[tuple[str, str | None], int],
) -> list[SheetRows]:
    """The recognised sheets of one file; what is wrong with it goes to `issues`."""
    if raws is None:
        suffix = source.path.suffix.lower()
        issues.append(
            Issue.of("unsupported_file", source.display, suffix=suffix or source.path.name)
        )
        return []
    if isinstance(raws, UnreadableFile):
        # Nothing from a file that cannot be read whole is counted: a half-read file would
        # silently under-count.
        issues.append(_unreadable(source.display, raws.reason, **raws.params))
        return []
    read_as = next((raw.read_as for raw in raws if raw.read_as), "")
    if read_as:
        suffix = source.path.suffix
        issues.append(Issue.of("wrong_extension", source.display, suffix=suffix, real=read_as))
    from_csv = source.path.suffix.lower() in CSV_SUFFIXES
    sheets: list[SheetRows] = []
    for raw in raws:
        records, sheet_issues = read_sheet(raw, source.display, ctx, from_csv)
        issues.extend(sheet_issues)
        # Issues are listed in workbook order: remember the order sheets were read in.
        for name in [records.sheet] if records else [i.sheet for i in sheet_issues]:
            sheet_order.setdefault((source.display, name), len(sheet_order))
        if records is not None:
            sheets.append(records)
    return sheets


def _with_keys(sheet: SheetType, frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame):
        frame["_key"], frame["_key_column"] = record_keys(sheet, frame)
    else:
        frame["_key"] = frame["_key_column"] = pd.Series(dtype=object)
    return frame


def _key_part(column: Column, values: pd.Series) -> pd.Series:
    """A column's share of a key: names without spaces, dates as ISO text, codes as read."""
    if column.kind is Kind.TEXT:
        return key_column(values)
    if column.kind is Kind.DATE:
        dates: pd.Series = values.dt.strftime("%Y-%m-%d")
        return dates
    return values.astype(object)


def record_keys(sheet: SheetType, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """What makes two records the same (SUBMISSIONS.md section 5), and the column each key
    names first: the first of the sheet's key rules whose `when` the row matches."""
    keys = pd.Series(None, index=frame.index, dtype=object)
    named = pd.Series(None, index=frame.index, dtype=object)
    left = pd.Series(True, index=frame.index)
    for rule in sheet.keys:
        match = left.copy()
        for column, values in rule.when.items():
            match &= frame[column].isin(values)
        if not match.any():
            continue
        parts = [_key_part(sheet.column(c), frame.loc[match, c]) for c in rule.columns]
        if len(parts) == 1 and not rule.label:
            joined = parts[0]
        else:
            joined = parts[0].astype(str)
            for part in parts[1:]:
                joined = joined + "|" + part.astype(str)
            if rule.label:
                joined = f"{rule.label}:" + joined
        keys[match] = joined
        named[match] = rule.columns[0]
        left &= ~match
    return keys, named


def _duplicates(frames: dict[str, pd.DataFrame], types: dict[str, SheetType]) -> list[Issue]:
    """One warning for each later error-free record whose key an earlier one already has."""
    issues: list[Issue] = []
    for name, frame in frames.items():
        valid = frame[~frame["_error"].astype(bool)]
        if valid.empty:
            continue
        # Each year's carrier roster repeats last year's carriers: only a repeat within the
        # same year folder is a duplicate.
        scope = ["_key", "_year"] if types[name].is_roster else ["_key"]
        scoped = valid.assign(_year=valid["_year"].fillna(-1))
        later = scoped.duplicated(subset=scope, keep="first")
        if not later.any():
            continue
        # Where each repeated key was first seen: one dict, not a lookup per repeat.
        repeated = scoped["_key"].isin(scoped.loc[later, "_key"])
        firsts = scoped[~later & repeated]
        first_seen = {
            tuple(key): (file, sheet, int(row))
            for *key, file, sheet, row in zip(
                *(firsts[c].tolist() for c in scope),
                firsts["_file"].tolist(),
                firsts["_sheet"].tolist(),
                firsts["_row"].tolist(),
                strict=True,
            )
        }
        repeats = scoped[later]
        for *key, file, sheet, row, column in zip(
            *(repeats[c].tolist() for c in scope),
            repeats["_file"].tolist(),
            repeats["_sheet"].tolist(),
            repeats["_row"].tolist(),
            repeats["_key_column"].tolist(),
            strict=True,
        ):
            first_file, first_sheet, first_row = first_seen[tuple(key)]
            issues.append(
                Issue.of(
                    "duplicate",
                    file,
                    sheet,
                    int(row),
                    column,
                    first_file=first_file,
                    first_sheet=first_sheet,
                    first_row=first_row,
                )
            )
    return issues
