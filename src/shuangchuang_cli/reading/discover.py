"""Which files a command reads, in the contract's order.

The read order (SUBMISSIONS.md section 5) decides which occurrence of a key is "first":
year folders ascending, then paths relative to the year folder by code point, then sheets
in workbook order, rows top to bottom.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.reading.readers import is_ignored
from shuangchuang_cli.rules.limits import Limits, limits_in

# A year folder as people name it: 2024, 2024年, 2024年度, 2024年报送, 2024年度报送, in
# full-width digits too (compared after NFKC, white space dropped).
_YEAR = re.compile(r"([0-9]{4})(?:年度?)?(?:报送)?")


def bundled_data_dir() -> Path:
    return Path(str(resources.files("shuangchuang_cli") / "bundled" / "sample_data"))


def starting_limits(rules: Path | None) -> Limits:
    """The limits to start reading with: the rules' [limits] read on their own, before
    the rules as a whole are loaded and checked."""
    folder = (
        rules
        if rules is not None
        else Path(str(resources.files("shuangchuang_cli") / "bundled" / "rules"))
    )
    return limits_in(folder) or Limits()


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str  # how issues and provenance name the file
    year: int | None  # the 填报年度 folder it sits in, if any


def year_of(name: str) -> int | None:
    """The reporting year a folder's name stands for (2024年度 -> 2024), or None."""
    found = _YEAR.fullmatch(key_text(name))
    return int(found.group(1)) if found else None


def _walk(root: Path) -> Iterable[Path]:
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts[:-1]) or is_ignored(path):
            continue
        if path.is_file():
            yield path


def _readable(name: str) -> str:
    """A path as a person reads it.

    Files unpacked on Linux from a zip made on Chinese Windows keep GBK bytes in their
    names, which Python holds as undecodable stand-ins (and which no UTF-8 output can
    print): such a part of the path is decoded as GB18030, the way it was written.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    parts = []
    for part in name.split("/"):
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            part = os.fsencode(part).decode("gb18030", "replace")
        parts.append(part)
    return "/".join(parts)


def _year_folder(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` named as a year, if any."""
    return next((p for p in (folder, *folder.parents) if year_of(p.name) is not None), None)


def _read_order(
    n: int, year_folder: Path | None, year: int | None, path: Path
) -> tuple[int, str, int, str]:
    """Where a file comes in the read order, whatever order the paths were named in.

    Year folders ascending, then the path within the year folder (SUBMISSIONS.md
    section 5), so `validate 2024 2023` finds the same "first" occurrences as
    `validate .`. Files outside any year folder come first, in the order named.
    """
    if year_folder is None or year is None:
        return (-1, "", n, path.as_posix())
    return (year, path.relative_to(year_folder).as_posix(), n, "")


def discover(paths: Iterable[Path], up_to_year: int | None = None) -> list[SourceFile]:
    """Files under the given paths in read order; folders are searched at any depth.

    With `up_to_year`, a folder is a data folder: only its year sub-folders <= that year.
    """
    found: list[tuple[tuple[int, str, int, str], SourceFile]] = []
    for n, root in enumerate(paths):
        if root.is_file() or (root.exists() and not root.is_dir()):
            # A shell glob (收件/*.xlsx) hands over Excel's ~$ lock files too: still ignored.
            if is_ignored(root):
                continue
            home = _year_folder(root.parent)
            year = year_of(home.name) if home is not None else None
            order = _read_order(n, home, year, root)
            found.append((order, SourceFile(root, _readable(str(root)), year)))
            continue
        # A year folder handed over itself (validate 收件/2024) keeps its year.
        own = None if up_to_year is not None else _year_folder(root)
        for path in _walk(root):
            rel = path.relative_to(root)
            top = year_of(rel.parts[0]) if len(rel.parts) > 1 else None
            if up_to_year is not None and (top is None or top > up_to_year):
                continue
            home = root / rel.parts[0] if top is not None else own
            year = year_of(home.name) if home is not None else None
            display = _readable(
                rel.as_posix() if up_to_year is not None else (root / rel).as_posix()
            )
            found.append((_read_order(n, home, year, path), SourceFile(path, display, year)))
    found.sort(key=lambda item: item[0])
    return [f for _, f in found]


def year_files(folder: Path, year: int) -> list[SourceFile]:
    """What a data-folder command for `year` reads: the year folders up to that year."""
    return discover([folder], up_to_year=year) if folder.is_dir() else []
