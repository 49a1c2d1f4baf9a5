"""Read the submission files and gather the records of each sheet type, with every issue.

Files come in the contract's read order (sources.py); all sheets of a type are checked
together (validation.py), then duplicates are found across every file read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from shuangchuang_cli.checking.columns import check_records, oversized_files
from shuangchuang_cli.checking.parsers import key_column
from shuangchuang_cli.checking.sheets import Context, SheetRows, gather, read_sheet
from shuangchuang_cli.i18n import Lang
from shuangchuang_cli.marks import submission_sheets
from shuangchuang_cli.models import Issue, IssueTally, Param
from shuangchuang_cli.reading.discover import SourceFile
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.prefetch import Reading, Sheets
from shuangchuang_cli.reading.readers import CSV_SUFFIXES
from shuangchuang_cli.rules import Rules
from shuangchuang_cli.rules.sheet_types import SHEET_TYPES

OnFile = Callable[[int, int, str], None]  # (done, total, file) for a progress bar


@dataclass
class Dataset(IssueTally):
    """Every record read, per sheet type, with provenance, plus every issue found."""

    files: list[SourceFile]
    frames: dict[str, pd.DataFrame]
    issues: list[Issue] = field(default_factory=list)
    marked_copies: list[str] = field(default_factory=list)  # skipped: the tool's own output

    def records(self, type_name: str) -> pd.DataFrame:
        return self.frames[type_name]


def load(
    files: list[SourceFile],
    rules: Rules,
    lang: Lang = "zh",
    today: dt.date | None = None,
    on_file: OnFile | None = None,
) -> Dataset:
    """Read every file; one bad file becomes an issue and the others are still read."""
    ctx = Context(rules, lang, today or dt.date.today())
    parts: dict[str, list[tuple[SheetRows, int | None]]] = {name: [] for name in SHEET_TYPES}
    issues: list[Issue] = []
    sheet_order: dict[tuple[str, str | None], int] = {}
    reading = Reading(files, rules.values.limits)
    marked_copies: list[str] = []
    for done, (source, raws) in enumerate(reading):
        if on_file:
            on_file(done, len(files), source.display)
        if isinstance(raws, list):
            # The tool's own files (marks.py): a marked copy is no submission, and a
            # template's instructions sheet is no unknown sheet.
            raws = submission_sheets(raws)
            if raws is None:
                marked_copies.append(source.display)
                continue
        for sheet in _sheets_of(source, raws, ctx, issues, sheet_order):
            parts[sheet.sheet_type.name].append((sheet, source.year))
    if on_file:
        on_file(len(files), len(files), "")
    raw = {name: gather(SHEET_TYPES[name], chunks) for name, chunks in parts.items()}
    issues = _drop_oversized(raw, issues, ctx)
    frames: dict[str, pd.DataFrame] = {}
    for name, frame in raw.items():
        checked, found = check_records(SHEET_TYPES[name], frame, ctx)
        frames[name] = _with_keys(name, checked)
        issues.extend(found)
    issues.extend(_duplicates(frames, lang))
    order = {f.display: n for n, f in enumerate(files)}
    issues.sort(
        key=lambda i: (
            order.get(i.file, -1),
            sheet_order.get((i.file, i.sheet), -1) if i.sheet is not None else -1,
            i.row or 0,
        )
    )
    return Dataset(files, frames, issues, marked_copies)


def _drop_oversized(raw: dict[str, pd.DataFrame], issues: list[Issue], ctx: Context) -> list[Issue]:
    """A file with a cell beyond the limit is refused whole, like any unreadable file."""
    limit = ctx.rules.values.limits.max_cell_chars
    bad: set[str] = set()
    for name, frame in raw.items():
        bad |= oversized_files(frame, SHEET_TYPES[name], limit)
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


def _with_keys(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame["_key"] = record_keys(name, frame) if len(frame) else pd.Series(dtype=object)
    return frame


def record_keys(name: str, frame: pd.DataFrame) -> pd.Series:
    """What makes two records the same (SUBMISSIONS.md section 5)."""
    if name == "孵化载体":
        return key_column(frame["载体名称"])
    if name == "孵化企业":
        team = "团队:" + key_column(frame["名称"]).astype(str)
        firm = "企业:" + frame["统一社会信用代码"].astype(str)
        return firm.where(frame["主体类型"].eq("企业"), team)
    if name == "双创活动":
        date = frame["活动日期"].dt.strftime("%Y-%m-%d")
        name_key = key_column(frame["活动名称"]).astype(str)
        events: pd.Series = name_key + "|" + date + "|" + frame["活动类别"].astype(str)
        return events
    # 创业导师 by certificate; 高新技术企业 and 科技型中小企业 by credit code
    codes: pd.Series = frame[SHEET_TYPES[name].key_columns[0]].astype(object)
    return codes


def _key_column(name: str, subject: object) -> str:
    """The column a duplicate warning points at (孵化企业: the code for 企业, else the name)."""
    if name == "孵化企业":
        return "统一社会信用代码" if subject == "企业" else "名称"
    return SHEET_TYPES[name].key_columns[0]


def _duplicates(frames: dict[str, pd.DataFrame], lang: Lang) -> list[Issue]:
    """One warning for each later error-free record whose key an earlier one already has."""
    issues: list[Issue] = []
    for name, frame in frames.items():
        valid = frame[~frame["_error"].astype(bool)]
        if valid.empty:
            continue
        # Each year's carrier roster repeats last year's carriers: only a repeat within the
        # same year folder is a duplicate.
        scope = ["_key", "_year"] if name == "孵化载体" else ["_key"]
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
        for *key, file, sheet, row, kind in zip(
            *(repeats[c].tolist() for c in scope),
            repeats["_file"].tolist(),
            repeats["_sheet"].tolist(),
            repeats["_row"].tolist(),
            repeats["主体类型"].tolist() if name == "孵化企业" else [None] * len(repeats),
            strict=True,
        ):
            first_file, first_sheet, first_row = first_seen[tuple(key)]
            issues.append(
                Issue.of(
                    "duplicate",
                    file,
                    sheet,
                    int(row),
                    _key_column(name, kind),
                    first_file=first_file,
                    first_sheet=first_sheet,
                    first_row=first_row,
                )
            )
    return issues
