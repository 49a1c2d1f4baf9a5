"""Which files a command reads, in the contract's order.

The read order (SUBMISSIONS.md section 5) decides which occurrence of a key is "first":
year folders ascending, then paths relative to the year folder by code point, then sheets
in workbook order, rows top to bottom.

Folders are walked with an explicit stack (any depth, no recursion). A folder that is a
symbolic link is walked like any other, wherever it points (whoever put the link there
meant its files to be read), but no folder is walked twice: a link back up the tree, or
two links to one folder, is walked once. A folder that cannot be opened is listed as
such, so that its files are reported missing rather than silently not counted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from shuangchuang_cli.normalize import key_text
from shuangchuang_cli.reading.readers import is_ignored

# A year folder as people name it: 2024, 2024年, 2024年度, 2024年报送, 2024年度报送, in
# full-width digits too (compared after NFKC, white space dropped).
_YEAR = re.compile(r"([0-9]{4})(?:年度?)?(?:报送)?")


def bundled_data_dir() -> Path:
    return Path(str(resources.files("shuangchuang_cli") / "bundled" / "sample_data"))


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str  # how issues and provenance name the file
    year: int | None  # the 填报年度 folder it sits in, if any
    unreadable: str | None = None  # a folder that could not be opened: why (its files unread)


def year_of(name: str) -> int | None:
    """The reporting year a folder's name stands for (2024年度 -> 2024), or None."""
    found = _YEAR.fullmatch(key_text(name))
    return int(found.group(1)) if found else None


def _identity(path: str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def walk(root: Path, enter: Callable[[str], bool]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for every file under root, (folder, why) for a folder that cannot be
    opened. Hidden folders and ignored files are skipped; `enter` says which of root's own
    sub-folders to walk.

    The real folders are walked first and links to folders after them, each folder once
    (by its device and inode): a link to a folder inside the tree is not walked again,
    and a folder's files are named by their real place in it.
    """
    seen: set[tuple[int, int] | None] = set()
    folders: list[Path] = [root]
    links: list[Path] = []
    while folders or links:
        folder = folders.pop() if folders else links.pop()
        identity = _identity(str(folder))
        if identity is not None and identity in seen:
            continue
        seen.add(identity)
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name, reverse=True)
        except FileNotFoundError:  # not there (any more): nothing to read, nothing missed
            continue
        except OSError as exc:
            yield folder, exc.strerror or type(exc).__name__
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                is_folder = entry.is_dir()  # a link to a folder counts as one
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name.startswith(".") or (folder == root and not enter(entry.name)):
                    continue
                (links if entry.is_symlink() else folders).append(path)
            elif not is_ignored(path):
                # A link to nothing or a pipe named like a spreadsheet is listed too: the
                # reader says what it is, rather than the folder being a file short.
                yield path, None


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


def _years_up_to(up_to_year: int | None) -> Callable[[str], bool]:
    """Which sub-folders of a named folder are walked: all of them, or for a data folder
    its year folders up to that year (nothing else in it is read)."""
    if up_to_year is None:
        return lambda _name: True
    return lambda name: (year := year_of(name)) is not None and year <= up_to_year


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
        for path, why in walk(root, _years_up_to(up_to_year)):
            rel = path.relative_to(root)
            # A file sits in the year folder its path starts with; an unopened folder,
            # in itself too.
            top = year_of(rel.parts[0]) if len(rel.parts) > (1 if why is None else 0) else None
            if up_to_year is not None and (top is None or top > up_to_year):
                continue
            home = root / rel.parts[0] if top is not None else own
            year = year_of(home.name) if home is not None else None
            shown = rel.as_posix() if up_to_year is not None else (root / rel).as_posix()
            display = _readable(str(root) if shown == "." else shown)
            source = SourceFile(path, display, year, why)
            found.append((_read_order(n, home, year, path), source))
    found.sort(key=lambda item: item[0])
    return [f for _, f in found]


def year_files(folder: Path, year: int) -> list[SourceFile]:
    """What a data-folder command for `year` reads: the year folders up to that year."""
    return discover([folder], up_to_year=year) if folder.is_dir() else []
