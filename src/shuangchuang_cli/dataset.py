"""Find the submission files, read them in the contract's order, and gather the records.

The read order (SUBMISSIONS.md section 5) decides which occurrence of a key is "first":
year folders ascending, then paths relative to the year folder by code point, then sheets
in workbook order, rows top to bottom.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from shuangchuang_cli.messages import Lang, message
from shuangchuang_cli.models import Issue, IssueTally, Severity
from shuangchuang_cli.parsers import key_column
from shuangchuang_cli.readers import (
    CSV_SUFFIXES,
    READABLE_SUFFIXES,
    RawSheet,
    UnreadableFile,
    is_ignored,
    read_csv,
    read_workbook,
)
from shuangchuang_cli.rules import Limits, Rules
from shuangchuang_cli.schemas import SHEET_TYPES
from shuangchuang_cli.sheets import Context, SheetRows, gather, read_sheet
from shuangchuang_cli.validation import check_records, oversized_files

_YEAR = re.compile(r"\d{4}")
OnFile = Callable[[int, int, str], None]  # (done, total, file) for a progress bar


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str  # how issues and provenance name the file
    year: int | None  # the 填报年度 folder it sits in, if any


@dataclass
class Dataset(IssueTally):
    """Every record read, per sheet type, with provenance, plus every issue found."""

    files: list[SourceFile]
    frames: dict[str, pd.DataFrame]
    issues: list[Issue] = field(default_factory=list)

    def records(self, type_name: str) -> pd.DataFrame:
        return self.frames[type_name]


def year_of(name: str) -> int | None:
    return int(name) if _YEAR.fullmatch(name) else None


def _walk(root: Path) -> Iterable[Path]:
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts[:-1]) or is_ignored(path):
            continue
        if path.is_file():
            yield path


def _enclosing_year(folder: Path) -> int | None:
    """The nearest folder at or above `folder` named as a year, if any."""
    return next((y for p in (folder, *folder.parents) if (y := year_of(p.name)) is not None), None)


def discover(paths: Iterable[Path], up_to_year: int | None = None) -> list[SourceFile]:
    """Files under the given paths in read order; folders are searched at any depth.

    With `up_to_year`, a folder is a data folder: only its year sub-folders <= that year.
    """
    found: list[tuple[tuple[int, int, str], SourceFile]] = []
    for n, root in enumerate(paths):
        if root.is_file():
            # A shell glob (收件/*.xlsx) hands over Excel's ~$ lock files too: still ignored.
            if is_ignored(root):
                continue
            year = _enclosing_year(root.parent)
            found.append(((n, 0, ""), SourceFile(root, str(root), year)))
            continue
        # A year folder handed over itself (validate 收件/2024) keeps its year.
        own_year = None if up_to_year is not None else _enclosing_year(root)
        for path in _walk(root):
            rel = path.relative_to(root)
            year = year_of(rel.parts[0]) if len(rel.parts) > 1 else None
            if up_to_year is not None and (year is None or year > up_to_year):
                continue
            inner = Path(*rel.parts[1:]).as_posix() if year is not None else rel.as_posix()
            year = year if year is not None else own_year
            display = rel.as_posix() if up_to_year is not None else (root / rel).as_posix()
            found.append(
                ((n, year if year is not None else -1, inner), SourceFile(path, display, year))
            )
    found.sort(key=lambda item: item[0])
    return [f for _, f in found]


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
    for done, (source, raws) in enumerate(_read_ahead(files, rules.values.limits)):
        if on_file:
            on_file(done, len(files), source.display)
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
    return Dataset(files, frames, issues)


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
    kept += [
        Issue(
            severity=Severity.ERROR,
            code="unreadable_file",
            file=file,
            message=message("unreadable_file.cell_too_long", ctx.lang, limit=limit),
        )
        for file in sorted(bad)
    ]
    return kept


def _unreadable(source: SourceFile, lang: Lang, reason: str, **params: object) -> Issue:
    return Issue(
        severity=Severity.ERROR,
        code="unreadable_file",
        file=source.display,
        message=message(f"unreadable_file.{reason}", lang, **params),
    )


# python-calamine parses with the interpreter lock released, so two files are parsed at
# once on two cores (a region's 240 files read in about half the time). A few files ahead
# at most: rows read but not yet trimmed to records are the memory this costs.
READERS = 2
READ_AHEAD = 4


def _raw_sheets(source: SourceFile, limits: Limits) -> list[RawSheet] | UnreadableFile:
    """Every sheet of one readable file, or why it cannot be read (never raises for data)."""
    try:
        if source.path.suffix.lower() in CSV_SUFFIXES:
            return [read_csv(source.path, limits)]
        return list(read_workbook(source.path, limits))
    except UnreadableFile as exc:
        return exc
    except OSError as exc:
        return UnreadableFile("corrupt", detail=exc.strerror or str(exc))


def _read_ahead(
    files: list[SourceFile], limits: Limits
) -> Iterator[tuple[SourceFile, list[RawSheet] | UnreadableFile | None]]:
    """Each file with its sheets, in read order (None for a file that is not a spreadsheet)."""
    readable = iter([f for f in files if f.path.suffix.lower() in READABLE_SUFFIXES])
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        pending: deque[Future[list[RawSheet] | UnreadableFile]] = deque()
        for source in files:
            if source.path.suffix.lower() not in READABLE_SUFFIXES:
                yield source, None
                continue
            while len(pending) < READ_AHEAD and (ahead := next(readable, None)) is not None:
                pending.append(pool.submit(_raw_sheets, ahead, limits))
            yield source, pending.popleft().result()


def _sheets_of(
    source: SourceFile,
    raws: list[RawSheet] | UnreadableFile | None,
    ctx: Context,
    issues: list[Issue],
    sheet_order: dict[tuple[str, str | None], int],
) -> list[SheetRows]:
    """The recognised sheets of one file; what is wrong with it goes to `issues`."""
    if raws is None:
        suffix = source.path.suffix.lower()
        issues.append(
            Issue(
                severity=Severity.WARNING,
                code="unsupported_file",
                file=source.display,
                message=message("unsupported_file", ctx.lang, suffix=suffix or source.path.name),
            )
        )
        return []
    if isinstance(raws, UnreadableFile):
        # Nothing from a file that cannot be read whole is counted: a half-read file would
        # silently under-count.
        issues.append(_unreadable(source, ctx.lang, raws.reason, **raws.params))
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
                Issue(
                    severity=Severity.WARNING,
                    code="duplicate",
                    file=file,
                    sheet=sheet,
                    row=int(row),
                    column=_key_column(name, kind),
                    message=message(
                        "duplicate",
                        lang,
                        first_file=first_file,
                        first_sheet=first_sheet,
                        first_row=first_row,
                    ),
                )
            )
    return issues
