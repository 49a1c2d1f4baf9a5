"""Reading files ahead on background threads, in the contract's read order."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from shuangchuang_cli.reading.discover import SourceFile
from shuangchuang_cli.reading.limits import UnreadableFile
from shuangchuang_cli.reading.readers import (
    CSV_SUFFIXES,
    READABLE_SUFFIXES,
    RawSheet,
    read_csv,
    read_workbook,
)
from shuangchuang_cli.rules.limits import Limits

# python-calamine parses with the interpreter lock released, so two files are parsed at
# once on two cores (a region's 240 files read in about half the time). A few files ahead
# at most: rows read but not yet trimmed to records are the memory this costs.
READERS = 2
READ_AHEAD = 4


Sheets = list[RawSheet] | UnreadableFile | None  # None: not a spreadsheet at all


def _raw_sheets(source: SourceFile, limits: Limits) -> list[RawSheet] | UnreadableFile:
    """Every sheet of one readable file, or why it cannot be read (never raises for data)."""
    try:
        if not source.path.is_file():
            # A pipe or a device named like a spreadsheet: opening it could wait forever.
            return UnreadableFile("not_a_file")
        if source.path.suffix.lower() in CSV_SUFFIXES:
            return [read_csv(source.path, limits)]
        return list(read_workbook(source.path, limits))
    except UnreadableFile as exc:
        return exc
    except PermissionError:
        return UnreadableFile("no_access")
    except OSError as exc:
        return UnreadableFile("corrupt", detail=exc.strerror or str(exc))


class Reading:
    """Files being read on background threads, from the moment this is made.

    Iterating gives each file with its sheets, in read order; the threads stay a few
    files ahead of the one handed out.
    """

    def __init__(self, files: list[SourceFile], limits: Limits) -> None:
        self.files = files
        self._limits = limits
        self._queue = iter([f for f in files if f.path.suffix.lower() in READABLE_SUFFIXES])
        self._pending: deque[Future[list[RawSheet] | UnreadableFile]] = deque()
        self._pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="sc-read")
        self._fill()

    def _fill(self) -> None:
        while len(self._pending) < READ_AHEAD and (ahead := next(self._queue, None)) is not None:
            self._pending.append(self._pool.submit(_raw_sheets, ahead, self._limits))

    def __iter__(self) -> Iterator[tuple[SourceFile, Sheets]]:
        try:
            for source in self.files:
                if source.path.suffix.lower() not in READABLE_SUFFIXES:
                    yield source, None
                    continue
                self._fill()
                yield source, self._pending.popleft().result()
        finally:
            self.close()

    def serves(self, files: list[SourceFile], limits: Limits) -> bool:
        """Whether this is the reading a command of `files` and `limits` would start."""
        return self.files == files and self._limits == limits

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
