"""Output files that cannot hurt: refused before any work when they cannot be written,
written beside the target and renamed into place whole, never leaving a temporary file.

Every output file of the tool (export, template, marked copies) goes through `OutputFile`:

- the target is checked first (suffix, folder, lengths, an existing file, an input
  folder), so a refused path fails before minutes of reading;
- a private working folder `.~sc-cli-XXXXXX/` is made beside the target, and everything
  the write needs goes there, the temporary files openpyxl's write-only sheets spool to
  included (they would otherwise go to the system temp folder, full of submission text);
- the file is written there, flushed to disk (fsync), and renamed over the target in one
  step, then the folder is synced too; the old target stays whole until then;
- whatever happens (an error, a full disk, Ctrl-C, SIGTERM raised into the normal path by
  cli.app), the working folder is removed on the way out, before the process ends.

Environment problems (no permission, read-only disk, full disk, names too long) become
OutputError with a catalogue key: one line and exit 2 at the command line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import posixpath
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.etree import ElementTree
from zipfile import ZIP64_LIMIT, ZIP_DEFLATED, ZIP_STORED, ZipFile

from shuangchuang_cli.errors import OutputError, UsageError

WORK_PREFIX = ".~sc-cli-"
# Linux's limits when the file system does not say (os.pathconf may be missing).
NAME_MAX = 255
PATH_MAX = 4096

_READ_ONLY = {errno.EROFS}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_TOO_LONG = {errno.ENAMETOOLONG}
_MISSING = {errno.ENOENT, errno.ENOTDIR}


def output_error(exc: OSError, path: Path | str) -> OutputError:
    """What an operating-system refusal to write `path` means to the user."""
    code = exc.errno
    if code in _FULL:
        return OutputError("output.disk_full", path=path)
    if code in _READ_ONLY:
        return OutputError("output.read_only", path=path)
    if code in _NO_PERMISSION:
        return OutputError("output.no_permission", path=path)
    if code in _TOO_LONG:
        return OutputError("output.path_too_long", path=path, limit=PATH_MAX)
    if code in _MISSING:
        return OutputError("output.folder_missing", folder=Path(path).parent)
    return OutputError("output.failed", path=path, reason=exc.strerror or str(exc))


def _as_os_error(exc: BaseException) -> OSError | None:
    """The system error inside a writer's own exception: openpyxl's write-only sheets
    stream through lxml, which reports a full disk as SerialisationError("IO_ENOSPC")."""
    from lxml import etree

    if isinstance(exc, etree.SerialisationError):
        name = str(exc).removeprefix("IO_")
        code = getattr(errno, name, None) if name.startswith("E") else None
        if isinstance(code, int):
            return OSError(code, os.strerror(code))
    return None


def _limit(folder: Path, name: str, default: int) -> int:
    try:
        return int(os.pathconf(folder, name))
    except (OSError, ValueError, AttributeError):
        return default


def _check_lengths(target: Path) -> None:
    """Names the file system cannot hold, refused before any work (ENAMETOOLONG later)."""
    name = len(os.fsencode(target.name))
    path = len(os.fsencode(os.path.abspath(target)))
    if path >= PATH_MAX:
        raise OutputError("output.path_too_long", path=_short(target), limit=PATH_MAX)
    folder = target.parent
    name_max = _limit(folder, "PC_NAME_MAX", NAME_MAX) if folder.is_dir() else NAME_MAX
    if name > name_max:
        raise OutputError(
            "output.name_too_long", name=_short(target.name), length=name, limit=name_max
        )


def _short(value: Path | str, keep: int = 80) -> str:
    text = str(value)
    return text if len(text) <= keep else text[: keep // 2] + "…" + text[-keep // 2 :]


def check_output(
    target: Path,
    force: bool,
    lang: object = None,
    inputs: Sequence[Path] = (),
    suffix: str = ".xlsx",
) -> None:
    """Refuse, before any work, an output that would lose or taint the user's files or
    cannot be written; `suffix` is the kind of file it must be (a workbook, a document).
    (`lang` is unused: errors carry catalogue keys.)"""
    _check_lengths(target)
    try:
        if target.is_dir():  # whatever its name ends in: what to do is the same
            raise UsageError("output.is_folder", path=target)
        if target.suffix.lower() != suffix:
            raise UsageError("output.wrong_suffix", suffix=suffix, path=target)
        if not target.parent.is_dir():
            raise OutputError("output.folder_missing", folder=target.parent)
        resolved = target.resolve()
        for folder in inputs:
            # A workbook saved among the submissions would be read as one next time.
            if resolved == folder.resolve() and not folder.is_dir():
                raise UsageError("output.is_input", path=target)  # the file being checked
            if resolved.is_relative_to(folder.resolve()):
                raise UsageError("output.into_input", folder=folder)
        if target.exists() and not force:
            raise UsageError("output.exists", path=target)
    except OSError as exc:
        raise output_error(exc, target) from None
    if not os.access(target.parent, os.W_OK | os.X_OK):
        # Root passes this check whatever the mode; its real write is checked by making
        # the working folder (OutputFile), which maps the same errors.
        read_only = _read_only(target.parent)
        key = "output.read_only" if read_only else "output.no_permission"
        raise OutputError(key, path=target.parent)


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _sync_folder(folder: Path) -> None:
    """The rename itself on disk: some file systems need the folder synced (not all can)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # EINVAL: this file system cannot sync a folder; the rename is still atomic
    finally:
        os.close(fd)


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C or SIGTERM held back until the block is done: the rename into place and
    the removal of the working folder are never cut half-way. A signal that came
    meanwhile is delivered right after, to the handler in force."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread handles signals (and sets their handlers)
        return
    held: list[int] = []
    kinds = (signal.SIGINT, signal.SIGTERM)
    saved = {kind: signal.getsignal(kind) for kind in kinds}
    for kind in kinds:
        signal.signal(kind, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        for kind, handler in saved.items():
            signal.signal(kind, handler)
        if held:
            signal.raise_signal(held[0])


class OutputFile:
    """One output being written: `with OutputFile(...) as out: write(out.part); out.commit()`.

    Inside the block, Python's temporary files (openpyxl spools write-only sheets to them)
    go to the working folder beside the target. Leaving the block removes that folder,
    whether `commit` moved the file into place or not.
    """

    def __init__(
        self, target: Path, force: bool = False, inputs: Sequence[Path] = (), suffix: str = ".xlsx"
    ) -> None:
        check_output(target, force, inputs=inputs, suffix=suffix)
        self.target = target
        self.force = force
        self._work: Path | None = None
        self._tempdir: str | None = None

    @property
    def part(self) -> Path:
        """Where to write the file before it is moved into place."""
        assert self._work is not None, "OutputFile used outside its with block"
        return self._work / f"part{self.target.suffix}"

    def __enter__(self) -> OutputFile:
        try:
            self._work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=self.target.parent))
        except OSError as exc:
            raise output_error(exc, self.target.parent) from None
        self._tempdir = tempfile.tempdir
        tempfile.tempdir = str(self._work)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        tempfile.tempdir = self._tempdir
        if self._work is not None:
            with _uninterrupted():
                shutil.rmtree(self._work, ignore_errors=True)
            self._work = None
        if exc is not None and not isinstance(exc, OSError):
            exc = _as_os_error(exc) or exc
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise output_error(exc, self.target) from None

    def commit(self) -> None:
        """Move the finished part over the target: whole, and never over a file that
        appeared meanwhile unless --force."""
        part, target = self.part, self.target
        with _uninterrupted():
            try:
                if not self.force:
                    self._link_new(part, target)
                else:
                    os.replace(part, target)
            except OSError as exc:
                raise output_error(exc, target) from None
            _sync_folder(target.parent)

    @staticmethod
    def _link_new(part: Path, target: Path) -> None:
        try:
            # A hard link never replaces an existing name: no window between a check
            # and the rename in which another program's new file could be lost.
            os.link(part, target)
        except FileExistsError:
            raise UsageError("output.exists", path=target) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            if target.exists():  # no hard links here (FAT, some network shares)
                raise UsageError("output.exists", path=target) from None
            os.replace(part, target)


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    """A new file, flushed and synced to disk when the block ends without an error."""
    handle = open(path, "xb")  # noqa: SIM115 (closed by hand: an error must not raise twice)
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            handle.close()
        raise
    handle.close()


def write_workbook(book: Any, path: Path, rows: Mapping[str, IO[bytes]] | None = None) -> None:
    """Save an openpyxl workbook to `path` (a new file), synced to disk; `rows` holds XML
    rows by sheet title (xlsx_tables), put at the end of each of those sheets' data.

    openpyxl's own save leaves its ZipFile open when writing fails (a full disk): the
    ZipFile then tries to finish the file when it is collected and prints a second
    traceback. Here a failed archive is let go without another write.
    """
    from openpyxl.writer.excel import ExcelWriter

    with _opened(path) as handle:
        # With rows to add, openpyxl's workbook (small: the rows are apart) is kept in
        # memory unpacked, then written out once with the rows in their sheets.
        made = io.BytesIO() if rows else handle
        archive = ZipFile(made, "w", ZIP_STORED if rows else ZIP_DEFLATED, allowZip64=True)
        try:
            book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
            ExcelWriter(book, archive).save()
        except BaseException:
            _let_go(book, archive)
            raise
        if rows:
            _with_rows(made, handle, rows)


def _with_rows(made: IO[bytes], handle: IO[bytes], rows: Mapping[str, IO[bytes]]) -> None:
    """The workbook in `made`, written to `handle` with each sheet's `rows` before the
    end of its sheetData (after the header rows openpyxl wrote)."""
    with ZipFile(made) as book:
        parts = _sheet_parts(book)
        missing = set(rows) - set(parts)
        if missing:
            raise ValueError(f"rows for sheets the workbook does not hold: {sorted(missing)}")
        into = {parts[title]: spooled for title, spooled in rows.items()}
        out = ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=ROWS_LEVEL)
        try:
            for name in book.namelist():
                # By name: a ZipInfo of the parts would keep their level (none, stored).
                data = book.read(name)
                spooled = into.get(name)
                if spooled is None:
                    out.writestr(name, data)
                    continue
                end = data.rindex(b"</sheetData>")
                # Zip64 headers only for a part that needs them, as openpyxl's own parts
                # (some readers are strict about them); deflate may grow a part a little.
                size = len(data) + spooled.seek(0, os.SEEK_END)
                spooled.seek(0)
                with out.open(name, "w", force_zip64=size > ZIP64_LIMIT // 2) as part:
                    part.write(data[:end])
                    shutil.copyfileobj(spooled, part, 1 << 20)
                    part.write(data[end:])
            out.close()
        except BaseException:
            out.fp = None  # let go: no end of archive written into a failed file
            raise


# zlib's level for a workbook with rows: a region's 188 MB of 计入明细 XML took 2.2 s at
# zlib's default (6, 14.1 MB) and 1.1 s at 3 (16.5 MB; openpyxl's own file was 15.1 MB).
ROWS_LEVEL = 3

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(book: ZipFile) -> dict[str, str]:
    """Each sheet's part in the package by the sheet's title (workbook.xml and its rels)."""
    sheets = ElementTree.fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE_REL}Relationship")}
    parts = {}
    for sheet in sheets:
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


def _let_go(book: Any, archive: ZipFile) -> None:
    """A failed save, abandoned without another write: the ZipFile would otherwise finish
    its file when collected, and each write-only sheet's row writer would close its XML
    into a closed file, each printing a traceback ("Exception ignored") at any later
    garbage collection."""
    archive.fp = None
    let_go_sheets(book)


def let_go_sheets(book: Any) -> None:
    """A write-only workbook given up (a failed save or build): each sheet's row writer
    is closed now, quietly, instead of closing its XML into a file long gone and printing
    a traceback ("Exception ignored") at some later garbage collection."""
    for sheet in getattr(book, "_sheets", ()):
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()


def save_atomic(book: Any, target: Path, force: bool, lang: object = None) -> None:
    """Build nothing more, just save `book` to `target` whole or not at all.

    For a write-only workbook, build it inside an OutputFile block instead, so that its
    sheets spool beside the target too.
    """
    save_with(lambda part: write_workbook(book, part), target, force)


def save_with(write: Callable[[Path], None], target: Path, force: bool) -> None:
    """Run `write(part)` in a working folder beside `target`, then move the part into place."""
    with OutputFile(target, force) as out:
        write(out.part)
        out.commit()
