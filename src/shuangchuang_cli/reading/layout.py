"""The shape of a data folder, checked before anything is read.

A data folder holds one folder per reporting year (SUBMISSIONS.md section 1). Every
data-folder command (report, score, explain, export) starts with `data_layout()`: a
folder that cannot be one is a usage error that says what was found and what is
expected, and `year_notices()` states what a run will read differently from what was
asked (a year with no folder, files outside the year folders, a year outside the plan,
an as-of date outside the year) instead of showing a quiet table of zeros.
`validate` names files and folders itself: `named_paths()` checks those.

Every problem is a catalogue key with its parameters (errors.UsageError, models.Notice),
written in the user's language when it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shuangchuang_cli.errors import UsageError
from shuangchuang_cli.models import Notice, Param
from shuangchuang_cli.reading.discover import walk, year_of
from shuangchuang_cli.reading.readers import READABLE_SUFFIXES, is_ignored

# A message names a few files and counts the rest.
NAMES_SHOWN = 5


@dataclass(frozen=True)
class Layout:
    """A data folder: the years it has a folder for, and the files no command reads."""

    folder: Path
    years: tuple[int, ...]  # ascending, each once (2024/ and 2024年/ are one year)
    outside: tuple[str, ...]  # files outside every year folder, relative to the folder


def _files(root: Path) -> list[Path]:
    """Files under root at any depth, in name order, without hidden or ignored ones.

    Walked as the reading walks (a stack, each folder once): a tree of any depth, and a
    folder that cannot be opened is left to the reading, which names it as an issue."""
    return sorted(path for path, why in walk(root, lambda _: True) if why is None)


def _names(paths: Sequence[str], key: str, **params: Param) -> tuple[str, dict[str, Param]]:
    """A few names and the count of the rest: `key` or its `_more` variant."""
    shown: dict[str, Param] = {**params, "count": len(paths), "names": tuple(paths[:NAMES_SHOWN])}
    if len(paths) > NAMES_SHOWN:
        return f"{key}_more", {**shown, "more": len(paths) - NAMES_SHOWN}
    return key, shown


def _is_lone_year_folder(folder: Path) -> bool:
    """A year folder (2024/) given as the data folder: all its records would be missed."""
    if year_of(folder.resolve().name) is None:
        return False
    return not any(p.is_dir() and year_of(p.name) is not None for p in folder.iterdir())


def data_layout(folder: Path) -> Layout:
    """The year folders of a data folder and the files outside them.

    Raises UsageError when the folder is missing, is a file, is itself a year folder, or
    holds no year folder at all (naming the files it found there instead).
    """
    if not folder.exists():
        raise UsageError("usage.data_missing", folder=str(folder))
    if not folder.is_dir():
        raise UsageError("usage.data_not_folder", folder=str(folder))
    if _is_lone_year_folder(folder):
        raise UsageError("usage.lone_year_folder", folder=str(folder), parent=str(folder.parent))
    years: set[int] = set()
    outside: list[str] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or is_ignored(child):
            continue
        year = year_of(child.name) if child.is_dir() else None
        if year is not None:
            years.add(year)
        elif child.is_dir():
            outside += [p.relative_to(folder).as_posix() for p in _files(child)]
        elif child.is_file():
            outside.append(child.name)
    if not years:
        if not outside:
            raise UsageError("usage.data_empty", folder=str(folder))
        key, params = _names(outside, "usage.no_year_folder", folder=str(folder))
        raise UsageError(key, **params)
    return Layout(folder, tuple(sorted(years)), tuple(outside))


def year_notices(
    layout: Layout, year: int, as_of: dt.date, plan_start: dt.date, plan_end: dt.date
) -> list[Notice]:
    """What a run for `year` as of `as_of` must tell its reader before its table."""
    notices: list[Notice] = []
    if layout.outside:
        key, params = _names(layout.outside, "notice.outside_files")
        notices.append(Notice(key=key, params=params))
    years = tuple(str(y) for y in layout.years)
    earlier = [y for y in layout.years if y <= year]
    if not earlier:
        notices.append(Notice(key="notice.no_folder_up_to", params={"year": year, "years": years}))
    elif year not in layout.years:
        missing: dict[str, Param] = {"year": year, "years": years, "latest": earlier[-1]}
        notices.append(Notice(key="notice.no_year_folder", params=missing))
    window: dict[str, Param] = {
        "year": year,
        "start": plan_start.isoformat(),
        "end": plan_end.isoformat(),
    }
    if year < plan_start.year:
        notices.append(Notice(key="notice.before_plan", params=window))
    elif year > plan_end.year:
        notices.append(Notice(key="notice.after_plan", params=window))
    if as_of.year != year:
        outside: dict[str, Param] = {
            "year": year,
            "as_of": as_of.isoformat(),
            "as_of_year": as_of.year,
        }
        notices.append(Notice(key="notice.as_of_outside_year", params=outside))
    return notices


def _skipped(path: Path) -> Notice:
    if path.name.startswith("~$"):
        reason = "notice.skipped_lock_file"
    elif path.name.startswith("."):
        reason = "notice.skipped_hidden_file"
    else:
        reason = "notice.skipped_readme"
    return Notice(key=reason, params={"path": str(path)})


def named_paths(paths: Sequence[Path]) -> list[Notice]:
    """The files and folders `validate` was given, checked before reading.

    A named file that is skipped (an Excel lock file, a hidden file, a README) is stated;
    a folder with no spreadsheet in it is a usage error, and so is a command line that
    leaves nothing to check. Missing paths are the caller's to report.
    """
    notices: list[Notice] = []
    readable = 0
    for path in paths:
        if path.is_dir():
            found = list(_files(path))
            if not any(p.suffix.lower() in READABLE_SUFFIXES for p in found):
                if not found:
                    raise UsageError("usage.no_spreadsheet_empty", folder=str(path))
                names = [p.relative_to(path).as_posix() for p in found]
                key, params = _names(names, "usage.no_spreadsheet", folder=str(path))
                raise UsageError(key, **params)
            readable += 1
        elif is_ignored(path):
            notices.append(_skipped(path))
        else:
            readable += 1
    if not readable:
        raise UsageError("usage.nothing_to_check")
    return notices
